"""Followers: control connections that asked (`follow`) to be told each change of the status.

Owns the followers and what they are sent. `Followers.publish` is the controller's
subscriber: it runs on the owner thread after every step, so it never blocks — it renders
the status once and hands the line to each follower, which only queues it and pokes its
connection's thread awake. That thread (`Follower.serve`) writes the lines, and notices
the other end closing. A line goes out only when the status changed in what a person
sees (state, next break to the minute, minutes left, snoozes, pause, hold, today's
counts ...): not for a clock that moved on by a few seconds. At most `MAX_FOLLOWERS`
follow at once; a follower that does not read falls `BACKLOG` lines behind, or takes
longer than `SEND_TIMEOUT` to take one, and is dropped (its connection closed). Imports only
the standard library, core modules and `ipc.protocol`; must not import the daemon.
"""

from __future__ import annotations

import contextlib
import json
import logging
import selectors
import socket
import threading
from collections import deque
from collections.abc import Mapping
from typing import Any

from deskbreak.core.status import Status
from deskbreak.ipc.protocol import encode

log = logging.getLogger(__name__)

MAX_FOLLOWERS = 8
BACKLOG = 16  # lines waiting for one follower; one more and it is dropped
SEND_TIMEOUT = 10.0  # seconds a follower may take to accept one line
# What changes with every look at the clocks without a person seeing a change.
_RESTLESS = ("now", "seconds_left", "next_due")


def change_key(data: Mapping[str, Any]) -> str:
    """What must differ between two status objects for a follower to be sent the second:
    everything but the seconds, with the next break to the minute."""
    steady = {k: v for k, v in data.items() if k not in _RESTLESS}
    due = data.get("next_due")
    steady["next_due"] = due[:16] if isinstance(due, str) else due
    return json.dumps(steady, sort_keys=True, default=str)


def render(status: Status) -> tuple[str, bytes]:
    """The change key of `status` and the line a follower is sent: the `status --json`
    object and the headline in the daemon's language."""
    data = status.to_json()
    return change_key(data), encode({"status": data, "headline": status.headline()})


class Follower:
    """One following connection: `offer` from any thread, `serve` on the connection's own."""

    def __init__(self, conn: socket.socket) -> None:
        self._conn = conn
        self._lines: deque[bytes] = deque()
        self._last: str | None = None
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_w.setblocking(False)
        self.dropped = False

    def offer(self, key: str, line: bytes) -> None:
        """Queue `line` unless it says what the last one said; never blocks."""
        with self._lock:
            if self.dropped or key == self._last:
                return
            self._last = key
            if len(self._lines) >= BACKLOG:
                log.info("dropped a follower %d lines behind", len(self._lines))
                self._drop()
                return
            self._lines.append(line)
        with contextlib.suppress(OSError):  # full: a wake-up is already pending
            self._wake_w.send(b"x")

    def drop(self) -> None:
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        self.dropped = True
        with contextlib.suppress(OSError):
            self._conn.shutdown(socket.SHUT_RDWR)  # ends a send under way, and `serve`

    def serve(self) -> None:
        """Write the lines as they come, until the other end closes or it is dropped."""
        self._conn.settimeout(SEND_TIMEOUT)
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(self._conn, selectors.EVENT_READ)
                selector.register(self._wake_r, selectors.EVENT_READ)
                while not self.dropped:
                    for key, _events in selector.select():
                        if key.fileobj is self._conn and not self._conn.recv(4096):
                            return  # the follower hung up (anything it says is ignored)
                        if key.fileobj is self._wake_r:
                            self._wake_r.recv(4096)
                            self._send()
        except TimeoutError:
            log.info("dropped a follower that took no line for %g s", SEND_TIMEOUT)
        except OSError as exc:
            log.debug("a follower went: %s", exc)
        finally:
            self.drop()
            self._wake_r.close()
            self._wake_w.close()

    def _send(self) -> None:
        while True:
            with self._lock:
                if not self._lines or self.dropped:
                    return
                line = self._lines.popleft()
            self._conn.sendall(line)


class Followers:
    """Every follower; `publish` is the controller's subscriber (owner thread)."""

    def __init__(self, most: int = MAX_FOLLOWERS) -> None:
        self._most = most
        self._all: list[Follower] = []
        self._lock = threading.Lock()

    def active(self) -> bool:
        """Whether anyone follows (then the minutes left are a change worth a wake-up)."""
        return bool(self._all)

    def add(self, conn: socket.socket) -> Follower | None:
        """A new follower on `conn`, or None when `MAX_FOLLOWERS` follow already."""
        with self._lock:
            if len(self._all) >= self._most:
                return None
            follower = Follower(conn)
            self._all.append(follower)
        return follower

    def remove(self, follower: Follower) -> None:
        with self._lock:
            if follower in self._all:
                self._all.remove(follower)

    def publish(self, status: Status) -> None:
        """Tell every follower `status`, if it changed for them; never blocks."""
        with self._lock:
            following = list(self._all)
        if not following:
            return
        key, line = render(status)
        for follower in following:
            follower.offer(key, line)

    def close(self) -> None:
        """Drop every follower (the daemon stops): each sees its connection end."""
        with self._lock:
            following, self._all = self._all, []
        for follower in following:
            follower.drop()
