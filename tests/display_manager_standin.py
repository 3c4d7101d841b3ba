"""A stand-in for GDM's `org.gnome.DisplayManager` on a private system bus, for GNOME Shell tests.

GNOME Shell builds its lock screen only when the display manager answers its `Version` property
(and it registers the session with it). This module owns that answer and nothing else: it owns the
name, answers `Properties.Get/GetAll` and `RegisterSession`, refuses anything else, and exits when
the bus goes away. Test support: it must not import deskbreak. Run it as
``python tests/display_manager_standin.py BUS_ADDRESS``.
"""

from __future__ import annotations

import sys
from typing import Any

NAME = "org.gnome.DisplayManager"
PATH = "/org/gnome/DisplayManager/Manager"
IFACE = "org.gnome.DisplayManager.Manager"
VERSION = "43.0"


def _answer(msg: Any) -> Any:
    from jeepney import HeaderFields, new_error, new_method_return

    fields = msg.header.fields
    member = fields.get(HeaderFields.member)
    path = fields.get(HeaderFields.path)
    if path == PATH and member == "Get" and tuple(msg.body) == (IFACE, "Version"):
        return new_method_return(msg, "v", (("s", VERSION),))
    if path == PATH and member == "GetAll":
        return new_method_return(msg, "a{sv}", ({"Version": ("s", VERSION)},))
    if path == PATH and member == "RegisterSession":
        return new_method_return(msg)
    return new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no {member}",))


def serve(address: str) -> int:
    """Own the name on the bus at `address` and answer until the bus closes."""
    from jeepney import MessageType
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    conn = open_dbus_connection(bus=address)
    reply = conn.send_and_get_reply(message_bus.RequestName(NAME), timeout=5)
    if reply.body[0] != 1:  # DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER
        print(f"display-manager stand-in: could not own {NAME}", file=sys.stderr)
        return 1
    while True:
        try:
            msg = conn.receive()
        except (OSError, ValueError, EOFError):
            return 0
        if msg.header.message_type == MessageType.method_call:
            conn.send(_answer(msg))


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1]))
