"""Reading the [gnome] table: who keeps time beside GNOME's own break reminders.

One key, `breaks`: "auto", "deskbreak", "gnome" or "both" (see `GnomeSettings`).
Core module: standard library and core config modules only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deskbreak.core.config.checks import Checker, table_example
from deskbreak.core.config.model import GNOME_BREAKS, GnomeSettings


def read_gnome(check: Checker, doc: Mapping[str, Any]) -> GnomeSettings:
    """The [gnome] table of `doc`, or the defaults; problems go to `check`."""
    default = GnomeSettings()
    if "gnome" not in doc:
        return default
    table = check.table(doc["gnome"], "gnome", example=table_example("gnome"))
    if table is None:
        return default
    check.keys(table, "gnome", ("breaks",))
    breaks = check.choice(table, "breaks", "gnome", choices=GNOME_BREAKS, default=default.breaks)
    return GnomeSettings(breaks=breaks)
