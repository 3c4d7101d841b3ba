"""Every Notify call on a session bus, the id each got, and the server's signals about it.

This module owns `NotifyMonitor`, a D-Bus monitor (jeepney, imported when one is made) on any
session's bus: the X11 desktop (`harness.desktop`) keeps one for its whole life, and the tests
of other desktops open one for a test (`with NotifyMonitor(address) as notes:`). Test support,
not part of the package: it must not import deskbreak.
"""

from __future__ import annotations

import threading
from typing import Any


class NotifyMonitor:
    """Eavesdrops on the private bus: Notify calls, the ids they got, and the server's signals.

    Any session's bus address will do (`with NotifyMonitor(address) as notes:`); the X11
    desktop keeps one for its whole life."""

    _RULES = (
        "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
        "type='method_return'",
        "type='signal',interface='org.freedesktop.Notifications'",
    )

    def __init__(self, address: str) -> None:
        from jeepney import Monitoring
        from jeepney.io.blocking import open_dbus_connection

        self._conn = open_dbus_connection(bus=address)
        self._conn.send_and_get_reply(Monitoring().BecomeMonitor(list(self._RULES)), timeout=5)
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, int], dict[str, Any]] = {}
        self._records: list[dict[str, Any]] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="notify-monitor", daemon=True)
        self._thread.start()

    def records(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(rec) for rec in reversed(self._records)]

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self._conn.close()

    def __enter__(self) -> NotifyMonitor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                msg = self._conn.receive(timeout=0.2)
            except TimeoutError:
                continue
            except (OSError, ValueError):
                return  # the bus went away: the session is being torn down
            with self._lock:
                self._note(msg)

    def _note(self, msg: Any) -> None:
        from jeepney import HeaderFields, MessageType

        head, fields = msg.header, msg.header.fields
        if head.message_type == MessageType.method_call:
            app, _, _, summary, body, actions, _, _ = msg.body
            rec = {
                "id": None, "app_name": app, "summary": summary, "body": body,
                "actions": dict(zip(actions[1::2], actions[0::2], strict=False)),
                "displayed": True, "closed_reason": None, "invoked": [],
                "to": fields.get(HeaderFields.destination, ""),
            }  # fmt: skip
            self._records.append(rec)
            self._pending[(fields.get(HeaderFields.sender, ""), head.serial)] = rec
        elif head.message_type == MessageType.method_return:
            key = (fields.get(HeaderFields.destination, ""), fields.get(HeaderFields.reply_serial))
            rec = self._pending.pop(key, None)  # type: ignore[arg-type]
            if rec is not None and msg.body:
                rec["id"] = msg.body[0]
        elif head.message_type == MessageType.signal:
            self._on_signal(fields.get(HeaderFields.member), msg.body)

    def _on_signal(self, member: str | None, body: tuple[Any, ...]) -> None:
        for rec in self._records:
            if rec["id"] != body[0]:
                continue
            if member == "NotificationClosed":
                rec["displayed"], rec["closed_reason"] = False, body[1]
            elif member == "ActionInvoked":
                rec["invoked"].append(body[1])
