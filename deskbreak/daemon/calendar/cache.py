"""The last good meetings of each calendar source, kept in the state folder.

One JSON file (`calendar.json`, private to the user) in the form `core.calendarstate` defines:
per source only the start and end of its meetings, how many events were not meetings, when
it was last read and what failed since — never a title. The reader writes it after each read
that changed something; the daemon's start, `deskbreak plan`, `calendar show` and the doctor
read it. A missing or damaged file means nothing is known yet.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping
from pathlib import Path

from deskbreak.core.calendarstate import CACHE_FILE, SourceRecord, decode, encode

log = logging.getLogger(__name__)

FILE = CACHE_FILE
MAX_BYTES = 4 * 1024 * 1024


class Cache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()  # an old reader still finishing and its successor

    def load(self) -> dict[str, SourceRecord]:
        try:
            with self.path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return {}
        except OSError as exc:
            log.warning("calendar cache %s unreadable: %s", self.path, exc)
            return {}
        if len(data) > MAX_BYTES:
            return {}
        try:
            return decode(json.loads(data))
        except (ValueError, RecursionError):
            log.warning("calendar cache %s is damaged; starting afresh", self.path)
            return {}

    def save(self, records: Mapping[str, SourceRecord]) -> None:
        text = json.dumps(encode(records), indent=1)
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                part = self.path.with_name(f".{self.path.name}.{os.getpid()}.part")
                fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(part, self.path)
            except OSError as exc:  # a full disk: the meetings are still in memory
                log.warning("calendar cache %s not written: %s", self.path, exc)
