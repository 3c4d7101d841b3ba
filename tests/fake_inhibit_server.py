"""A KDE-like org.freedesktop.Notifications with an `Inhibited` property, for hold tests.

Owns the notification name on the session bus given by DBUS_SESSION_BUS_ADDRESS and
exposes `Inhibited` (b), starting true. Each line on stdin, "on" or "off", sets it and
emits PropertiesChanged, as Plasma does when do-not-disturb is switched. Prints "ready"
once it owns the name, and "set" after each change. Test support: imports no deskbreak.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Annotated

from dbus_fast import BusType, NameFlag, RequestNameReply
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusSignature
from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_property

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
Bool = Annotated[bool, DBusSignature("b")]


class Inhibitable(ServiceInterface):
    def __init__(self) -> None:
        super().__init__(NAME)
        self.inhibited = True

    @dbus_property(access=PropertyAccess.READ)
    def Inhibited(self) -> Bool:
        return self.inhibited

    def set(self, value: bool) -> None:
        self.inhibited = value
        self.emit_properties_changed({"Inhibited": value})


async def serve() -> None:
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    service = Inhibitable()
    bus.export(PATH, service)
    if await bus.request_name(NAME, NameFlag.DO_NOT_QUEUE) is not RequestNameReply.PRIMARY_OWNER:
        sys.exit("the notification name is taken")
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def line() -> None:
        text = sys.stdin.readline()
        if not text:
            done.set_result(None)
            return
        service.set(text.strip() == "on")
        print("set", flush=True)

    loop.add_reader(sys.stdin.fileno(), line)
    await done


if __name__ == "__main__":
    asyncio.run(serve())
