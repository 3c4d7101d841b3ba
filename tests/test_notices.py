"""The due notice says where the routine is done: seated, standing or on a mat."""

from __future__ import annotations

import pytest

from deskbreak.core.config.settings import Settings
from deskbreak.core.engine.effects import Notify
from deskbreak.core.events import Trigger
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
