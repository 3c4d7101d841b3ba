"""Every tray backend is a `TrayBackend` (checked by mypy, and at run time where one can be
built without a desktop), the shared helpers, and our SNI backend's own life without a bus:
what it is given, what it does on a click, and a stop that never blocks."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PIL import Image
from support.tray import CHOICES, ROUTINES, RecordingBackend, make_status
from support.waiting import wait_until

from deskbreak.core.status import State
from deskbreak.desktop.tray import choice
from deskbreak.desktop.tray.adapter import PystrayBackend
from deskbreak.desktop.tray.backend import TrayBackend, default_command, visible
from deskbreak.desktop.tray.menu import Command, Do, Item, build, panel_item
from deskbreak.desktop.tray.sni import SniBackend
from deskbreak.desktop.tray.xembed import XembedBackend

NOWHERE = "unix:path=/nowhere"


def _sni_is_a_backend(backend: SniBackend) -> TrayBackend:
    return backend  # mypy: SniBackend satisfies the interface


def _xembed_is_a_backend(backend: XembedBackend) -> TrayBackend:
    return backend  # mypy: XembedBackend satisfies it (building one needs an X display)


def _pystray_is_a_backend(backend: PystrayBackend) -> TrayBackend:
    return backend


def _the_fake_is_a_backend(backend: RecordingBackend) -> TrayBackend:
    return backend


def picture(size: int) -> Image.Image:
    return Image.new("RGBA", (size, size), (200, 10, 10, 255))


def test_each_factory_builds_its_backend_without_a_desktop() -> None:
    done: list[Command] = []
    sni = choice.factory("sni")("deskbreak", {"DBUS_SESSION_BUS_ADDRESS": NOWHERE}, done.append)
    dummy = choice.factory("dummy")("deskbreak", {}, done.append)
    assert isinstance(sni, SniBackend) and (sni.name, sni.has_menu) == ("sni", True)
    assert isinstance(dummy, PystrayBackend) and (dummy.name, dummy.has_menu) == ("dummy", True)
    assert XembedBackend.has_menu is False
    assert choice.Choice("sni").factory is choice.factory("sni")
    assert choice.Choice(None, "no tray").factory is None


def test_the_default_command_and_the_visible_items() -> None:
    items = build(make_status(), ROUTINES, CHOICES)
    assert default_command(items) == Command(Do.OPEN_PANEL)
    assert default_command(items[1:]) is None
    sep = Item("-9", "")
    shown = visible((sep, panel_item(), sep, sep, Item("quit", "Quit"), sep))
    assert [i.key for i in shown] == ["panel", "-9", "quit"]


@pytest.fixture
def sni(home: Path) -> tuple[SniBackend, list[Command]]:
    done: list[Command] = []
    backend = SniBackend("deskbreak", done.append, bus_address=NOWHERE)
    backend.show(picture, "Next break in 23 min", build(make_status(), ROUTINES, CHOICES))
    return backend, done


def test_sni_serves_what_it_was_given(sni: tuple[SniBackend, list[Command]]) -> None:
    backend, _done = sni
    assert backend.title == "Next break in 23 min"
    assert [size for size, _h, _data in backend.pixmaps] == [16, 22, 24, 32, 48, 64]
    first = backend.pixmaps
    backend.update(title="Paused")
    assert backend.pixmaps is first  # a new title draws nothing
    backend.update(picture=picture)
    assert backend.pixmaps is not first
    revision = backend.menu_model.revision
    backend.update(items=build(make_status(), ROUTINES, CHOICES))
    assert backend.menu_model.revision == revision  # the same menu: no new layout
    backend.update(items=build(make_status(State.PAUSED), ROUTINES, CHOICES))
    assert backend.menu_model.revision == revision + 1
    assert backend.sni_status == "Active"
    backend.attention(True)
    assert backend.sni_status == "NeedsAttention"


def test_sni_runs_the_default_item_on_activate(sni: tuple[SniBackend, list[Command]]) -> None:
    backend, done = sni
    backend.activate(300, 4)
    wait_until("the click", lambda: bool(done), 2)
    assert done == [Command(Do.OPEN_PANEL)]
    assert backend.last_click == (300, 4)


def test_sni_stop_before_run_and_after(sni: tuple[SniBackend, list[Command]]) -> None:
    backend, _done = sni
    started = time.monotonic()
    backend.stop()
    backend.stop()
    backend.run()  # stopped before it ran: returns at once
    assert time.monotonic() - started < 0.5
    assert not backend.docked.is_set()


def test_sni_without_a_bus_ends_its_loop(home: Path) -> None:
    backend = SniBackend("deskbreak", lambda command: None, bus_address=NOWHERE)
    backend.show(picture, "deskbreak", (panel_item(),))
    loop = threading.Thread(target=backend.run, daemon=True)
    loop.start()
    loop.join(10)
    assert not loop.is_alive()  # the bus cannot be reached: the icon gives up
