"""Reading the [hold] table: which signals hold a due break, and when it is offered.

Every key is checked like the rest of the file (unknown keys get a did-you-mean,
each problem names its key path and line). Bounds: resume_after 0s..1h;
at_most 1m..8h or "off"; apps at most 50 process names.
Core module: standard library and core config modules only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import timedelta
from typing import Any

from deskbreak.core.config.checks import Checker, table_example
from deskbreak.core.config.model import HoldSettings
from deskbreak.core.i18n import _

HOLD_KEYS = tuple(f.name for f in fields(HoldSettings))
SIGNAL_KEYS = ("microphone", "camera", "screen_share", "fullscreen", "dnd")
RESUME_AFTER = (timedelta(0), timedelta(hours=1))
AT_MOST = (timedelta(minutes=1), timedelta(hours=8))


def read_hold(check: Checker, doc: Mapping[str, Any]) -> HoldSettings:
    """The [hold] table of `doc`, or the defaults; problems go to `check`."""
    default = HoldSettings()
    if "hold" not in doc:
        return default
    table = check.table(doc["hold"], "hold", example=table_example("hold"))
    if table is None:
        return default
    check.keys(table, "hold", HOLD_KEYS)
    flags = {key: check.boolean(table, key, "hold", getattr(default, key)) for key in SIGNAL_KEYS}
    return HoldSettings(
        **flags,
        apps=_apps(check, table.get("apps"), default.apps),
        resume_after=_resume_after(check, table, default.resume_after),
        at_most=_at_most(check, table, default.at_most),
    )


def _apps(check: Checker, value: object, default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return default
    names = check.texts(
        value,
        "hold.apps",
        what=_("a list of process names"),
        each=_("a process name"),
        most=50,
    )
    return default if names is None else names


def _resume_after(check: Checker, table: Mapping[str, Any], default: timedelta) -> timedelta:
    if "resume_after" not in table:
        return default
    low, high = RESUME_AFTER
    got = check.duration(table["resume_after"], "hold.resume_after", low=low, high=high, off=False)
    return got if isinstance(got, timedelta) else default


def _at_most(
    check: Checker, table: Mapping[str, Any], default: timedelta | None
) -> timedelta | None:
    if "at_most" not in table:
        return default
    low, high = AT_MOST
    got = check.duration(table["at_most"], "hold.at_most", low=low, high=high, off=True)
    return default if isinstance(got, bool) else got
