"""What the engine is shown (observations) and what it asks for (effects), as data.

The engine takes `Observation`s and commands and returns `Effect`s; the
controller carries them out. Core module: standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from deskbreak.core.events import Event, Trigger
from deskbreak.core.ports import NoticeKind


@dataclass(frozen=True)
class Observation:
    now: datetime  # aware wall-clock time
    mono: float  # monotonic seconds (stops during suspend on Linux and macOS)
    boot: float | None = None  # CLOCK_BOOTTIME seconds (counts suspend), where known
    idle: float | None = None  # seconds since the last input, None when unknown


@dataclass(frozen=True)
class Notify:
    kind: NoticeKind
    routine: str
    trigger: Trigger


@dataclass(frozen=True)
class CloseNotice:
    pass


@dataclass(frozen=True)
class Launch:
    routine: str
    trigger: Trigger


@dataclass(frozen=True)
class Record:
    event: Event


Effect = Notify | CloseNotice | Launch | Record
