"""The calendar reader's cost on a huge calendar: `scripts/bench --calendar`.

Writes an iCalendar file of 10 000 events (9 000 single events spread over two years, 1 000
weekly series with no end) and reads it as a file source does: parse, expand today and
tomorrow, keep the meetings. Prints the file's size, the time a read takes (the median of
three) and the memory it needs (Python's peak allocation, and the process's peak RSS), as
BENCH lines: figures, not a pass or fail.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

EVENTS = 10_000
ZONE = ZoneInfo("Europe/Berlin")


def huge_calendar(now: datetime, events: int = EVENTS) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//deskbreak bench//EN"]
    first = (now - timedelta(days=365)).replace(hour=8, minute=0, second=0, microsecond=0)
    for n in range(events):
        start = first + timedelta(days=n % 730, minutes=30 * (n % 20))
        stamp = start.strftime("%Y%m%dT%H%M%S")
        end = (start + timedelta(minutes=30)).strftime("%Y%m%dT%H%M%S")
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{n}@deskbreak",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=Europe/Berlin:{stamp}",
            f"DTEND;TZID=Europe/Berlin:{end}",
            f"SUMMARY:Meeting number {n}",
        ]
        if n % 10 == 0:
            lines.append("RRULE:FREQ=WEEKLY")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from deskbreak.core.config.model import CalendarKind, CalendarSource
    from deskbreak.daemon.calendar.parse import window
    from deskbreak.daemon.calendar.sources import reader_for

    now = datetime.now(UTC).astimezone(ZONE)
    with tempfile.TemporaryDirectory(prefix="bench-calendar-") as scratch:
        path = Path(scratch) / "huge.ics"
        path.write_text(huge_calendar(now), encoding="utf-8")
        size_mb = path.stat().st_size / 1e6
        source = CalendarSource("bench", CalendarKind.ICS, str(path))
        span = window(now, ZONE)
        times, found = [], 0
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for _ in range(3):
            reader = reader_for(source, ZONE, ())
            started = time.perf_counter()
            parsed = reader.read(span, True)
            times.append(time.perf_counter() - started)
            found = len(parsed.meetings) if parsed else 0
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        tracemalloc.start()
        reader_for(source, ZONE, ()).read(span, True)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(
        f"calendar: {EVENTS} events, {size_mb:.1f} MB: read in {statistics.median(times):.2f} s "
        f"(median of 3), {found} meetings today and tomorrow, "
        f"peak Python allocation {peak / 1e6:.0f} MB, peak RSS {rss_after:.0f} MB "
        f"({rss_after - rss_before:+.0f} MB while reading)"
    )
    print(f"BENCH calendar-10k file_mb={size_mb:.4g}")
    print(f"BENCH calendar-10k read_s={statistics.median(times):.4g}")
    print(f"BENCH calendar-10k meetings={found}")
    print(f"BENCH calendar-10k peak_alloc_mb={peak / 1e6:.4g}")
    print(f"BENCH calendar-10k peak_rss_mb={rss_after:.4g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
