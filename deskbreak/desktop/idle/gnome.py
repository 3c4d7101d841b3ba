"""Idle time from GNOME's Mutter IdleMonitor on the D-Bus session bus.

Owns the GNOME source: `org.gnome.Mutter.IdleMonitor.GetIdletime()` on
`/org/gnome/Mutter/IdleMonitor/Core`, in milliseconds. It sees native Wayland
input, which the X11 screensaver extension under XWayland does not, so it is
the first choice on GNOME. As with the freedesktop source, a locked screen
(`org.gnome.ScreenSaver.GetActive`) counts as away: input on the lock screen
does not reset the idle time. Mutter pushes idle and back through its watches
(`mutterwatch`), so the daemon does not poll. Edge module: reaches D-Bus through the
shared `BusLink` and the watch's own connection (jeepney, imported lazily).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping

from deskbreak.core.engine.timekeeping import IDLE_GRACE
from deskbreak.core.ports import IdleChange
from deskbreak.desktop.idle.freedesktop import BusLink, LockAwareSource
from deskbreak.desktop.idle.mutterwatch import MutterWatch

log = logging.getLogger(__name__)

MUTTER_NAME = "org.gnome.Mutter.IdleMonitor"
MUTTER_PATH = "/org/gnome/Mutter/IdleMonitor/Core"
LOCKER_NAME = "org.gnome.ScreenSaver"
LOCKER_PATH = "/org/gnome/ScreenSaver"


class MutterIdle(LockAwareSource):
    """Seconds since the last input, as GNOME's compositor counts them."""

    name = "mutter"

    def __init__(
        self,
        link: BusLink,
        *,
        clock: Callable[[], float] = time.monotonic,
        grace: float = IDLE_GRACE,
    ) -> None:
        super().__init__(link, clock=clock)
        self._grace = grace
        self._watcher: MutterWatch | None = None

    def session_idle(self) -> float | None:
        """Mutter's own idle seconds, ignoring the lock."""
        value = self._link.call(MUTTER_NAME, MUTTER_PATH, MUTTER_NAME, "GetIdletime")
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        return value / 1000

    def locked(self) -> bool | None:
        """Whether GNOME's screen shield is up; None if it can't tell."""
        value = self._link.call(LOCKER_NAME, LOCKER_PATH, LOCKER_NAME, "GetActive")
        return value if isinstance(value, bool) else None

    def idle_seconds(self) -> float | None:
        """Mutter's idle time held growing while locked; with the watches, also away from
        the moment the shield came up, whatever input the lock screen saw since."""
        idle = super().idle_seconds()
        if idle is None or self._watcher is None:
            return idle
        return max(idle, self._watcher.idle_seconds())

    def watch(self, on_change: Callable[[IdleChange], None]) -> bool:
        """Mutter's idle and user-active watches push each change; False if it refused."""
        self._watcher = MutterWatch(
            self._link.address,
            on_change,
            locked=self.locked,
            timeout=self._link.timeout,
            grace=self._grace,
        )
        return self._watcher.start()

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
        super().close()


def open_gnome(
    env: Mapping[str, str], timeout: float, grace: float = IDLE_GRACE
) -> MutterIdle | None:
    """The Mutter source if its bus name has an owner that answers; its idle watch fires
    after `grace` seconds without input."""
    address = env.get("DBUS_SESSION_BUS_ADDRESS")
    if not address:
        return None
    link = BusLink(address, timeout=timeout)
    if link.name_has_owner(MUTTER_NAME):
        source = MutterIdle(link, grace=grace)
        if source.session_idle() is not None:
            return source
    link.close()
    return None
