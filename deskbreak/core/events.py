"""History events: what happened to a break, when, and with which routine.

The engine emits these as data; the store persists them; statistics read them.
Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class EventKind(StrEnum):
    HEADS_UP = "heads-up"  # warning before a desk break
    DUE = "due"  # a desk break (trigger interval) or fixed reminder (trigger fixed) fell due
    NOTIFIED = "notified"  # a notification (due or re-notify) was shown
    SNOOZED = "snoozed"  # detail: seconds, until
    SKIPPED = "skipped"
    STARTED = "started"  # a routine began (trigger: interval, fixed or manual)
    COMPLETED = "completed"  # detail: steps_done, steps_total, seconds
    PARTIAL = "partial"  # stopped part-way; detail as for completed
    STOPPED = "stopped"  # stopped before any step was done
    NATURAL_BREAK = "natural-break"  # away long enough; detail: seconds, cause
    PAUSED = "paused"  # detail: until (ISO) or none for indefinitely
    RESUMED = "resumed"
    HELD = "held"  # a due break is held (a call, a share, ...); detail: reasons
    HOLD_ENDED = "hold-ended"  # detail: seconds held, reasons, how (offered, at-most, ...)


class Trigger(StrEnum):
    INTERVAL = "interval"
    FIXED = "fixed"
    MANUAL = "manual"


@dataclass(frozen=True)
class Event:
    at: datetime  # timezone-aware
    kind: EventKind
    routine: str | None = None
    trigger: Trigger | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)  # JSON-serialisable values only
