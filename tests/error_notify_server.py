"""A notification server that fails: it owns org.freedesktop.Notifications on the session
bus and answers every Notify (every call but the capabilities and server information) with
a D-Bus error. Run as a program inside a session bus: `python error_notify_server.py`.
"""

from __future__ import annotations


def serve_error_notifications() -> None:
    """Own org.freedesktop.Notifications on the session bus and answer every Notify (and any
    other call but the capabilities and server information) with a D-Bus error."""
    from jeepney import HeaderFields, MessageType, new_error, new_method_return
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    conn = open_dbus_connection(bus="SESSION")
    name = "org.freedesktop.Notifications"
    reply = conn.send_and_get_reply(message_bus.RequestName(name, 4), timeout=5)  # 4: no queue
    if reply.body[0] != 1:
        raise SystemExit(f"could not own {name}: {reply.body[0]}")
    print("ready", flush=True)
    while True:
        msg = conn.receive()
        if msg.header.message_type is not MessageType.method_call:
            continue
        member = msg.header.fields.get(HeaderFields.member)
        if member == "GetCapabilities":
            conn.send(new_method_return(msg, "as", (["body", "actions"],)))
        elif member == "GetServerInformation":
            conn.send(new_method_return(msg, "ssss", ("erroring", "tests", "1.0", "1.2")))
        else:
            failed = "org.freedesktop.DBus.Error.Failed"
            conn.send(new_error(msg, failed, "s", (f"{member} is broken here",)))


if __name__ == "__main__":
    serve_error_notifications()
