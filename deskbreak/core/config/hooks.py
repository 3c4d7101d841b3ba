"""Reading [[hooks]]: programs run on break events.

Each entry names the events it runs on (`on`, from `model.HOOK_EVENTS`), the program and
its arguments as a list (`run`: an argv, never a shell line) and an optional `timeout`.
Every problem names its key path and line, like the rest of the file. Bounds: at most 20
hooks; `run` 1 to 64 entries, each one line of at most 1000 characters; timeout 1s..10m (30s if
left out). Core module: standard library and core config modules only.
"""

from __future__ import annotations

from datetime import timedelta

from deskbreak.core.config.checks import (
    Checker,
    Table,
    did_you_mean,
    show,
    suggest,
    too_many,
)
from deskbreak.core.config.model import HOOK_EVENTS, Hook
from deskbreak.core.i18n import _, ngettext

HOOK_KEYS = ("on", "run", "timeout")
MOST_HOOKS = 20
MOST_ARGS = 64
ARG_LIMIT = 1000
TIMEOUT = (timedelta(seconds=1), timedelta(minutes=10))


def read_hooks(check: Checker, value: object) -> tuple[Hook, ...]:
    """The valid [[hooks]] entries; problems go to `check`."""
    # Translators: how to write one [[hooks]] entry; the keys and values stay as they are.
    example = _('[[hooks]] with on = ["due"] and run = ["program", "argument"]')
    entries = check.tables(value, "hooks", example=example)
    if len(entries) > MOST_HOOKS:
        check.add("hooks", *too_many(len(entries), MOST_HOOKS))
        return ()
    out = []
    for path, table in entries:
        check.keys(table, path, HOOK_KEYS)
        for key, fix in (
            # Translators: the fixes for a [[hooks]] entry missing a key; keep the TOML as it is.
            ("on", _('add on = ["due"]')),
            ("run", _('add run = ["program", "argument"]')),
        ):
            if key not in table:
                check.add(f"{path}.{key}", _("is missing"), fix)
        on = _events(check, table["on"], f"{path}.on") if "on" in table else None
        run = _argv(check, table["run"], f"{path}.run") if "run" in table else None
        timeout = _timeout(check, table, path)
        if on and run and timeout is not None:
            out.append(Hook(on, run, timeout))
    return tuple(out)


def _events(check: Checker, value: object, path: str) -> tuple[str, ...] | None:
    # Translators: what `on` of a [[hooks]] entry must be.
    items = check.array(value, path, what=_("a list of event names"), most=len(HOOK_EVENTS))
    if items is None:
        return None
    listed = ", ".join(HOOK_EVENTS)
    if not items:
        # Translators: {events} lists the event names, which stay as they are.
        check.add(path, _("is empty"), _("name one or more of {events}").format(events=listed))
        return None
    found: list[str] = []
    good = True
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        if isinstance(item, str) and item in HOOK_EVENTS and item not in found:
            found.append(item)
            continue
        good = False
        if isinstance(item, str) and item in found:
            message = _("{value} repeats an earlier choice").format(value=show(item))
            check.add(where, message, _("list each choice once"))
            continue
        close = suggest(item, HOOK_EVENTS) if isinstance(item, str) else None
        fix = did_you_mean(close) if close else _("use {choices}").format(choices=listed)
        check.add(where, _("{value} is not a known choice").format(value=show(item)), fix)
    return tuple(found) if good else None


def _argv(check: Checker, value: object, path: str) -> tuple[str, ...] | None:
    # Translators: what `run` of a [[hooks]] entry must be: a program and its arguments.
    what = _("a list: the program, then its arguments")
    items = check.array(value, path, what=what, most=MOST_ARGS)
    if items is None:
        return None
    if not items:
        check.add(path, _("is empty"), _('add run = ["program", "argument"]'))
        return None
    args: list[str] = []
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        if not isinstance(item, str):
            check.wrong_type(where, item, _("text"), _("write it in quotes"))
        elif index == 0 and not item.strip():
            check.add(where, _("is empty"), what)
        elif len(item) > ARG_LIMIT or "\n" in item or "\0" in item:
            fix = ngettext(
                "keep it to one line of at most {limit} character",
                "keep it to one line of at most {limit} characters",
                ARG_LIMIT,
            ).format(limit=ARG_LIMIT)
            check.add(where, _("is too long"), fix)
        else:
            args.append(item)
    return tuple(args) if len(args) == len(items) else None


def _timeout(check: Checker, table: Table, path: str) -> timedelta | None:
    default = Hook(on=(), run=()).timeout
    if "timeout" not in table:
        return default
    low, high = TIMEOUT
    got = check.duration(table["timeout"], f"{path}.timeout", low=low, high=high, off=False)
    return got if isinstance(got, timedelta) else None
