"""Reading the small tables: [notifications], [player], [goals], [tray] and [ui].

Each reader takes the whole document and gives its table's settings, or the defaults
when the table is missing or not a table; every problem goes to the `Checker` with its
key path. Bounds: breaks_per_day 1..48. Core module: standard library and core config
modules only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from deskbreak.core.config.checks import Checker, did_you_mean, show, suggest, table_example
from deskbreak.core.config.model import (
    CONTRASTS,
    MOTIONS,
    TRAY_BACKENDS,
    DueStyle,
    Goals,
    Notifications,
    PlayerSettings,
    TraySettings,
    UiSettings,
)
from deskbreak.core.i18n import _
from deskbreak.core.routines import Side

# The [player] keys that take one of a few words; every other [player] key is true or false.
PLAYER_CHOICES = {"motion": MOTIONS, "contrast": CONTRASTS, "first_side": tuple(Side)}


def read_player(check: Checker, doc: Mapping[str, Any]) -> PlayerSettings:
    default, name = PlayerSettings(), "player"
    table = check.table(doc[name], name, example=table_example(name)) if name in doc else None
    if table is None:
        return default
    keys = tuple(f.name for f in fields(PlayerSettings))
    check.keys(table, name, keys)
    values: dict[str, Any] = {}
    for key in keys:
        if key in PLAYER_CHOICES:
            values[key] = check.choice(
                table, key, name, choices=PLAYER_CHOICES[key], default=getattr(default, key)
            )
        else:
            values[key] = check.boolean(table, key, name, getattr(default, key))
    values["first_side"] = Side(values["first_side"])
    return PlayerSettings(**values)


def read_notifications(check: Checker, doc: Mapping[str, Any]) -> Notifications:
    default = Notifications()
    name = "notifications"
    table = check.table(doc[name], name, example=table_example(name)) if name in doc else None
    if table is None:
        return default
    check.keys(table, name, tuple(f.name for f in fields(Notifications)))
    due = check.choice(table, "due", name, choices=tuple(DueStyle), default=default.due)
    return Notifications(
        enabled=check.boolean(table, "enabled", name, default.enabled),
        actions=check.boolean(table, "actions", name, default.actions),
        sound=check.boolean(table, "sound", name, default.sound),
        due=DueStyle(due),
    )


def read_goals(check: Checker, doc: Mapping[str, Any]) -> Goals:
    table = (
        check.table(doc["goals"], "goals", example=table_example("goals"))
        if "goals" in doc
        else None
    )
    if table is None:
        return Goals()
    check.keys(table, "goals", ("breaks_per_day",))
    return Goals(
        check.integer(
            table, "breaks_per_day", "goals", default=Goals().breaks_per_day, low=1, high=48
        )
    )


def read_tray(check: Checker, doc: Mapping[str, Any]) -> TraySettings:
    table = (
        check.table(doc["tray"], "tray", example=table_example("tray")) if "tray" in doc else None
    )
    if table is None:
        return TraySettings()
    check.keys(table, "tray", ("backend",))
    if "backend" not in table:
        return TraySettings()
    value = check.text(table["backend"], "tray.backend", what=_("a tray backend name"))
    if value is None:
        return TraySettings()
    if value not in TRAY_BACKENDS:
        close = suggest(value, TRAY_BACKENDS)
        hint = (
            did_you_mean(close)
            if close
            else _("use one of {choices}").format(choices=", ".join(TRAY_BACKENDS))
        )
        # Translators: {name} is the backend name as written, in quotes.
        check.add("tray.backend", _("unknown tray backend {name}").format(name=repr(value)), hint)
        return TraySettings()
    return TraySettings(value)


# "auto", "pseudo", or a language code: "de", "pt_BR", "yue".
_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


def read_ui(check: Checker, doc: Mapping[str, Any]) -> UiSettings:
    """[ui]: the language. A well-formed code without a catalogue means English, no error."""
    table = check.table(doc["ui"], "ui", example=table_example("ui")) if "ui" in doc else None
    if table is None:
        return UiSettings()
    check.keys(table, "ui", tuple(f.name for f in fields(UiSettings)))
    if "language" not in table:
        return UiSettings()
    value = check.text(table["language"], "ui.language", what=_("a language code"), limit=40)
    if value is None:
        return UiSettings()
    if value in ("auto", "pseudo") or _LANGUAGE.match(value):
        return UiSettings(value)
    check.add(
        "ui.language",
        # Translators: {value} is the value as the user wrote it.
        _("{value} is not a language code").format(value=show(value)),
        # Translators: "auto", "de" and "pt_BR" are config values: keep them.
        _('write "auto" or a code such as "de" or "pt_BR"'),
    )
    return UiSettings()
