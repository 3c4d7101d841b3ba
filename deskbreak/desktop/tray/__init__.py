"""The tray: a pure menu model, the pystray adapter and the backends (our StatusNotifierItem
one over D-Bus, XEmbed with its fixes, and pystray's own).

`Tray` is the daemon's front end; `sni.Icon` is a self-contained pystray backend.
Importing this package imports neither pystray nor a GUI library.
"""

from deskbreak.desktop.tray.tray import Tray

__all__ = ["Tray"]
