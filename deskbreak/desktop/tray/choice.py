"""Which tray backend to use on this desktop, and why there is none when there is none.

Owns the choice: on Linux and the BSDs our StatusNotifierItem backend when an
`org.kde.StatusNotifierWatcher` has an owner on the session bus, else XEmbed when an X11
system tray owns `_NET_SYSTEM_TRAY_S<n>`, else (on a Wayland session with a bus, whose bar
may start after us) SNI waiting for a watcher, else none. `[tray] backend` names one
outright; PyGObject's appindicator and gtk only when named. macOS and Windows keep
pystray's own. `PYSTRAY_BACKEND` in the environment still wins (pystray's own names).
The reasons are in the language in use. `factory()` is the one place a backend id becomes
the class that builds it: a new backend is a probe here and a line there.
Edge module: imports jeepney and python-xlib inside the probes, and a backend's module only
when its factory is called; must not import pystray.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from deskbreak.core.i18n import _
from deskbreak.desktop.tray.backend import Env, Factory, Perform, TrayBackend

WATCHER = "org.kde.StatusNotifierWatcher"
PROBE_TIMEOUT = 2.0
_PYSTRAY_NAMES = {"xorg": "xembed", "appindicator": "appindicator", "gtk": "gtk"}


@dataclass(frozen=True)
class Choice:
    backend: str | None  # "sni", "xembed", "appindicator", "gtk", "darwin", "win32", "dummy"
    reason: str | None = None  # why there is no tray (backend None)

    @property
    def factory(self) -> Factory | None:
        """What builds the chosen backend (None: there is none)."""
        return None if self.backend is None else factory(self.backend)


def factory(backend: str) -> Factory:
    """What builds the backend `backend` names: ours for "sni" and "xembed", pystray's
    for the rest (appindicator, gtk, darwin, win32, dummy)."""
    ours: dict[str, Factory] = {"sni": _sni, "xembed": _xembed}
    return ours.get(backend) or partial(_pystray, backend)


def _sni(app: str, env: Env, perform: Perform) -> TrayBackend:
    from deskbreak.desktop.tray.sni import SniBackend

    return SniBackend(app, perform, bus_address=env.get("DBUS_SESSION_BUS_ADDRESS"))


def _xembed(app: str, env: Env, perform: Perform) -> TrayBackend:
    from deskbreak.desktop.tray.xembed import XembedBackend

    return XembedBackend(app, perform, display=env.get("DISPLAY"))


def _pystray(backend: str, app: str, env: Env, perform: Perform) -> TrayBackend:
    from deskbreak.desktop.tray.adapter import PystrayBackend

    del env  # pystray reads what it needs itself
    return PystrayBackend(backend, app, perform)


def choose(setting: str, env: Mapping[str, str], platform: str = sys.platform) -> Choice:
    """The backend for `setting` ("auto" or a backend id) on this desktop."""
    explicit = env.get("PYSTRAY_BACKEND")
    if explicit:
        return Choice(_PYSTRAY_NAMES.get(explicit, explicit))
    if platform in ("darwin", "win32"):
        return Choice(platform)
    if setting == "none":
        # Translators: why there is no tray icon; the part in parentheses is the config setting
        # that turned it off and stays as it is.
        return Choice(None, _('the tray icon is turned off ([tray] backend = "none")'))
    if setting == "auto":
        return _auto(env)
    if setting == "sni":
        return _need(setting, bus_reason(env))
    if setting == "xembed":
        return _need(setting, display_reason(env))
    return _need(setting, gi_reason(setting))


def _need(backend: str, reason: str | None) -> Choice:
    return Choice(backend) if reason is None else Choice(None, reason)


def _auto(env: Mapping[str, str]) -> Choice:
    reasons: list[str] = []
    watcher = watcher_reason(env)
    if watcher is None:
        return Choice("sni")
    reasons.append(watcher)
    xtray = xembed_reason(env)
    if xtray is None:
        return Choice("xembed")
    reasons.append(xtray)
    wayland = env.get("XDG_SESSION_TYPE") == "wayland" or bool(env.get("WAYLAND_DISPLAY"))
    if wayland and bus_reason(env) is None:
        return Choice("sni")  # the bar may start after us: register when its watcher appears
    return Choice(None, "; ".join(dict.fromkeys(reasons)))


def bus_reason(env: Mapping[str, str]) -> str | None:
    if not env.get("DBUS_SESSION_BUS_ADDRESS"):
        # Translators: why there is no tray icon; DBUS_SESSION_BUS_ADDRESS is a variable's name.
        return _("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
    return None


def watcher_reason(env: Mapping[str, str]) -> str | None:
    """None when a StatusNotifierWatcher is on the session bus, else why not."""
    missing = bus_reason(env)
    if missing:
        return missing
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    bus = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")
    try:
        with open_dbus_connection(
            bus=env["DBUS_SESSION_BUS_ADDRESS"], auth_timeout=PROBE_TIMEOUT
        ) as conn:
            message = new_method_call(bus, "NameHasOwner", "s", (WATCHER,))
            reply = conn.send_and_get_reply(message, timeout=PROBE_TIMEOUT)
    except Exception as exc:
        # Translators: why there is no tray icon; {error} says what went wrong.
        message = _("cannot ask the session bus for a tray host: {error}")
        return message.format(error=str(exc) or type(exc).__name__)
    if reply.body and reply.body[0]:
        return None
    # Translators: why there is no tray icon; StatusNotifierItem is the tray protocol's name.
    return _("no StatusNotifierItem tray host is running")


def display_reason(env: Mapping[str, str]) -> str | None:
    if not env.get("DISPLAY"):
        # Translators: why there is no tray icon; DISPLAY is a variable's name.
        return _("no X display (DISPLAY is not set)")
    return None


def xembed_reason(env: Mapping[str, str]) -> str | None:
    """None when an X11 system tray is there, else why not."""
    missing = display_reason(env)
    if missing:
        return missing
    display = env["DISPLAY"]
    try:
        from Xlib import X
        from Xlib import display as xdisplay

        conn = xdisplay.Display(display)
    except Exception as exc:
        # Translators: why there is no tray icon; {display} is the X display's name (":0"),
        # {error} says what went wrong.
        return _("cannot open the X display {display}: {error}").format(display=display, error=exc)
    try:
        atom = conn.intern_atom(f"_NET_SYSTEM_TRAY_S{conn.get_default_screen()}")
        if conn.get_selection_owner(atom) == X.NONE:
            # Translators: why there is no tray icon; _NET_SYSTEM_TRAY_S0 is an X11 name.
            return _("no system tray is running (nothing owns _NET_SYSTEM_TRAY_S0)")
        return None
    finally:
        conn.close()


def gi_reason(backend: str) -> str | None:
    """None when PyGObject can load what pystray's `backend` needs."""
    wanted = {"appindicator": ("AyatanaAppIndicator3", "AppIndicator3"), "gtk": ("Gtk",)}
    if backend not in wanted:
        # Translators: why there is no tray icon; {backend} is the name given in the config.
        return _("unknown tray backend {backend}").format(backend=repr(backend))
    try:
        import gi
    except ImportError:
        # Translators: why there is no tray icon; {backend} is a tray's name ("gtk"), PyGObject
        # a Python package's, and the part in parentheses a command.
        return _("the {backend} tray needs PyGObject (pip install PyGObject)").format(
            backend=backend
        )
    version = "0.1" if backend == "appindicator" else "3.0"
    for namespace in wanted[backend]:
        try:
            gi.require_version(namespace, version)
        except ValueError:
            continue
        return None
    names = wanted[backend]
    if len(names) == 1:
        # Translators: why there is no tray icon; {backend} is a tray's name ("gtk"), {library}
        # and {version} the GObject library it needs ("Gtk 3.0").
        message = _("the {backend} tray needs {library} {version} (GObject typelib)")
        return message.format(backend=backend, library=names[0], version=version)
    # Translators: why there is no tray icon; {backend} is a tray's name ("appindicator"),
    # {library} or {other} (at {version}) the GObject libraries it needs, either will do.
    message = _("the {backend} tray needs {library} or {other} {version} (GObject typelib)")
    return message.format(backend=backend, library=names[0], other=names[1], version=version)
