"""What `deskbreak doctor` found: one finding per part of the desktop, and how it is shown.

Owns the values (`Finding`, `Diagnosis`), the verdict rule (all is well when nothing is a
problem) and the two renderings: plain lines for a person, stable JSON for a script. It does not
look at the desktop itself — the gatherer in `deskbreak.doctor.findings` does, through probes.
Pure: standard library only; imports nothing from the edges.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from deskbreak.core.calendarstate import SourceRecord
from deskbreak.core.i18n import _, ngettext

Detail = str | int | float | bool | None | Sequence[str]


class Verdict(StrEnum):
    OK = "ok"  # works
    PROBLEM = "problem"  # missing or broken: `fix` says what to do
    INFO = "info"  # nothing to judge (a feature not there yet, a choice the user made)


@dataclass(frozen=True)
class CalendarFacts:
    """One [[calendar.sources]] entry and what the daemon's reader kept of it."""

    name: str
    kind: str  # "ics", "url" or "caldav"
    record: SourceRecord | None  # None: never read


@dataclass(frozen=True)
class Finding:
    """One part of the desktop: what was found, and the one-line fix when it is a problem."""

    id: str  # stable key: "session", "idle", "tray", ...
    title: str
    verdict: Verdict
    found: str  # one line for a person
    fix: str | None = None
    details: Mapping[str, Detail] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "verdict": self.verdict.value,
            "found": self.found,
            "fix": self.fix,
            "details": {key: _plain(value) for key, value in sorted(self.details.items())},
        }


@dataclass(frozen=True)
class Diagnosis:
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return all(f.verdict is not Verdict.PROBLEM for f in self.findings)

    @property
    def problems(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.verdict is Verdict.PROBLEM)

    def to_json(self) -> str:
        data = {"ok": self.ok, "findings": [f.as_json() for f in self.findings]}
        return json.dumps(data, indent=2, ensure_ascii=False)

    def lines(self) -> list[str]:
        """The report for a person: one line a finding, its fix indented beneath.

        The titles, findings and fixes come translated from whoever made the findings."""
        mark = {Verdict.OK: "ok ", Verdict.PROBLEM: "!! ", Verdict.INFO: "-- "}
        width = max((len(f.title) for f in self.findings), default=0)
        out: list[str] = []
        for finding in self.findings:
            out.append(f"{mark[finding.verdict]}{finding.title.ljust(width)}  {finding.found}")
            if finding.fix and finding.verdict is Verdict.PROBLEM:
                # Translators: {fix} says what to do about a problem the doctor found.
                fix = _("fix: {fix}").format(fix=finding.fix)
                out.append(f"   {' ' * width}  {fix}")
        count = len(self.problems)
        if count:
            out.append(ngettext("{n} problem found", "{n} problems found", count).format(n=count))
        else:
            # Translators: the doctor's verdict when it found no problem.
            out.append(_("all is well"))
        return out


def _plain(value: Detail) -> object:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return list(value)


# What the probes report, before any judgement: plain values, so fakes are easy.


@dataclass(frozen=True)
class IdleFacts:
    id: str | None  # short id ("mutter", "x11", ...), None when no source answers
    label: str
    event_driven: bool = False
    grace: float | None = None  # seconds before idle when not the default (DESKBREAK_IDLE_GRACE)


@dataclass(frozen=True)
class TrayFacts:
    watcher: str | None  # owner of org.kde.StatusNotifierWatcher, None when unowned
    xembed: bool | None  # _NET_SYSTEM_TRAY_S0 owned; None when there is no X display


@dataclass(frozen=True)
class NotifyFacts:
    name: str
    vendor: str
    version: str
    capabilities: tuple[str, ...]


@dataclass(frozen=True)
class PlayerFacts:
    tk_problem: str | None  # why tkinter cannot be imported, None when it can
    display: str | None  # the X display a window would open on


@dataclass(frozen=True)
class AutostartFacts:
    enabled: bool
    where: str
    command: str | None = None
    runnable: bool = True  # the program the entry starts exists


@dataclass(frozen=True)
class HoldFacts:
    """One hold-signal source: what it watches and why it cannot here (None: it works).

    `expected`: the source is this desktop's own (KDE's on KDE), so its problem is why its
    signals are missing here rather than a mere "not this desktop"."""

    name: str
    label: str
    signals: tuple[str, ...]
    problem: str | None = None
    expected: bool = False


@dataclass(frozen=True)
class DaemonFacts:
    running: bool
    tray: str | None = None  # the backend the running daemon uses
    idle_source: str | None = None
