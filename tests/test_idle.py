"""Idle sources: the pure parsers, the choice between sources, and the D-Bus sources
against tiny fake services on a private bus (no X server needed)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.bus import private_bus

from deskbreak.core.engine.timekeeping import IDLE_GRACE
from deskbreak.core.ports import IdleChange, IdleSource
from deskbreak.desktop.idle import NO_SOURCE, Probes, choose, describe
from deskbreak.desktop.idle.freedesktop import BusLink, FreedesktopIdle, LockWatch, open_freedesktop
from deskbreak.desktop.idle.gnome import (
    LOCKER_NAME,
    LOCKER_PATH,
    MUTTER_NAME,
    MUTTER_PATH,
    MutterIdle,
    open_gnome,
)
from deskbreak.desktop.idle.macos import IoregIdle, QuartzIdle
from deskbreak.desktop.idle.parse import Session, hid_idle_seconds, session_type, tick_idle_ms
from deskbreak.desktop.idle.windows import WindowsIdle
from deskbreak.desktop.idle.x11 import X11Idle, open_x11

# What `ioreg -c IOHIDSystem -d 4` prints on an Apple-silicon Mac, trimmed to the parts that matter.
IOREG_SAMPLE = """\
+-o Root  <class IORegistryEntry, id 0x100000100, retain 28>
  +-o MacBookPro18,3  <class IOPlatformExpertDevice, id 0x100000110, registered, matched>
    +-o AppleARMPE  <class AppleARMPE, id 0x100000111, registered, matched, active, busy 0>
      +-o IOResources  <class IOResources, id 0x100000112, registered, matched, active>
        +-o IOHIDSystem  <class IOHIDSystem, id 0x1000004c3, registered, matched, active>
            {
              "IOClass" = "IOHIDSystem"
              "CFBundleIdentifier" = "com.apple.iokit.IOHIDFamily"
              "IOProviderClass" = "IOResources"
              "HIDParameters" = {"HIDClickTime"=500000000,"HIDKeyRepeat"=83333333}
              "HIDIdleTime" = 8123456789
              "IOGeneralInterest" = "IOCommand is not serializable"
              "HIDScrollCountBootDefault" = Yes
            }
"""


# --- pure parsers -------------------------------------------------------------------------


def test_ioreg_hid_idle_time_is_read_in_seconds() -> None:
    assert hid_idle_seconds(IOREG_SAMPLE) == pytest.approx(8.123456789)


def test_ioreg_with_several_hid_systems_takes_the_most_recent_input() -> None:
    twice = IOREG_SAMPLE + IOREG_SAMPLE.replace("8123456789", "250000000")
    assert hid_idle_seconds(twice) == pytest.approx(0.25)


@pytest.mark.parametrize("text", ["", "+-o Root <class IORegistryEntry>", '"HIDIdleTime" = -5'])
def test_ioreg_without_an_idle_time_reads_none(text: str) -> None:
    assert hid_idle_seconds(text) is None


@pytest.mark.parametrize(
    ("now", "last", "expected"),
    [
        (10_000, 7_500, 2_500),
        (5_000, 5_000, 0),
        (500, 2**32 - 1_500, 2_000),  # GetTickCount wrapped after 49.7 days
        (0, 2**32 - 1, 1),
        (7_500, 7_510, 0),  # input landed between the two calls: not 49 days
    ],
)
def test_windows_tick_arithmetic(now: int, last: int, expected: int) -> None:
    assert tick_idle_ms(now, last) == expected


@given(st.integers(0, 2**32 - 1), st.integers(0, 2**31 - 1))
def test_windows_ticks_any_wrap_gives_back_the_elapsed_time(last: int, elapsed: int) -> None:
    assert tick_idle_ms((last + elapsed) % 2**32, last) == elapsed


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, Session.WAYLAND),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, Session.WAYLAND),
        ({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":1"}, Session.X11),
        ({"DISPLAY": ":1"}, Session.X11),
        ({"XDG_SESSION_TYPE": "tty"}, Session.NONE),
        ({}, Session.NONE),
    ],
)
def test_session_type(env: dict[str, str], expected: Session) -> None:
    assert session_type(env) is expected


# --- sources with injected readers --------------------------------------------------------


def test_windows_source_reads_ticks_and_survives_failures() -> None:
    assert WindowsIdle(lambda: (1_000, 2**32 - 2_000)).idle_seconds() == pytest.approx(3.0)
    assert WindowsIdle(lambda: None).idle_seconds() is None

    def broken() -> tuple[int, int]:
        raise OSError("access denied")

    assert WindowsIdle(broken).idle_seconds() is None


def test_quartz_source_rejects_nonsense() -> None:
    assert QuartzIdle(lambda: 12.5).idle_seconds() == 12.5
    assert QuartzIdle(lambda: -1.0).idle_seconds() is None


def test_ioreg_source_parses_the_command_output(tmp_path: Path) -> None:
    sample = tmp_path / "ioreg.txt"
    sample.write_text(IOREG_SAMPLE)
    command = (sys.executable, "-c", f"print(open({str(sample)!r}).read())")
    assert IoregIdle(command=command).idle_seconds() == pytest.approx(8.123456789)
    failing = (sys.executable, "-c", "raise SystemExit(3)")
    assert IoregIdle(command=failing).idle_seconds() is None
    assert IoregIdle(command=("deskbreak-no-such-program",)).idle_seconds() is None


def test_ioreg_source_that_hangs_gives_up_within_its_timeout() -> None:
    hang = (sys.executable, "-c", "import time; time.sleep(30)")
    started = time.monotonic()
    assert IoregIdle(timeout=0.3, command=hang).idle_seconds() is None
    assert time.monotonic() - started < 5


def test_lock_watch_keeps_the_user_away_until_unlock() -> None:
    watch = LockWatch()
    assert watch.adjust(30, locked=False, now=1_000) == 30
    assert watch.adjust(40, locked=True, now=1_010) == 40  # away since 970
    # a mouse nudge on the lock screen resets the desktop's counter, not the absence
    assert watch.adjust(2, locked=True, now=1_100) == 130
    assert watch.adjust(3, locked=False, now=1_200) == 3
    assert watch.adjust(1, locked=True, now=1_300) == 1  # a new lock starts afresh


def test_x11_without_a_server_reads_none_quickly(tmp_path: Path) -> None:
    started = time.monotonic()
    source = X11Idle(":4077", timeout=1.0)
    assert source.idle_seconds() is None
    assert not source.available()
    assert open_x11({"DISPLAY": ":4077"}, 1.0) is None
    assert open_x11({}, 1.0) is None
    source.close()
    assert time.monotonic() - started < 5


def test_importing_the_package_loads_no_platform_library() -> None:
    code = (
        "import sys, deskbreak.desktop.idle\n"
        "print(sorted(m for m in ('Xlib', 'jeepney', 'tkinter', 'pystray') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- choose() with fake probes ------------------------------------------------------------


@dataclass
class StubSource:
    name: str
    closed: bool = False

    def idle_seconds(self) -> float | None:
        return 1.0

    def watch(self, on_change: Callable[[IdleChange], None]) -> bool:
        return False

    def close(self) -> None:
        self.closed = True


@dataclass
class ProbeLog:
    """Fake probes that answer for the mechanisms listed in `present`, recording calls."""

    present: set[str]
    calls: list[tuple[str, float]] = field(default_factory=list)
    graces: list[float] = field(default_factory=list)

    def probes(self) -> Probes:
        names = ("gnome", "ext_idle", "kde_idle", "freedesktop", "x11", "macos", "windows")
        return Probes(**{name: self._probe(name) for name in names})

    def _probe(self, name: str) -> Any:
        def probe(env: Mapping[str, str], timeout: float, grace: float) -> IdleSource | None:
            self.calls.append((name, timeout))
            self.graces.append(grace)
            if name == "x11" and "explode" in self.present:
                raise RuntimeError("probe bug")
            return StubSource(name) if name in self.present else None

        return probe

    @property
    def order(self) -> list[str]:
        return [name for name, _ in self.calls]


X_AND_BUS = {"DISPLAY": ":0", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}
WAYLAND = {"WAYLAND_DISPLAY": "wayland-1", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}
BUS_AND_WAYLAND = ["gnome", "ext_idle", "kde_idle"]


@pytest.mark.parametrize(
    ("present", "env", "chosen", "order"),
    [
        ({"gnome", "freedesktop", "x11"}, X_AND_BUS, "gnome", ["gnome"]),
        ({"freedesktop", "x11"}, X_AND_BUS, "freedesktop", ["gnome", "freedesktop"]),
        ({"x11"}, X_AND_BUS, "x11", ["gnome", "freedesktop", "x11"]),
        (set(), X_AND_BUS, None, ["gnome", "freedesktop", "x11"]),
        ({"x11"}, {"DISPLAY": ":0"}, "x11", ["x11"]),  # no bus: D-Bus never asked
        ({"x11"}, {**WAYLAND, "DISPLAY": ":0"}, None, [*BUS_AND_WAYLAND, "freedesktop"]),
        ({"gnome"}, {**X_AND_BUS, "XDG_SESSION_TYPE": "wayland"}, "gnome", ["gnome"]),
        ({"gnome", "ext_idle"}, WAYLAND, "gnome", ["gnome"]),  # GNOME stays on Mutter
        ({"ext_idle", "kde_idle", "freedesktop"}, WAYLAND, "ext_idle", ["gnome", "ext_idle"]),
        ({"kde_idle", "freedesktop"}, WAYLAND, "kde_idle", BUS_AND_WAYLAND),  # sway 1.7
        ({"freedesktop"}, WAYLAND, "freedesktop", [*BUS_AND_WAYLAND, "freedesktop"]),
        ({"ext_idle"}, {"WAYLAND_DISPLAY": "wayland-1"}, "ext_idle", ["ext_idle"]),
        ({"x11", "gnome"}, {}, None, []),  # a console: nothing to ask
    ],
)
def test_choose_on_linux_prefers_mutter_then_wayland_then_freedesktop_then_x11(
    present: set[str], env: dict[str, str], chosen: str | None, order: list[str]
) -> None:
    log = ProbeLog(present)
    source = choose(env, platform="linux", probes=log.probes(), timeout=0.5)
    assert (source.name if source else None) == chosen
    assert log.order == order
    assert all(timeout == 0.5 for _, timeout in log.calls)


@pytest.mark.parametrize(("platform", "name"), [("darwin", "macos"), ("win32", "windows")])
def test_choose_on_macos_and_windows_asks_only_their_own(platform: str, name: str) -> None:
    log = ProbeLog({"gnome", "x11", "macos", "windows"})
    source = choose(X_AND_BUS, platform=platform, probes=log.probes())
    assert source is not None and source.name == name
    assert log.order == [name]
    assert choose(X_AND_BUS, platform=platform, probes=ProbeLog(set()).probes()) is None


def test_choose_gives_every_probe_the_grace_it_was_given_or_the_default() -> None:
    log = ProbeLog(set())
    assert choose(X_AND_BUS, platform="linux", probes=log.probes(), grace=5.0) is None
    assert log.order == ["gnome", "freedesktop", "x11"] and log.graces == [5.0] * 3
    default = ProbeLog({"x11"})
    assert choose({"DISPLAY": ":0"}, platform="linux", probes=default.probes()) is not None
    assert default.graces == [IDLE_GRACE]


def test_choose_survives_a_probe_that_raises() -> None:
    log = ProbeLog({"explode"})
    assert choose({"DISPLAY": ":0"}, platform="freebsd14", probes=log.probes()) is None
    assert log.order == ["x11"]


def test_describe_names_the_source_or_says_natural_breaks_are_off() -> None:
    assert describe(StubSource("x11")) == "X11 screensaver extension"
    assert describe(StubSource("mutter")).startswith("GNOME Mutter")
    assert describe(StubSource("ext-idle-notify")).startswith("Wayland ext-idle-notify")
    assert describe(StubSource("something-new")) == "something-new"
    assert describe(None) == NO_SOURCE == "none: natural breaks are off"


# --- D-Bus sources against fake services on a private bus ---------------------------------


@pytest.fixture(scope="module")
def bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private session bus shared by this module's D-Bus tests; yields its address."""
    with private_bus(tmp_path_factory.mktemp("bus")) as (_, address):
        yield address


class FakeService:
    """Owns `name` on the bus and answers the methods in `answers` from a thread.

    answers maps (object path, member) to (signature, value); `silent` services
    read every call and never reply, like a hung desktop component."""

    def __init__(self, address: str, name: str, answers: dict[tuple[str, str], Any]) -> None:
        self.address, self.name, self.answers = address, name, answers
        self.silent = False
        self.calls: list[tuple[str, str]] = []
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> FakeService:
        self._thread.start()
        assert self._ready.wait(5), f"fake {self.name} did not get its name"
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        assert not self._thread.is_alive()

    def _serve(self) -> None:
        from jeepney import HeaderFields, MessageType, new_error, new_method_return
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        with open_dbus_connection(bus=self.address) as conn:
            conn.send_and_get_reply(message_bus.RequestName(self.name), timeout=5)
            self._ready.set()
            while not self._stop.is_set():
                try:
                    msg = conn.receive(timeout=0.05)
                except TimeoutError:
                    continue
                if msg.header.message_type is not MessageType.method_call:
                    continue
                key = (msg.header.fields[HeaderFields.path], msg.header.fields[HeaderFields.member])
                self.calls.append(key)
                if self.silent:
                    continue
                if key in self.answers:
                    signature, value = self.answers[key]
                    conn.send(new_method_return(msg, signature, (value,)))
                else:
                    conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod"))


def _mutter(address: str, idle_ms: int) -> FakeService:
    return FakeService(address, MUTTER_NAME, {(MUTTER_PATH, "GetIdletime"): ("t", idle_ms)})


def test_gnome_source_reads_mutter_milliseconds(bus: str) -> None:
    env = {"DBUS_SESSION_BUS_ADDRESS": bus}
    assert open_gnome(env, 1.0) is None  # nobody owns the name yet
    with _mutter(bus, 4_200) as fake:
        source = open_gnome(env, 1.0)
        assert source is not None
        assert source.idle_seconds() == pytest.approx(4.2)
        fake.answers[(MUTTER_PATH, "GetIdletime")] = ("t", 90)
        assert source.idle_seconds() == pytest.approx(0.09)
        source.close()


def test_gnome_locked_screen_counts_as_away(bus: str) -> None:
    clock = [100.0]
    locker = {(LOCKER_PATH, "GetActive"): ("b", True)}
    with _mutter(bus, 20_000) as mutter, FakeService(bus, LOCKER_NAME, locker) as shield:
        source = MutterIdle(BusLink(bus), clock=lambda: clock[0])
        assert source.locked() is True
        assert source.idle_seconds() == pytest.approx(20.0)  # away since 80
        clock[0] = 400.0
        mutter.answers[(MUTTER_PATH, "GetIdletime")] = ("t", 500)  # lock screen woken
        assert source.idle_seconds() == pytest.approx(320.0)
        shield.answers[(LOCKER_PATH, "GetActive")] = ("b", False)
        assert source.idle_seconds() == pytest.approx(0.5)
        source.close()


def test_choose_picks_gnome_over_x11_on_a_real_bus(bus: str) -> None:
    env = {"DBUS_SESSION_BUS_ADDRESS": bus, "DISPLAY": ":4077"}
    with _mutter(bus, 1_000):
        source = choose(env, platform="linux")
        assert source is not None and describe(source).startswith("GNOME")
        source.close()
    assert choose(env, platform="linux") is None  # no Mutter, no ScreenSaver, no X server


def test_a_service_that_never_answers_costs_one_timeout_not_a_hang(bus: str) -> None:
    with _mutter(bus, 1_000) as fake:
        source = open_gnome({"DBUS_SESSION_BUS_ADDRESS": bus}, 0.5)
        assert source is not None
        fake.silent = True
        started = time.monotonic()
        assert source.idle_seconds() is None
        assert 0.4 < time.monotonic() - started < 2.0
        fake.silent = False
        assert source.idle_seconds() == pytest.approx(1.0)  # the late reply is not mistaken
        source.close()
    with _mutter(bus, 1_000) as fake:
        fake.silent = True
        started = time.monotonic()
        assert open_gnome({"DBUS_SESSION_BUS_ADDRESS": bus}, 0.5) is None
        assert time.monotonic() - started < 2.0


def test_freedesktop_source_finds_the_path_that_answers(bus: str) -> None:
    answers = {("/ScreenSaver", "GetSessionIdleTime"): ("u", 75)}
    with FakeService(bus, "org.freedesktop.ScreenSaver", answers) as fake:
        source = open_freedesktop({"DBUS_SESSION_BUS_ADDRESS": bus}, 1.0)
        assert source is not None and source.path == "/ScreenSaver"
        assert source.locked() is None  # GetActive not implemented here: not locked
        assert source.idle_seconds() == 75.0
        assert ("/org/freedesktop/ScreenSaver", "GetSessionIdleTime") in fake.calls
        source.close()


def test_freedesktop_like_gnome_shell_without_idle_time_is_not_chosen(bus: str) -> None:
    with FakeService(bus, "org.freedesktop.ScreenSaver", {}):  # owns the name, no idle time
        assert open_freedesktop({"DBUS_SESSION_BUS_ADDRESS": bus}, 1.0) is None


def test_freedesktop_locked_screen_counts_as_away(bus: str) -> None:
    path = "/org/freedesktop/ScreenSaver"
    answers = {(path, "GetSessionIdleTime"): ("u", 10), (path, "GetActive"): ("b", True)}
    clock = [500.0]
    with FakeService(bus, "org.freedesktop.ScreenSaver", answers) as fake:
        source = FreedesktopIdle(BusLink(bus), path, clock=lambda: clock[0])
        assert source.locked() is True
        assert source.idle_seconds() == 10.0  # away since 490
        clock[0] = 800.0
        fake.answers[(path, "GetSessionIdleTime")] = ("u", 1)  # someone woke the lock screen
        assert source.idle_seconds() == 310.0
        fake.answers[(path, "GetActive")] = ("b", False)
        assert source.idle_seconds() == 1.0
        source.close()


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/deskbreak-bus"},
        {"DBUS_SESSION_BUS_ADDRESS": "tcp:host=localhost,port=1"},
        {"DBUS_SESSION_BUS_ADDRESS": "garbage"},
    ],
)
def test_no_usable_bus_means_no_dbus_source(env: dict[str, str]) -> None:
    started = time.monotonic()
    assert open_gnome(env, 1.0) is None
    assert open_freedesktop(env, 1.0) is None
    assert MutterIdle(BusLink(env.get("DBUS_SESSION_BUS_ADDRESS", ""))).idle_seconds() is None
    assert time.monotonic() - started < 3


class MuteBus:
    """A socket that passes D-Bus authentication and then never answers (not even Hello)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._server = socket.socket(socket.AF_UNIX)
        self._clients: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> str:
        self._server.bind(str(self.path))
        self._server.listen()
        self._thread.start()
        return f"unix:path={self.path}"

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown(socket.SHUT_RDWR)  # wakes the accept()
        self._server.close()
        for client in self._clients:
            client.close()
        self._thread.join(5)
        assert not self._thread.is_alive()

    def _serve(self) -> None:
        try:
            while True:
                client, _ = self._server.accept()
                self._clients.append(client)
                if b"AUTH" in client.recv(1024):
                    client.sendall(b"OK 0123456789abcdef0123456789abcdef\r\n")
        except OSError:
            return  # closed by __exit__


def test_a_bus_that_never_says_hello_costs_one_timeout_not_a_hang(tmp_path: Path) -> None:
    with MuteBus(tmp_path / "bus") as address:
        link = BusLink(address, timeout=0.5)
        started = time.monotonic()
        assert link.name_has_owner(MUTTER_NAME) is False
        assert MutterIdle(link).idle_seconds() is None  # the stuck attempt is not repeated
        assert time.monotonic() - started < 2.0
        assert open_gnome({"DBUS_SESSION_BUS_ADDRESS": address}, 0.5) is None
        assert time.monotonic() - started < 3.0
        link.close()


def test_a_bus_that_goes_away_reads_false_and_none_without_waiting(tmp_path: Path) -> None:
    with private_bus(tmp_path) as (proc, address):
        link = BusLink(address, timeout=1.0)
        assert link.name_has_owner("org.freedesktop.DBus") is True
        proc.terminate()
        proc.wait(timeout=5)
        started = time.monotonic()
        assert link.name_has_owner("org.freedesktop.DBus") is False  # connection dropped
        assert MutterIdle(link).idle_seconds() is None  # reconnecting fails fast
        assert time.monotonic() - started < 1.0
        link.close()
