"""The doctor's calendar findings: one per [[calendar.sources]] entry, from what the daemon's
reader kept (when it last read the source, and what failed since) — no source is read here.

A source that failed is a problem with the failure's fix (its details keep when it was last
read well and how many meetings that read left in use); one never read is noted (the daemon
reads it once it runs); one read well says when. Imports no calendar, HTTP or keyring library.
"""

from __future__ import annotations

from collections.abc import Sequence

from deskbreak.core.diagnosis import CalendarFacts, Detail, Finding, Verdict
from deskbreak.core.i18n import _, pgettext, time_text


def calendar_findings(sources: Sequence[CalendarFacts]) -> list[Finding]:
    return [_one(facts) for facts in sources]


def _one(facts: CalendarFacts) -> Finding:
    key = f"calendar:{facts.name}"
    # Translators: a row label of `deskbreak doctor`; {name} is a calendar source's name.
    title = pgettext("doctor", "calendar {name}").format(name=facts.name)
    record = facts.record
    read_at = record.read_at if record else None
    details: dict[str, Detail] = {
        "name": facts.name,
        "kind": facts.kind,
        "read_at": read_at.isoformat() if read_at else None,
        "failure": record.problem.failure.value if record and record.problem else None,
        # the meetings of the last good read, which stay in use while reading fails
        "meetings": len(record.meetings) if record else 0,
    }
    if record is not None and record.problem is not None:
        found = record.problem.text()
        return Finding(key, title, Verdict.PROBLEM, found, record.problem.fix(), details)
    if read_at is None:
        found = _("never read")
        return Finding(key, title, Verdict.INFO, found, None, details)
    found = _("read at {time}").format(time=time_text(read_at.astimezone()))
    return Finding(key, title, Verdict.OK, found, None, details)
