"""The daemon side speaks the chosen language: doctor findings, control-channel errors, the
autostart notes, the controller's replies, the history store's warnings, and the player the
daemon starts gets the language too.

Each test switches to the pseudo-locale and runs the real code, then looks for English that
did not go through the translation layer (`support.pseudo.unmarked`).
"""

from __future__ import annotations

import contextlib
import json
import queue
import shutil
import socket
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from support.fakes import RecordingCommands
from support.pseudo import is_marked, unmarked
from support.status import make_status
from test_controller import FakeConfig, Rig
from test_doctor import GNOME, SHELL, healthy

from deskbreak import lang
from deskbreak.core.config.settings import Settings
from deskbreak.core.diagnosis import (
    AutostartFacts,
    DaemonFacts,
    HoldFacts,
    IdleFacts,
    NotifyFacts,
    PlayerFacts,
    TrayFacts,
)
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.ports import PlayOutcome, PlayResult
from deskbreak.daemon import controller as controller_module
from deskbreak.daemon.launcher import PlayerLauncher
from deskbreak.daemon.store import Store, StoreError
from deskbreak.desktop.hold import inhibitors
from deskbreak.doctor.checkup import config_problem
from deskbreak.doctor.findings import Probes, diagnose
from deskbreak.install.autostart import Autostart, Platform
from deskbreak.ipc import MAX_LINE, Client, NotRunning, Server, handle_line, parse_clock
from deskbreak.paths import Paths, resolve

# Data the fake probes report, as a desktop would: names of programs, protocols and signals,
# and errors in the words of Python or the system. They stay as they are in any language.
PROBE_DATA = {
    "gnome",
    "kde",
    "shell",
    "mutter",
    "idlemonitor",
    "actions",
    "sound",
    "persistence",
    "wayland",
    "camera",
    "microphone",
    "fullscreen",
    "runtimeerror",
    "bus",
    "exploded",
    "permission",
    "denied",
    "tkinter",
    "module",
    "named",
    "statusnotifierwatcher",  # the tray protocol's D-Bus name
}


@pytest.fixture
def pseudo() -> None:
    lang.setup("pseudo")


def _text(probes: Probes, env: Mapping[str, str], timeout: float = 0.5) -> str:
    found = diagnose(env, probes, timeout=timeout, platform="linux")
    return "\n".join(
        part for f in found.findings for part in (f.title, f.found, f.fix or "") if part
    )


def _doctor_scenarios() -> list[tuple[Probes, Mapping[str, str]]]:
    broken = replace(
        healthy(),
        daemon=lambda timeout: DaemonFacts(False),
        idle=lambda env, timeout: IdleFacts(None, "none"),
        tray=lambda env, timeout: TrayFacts(None, False),
        notifications=lambda env, timeout: replace(SHELL, capabilities=("body",)),
        player=lambda env: PlayerFacts("No module named 'tkinter'", ":0"),
        sleep=lambda env, timeout: False,
        autostart=lambda: AutostartFacts(True, "/x/deskbreak.desktop", "/gone/deskbreak", False),
        holds=lambda env, timeout: [
            HoldFacts("pipewire", "PipeWire", ("microphone", "camera"), None),
            HoldFacts("x11", "X11 fullscreen", ("fullscreen",), "no X display"),
        ],
        config=lambda: ("/x/config.toml", "schedule.every"),
        data_dir=lambda: ("/x/data", "Permission denied"),
    )
    other = replace(
        broken,
        notifications=lambda env, timeout: None,
        player=lambda env: PlayerFacts(None, None),
        autostart=lambda: AutostartFacts(False, "/x/deskbreak.desktop"),
        holds=lambda env, timeout: [],
        tray=lambda env, timeout: TrayFacts(None, True),
    )
    only_sni = replace(healthy(), tray=lambda env, timeout: TrayFacts(":1.7", None))
    # KDE's own fullscreen source cannot work: its problem is said with the missing signal
    kde_blocked = replace(
        healthy(),
        holds=lambda env, timeout: [
            HoldFacts(
                "kde-inhibitors",
                "KDE",
                ("fullscreen",),
                inhibitors.available({"XDG_CURRENT_DESKTOP": "KDE"}, "KDE"),
                expected=True,
            ),
        ],
    )
    plain_x = {"DISPLAY": ":3", "XDG_SESSION_TYPE": "x11"}
    return [
        (healthy(), GNOME),
        (broken, GNOME),
        (broken, plain_x),
        (broken, {"WAYLAND_DISPLAY": "w"}),
        (broken, {}),
        (other, {"WAYLAND_DISPLAY": "w"}),
        (other, plain_x),
        (only_sni, {}),
        (kde_blocked, {"XDG_CURRENT_DESKTOP": "KDE"}),
    ]


@pytest.mark.usefixtures("pseudo")
def test_every_doctor_finding_and_fix_is_marked() -> None:
    for probes, env in _doctor_scenarios():
        text = _text(probes, env)
        assert is_marked(text)
        assert unmarked(text, keep=PROBE_DATA) == [], (env, text)


@pytest.mark.usefixtures("pseudo")
def test_a_doctor_probe_that_hangs_or_fails_is_reported_in_the_language() -> None:
    release = threading.Event()

    def hang(env: Mapping[str, str], timeout: float) -> NotifyFacts | None:
        release.wait(10)
        return SHELL

    def fail(env: Mapping[str, str], timeout: float) -> TrayFacts:
        raise RuntimeError("bus exploded")

    try:
        text = _text(replace(healthy(), notifications=hang, tray=fail), GNOME, timeout=0.2)
    finally:
        release.set()
    assert unmarked(text, keep=PROBE_DATA) == [], text
    assert "`deskbreak doctor`" in text  # the command stays as it is typed


@pytest.mark.usefixtures("pseudo")
def test_a_config_file_not_made_yet_is_said_in_the_language(tmp_path: Path) -> None:
    paths = resolve({"DESKBREAK_HOME": str(tmp_path)})
    where, problem = config_problem(paths)
    assert problem is None and str(paths.config_file) in where
    assert unmarked(where) == []


@pytest.mark.usefixtures("pseudo")
def test_the_doctor_json_keeps_its_ids_and_verdicts() -> None:
    data = json.loads(diagnose(GNOME, healthy(), timeout=0.5, platform="linux").to_json())
    assert [f["verdict"] for f in data["findings"]].count("ok") >= 8
    assert data["findings"][0]["id"] == "session"
    assert data["findings"][0]["details"] == {"desktop": "GNOME", "type": "wayland"}


# --- the control channel ------------------------------------------------------------------


BAD_REQUESTS = [
    b"{not json\n",
    b"[1, 2]\n",
    b'{"cmd": "rm -rf"}\n',
    b'{"cmd": 5}\n',
    b'{"cmd": "snooze", "args": []}\n',
    b'{"cmd": "snooze", "args": {"length": 10}}\n',
    b'{"cmd": "snooze", "args": {"length": "0m"}}\n',
    b'{"cmd": "skip", "args": {"force": true}}\n',
    b'{"cmd": "break", "args": {"nope": 1}}\n',
    b'{"cmd": "pause", "args": {"until": "25:00"}}\n',
    b'{"cmd": "pause", "args": {"until": "5pm"}}\n',
    b'{"cmd": "pause", "args": {"tomorrow": "yes"}}\n',
    b'{"cmd": "pause", "args": {"for": "1m", "tomorrow": true}}\n',
    b'{"cmd": "played", "args": {"outcome": {"routine": "x"}}}\n',
    b'{"cmd": "played", "args": {"outcome": 3}}\n',
]
# The parser's and the program's own words inside a message ("Expecting property name ...",
# "KeyError('result')") are data: they are what Python said.
PYTHON_WORDS = {"expecting", "property", "name", "enclosed", "double", "quotes", "line", "column"}
PYTHON_WORDS |= {"char", "keyerror", "result", "routine"}


@pytest.mark.usefixtures("pseudo")
@pytest.mark.parametrize("payload", BAD_REQUESTS)
def test_bad_request_replies_are_marked_and_keep_their_code(payload: bytes) -> None:
    fake = RecordingCommands(make_status(), choices=(timedelta(minutes=5),))
    response, quitting = handle_line(fake, payload)
    assert not quitting and response["ok"] is False and response["code"] == "invalid"
    assert list(response) == ["ok", "code", "message", "data"]
    assert is_marked(response["message"])
    assert unmarked(response["message"], keep=PYTHON_WORDS) == [], response["message"]
    assert fake.calls == []


@pytest.mark.usefixtures("pseudo")
def test_a_failing_command_and_the_routine_count_are_marked() -> None:
    fake = RecordingCommands(make_status())
    fake.error = RuntimeError("engine exploded")
    response, _ = handle_line(fake, b'{"cmd": "skip"}\n')
    assert response["code"] == "error"
    assert unmarked(response["message"], keep={"engine", "exploded"}) == []
    fake.error = None
    response, _ = handle_line(fake, b'{"cmd": "routines"}\n')
    assert response["code"] == "ok" and response["data"]["routines"] == []
    assert is_marked(response["message"]) and unmarked(response["message"]) == []
    response, quitting = handle_line(fake, b'{"cmd": "quit"}\n')
    assert quitting and unmarked(response["message"]) == []


@pytest.mark.usefixtures("pseudo")
@pytest.mark.parametrize("text", ["24:00", "noon"])
def test_a_bad_clock_time_is_said_in_the_language(text: str) -> None:
    with pytest.raises(ValueError, match=r"HH:MM|23:59") as caught:
        parse_clock(text)
    assert unmarked(str(caught.value), keep={"noon"}) == []


@pytest.fixture
def short_home() -> Iterator[Paths]:
    # AF_UNIX paths are short (~107 bytes): pytest's tmp_path can be too long.
    home = tempfile.mkdtemp(prefix="db-")
    yield resolve({"DESKBREAK_HOME": home})
    shutil.rmtree(home, ignore_errors=True)


@pytest.mark.usefixtures("pseudo")
def test_the_client_errors_a_person_reads_are_marked(short_home: Paths) -> None:
    with pytest.raises(NotRunning) as caught:
        Client(short_home, timeout=1, tcp=False).call("ping")
    assert unmarked(str(caught.value)) == []
    assert "`deskbreak start`" in str(caught.value)
    long = resolve({"DESKBREAK_HOME": "/tmp/" + "d" * 120})
    with pytest.raises(DeskbreakError) as too_long:
        Client(long, tcp=False).call("ping")
    assert unmarked(str(too_long.value)) == []
    assert "DESKBREAK_HOME" in str(too_long.value)  # names of variables stay as they are


@pytest.mark.usefixtures("pseudo")
def test_an_oversized_request_is_refused_in_the_language(short_home: Paths) -> None:
    server = Server(short_home, RecordingCommands(make_status()), tcp=False, read_timeout=0.5)
    server.start()
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(3)
            sock.connect(str(short_home.socket))
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                sock.sendall(b'{"cmd": "ping", "pad": "' + b"x" * (MAX_LINE + 10) + b'"}\n')
            response = json.loads(sock.makefile("rb").readline())
        second = Server(short_home, RecordingCommands(make_status()), tcp=False)
        with pytest.raises(DeskbreakError) as running:
            second.start()
    finally:
        server.stop()
    assert response["code"] == "invalid" and "64" in response["message"]
    assert is_marked(response["message"]) and unmarked(response["message"]) == []
    assert unmarked(str(running.value)) == []


# --- install ------------------------------------------------------------------------------


@pytest.mark.usefixtures("pseudo")
def test_the_autostart_notes_are_marked(tmp_path: Path) -> None:
    paths = resolve({"DESKBREAK_HOME": str(tmp_path)})
    xdg = Autostart(paths, platform=Platform.XDG, env={"DESKBREAK_HOME": str(tmp_path)})
    xdg.enable(["/usr/bin/deskbreak", "run"])
    entry = Path(xdg.where())
    entry.write_text(entry.read_text() + "Hidden=true\n")
    state = xdg.status()
    assert not state.enabled and state.note is not None
    assert is_marked(state.note) and unmarked(state.note) == []
    mac = Autostart(paths, platform=Platform.MACOS, env={"DESKBREAK_HOME": str(tmp_path)})
    Path(mac.where()).parent.mkdir(parents=True, exist_ok=True)
    Path(mac.where()).write_text("not a plist")
    state = mac.status()
    assert state.enabled and state.note is not None
    assert is_marked(state.note) and unmarked(state.note) == []


@pytest.mark.usefixtures("pseudo")
def test_the_desktop_entry_stays_english() -> None:
    from deskbreak.install.autostart import desktop_entry
    from deskbreak.install.menuentry import launcher_entry

    for text in (desktop_entry(["deskbreak", "run"]), launcher_entry(["deskbreak", "run"])):
        assert not is_marked(text)
        assert "GenericName=Desk-break reminder" in text


# --- the daemon -----------------------------------------------------------------------------


def _words(*texts: str) -> list[str]:
    return [w for t in texts for w in unmarked(t)]


@pytest.mark.usefixtures("pseudo")
def test_the_controller_replies_and_notices_it_composes_are_marked(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    for result in PlayResult:
        reply = rig.controller.record_played(PlayOutcome("mini-reset", result, 1, 2, 30.0))
        assert is_marked(reply.message) and "mini-reset" in reply.message
        assert _words(reply.message) == []
    opened, chart, reloaded = (
        rig.controller.open_config(),
        rig.controller.show_stats(),
        rig.controller.reload(),
    )
    assert opened.ok and chart.ok and reloaded.ok
    assert _words(opened.message, chart.message, reloaded.message) == []
    rig.launcher.running = lambda: True  # type: ignore[method-assign]
    busy = rig.controller.start_break()
    assert not busy.ok and _words(busy.message) == []


class _BrokenConfig(FakeConfig):
    def read(self) -> Settings:
        raise DeskbreakError("config", "schedule.every")


@pytest.mark.usefixtures("pseudo")
def test_a_refused_reload_and_a_lost_history_are_told_in_the_language(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    broken = Rig(tmp_path, source=_BrokenConfig(tmp_path / "config.toml", rig.first))
    reply = broken.controller.reload()
    notice = broken.notifier.shown[-1]
    assert not reply.ok and _words(reply.message, notice.title, notice.body) == []
    rig.store.error = OSError(28, "No space left on device")
    rig.controller.skip()
    told = rig.notifier.shown[-1]
    assert is_marked(told.title)
    assert unmarked(told.title + told.body, keep={"errno", "space", "left", "device"}) == []


@pytest.mark.usefixtures("pseudo")
def test_a_request_before_the_start_up_restore_is_refused_in_the_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(controller_module, "STARTING_WAIT", 0.01)
    rig = Rig(tmp_path)
    starting = rig.start(rig.first)
    with pytest.raises(DeskbreakError) as caught:
        starting.status()
    assert unmarked(str(caught.value)) == []


SYSTEM_WORDS = {"errno", "not", "directory", "file", "exists"}


@pytest.mark.usefixtures("pseudo")
def test_the_store_warnings_are_marked_and_the_log_stays_english(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "history.sqlite3"
    folder.mkdir()
    with caplog.at_level("WARNING", logger="deskbreak.daemon.store"):
        store, warning = Store.open(folder)
    store.close()
    assert warning is not None and is_marked(warning) and unmarked(warning) == []
    assert "a directory is in its place" in caplog.text and not is_marked(caplog.text)
    blocked = tmp_path / "file"
    blocked.write_text("")
    caplog.clear()
    with caplog.at_level("WARNING", logger="deskbreak.daemon.store"):
        store, warning = Store.open(blocked / "history.sqlite3")
    assert store.in_memory and warning is not None
    assert is_marked(warning) and unmarked(warning, keep=SYSTEM_WORDS) == []
    assert "Cannot write the history database" in caplog.text and not is_marked(caplog.text)
    with pytest.raises(StoreError) as caught:
        Store.open_readonly(tmp_path)
    assert unmarked(str(caught.value)) == []


# --- the player's language --------------------------------------------------------------------


def _child_language(launcher_env: dict[str, str] | None) -> str:
    """The DESKBREAK_LANGUAGE a player the launcher starts sees (as its outcome's routine)."""
    script = (
        "import json, os; print(json.dumps({'outcome': {'routine': "
        "os.environ.get('DESKBREAK_LANGUAGE', '-'), 'result': 'completed', "
        "'steps_done': 1, 'steps_total': 1, 'seconds': 0}}))"
    )
    outcomes: queue.Queue[PlayOutcome] = queue.Queue()
    launcher = PlayerLauncher(env=launcher_env, command=lambda _: [sys.executable, "-c", script])
    launcher.launch("tiny", outcomes.put)
    outcome = outcomes.get(timeout=20)
    assert outcome.result is PlayResult.COMPLETED, outcome
    return outcome.routine


@pytest.mark.parametrize("setting", ["pseudo", "de", "auto"])
def test_the_player_gets_the_daemons_language(setting: str) -> None:
    lang.setup(setting, {"LANG": "en_US.UTF-8"})
    assert _child_language(None) == setting


def test_an_explicit_launcher_environment_gets_the_language_too() -> None:
    lang.setup("pseudo")
    own: dict[str, Any] = {"PATH": "/usr/bin:/bin", "DESKBREAK_LANGUAGE": "fr"}
    assert _child_language(own) == "pseudo"
    assert own["DESKBREAK_LANGUAGE"] == "fr"  # the caller's mapping is not changed


def test_a_reload_that_changes_the_language_speaks_the_new_one_at_once(tmp_path: Path) -> None:
    from deskbreak.core.config.model import UiSettings
    from deskbreak.core.i18n import language

    rig = Rig(tmp_path)
    assert not is_marked(rig.controller.reload().message)
    rig.config.next = replace(rig.first, ui=UiSettings(language="pseudo"))
    switched = rig.controller.reload()
    assert language() == "pseudo"
    assert is_marked(switched.message) and _words(switched.message) == []
    rig.config.next = rig.first
    back = rig.controller.reload()
    assert language() == "en" and not is_marked(back.message)
