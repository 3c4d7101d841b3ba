"""What the engine is shown (observations) and what it asks for (effects), as data.

The engine takes `Observation`s and commands and returns `Effect`s; the
controller carries them out. `Outbox` collects the effects of one call. Core module:
standard library only.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from deskbreak.core.calendar import Block
from deskbreak.core.events import Event, EventKind, Trigger
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
    block: Block | None = None  # before meetings: the block (local times) the break is before


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


class Outbox:
    """The effects one call to the engine asks for, in order.

    Events are stamped with `at`, the time of the observation being handled (the engine
    sets it before anything can happen). `flush` hands the effects over and starts afresh.
    """

    def __init__(self) -> None:
        self.at: datetime | None = None
        self._effects: list[Effect] = []

    def record(
        self,
        kind: EventKind,
        routine: str | None,
        trigger: Trigger | None,
        detail: Mapping[str, Any],
    ) -> None:
        assert self.at is not None, "events happen only once time has been observed"
        self._effects.append(Record(Event(self.at, kind, routine, trigger, dict(detail))))

    def notify(
        self, kind: NoticeKind, routine: str, trigger: Trigger, block: Block | None = None
    ) -> None:
        """Show a notice about a break, and record that it was shown (with the meeting
        block's times, never more of it, for a break offered before meetings)."""
        detail: dict[str, Any] = {"notice": kind.value}
        if block is not None:
            detail["meetings"] = {"start": block.start.isoformat(), "end": block.end.isoformat()}
        self.record(EventKind.NOTIFIED, routine, trigger, detail)
        self._effects.append(Notify(kind, routine, trigger, block))

    def heads_up(self, routine: str, trigger: Trigger) -> None:
        self._effects.append(Notify(NoticeKind.HEADS_UP, routine, trigger))

    def close_notice(self) -> None:
        self._effects.append(CloseNotice())

    def launch(self, routine: str, trigger: Trigger) -> None:
        self._effects.append(Launch(routine, trigger))

    def last_event(self, kinds: Container[EventKind]) -> EventKind | None:
        """The kind of the latest event recorded since the last flush that is one of `kinds`."""
        for effect in reversed(self._effects):
            if isinstance(effect, Record) and effect.event.kind in kinds:
                return effect.event.kind
        return None

    def flush(self) -> list[Effect]:
        out, self._effects = self._effects, []
        return out
