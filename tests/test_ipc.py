"""The control channel: every command round trip, hostile input, single instance, permissions."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from support.fakes import RecordingCommands
from support.status import make_status
from support.waiting import wait_until

from deskbreak import __version__
from deskbreak.core.ports import PauseKind, PauseSpec, PlayOutcome, PlayResult, Reply, ReplyCode
from deskbreak.core.routines import Exercise, Routine, Step
from deskbreak.ipc import (
    MAX_CONNECTIONS,
    MAX_LINE,
    AlreadyRunning,
    Client,
    DaemonFailed,
    NoAnswer,
    NotRunning,
    Server,
    parse_clock,
)
from deskbreak.paths import Paths, resolve

ROUTINE = Routine(
    "reset",
    "Desk reset",
    (
        Step(
            Exercise("shoulder-rolls", "Shoulder rolls", ("Roll back and down",)),
            timedelta(seconds=60),
        ),
        Step(
            Exercise("twist", "Seated twist", ("Turn from the ribs",), sides=True),
            timedelta(seconds=45),
        ),
    ),
)


def fake_commands() -> RecordingCommands:
    return RecordingCommands(make_status(), routines=[ROUTINE], choices=(timedelta(minutes=5),))


@pytest.fixture
def paths(monkeypatch: pytest.MonkeyPatch) -> Iterator[Paths]:
    # AF_UNIX paths are short (~107 bytes): pytest's tmp_path can be too long.
    home = tempfile.mkdtemp(prefix="db-")
    monkeypatch.setenv("DESKBREAK_HOME", home)
    yield resolve()
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(params=["unix", "tcp"])
def tcp(request: pytest.FixtureRequest) -> bool:
    return bool(request.param == "tcp")


@pytest.fixture
def fake() -> RecordingCommands:
    return fake_commands()


@pytest.fixture
def server(paths: Paths, fake: RecordingCommands, tcp: bool) -> Iterator[Server]:
    srv = Server(paths, fake, tcp=tcp, read_timeout=0.5)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def unix_server(paths: Paths, fake: RecordingCommands) -> Iterator[Server]:
    srv = Server(paths, fake, tcp=False, read_timeout=0.5)
    srv.start()
    yield srv
    srv.stop()


def client(paths: Paths, tcp: bool) -> Client:
    return Client(paths, timeout=3, tcp=tcp)


def raw(paths: Paths, payload: bytes) -> dict[str, Any]:
    """Send raw bytes on the unix socket and return the parsed response line."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(3)
        sock.connect(str(paths.socket))
        sock.sendall(payload)
        data = sock.makefile("rb").readline()
    response: dict[str, Any] = json.loads(data)
    return response


# --- round trips ------------------------------------------------------------


def test_ping_reports_version(server: Server, paths: Paths, tcp: bool) -> None:
    reply = client(paths, tcp).call("ping")
    assert reply.ok and reply.data["version"] == __version__
    assert reply.data["pid"] == os.getpid()


def test_status_carries_the_status_json(
    server: Server, paths: Paths, tcp: bool, fake: RecordingCommands
) -> None:
    reply = client(paths, tcp).call("status")
    assert dict(reply.data) == make_status().to_json()
    assert reply.message == "Next break in 23 min"


@pytest.mark.parametrize(
    ("cmd", "args", "expected"),
    [
        ("break", {}, ("start_break", None)),
        ("break", {"routine": "mini-reset"}, ("start_break", "mini-reset")),
        ("snooze", {}, ("snooze", None)),
        ("snooze", {"length": "10m"}, ("snooze", timedelta(minutes=10))),
        ("skip", {}, ("skip", None)),
        ("resume", {}, ("resume", None)),
        ("reload", {}, ("reload", None)),
        ("pause", {}, ("pause", PauseSpec(PauseKind.INDEFINITE))),
        (
            "pause",
            {"for": "1h30m"},
            ("pause", PauseSpec(PauseKind.FOR, length=timedelta(hours=1.5))),
        ),
        ("pause", {"until": "17:30"}, ("pause", PauseSpec(PauseKind.UNTIL, clock=17 * 60 + 30))),
        ("pause", {"tomorrow": True}, ("pause", PauseSpec(PauseKind.TOMORROW))),
    ],
)
def test_command_round_trip(
    server: Server,
    paths: Paths,
    tcp: bool,
    fake: RecordingCommands,
    cmd: str,
    args: dict[str, Any],
    expected: tuple[str, Any],
) -> None:
    reply = client(paths, tcp).call(cmd, **args)
    assert reply.ok
    assert fake.calls == [expected]


def test_refusal_comes_back_as_refused(
    server: Server, paths: Paths, tcp: bool, fake: RecordingCommands
) -> None:
    fake.replies["snooze"] = Reply.refused("snooze limit reached (3 of 3)")
    reply = client(paths, tcp).call("snooze")
    assert reply.code is ReplyCode.REFUSED
    assert reply.message == "snooze limit reached (3 of 3)"


def test_routines_lists_ids_titles_seconds(server: Server, paths: Paths, tcp: bool) -> None:
    reply = client(paths, tcp).call("routines")
    assert reply.data["routines"] == [
        {"id": "reset", "title": "Desk reset", "seconds": 150, "desk": True}
    ]


def test_played_reaches_record_played(
    server: Server, paths: Paths, tcp: bool, fake: RecordingCommands
) -> None:
    outcome = PlayOutcome("mini-reset", PlayResult.PARTIAL, 2, 4, 95.5)
    reply = client(paths, tcp).call("played", outcome=outcome.to_json())
    assert reply.ok
    assert fake.calls == [("record_played", outcome)]


def test_quit_replies_then_quits(
    server: Server, paths: Paths, tcp: bool, fake: RecordingCommands
) -> None:
    fake.on_quit = server.stop
    reply = client(paths, tcp).call("quit")
    assert reply.ok
    # The reply goes out first, then the quit: wait for its effect.
    where = paths.runtime_dir / "control.json" if tcp else paths.socket
    wait_until("the server to quit", lambda: not where.exists(), 5, every=0.01)
    assert fake.calls == [("quit", None)]
    with pytest.raises(NotRunning):
        client(paths, tcp).call("ping")


def test_command_failure_is_an_error_reply(
    server: Server, paths: Paths, tcp: bool, fake: RecordingCommands
) -> None:
    def boom() -> Reply:
        raise RuntimeError("engine exploded")

    fake.skip = boom  # type: ignore[method-assign]
    with pytest.raises(DaemonFailed, match="engine exploded"):
        client(paths, tcp).call("skip")
    assert client(paths, tcp).call("ping").ok


# --- hostile input -------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (b"{not json\n", "malformed JSON"),
        (b"\xff\xfe\n", "malformed JSON"),
        (b"[1, 2]\n", "must be a JSON object"),
        (b'"status"\n', "must be a JSON object"),
        (b'{"cmd": "rm -rf"}\n', "unknown command"),
        (b'{"cmd": 5}\n', "unknown command"),
        (b'{"cmd": "__class__"}\n', "unknown command"),
        (b'{"cmd": "snooze", "args": []}\n', "'args' must be a JSON object"),
        (b'{"cmd": "snooze", "args": {"length": 10}}\n', "'length' must be a string"),
        (b'{"cmd": "snooze", "args": {"length": "ten"}}\n', "not a duration"),
        (b'{"cmd": "snooze", "args": {"length": "0m"}}\n', "longer than zero"),
        (b'{"cmd": "skip", "args": {"force": true}}\n', "unknown argument 'force'"),
        (b'{"cmd": "break", "args": {"routine": ["a"]}}\n', "'routine' must be a string"),
        (b'{"cmd": "pause", "args": {"until": "25:00"}}\n', "not a time of day"),
        (b'{"cmd": "pause", "args": {"until": "5pm"}}\n', "HH:MM"),
        (b'{"cmd": "pause", "args": {"tomorrow": "yes"}}\n', "must be true"),
        (b'{"cmd": "pause", "args": {"for": "1m", "tomorrow": true}}\n', "at most one"),
        (b'{"cmd": "played", "args": {"outcome": {"routine": "x"}}}\n', "not a play outcome"),
        (b'{"cmd": "played", "args": {"outcome": 3}}\n', "must be an object"),
    ],
)
def test_bad_requests_get_clear_errors(
    unix_server: Server, paths: Paths, fake: RecordingCommands, payload: bytes, needle: str
) -> None:
    response = raw(paths, payload)
    assert response["ok"] is False and response["code"] == "invalid"
    assert needle in response["message"]
    assert fake.calls == []
    assert client(paths, False).call("ping").ok


def test_oversized_line_is_refused(unix_server: Server, paths: Paths) -> None:
    payload = b'{"cmd": "ping", "pad": "' + b"x" * (MAX_LINE + 10) + b'"}\n'
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(3)
        sock.connect(str(paths.socket))
        # The server may hang up before reading it all.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(payload)
        response = json.loads(sock.makefile("rb").readline())
    assert response["code"] == "invalid" and "64 KiB" in response["message"]
    assert client(paths, False).call("ping").ok


def test_silent_client_is_dropped(unix_server: Server, paths: Paths) -> None:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(5)
        sock.connect(str(paths.socket))
        started = time.monotonic()
        assert sock.recv(1) == b""  # the server closed it (read_timeout=0.5 in the fixture)
        assert time.monotonic() - started < 4
    assert client(paths, False).call("ping").ok


def _connect_raw(paths: Paths, tcp: bool) -> socket.socket:
    """A connection that says nothing (for TCP not even the token)."""
    sock = socket.socket(socket.AF_INET if tcp else socket.AF_UNIX)
    if tcp:
        info = json.loads((paths.runtime_dir / "control.json").read_text())
        sock.connect(("127.0.0.1", info["port"]))
    else:
        sock.connect(str(paths.socket))
    return sock


def _ping(paths: Paths, tcp: bool) -> str:
    """The answer to a ping: ok, busy, dropped (hung up on before the request was
    written), or what else happened."""
    try:
        return "ok" if client(paths, tcp).call("ping").ok else "not ok"
    except (DaemonFailed, NoAnswer) as exc:
        if "busy" in str(exc):
            return "busy"
        return "dropped" if "dropped the connection" in str(exc) else f"{exc!r}"


def _burst(paths: Paths, tcp: bool, clients: int) -> list[str]:
    """`clients` pings released at the same instant from as many threads."""
    start = threading.Barrier(clients)
    answers: list[str] = []
    lock = threading.Lock()

    def one() -> None:
        start.wait(10)
        answer = _ping(paths, tcp)
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=one) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert not any(thread.is_alive() for thread in threads), "a client hung"
    return answers


def test_flood_of_connections(paths: Paths, fake: RecordingCommands, tcp: bool) -> None:
    """Every slot held by a silent client, then a burst of concurrent clients: each is told
    at once that the daemon is busy (or, when the server's answer beats the request, hung up
    on); once the slots are given back a burst is served."""
    srv = Server(paths, fake, tcp=tcp, read_timeout=10)  # silent clients keep their slot
    srv.start()
    try:
        with contextlib.ExitStack() as held:
            for _ in range(MAX_CONNECTIONS):
                held.enter_context(_connect_raw(paths, tcp))
            wait_until("every slot to be taken", lambda: _ping(paths, tcp) == "busy", 10)
            answers = _burst(paths, tcp, 2 * MAX_CONNECTIONS)
            assert len(answers) == 2 * MAX_CONNECTIONS
            assert set(answers) <= {"busy", "dropped"} and "busy" in answers, answers
        wait_until("the slots to be given back", lambda: _ping(paths, tcp) == "ok", 10)
        answers = _burst(paths, tcp, MAX_CONNECTIONS // 2)
        assert set(answers) <= {"ok", "busy", "dropped"} and "ok" in answers, answers
        assert fake.calls == []
    finally:
        srv.stop()


def test_wrong_token_is_dropped(paths: Paths, fake: RecordingCommands) -> None:
    srv = Server(paths, fake, tcp=True)
    srv.start()
    try:
        info = json.loads((paths.runtime_dir / "control.json").read_text())
        with socket.create_connection(("127.0.0.1", info["port"]), timeout=3) as sock:
            sock.sendall(b"not-the-token\n" + b'{"cmd": "skip"}\n')
            assert sock.recv(1024) == b""
        assert fake.calls == []
        assert client(paths, True).call("ping").ok
    finally:
        srv.stop()
    assert not (paths.runtime_dir / "control.json").exists()


# --- single instance and files ------------------------------------------------------


def test_second_server_gets_already_running(server: Server, paths: Paths, tcp: bool) -> None:
    second = Server(paths, fake_commands(), tcp=tcp)
    with pytest.raises(AlreadyRunning, match="already running"):
        second.start()
    assert client(paths, tcp).call("ping").ok


def test_stale_socket_is_replaced(paths: Paths, fake: RecordingCommands) -> None:
    paths.runtime_dir.mkdir(parents=True, mode=0o700)
    with socket.socket(socket.AF_UNIX) as dead:
        dead.bind(str(paths.socket))  # a socket file with nobody listening
    assert paths.socket.exists()
    with pytest.raises(NotRunning):
        client(paths, False).call("ping")
    srv = Server(paths, fake, tcp=False)
    srv.start()
    try:
        assert client(paths, False).call("ping").ok
    finally:
        srv.stop()
    assert not paths.socket.exists()


def test_restart_after_stop(paths: Paths, fake: RecordingCommands) -> None:
    for _ in range(2):
        srv = Server(paths, fake, tcp=False)
        srv.start()
        assert client(paths, False).call("ping").ok
        srv.stop()


def test_permissions(server: Server, paths: Paths, tcp: bool) -> None:
    if tcp:
        info = paths.runtime_dir / "control.json"
        assert stat.S_IMODE(info.stat().st_mode) == 0o600
    else:
        assert stat.S_IMODE(paths.socket.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.runtime_dir.stat().st_mode) == 0o700


_PROBE = """
import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1])
except OSError as exc:
    print(exc.errno)
else:
    print("connected")
"""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to setuid")
def test_another_user_cannot_connect(unix_server: Server, paths: Paths) -> None:
    import errno
    import pwd

    # The test's own interpreter may live where `nobody` cannot read; the system one is public.
    python = shutil.which("python3", path="/usr/bin:/bin")
    if python is None:
        pytest.skip("no system python3 for the unprivileged child")
    nobody = pwd.getpwnam("nobody")
    # The temp home itself must be traversable for the test to reach the 0700 runtime dir.
    Path(os.environ["DESKBREAK_HOME"]).chmod(0o755)

    def drop() -> None:
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)

    result = subprocess.run(
        [python, "-c", _PROBE, str(paths.socket)],
        preexec_fn=drop,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert result.stdout.strip() == str(errno.EACCES), result.stderr


def test_not_running_message(paths: Paths, tcp: bool) -> None:
    with pytest.raises(NotRunning) as caught:
        client(paths, tcp).call("ping")
    assert str(caught.value) == "deskbreak is not running — start it with `deskbreak start`"


def test_silent_daemon_is_no_answer(paths: Paths) -> None:
    paths.runtime_dir.mkdir(parents=True, mode=0o700)
    with socket.socket(socket.AF_UNIX) as mute:
        mute.bind(str(paths.socket))
        mute.listen(1)
        with pytest.raises(NoAnswer, match="did not answer"):
            Client(paths, timeout=0.3, tcp=False).call("ping")


def test_socket_path_too_long_is_clear(
    monkeypatch: pytest.MonkeyPatch, fake: RecordingCommands
) -> None:
    monkeypatch.setenv("DESKBREAK_HOME", "/tmp/" + "d" * 120)
    long_paths = resolve()
    with pytest.raises(Exception, match="control socket path is too long"):
        Client(long_paths, tcp=False).call("ping")


@pytest.mark.parametrize(
    ("text", "minutes"), [("00:00", 0), ("9:05", 545), ("23:59", 1439), (" 17:30 ", 1050)]
)
def test_parse_clock(text: str, minutes: int) -> None:
    assert parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["24:00", "12:60", "noon", "12", "1:2", ""])
def test_parse_clock_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="time"):
        parse_clock(text)
