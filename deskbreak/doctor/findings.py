"""The doctor's gatherer: asks each probe what is on this desktop and judges the answers.

Owns the order of the findings and the bound on every probe: each runs on a thread of its own
and one that does not answer within the timeout, or fails, is reported as such — never a hang,
never a traceback. The rule for each finding (what counts as a problem on which desktop) and
its one-line fix are `doctor.areas`'s. The probes are a parameter (`Probes`), so tests pass
fakes; `real_probes` builds the ones that look at this machine (the desktop ones live in
`deskbreak.desktop.probes`, imported only when they run). Imports no GUI or D-Bus library
itself.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from deskbreak import threads
from deskbreak.core.diagnosis import (
    AutostartFacts,
    CalendarFacts,
    DaemonFacts,
    Diagnosis,
    Finding,
    HoldFacts,
    IdleFacts,
    NotifyFacts,
    PlayerFacts,
    TrayFacts,
    Verdict,
)
from deskbreak.core.i18n import _, number_text
from deskbreak.doctor import areas

T = TypeVar("T")
Env = Mapping[str, str]


@dataclass(frozen=True)
class Probes:
    """One question a part; each gets the environment and a timeout in seconds where it talks
    to something that could hang. Config and data dir answer with their first problem."""

    daemon: Callable[[float], DaemonFacts]
    idle: Callable[[Env, float], IdleFacts]
    tray: Callable[[Env, float], TrayFacts]
    notifications: Callable[[Env, float], NotifyFacts | None]
    player: Callable[[Env], PlayerFacts]
    sleep: Callable[[Env, float], bool]
    autostart: Callable[[], AutostartFacts]
    holds: Callable[[Env, float], Sequence[HoldFacts] | None]  # None: none in this build
    config: Callable[[], tuple[str, str | None]]  # (path, first problem or None)
    data_dir: Callable[[], tuple[str, str | None]]  # (path, why not writable or None)
    # GNOME's selected break reminders (None: no such setting here) and `[gnome] breaks`
    gnome: Callable[[Env], tuple[tuple[str, ...] | None, str]] = lambda env: (None, "auto")
    calendar: Callable[[], Sequence[CalendarFacts]] = lambda: ()  # each configured source


class _Late(Exception):
    pass


def bounded(probe: Callable[[], T], timeout: float) -> T:
    """`probe()` on a thread of its own; raises _Late after `timeout` s (the thread is left
    to finish on its own: it is a daemon thread and holds nothing the caller needs)."""
    box: list[T] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            box.append(probe())
        except BaseException as exc:  # reported by the caller, in one line
            failure.append(exc)

    thread = threads.make("deskbreak-doctor-probe", work)
    thread.start()
    thread.join(timeout)
    if failure:
        raise failure[0]
    if not box:
        raise _Late()
    return box[0]


def diagnose(
    env: Env, probes: Probes, *, timeout: float = 1.0, platform: str | None = None
) -> Diagnosis:
    """Every finding, in a fixed order. Each probe gets `timeout` for each call it makes and
    is cut off after three of those (the idle probe tries up to three sources in turn)."""
    platform = sys.platform if platform is None else platform
    desktop = platform not in ("darwin", "win32", "cygwin")
    session = areas.session(env, desktop)
    steps: list[tuple[str, Callable[[], Finding]]] = [
        ("daemon", lambda: areas.daemon(probes.daemon(timeout))),
        ("idle", lambda: areas.idle(probes.idle(env, timeout), env)),
        ("tray", lambda: areas.tray(probes.tray(env, timeout), env)),
        ("notifications", lambda: areas.notify(probes.notifications(env, timeout))),
        ("player", lambda: areas.player(probes.player(env), env)),
        ("sleep", lambda: areas.sleep(probes.sleep(env, timeout), desktop)),
        ("holds", lambda: areas.holds(probes.holds(env, timeout))),
        ("autostart", lambda: areas.autostart(probes.autostart())),
        ("config", lambda: areas.config(*probes.config())),
        ("data", lambda: areas.data(*probes.data_dir())),
    ]
    findings = [session]
    for key, step in steps:
        findings.append(_guarded(key, step, 3 * timeout + 0.5))
        if key == "holds":
            findings += _calendar(probes, 3 * timeout + 0.5)
    selected, setting = probes.gnome(env)
    if selected is not None:  # GNOME 48 or later: its own break reminders exist
        findings.append(areas.gnome(selected, setting))
    return Diagnosis(tuple(findings))


def _calendar(probes: Probes, limit: float) -> list[Finding]:
    """One finding per calendar source (none when the calendar is off)."""
    from deskbreak.doctor.calendarcheck import calendar_findings

    try:
        facts = bounded(probes.calendar, limit)
    except Exception as exc:  # said the way every other probe's failure is
        failed = exc

        def again() -> Finding:
            raise failed

        return [_guarded("calendar", again, limit)]
    return calendar_findings(facts)


def _seconds(value: float) -> str:
    """A short time limit as `{:g}` wrote it ("1.1", "2"), in the locale's digits."""
    tenths = round(value, 1)
    return number_text(tenths, 0 if tenths.is_integer() else 1)


def _guarded(key: str, step: Callable[[], Finding], limit: float) -> Finding:
    try:
        return bounded(step, limit)
    except _Late:
        # Translators: {seconds} is a number, e.g. "3.5".
        found = _("no answer within {seconds} s").format(seconds=_seconds(limit))
    except Exception as exc:
        # Translators: {error} is the program's own error, in English, e.g.
        # "RuntimeError: bus exploded".
        found = _("the check failed: {error}").format(error=f"{type(exc).__name__}: {exc}")
        found = found[:200]
    fix = _("run `deskbreak doctor` again; if it persists, the log has details")
    return Finding(key, areas.row_title(key), Verdict.PROBLEM, found, fix)
