"""Kill-test helper: record events in a loop, printing each id once `record` returned.

Usage: python store_writer.py DATABASE. Every fifth event also saves the pending
state and prints "S <id>" once `save_state` returned. Runs until killed.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from deskbreak.core.events import Event, EventKind, Trigger
from deskbreak.daemon.store import Store


def main(database: str) -> int:
    store, warning = Store.open(Path(database))
    if warning is not None:
        print(f"W {warning}", flush=True)
        return 1
    start = datetime(2024, 3, 4, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    n = 0
    while True:
        n += 1
        event = Event(
            at=start + timedelta(seconds=n),
            kind=EventKind.COMPLETED,
            routine="mini-reset",
            trigger=Trigger.INTERVAL,
            detail={"seconds": 120, "n": n, "pad": "x" * (n % 400)},
        )
        row = store.record(event)
        print(row, flush=True)
        if n % 5 == 0:
            store.save_state({"last": row})
            print(f"S {row}", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
