"""The state a pushing idle source keeps: idle since when, and whether the screen is locked.

Owns the one rule the pushing sources share (Wayland's idle notifications, X11's SYNC
alarms): the desktop's "idle" and "back" become `IdleChange`s, and while the screen is
locked the user stays away from the lock (or the last input before it) until the unlock,
whatever input the lock screen sees. Thread-safe; no I/O. Edge module: imports only the
ports.
"""

from __future__ import annotations

import threading

from deskbreak.core.ports import IdleChange


class Absence:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._since: float | None = None
        self._locked = False

    def idle_seconds(self, now: float) -> float:
        """Seconds away so far; 0 until the desktop (or a lock) said the user left."""
        with self._lock:
            return 0.0 if self._since is None else max(0.0, now - self._since)

    def idled(self, since: float) -> IdleChange:
        """The desktop says no input since `since`; a lock before that counts from the lock."""
        with self._lock:
            if self._since is not None:
                since = min(since, self._since)
            self._since = since
            return IdleChange(since)

    def resumed(self, now: float) -> IdleChange | None:
        """Input again: the user is back, unless it was on the lock screen."""
        with self._lock:
            if self._locked or self._since is None:
                return None
            since, self._since = self._since, None
            return IdleChange(since, back_at=now)

    def still(self, since: float) -> IdleChange | None:
        """The same absence told again, if it is still under way (after a lock's grace)."""
        with self._lock:
            return IdleChange(since) if self._since == since else None

    def since(self) -> float | None:
        with self._lock:
            return self._since

    def set_locked(self, locked: bool, now: float) -> IdleChange | None:
        """The screen was locked (away from now on) or unlocked (back, with the stretch)."""
        with self._lock:
            if locked == self._locked:
                return None
            self._locked = locked
            if locked:
                if self._since is None:
                    self._since = now
                return None
            since, self._since = self._since, None
            return None if since is None else IdleChange(since, back_at=now)
