"""desktop-notifier's backend for break notifications, with buttons.

Owns desktop-notifier (D-Bus, macOS, Windows): Start and Snooze buttons — Start and Not now
for a break offered before meetings — when the notice asks for them and the server has the
"actions" capability; a click on the body starts. A notice that should stay never expires
(and may be critical); where the server lists every action, each snooze choice is a button.
One notification at a time: a new one clears the last before it is sent (desktop-notifier
always sends replaces_id 0), and closing also works after a button press, which
desktop-notifier forgets but servers such as dunst keep showing. desktop-notifier is asyncio:
one loop runs in a daemon thread and every call waits at most `timeout` seconds, so a missing
bus or a stuck server costs a few seconds and a log line, never the daemon. The chain that
falls back from it is `desktop.notify`. Edge module: imports desktop_notifier lazily.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskbreak import threads
from deskbreak.core.notices import not_now_label, snooze_label, start_label
from deskbreak.core.ports import Notice, NoticeAction, NoticeKind

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger(__name__)

APP = "deskbreak"
SOUND_NAME = "message-new-instant"  # freedesktop sound theme name for an alert


# Servers that offer every action of a notification (in a menu or a row of buttons), so
# each snooze choice can be one; others (GNOME Shell shows three buttons) get one Snooze.
MANY_ACTIONS = ("dunst", "mako", "Xfce Notify Daemon", "SwayNotificationCenter")


def button_labels(notice: Notice, *, many: bool) -> list[tuple[str, NoticeAction | timedelta]]:
    """The buttons of a notice that has them: (words, what a press does: an action, or a
    snooze for that long). Start and Snooze; with `many` (the server shows every action),
    one Snooze per snooze choice; a break offered before meetings has Start and Not now.
    Translated now, in the language in use."""
    start = start_label()
    if notice.kind is NoticeKind.BEFORE_MEETINGS:
        return [(start, NoticeAction.START), (not_now_label(), NoticeAction.NOT_NOW)]
    if not (many and notice.snooze_choices):
        return [(start, NoticeAction.START), (snooze_label(), NoticeAction.SNOOZE)]
    buttons: list[tuple[str, NoticeAction | timedelta]] = [(start, NoticeAction.START)]
    buttons += [(snooze_label(length), length) for length in notice.snooze_choices]
    return buttons


class ActionableBackend:
    """desktop-notifier on its own asyncio loop thread; buttons call `on_action`."""

    name = "desktop-notifier"

    def __init__(
        self,
        on_action: Callable[[NoticeAction], None],
        *,
        timeout: float = 5.0,
        icon: Path | str | None = None,
        on_snooze: Callable[[timedelta], None] | None = None,
        left: Path | None = None,
    ) -> None:
        self._on_action = on_action
        # The server's id of the notice on screen, kept in a file: a daemon killed with its
        # notice showing leaves it there, and the next one withdraws it (`withdraw_left`).
        self._left = left
        self._on_snooze = on_snooze or (lambda _: on_action(NoticeAction.SNOOZE))
        self._server: str | None = None  # the server's name, once asked
        self._icon = icon  # a PNG or a themed icon name; None shows none (not Python's logo)
        self._timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._notifier: Any = None
        self._current: str | None = None
        self._server_id: int | None = None  # the server's id for `_current`
        self.buttons = False  # whether the last notice was sent with buttons

    def _run(self, coro: Coroutine[Any, Any, Any]) -> Any:
        import asyncio  # ~2 MB the daemon pays only once it sends a notification

        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._thread = threads.make("deskbreak-notify", self._loop.run_forever)
            self._thread.start()
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return future.result(self._timeout)
        except FutureTimeout:
            future.cancel()
            raise TimeoutError(f"no answer within {self._timeout:g} s") from None

    def send(self, notice: Notice) -> None:
        self._run(self._send(notice))

    async def _send(self, notice: Notice) -> None:
        from desktop_notifier import Capability, Sound, Urgency

        self._ensure_notifier()
        caps = await self._notifier.get_capabilities()
        await self._clear()
        self.buttons = notice.actions and Capability.BUTTONS in caps
        buttons = await self._buttons(notice) if self.buttons else []
        wants_sound = notice.sound and notice.kind is NoticeKind.DUE
        sound = Sound(name=SOUND_NAME) if wants_sound and Capability.SOUND in caps else None
        identifier = await self._notifier.send(
            title=notice.title,
            message=notice.body,
            buttons=buttons,
            on_clicked=(lambda: self._fire(NoticeAction.DEFAULT)) if notice.actions else None,
            on_dismissed=lambda: self._fire(NoticeAction.DISMISSED),
            sound=sound,
            urgency=Urgency.Critical if notice.critical else Urgency.Normal,
            timeout=0 if notice.stay else -1,  # 0: never expires; -1: the server decides
        )
        # desktop-notifier logs delivery failures instead of raising; ask what it holds.
        if identifier not in await self._notifier.get_current_notifications():
            raise RuntimeError("the notification server did not take the notification")
        self._current = identifier
        self._server_id = self._id_on_server(identifier)
        self._remember(self._server_id)

    def _ensure_notifier(self) -> None:
        from desktop_notifier import DesktopNotifier, Icon

        if self._notifier is None:
            icon = None
            if isinstance(self._icon, Path):
                icon = Icon(path=self._icon)
            elif self._icon:
                icon = Icon(name=self._icon)
            self._notifier = DesktopNotifier(app_name=APP, app_icon=icon)

    def _remember(self, server_id: int | None) -> None:
        """Keep the id of the notice on screen for the next daemon (None: nothing shown)."""
        if self._left is None:
            return
        try:
            if server_id is None:
                self._left.unlink(missing_ok=True)
            else:
                self._left.parent.mkdir(parents=True, exist_ok=True)
                self._left.write_text(str(server_id), encoding="ascii")
        except OSError as exc:
            log.debug("cannot keep the notice id in %s: %s", self._left, exc)

    def withdraw_left(self) -> None:
        """Close the notice a previous daemon left on screen (killed before it could): its
        buttons would no longer answer. Nothing to do when it closed its notice itself."""
        if self._left is None:
            return
        try:
            server_id = int(self._left.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return
        self._run(self._withdraw(server_id))
        self._remember(None)
        log.info("withdrew notification %s left by the previous run", server_id)

    async def _withdraw(self, server_id: int) -> None:
        self._ensure_notifier()
        await self._notifier.get_capabilities()  # connects to the server
        await self._close_on_server(server_id)

    async def _buttons(self, notice: Notice) -> list[Any]:
        """Start and Snooze; one Snooze per choice where the server shows every action."""
        from desktop_notifier import Button

        many = await self._server_name() in MANY_ACTIONS if notice.snooze_choices else False
        return [
            Button(title=title, on_pressed=self._press(action))
            for title, action in button_labels(notice, many=many)
        ]

    def _press(self, action: NoticeAction | timedelta) -> Callable[[], None]:
        if isinstance(action, timedelta):
            return partial(self._snooze, action)
        return partial(self._fire, action)

    async def _server_name(self) -> str | None:
        """The notification server's name (GetServerInformation), asked once."""
        if self._server is None:
            interface = getattr(getattr(self._notifier, "_backend", None), "interface", None)
            ask = getattr(interface, "call_get_server_information", None)
            try:
                self._server = str((await ask())[0]) if ask is not None else ""
            except Exception as exc:
                log.debug("no notification server information: %s", exc)
                self._server = ""
        return self._server

    def _snooze(self, length: timedelta) -> None:
        try:
            self._on_snooze(length)
        except Exception:
            log.exception("snoozing for %s from the notification failed", length)

    async def _clear(self) -> None:
        current, self._current = self._current, None
        server_id, self._server_id = self._server_id, None
        self._remember(None)
        if current is None or self._notifier is None:
            return
        if current in await self._notifier.get_current_notifications():
            with contextlib.suppress(KeyError):  # closed by the server or the user meanwhile
                await self._notifier.clear(current)
        elif server_id is not None:
            # desktop-notifier forgets a notice once a button is pressed, but servers such as
            # dunst keep showing it: close it by the server's own id.
            await self._close_on_server(server_id)

    def _id_on_server(self, identifier: str) -> int | None:
        """The server's id for a notice (desktop-notifier's D-Bus backend keeps it privately)."""
        ids = getattr(
            getattr(self._notifier, "_backend", None),
            "_platform_to_interface_notification_identifier",
            None,
        )
        try:
            return int(ids.inverse[identifier])  # type: ignore[union-attr]
        except (AttributeError, KeyError, TypeError, ValueError):
            return None

    async def _close_on_server(self, server_id: int) -> None:
        interface = getattr(getattr(self._notifier, "_backend", None), "interface", None)
        close = getattr(interface, "call_close_notification", None)
        if close is None:
            log.debug("cannot close notification %s: no D-Bus interface", server_id)
            return
        try:
            await close(server_id)
        except Exception as exc:  # already gone: the spec lets the server answer with an error
            log.debug("closing notification %s: %s", server_id, exc)

    def _fire(self, action: NoticeAction) -> None:
        try:
            self._on_action(action)
        except Exception:
            log.exception("notification action %s failed", action)

    def close(self) -> None:
        if self._loop is not None:
            self._run(self._clear())

    def shutdown(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(self._timeout)
        if not thread.is_alive():
            loop.close()
        self._loop = self._thread = None
