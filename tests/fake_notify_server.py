"""A recording org.freedesktop.Notifications server for tests, written with dbus-fast.

Owns the notification name on the session bus given by DBUS_SESSION_BUS_ADDRESS and appends
one JSON line per call to the record file: {"call": "Notify", "id", "app_name", "app_icon",
"replaces_id",
"summary", "body", "actions" (label -> key), "hints", "expire_timeout"} or
{"call": "CloseNotification", "id"}. Options: --auto-action LABEL answers every Notify that
offers that label (or "default") with ActionInvoked + NotificationClosed(2), as a user click
would; --no-actions leaves "actions" out of the capabilities; --hang never answers Notify
(a stuck server); --name NAME is the server name it reports. Prints "ready" once it owns
the name. Test support: imports no deskbreak.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
from pathlib import Path
from typing import Annotated, Any

from dbus_fast import BusType, NameFlag, RequestNameReply, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusSignature
from dbus_fast.service import ServiceInterface, method
from dbus_fast.service import signal as dbus_signal

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
Str = Annotated[str, DBusSignature("s")]
U32 = Annotated[int, DBusSignature("u")]
I32 = Annotated[int, DBusSignature("i")]
StrList = Annotated[list[str], DBusSignature("as")]
Hints = Annotated[dict[str, Variant], DBusSignature("a{sv}")]
Info = Annotated[list[str], DBusSignature("ssss")]
IdKey = Annotated[list[Any], DBusSignature("us")]
Nothing = Annotated[None, DBusSignature("")]
IdReason = Annotated[list[int], DBusSignature("uu")]


class FakeNotifications(ServiceInterface):
    def __init__(self, record: Path, *, auto: str | None, actions: bool, hang: bool) -> None:
        super().__init__(NAME)
        self.record, self.auto, self.actions, self.hang = record, auto, actions, hang
        self.last_id = 0
        self.server_name = "fake"  # what GetServerInformation answers

    def _write(self, entry: dict[str, Any]) -> None:
        with self.record.open("a") as f:
            f.write(json.dumps(entry) + "\n")

    @method()
    def GetCapabilities(self) -> StrList:
        return ["body", "actions"] if self.actions else ["body"]

    @method()
    def GetServerInformation(self) -> Info:
        return [self.server_name, "deskbreak-tests", "1.0", "1.2"]

    @method()
    async def Notify(
        self,
        app_name: Str,
        replaces_id: U32,
        app_icon: Str,
        summary: Str,
        body: Str,
        actions: StrList,
        hints: Hints,
        expire_timeout: I32,
    ) -> U32:
        if self.hang:
            await asyncio.Event().wait()  # never answers: the client must time out
        nid = replaces_id or self.last_id + 1
        self.last_id = max(self.last_id, nid)
        labels = {actions[i + 1]: actions[i] for i in range(0, len(actions) - 1, 2)}
        self._write(
            {
                "call": "Notify",
                "id": nid,
                "app_name": app_name,
                "app_icon": app_icon,
                "replaces_id": replaces_id,
                "summary": summary,
                "body": body,
                "actions": labels,
                "hints": {k: v.value for k, v in hints.items()},
                "expire_timeout": expire_timeout,
            }
        )
        key = "default" if self.auto == "default" and "default" in actions else None
        key = labels.get(self.auto or "", key)
        if key is not None:
            asyncio.get_running_loop().call_later(0.05, self._click, nid, key)
        return nid

    def _click(self, nid: int, key: str) -> None:
        self.ActionInvoked(nid, key)
        self.NotificationClosed(nid, 2)

    @method()
    def CloseNotification(self, nid: U32) -> Nothing:
        self._write({"call": "CloseNotification", "id": nid})
        self.NotificationClosed(nid, 3)

    @dbus_signal()
    def ActionInvoked(self, nid: U32, key: Str) -> IdKey:
        return [nid, key]

    @dbus_signal()
    def NotificationClosed(self, nid: U32, reason: U32) -> IdReason:
        return [nid, reason]


async def serve(args: argparse.Namespace) -> None:
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    server = FakeNotifications(
        Path(args.record), auto=args.auto_action, actions=not args.no_actions, hang=args.hang
    )
    server.server_name = args.name
    bus.export(PATH, server)
    reply = await bus.request_name(NAME, NameFlag.DO_NOT_QUEUE)
    if reply is not RequestNameReply.PRIMARY_OWNER:
        print(f"could not own {NAME}: {reply}", file=sys.stderr, flush=True)
        raise SystemExit(1)
    print("ready", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    bus.disconnect()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--record", required=True)
    parser.add_argument("--auto-action")
    parser.add_argument("--no-actions", action="store_true")
    parser.add_argument("--hang", action="store_true")
    parser.add_argument("--name", default="fake", help="the server name it reports")
    args = parser.parse_args()
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        raise SystemExit("DBUS_SESSION_BUS_ADDRESS is not set")
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
