"""KDE-like D-Bus services that announce an on/off state, for hold tests.

Two modes, each owning its name on the session bus given by DBUS_SESSION_BUS_ADDRESS:
- `notifications`: org.freedesktop.Notifications with an `Inhibited` property
  (do-not-disturb), changes announced by PropertiesChanged;
- `power`: PowerDevil's org.freedesktop.PowerManagement.Inhibit, answering
  `HasInhibit` and announcing changes by `HasInhibitChanged`.
The state starts on. Each line on stdin, "on" or "off", sets it and announces it.
Prints "ready" once it owns the name. Test support: imports no deskbreak.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Annotated

from dbus_fast import BusType, NameFlag, RequestNameReply
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusSignature
from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_property, method, signal

Bool = Annotated[bool, DBusSignature("b")]


class Inhibitable(ServiceInterface):
    NAME = PATH = ""

    def __init__(self) -> None:
        super().__init__(self.NAME)
        self.on = True

    def set(self, value: bool) -> None:
        self.on = value


class Notifications(Inhibitable):
    NAME, PATH = "org.freedesktop.Notifications", "/org/freedesktop/Notifications"

    @dbus_property(access=PropertyAccess.READ)
    def Inhibited(self) -> Bool:
        return self.on

    def set(self, value: bool) -> None:
        self.on = value
        self.emit_properties_changed({"Inhibited": value})


class PowerInhibit(Inhibitable):
    NAME, PATH = (
        "org.freedesktop.PowerManagement.Inhibit",
        "/org/freedesktop/PowerManagement/Inhibit",
    )
    BUS_NAME = "org.freedesktop.PowerManagement"

    @method()
    def HasInhibit(self) -> Bool:
        return self.on

    @signal()
    def HasInhibitChanged(self) -> Bool:
        return self.on

    def set(self, value: bool) -> None:
        self.on = value
        self.HasInhibitChanged()


async def serve(mode: str) -> None:
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    service: Inhibitable = Notifications() if mode == "notifications" else PowerInhibit()
    bus.export(service.PATH, service)
    name = getattr(service, "BUS_NAME", service.NAME)
    if await bus.request_name(name, NameFlag.DO_NOT_QUEUE) is not RequestNameReply.PRIMARY_OWNER:
        sys.exit(f"{name} is taken")
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def line() -> None:
        text = sys.stdin.readline()
        if not text:
            done.set_result(None)
            return
        service.set(text.strip() == "on")

    loop.add_reader(sys.stdin.fileno(), line)
    await done


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1] if len(sys.argv) > 1 else "notifications"))
