"""The tray: a pure menu model, the `TrayBackend` interface and its backends (our
StatusNotifierItem one over D-Bus, our XEmbed one over python-xlib, and pystray's behind
one adapter).

`Tray` is the daemon's front end and drives a backend only through `backend.TrayBackend`.
Importing this package imports neither pystray nor a GUI library.
"""

from deskbreak.desktop.tray.tray import Tray

__all__ = ["Tray"]
