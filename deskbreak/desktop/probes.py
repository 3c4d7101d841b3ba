"""The doctor's questions to this desktop: idle source, tray hosts, notification server, the
player's Tk and display, logind, and whether a service can be had on a bus (`service_there`).

Owns asking, not judging: each function returns plain facts (`deskbreak.core.diagnosis`) and the
gatherer in `deskbreak.doctor.findings` decides what is a problem. Every D-Bus call has a timeout;
jeepney, python-xlib and tkinter are imported only when a probe runs. Edge module: imports the
idle chooser and nothing else of the desktop package.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from deskbreak.core.diagnosis import IdleFacts, NotifyFacts, PlayerFacts, TrayFacts
from deskbreak.core.engine.timekeeping import IDLE_GRACE
from deskbreak.core.i18n import _

_DBUS = "org.freedesktop.DBus"
_WATCHER = "org.kde.StatusNotifierWatcher"
_NOTIFY = "org.freedesktop.Notifications"
_LOGIND = "org.freedesktop.login1"
_SYSTEM_BUS = "unix:path=/var/run/dbus/system_bus_socket"
# The status's short id for each source's own name, where they differ.
_IDS = {"gnome": "mutter"}
log = logging.getLogger(__name__)


def idle_facts(env: Mapping[str, str], timeout: float) -> IdleFacts:
    """The source the daemon would choose here (opened, described, closed again)."""
    from deskbreak.desktop import idle

    grace = idle.grace_from(env)
    other = None if grace == IDLE_GRACE else grace
    source = idle.choose(env, timeout=timeout, grace=grace)
    if source is None:
        return IdleFacts(None, idle.describe(None), grace=other)
    try:
        name = _IDS.get(source.name, source.name)
        return IdleFacts(name, idle.describe(source), pushes(source), other)
    finally:
        source.close()


def pushes(source: object) -> bool:
    """Whether the source pushes idle/back changes: its `watch` accepts a listener (it is
    closed right after, so nothing is kept), else an `event_driven` flag, else no."""
    watch = getattr(source, "watch", None)
    if callable(watch):
        return bool(watch(lambda change: None))
    return bool(getattr(source, "event_driven", False))


def tray_facts(env: Mapping[str, str], timeout: float) -> TrayFacts:
    watcher = None
    address = env.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        watcher = _owner(address, _WATCHER, timeout)
    display = env.get("DISPLAY")
    return TrayFacts(watcher, _xembed_owned(display) if display else None)


def notify_facts(env: Mapping[str, str], timeout: float) -> NotifyFacts | None:
    """The notification server's name, vendor, version and capabilities; None when none."""
    address = env.get("DBUS_SESSION_BUS_ADDRESS")
    if not address:
        return None
    with _Bus(address, timeout) as bus:
        if not bus.has_owner(_NOTIFY):
            return None
        path = "/org/freedesktop/Notifications"
        info = bus.call(_NOTIFY, path, _NOTIFY, "GetServerInformation")
        caps = bus.call(_NOTIFY, path, _NOTIFY, "GetCapabilities")
    name, vendor, version = (str(part) for part in info[:3])
    return NotifyFacts(name, vendor, version, tuple(str(c) for c in caps[0]))


def player_facts(env: Mapping[str, str]) -> PlayerFacts:
    """Whether the player's Tk window can open: tkinter importable, an X display set."""
    try:
        import tkinter  # noqa: F401
    except ImportError as exc:
        # Translators: the doctor's finding when Python's Tk module cannot be imported.
        problem: str | None = str(exc) or _("tkinter is missing")
    else:
        problem = None
    return PlayerFacts(problem, env.get("DISPLAY") or None)


def logind_facts(env: Mapping[str, str], timeout: float) -> bool:
    """Whether logind owns its name on the system bus (the sleep watcher's source)."""
    address = env.get("DBUS_SYSTEM_BUS_ADDRESS") or _SYSTEM_BUS
    if address.startswith("unix:path=") and not os.path.exists(address.split("=", 1)[1]):
        return False
    return _owner(address, _LOGIND, timeout) is not None


def service_there(address: str, name: str, timeout: float) -> bool | None:
    """Whether `name` has an owner on the bus at `address`, or the bus can start it (it is
    among the activatable names); None when the bus could not be asked (logged at debug).
    Authenticating and each call wait at most `timeout` (the doctor bounds the whole probe
    besides); it never raises."""
    try:
        with _Bus(address, timeout) as bus:
            return bus.has_owner(name) or name in bus.activatable()
    except Exception as exc:  # no jeepney, no bus, an error reply, no answer in time
        log.debug("could not ask the bus whether %s is there: %r", name, exc)
        return None


def _owner(address: str, name: str, timeout: float) -> str | None:
    try:
        with _Bus(address, timeout) as bus:
            return bus.owner(name)
    except OSError:
        return None


class _Bus:
    """One jeepney connection for a few calls, each answered within `timeout`."""

    def __init__(self, address: str, timeout: float) -> None:
        from jeepney.io.blocking import open_dbus_connection

        self._timeout = timeout
        self._conn: Any = open_dbus_connection(bus=address, auth_timeout=timeout)

    def __enter__(self) -> _Bus:
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.close()

    def call(self, dest: str, path: str, iface: str, method: str, sig: str = "", *args: Any) -> Any:
        from jeepney import DBusAddress, new_method_call
        from jeepney.wrappers import unwrap_msg

        msg = new_method_call(DBusAddress(path, dest, iface), method, sig or None, args)
        return unwrap_msg(self._conn.send_and_get_reply(msg, timeout=self._timeout))

    def has_owner(self, name: str) -> bool:
        return bool(self.call(_DBUS, "/org/freedesktop/DBus", _DBUS, "NameHasOwner", "s", name)[0])

    def activatable(self) -> list[str]:
        """The names the bus starts a service for when asked (its .service files)."""
        names = self.call(_DBUS, "/org/freedesktop/DBus", _DBUS, "ListActivatableNames")[0]
        return [str(n) for n in names]

    def owner(self, name: str) -> str | None:
        if not self.has_owner(name):
            return None
        return str(self.call(_DBUS, "/org/freedesktop/DBus", _DBUS, "GetNameOwner", "s", name)[0])


def _xembed_owned(display_name: str) -> bool:
    """Whether some client owns _NET_SYSTEM_TRAY_S0 (an XEmbed tray manager is running)."""
    from Xlib import display as xdisplay
    from Xlib.error import DisplayError

    try:
        disp = xdisplay.Display(display_name)
    except (DisplayError, OSError):
        return False
    try:
        owner = disp.get_selection_owner(disp.intern_atom("_NET_SYSTEM_TRAY_S0"))
        return bool(getattr(owner, "id", owner))
    finally:
        disp.close()
