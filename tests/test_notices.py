"""The due notice says which routine, how long it takes and where: seated, standing or on a mat."""

from __future__ import annotations

import pytest

from deskbreak.core.config.durations import human
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine.effects import Notify
from deskbreak.core.events import Trigger
from deskbreak.core.i18n import _
from deskbreak.core.notices import notice_for
from deskbreak.core.ports import NoticeKind


@pytest.mark.parametrize(
    ("routine", "where"),
    [("mini-reset", "seated"), ("standing-chest-opener", "standing"), ("morning-relief", "mat")],
)
def test_the_due_notice_names_the_routines_posture(routine: str, where: str) -> None:
    settings = Settings()
    assert routine in settings.routines
    notice = notice_for(Notify(NoticeKind.DUE, routine, Trigger.INTERVAL), settings)
    assert where in notice.body
    others = {"seated", "standing", "mat"} - {where}
    assert not any(word in notice.body for word in others), notice.body


@pytest.mark.parametrize(
    "kind", [NoticeKind.HEADS_UP, NoticeKind.DUE, NoticeKind.RENOTIFY, NoticeKind.HELD]
)
@pytest.mark.parametrize("trigger", [Trigger.INTERVAL, Trigger.FIXED])
def test_every_notice_of_a_break_carries_the_routines_name_and_length(
    kind: NoticeKind, trigger: Trigger
) -> None:
    settings = Settings()
    routine = settings.routines["mini-reset"]
    notice = notice_for(Notify(kind, routine.id, trigger), settings)
    text = f"{notice.title}\n{notice.body}"
    assert _(routine.title) in text
    assert human(routine.total) in notice.body
