"""The control channel between the CLI and the running daemon, and the single-instance guard.

One JSON object per line over a socket only the user can open: AF_UNIX in the
0700 runtime directory on POSIX, loopback TCP plus a random token kept in a
user-only file on Windows. A fixed table of requests maps onto
`DaemonCommands`; lines are capped, connections are capped and time out, and
the server holds a lock file for its lifetime so two daemons never both serve.
No pickle, no attribute proxying. Imports only the standard library and core
modules; must not import the daemon, the tray or any GUI library.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import os
import re
import secrets
import selectors
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import IO, Any, Protocol

from deskbreak import __version__
from deskbreak.core.config.durations import DurationError, parse_duration
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.ports import Commands, PauseKind, PauseSpec, PlayOutcome, Reply, ReplyCode
from deskbreak.paths import Paths, ensure

log = logging.getLogger(__name__)

MAX_LINE = 64 * 1024
READ_TIMEOUT = 5.0
MAX_CONNECTIONS = 32
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class AlreadyRunning(DeskbreakError):
    def __init__(self, detail: str) -> None:
        super().__init__("deskbreak is already running", detail)


class NotRunning(DeskbreakError):
    def __init__(self) -> None:
        super().__init__("deskbreak is not running", "start it with `deskbreak start`")


class NoAnswer(DeskbreakError):
    """The daemon is there but gave no usable answer (timeout, garbage, closed early)."""


class DaemonFailed(DeskbreakError):
    """The daemon understood the request but failed inside; details are in its log."""


class DaemonCommands(Commands, Protocol):
    def record_played(self, outcome: PlayOutcome) -> Reply:
        """A standalone `deskbreak play` reports how its routine ended."""
        ...


class _BadArgs(ValueError):
    pass


def parse_clock(text: str) -> int:
    """ "HH:MM" (24-hour) → minutes after midnight; ValueError says what is wrong."""
    match = _CLOCK.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f'"{text}" is not a time; write it as HH:MM, e.g. "17:30"')
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        raise ValueError(f'"{text}" is not a time of day (00:00 to 23:59)')
    return hours * 60 + minutes


def _check(args: Mapping[str, Any], *allowed: str) -> None:
    unknown = sorted(set(args) - set(allowed))
    if unknown:
        raise _BadArgs(f"unknown argument {unknown[0]!r}; allowed: {', '.join(allowed) or 'none'}")


def _text(args: Mapping[str, Any], key: str) -> str | None:
    value = args.get(key)
    if value is not None and not isinstance(value, str):
        raise _BadArgs(f"{key!r} must be a string")
    return value


def _length(args: Mapping[str, Any], key: str) -> timedelta | None:
    text = _text(args, key)
    if text is None:
        return None
    try:
        length = parse_duration(text)
    except DurationError as exc:
        raise _BadArgs(str(exc)) from None
    if not length:
        raise _BadArgs(f"{key!r} must be longer than zero")
    return length


def pause_spec(args: Mapping[str, Any]) -> PauseSpec:
    """{"for": "30m"} | {"until": "HH:MM"} | {"tomorrow": true} | {} → PauseSpec."""
    _check(args, "for", "until", "tomorrow")
    if len(args) > 1:
        raise _BadArgs("pause takes at most one of 'for', 'until', 'tomorrow'")
    if "for" in args:
        return PauseSpec(PauseKind.FOR, length=_length(args, "for"))
    if "until" in args:
        try:
            return PauseSpec(PauseKind.UNTIL, clock=parse_clock(args["until"]))
        except ValueError as exc:
            raise _BadArgs(str(exc)) from None
    if "tomorrow" in args:
        if args["tomorrow"] is not True:
            raise _BadArgs("'tomorrow' must be true")
        return PauseSpec(PauseKind.TOMORROW)
    return PauseSpec(PauseKind.INDEFINITE)


def _status(c: DaemonCommands, a: Mapping[str, Any]) -> Reply:
    _check(a)
    status = c.status()
    return Reply(ReplyCode.OK, status.headline(), status.to_json())


def _routines(c: DaemonCommands, a: Mapping[str, Any]) -> Reply:
    _check(a)
    listed = [
        {"id": r.id, "title": r.title, "seconds": round(r.total.total_seconds()), "desk": r.is_desk}
        for r in c.routines()
    ]
    choices = [round(length.total_seconds()) for length in c.snooze_choices()]
    return Reply.done(f"{len(listed)} routines", routines=listed, snooze_choices=choices)


def _played(c: DaemonCommands, a: Mapping[str, Any]) -> Reply:
    _check(a, "outcome")
    raw = a.get("outcome")
    if not isinstance(raw, dict):
        raise _BadArgs("'outcome' must be an object")
    try:
        outcome = PlayOutcome.from_json(raw)
    except (KeyError, ValueError, TypeError) as exc:
        raise _BadArgs(f"'outcome' is not a play outcome: {exc!r}") from None
    return c.record_played(outcome)


def _break(c: DaemonCommands, a: Mapping[str, Any]) -> Reply:
    _check(a, "routine")
    return c.start_break(_text(a, "routine"))


def _snooze(c: DaemonCommands, a: Mapping[str, Any]) -> Reply:
    _check(a, "length")
    return c.snooze(_length(a, "length"))


_Handler = Callable[[DaemonCommands, Mapping[str, Any]], Reply]


def _no_args(call: Callable[[DaemonCommands], Reply]) -> _Handler:
    def handler(c: DaemonCommands, a: Mapping[str, Any]) -> Reply:
        _check(a)
        return call(c)

    return handler


_TABLE: Mapping[str, _Handler] = {
    "status": _status,
    "break": _break,
    "snooze": _snooze,
    "skip": _no_args(lambda c: c.skip()),
    "pause": lambda c, a: c.pause(pause_spec(a)),
    "resume": _no_args(lambda c: c.resume()),
    "reload": _no_args(lambda c: c.reload()),
    "routines": _routines,
    "ping": _no_args(lambda c: Reply.done("pong", version=__version__, pid=os.getpid())),
    "played": _played,
    "open-config": _no_args(lambda c: c.open_config()),
    "stats": _no_args(lambda c: c.show_stats()),
    # The quit itself happens after the reply has been sent.
    "quit": _no_args(lambda c: Reply.done("deskbreak is quitting")),
}


def _response(reply: Reply) -> dict[str, Any]:
    return {
        "ok": reply.ok,
        "code": reply.code.value,
        "message": reply.message,
        "data": dict(reply.data),
    }


def _error(code: str, message: str) -> dict[str, Any]:
    return {"ok": False, "code": code, "message": message, "data": {}}


def handle_line(commands: DaemonCommands, line: bytes) -> tuple[dict[str, Any], bool]:
    """One request line → (response, whether the daemon should now quit)."""
    try:
        request = json.loads(line)
    except ValueError as exc:  # includes UnicodeDecodeError
        return _error("invalid", f"malformed JSON: {exc}"), False
    if not isinstance(request, dict):
        return _error("invalid", 'a request must be a JSON object like {"cmd": "status"}'), False
    cmd, args = request.get("cmd"), request.get("args", {})
    handler = _TABLE.get(cmd) if isinstance(cmd, str) else None
    if handler is None:
        return _error("invalid", f"unknown command {cmd!r}; known: {', '.join(_TABLE)}"), False
    if not isinstance(args, dict):
        return _error("invalid", "'args' must be a JSON object"), False
    try:
        reply = handler(commands, args)
    except _BadArgs as exc:
        return _error("invalid", f"{cmd}: {exc}"), False
    except Exception as exc:
        log.exception("control request %r failed", cmd)
        return _error("error", f"{cmd} failed inside deskbreak: {exc} (details in the log)"), False
    return _response(reply), cmd == "quit" and reply.ok


def _encode(message: Mapping[str, Any]) -> bytes:
    return json.dumps(message, separators=(",", ":"), default=str).encode() + b"\n"


def _unix_path(paths: Paths) -> str:
    limit = 103 if sys.platform == "darwin" else 107  # sun_path, minus the final NUL
    size = len(os.fsencode(paths.socket))
    if size > limit:
        raise DeskbreakError(
            "the control socket path is too long",
            f"{paths.socket} is {size} bytes, the limit is {limit}; "
            "point DESKBREAK_HOME or XDG_RUNTIME_DIR at a shorter directory",
        )
    return str(paths.socket)


def _token_file(paths: Paths) -> Path:
    return paths.runtime_dir / "control.json"


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        if os.name == "posix":
            os.fchmod(out.fileno(), 0o600)
        out.write(text)


def _lock(paths: Paths) -> IO[bytes] | None:
    """Hold control.lock for the server's lifetime: the kernel frees it if the daemon dies."""
    if os.name != "posix":
        return None  # Windows relies on the ping probe alone
    import fcntl

    handle = (paths.runtime_dir / "control.lock").open("a+b")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        pid = handle.read(32).decode(errors="replace").strip() or "?"
        handle.close()
        raise AlreadyRunning(f"process {pid} holds the control lock") from None
    handle.truncate(0)
    handle.write(str(os.getpid()).encode())
    handle.flush()
    return handle


def _answers(paths: Paths, tcp: bool) -> bool:
    try:
        Client(paths, timeout=2.0, tcp=tcp).call("ping")
    except NotRunning:
        return False
    except DeskbreakError:
        return True  # something live holds the socket, even if it answers oddly
    return True


class Server:
    """The daemon's end: `start()` claims the socket or raises AlreadyRunning; `stop()` frees it."""

    def __init__(
        self,
        paths: Paths,
        commands: DaemonCommands,
        *,
        tcp: bool | None = None,
        read_timeout: float = READ_TIMEOUT,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        self._paths = paths
        self._commands = commands
        self._tcp = os.name == "nt" if tcp is None else tcp
        self._timeout = read_timeout
        self._max = max_connections
        self._token: str | None = None
        self._lock: IO[bytes] | None = None
        self._listener: socket.socket | None = None
        self._wake: tuple[socket.socket, socket.socket] | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._active = 0
        self._count = threading.Lock()

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the control server is already started")
        ensure(self._paths.runtime_dir, private=True)
        self._lock = _lock(self._paths)
        try:
            if _answers(self._paths, self._tcp):
                raise AlreadyRunning("another copy answers on the control socket")
            self._listener = self._listen_tcp() if self._tcp else self._listen_unix()
        except BaseException:
            self._release()
            raise
        self._wake = socket.socketpair()
        self._stopping.clear()
        self._thread = threading.Thread(target=self._serve, name="deskbreak-control", daemon=True)
        self._thread.start()
        log.info("control server listening (%s)", "tcp" if self._tcp else self._paths.socket)

    def stop(self) -> None:
        if self._thread is None:
            return
        self._stopping.set()
        if self._wake is not None:
            with contextlib.suppress(OSError):
                self._wake[1].send(b"x")
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._thread = None
        self._release()
        log.info("control server stopped")

    def _release(self) -> None:
        if self._listener is not None:
            # Unlink before closing: once nobody can connect, the socket file is already gone.
            gone = _token_file(self._paths) if self._tcp else self._paths.socket
            with contextlib.suppress(OSError):
                gone.unlink()
        for sock in (self._listener, *(self._wake or ())):
            if sock is not None:
                sock.close()
        self._listener, self._wake = None, None
        if self._lock is not None:
            self._lock.close()  # never delete the lock file: that would race a new daemon
            self._lock = None

    def _listen_unix(self) -> socket.socket:
        path = _unix_path(self._paths)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # stale: nobody answered the probe and we hold the lock
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.bind(path)
            os.chmod(path, 0o600)
            sock.listen(128)
        except BaseException:
            sock.close()
            raise
        return sock

    def _listen_tcp(self) -> socket.socket:
        sock = socket.create_server(("127.0.0.1", 0), backlog=128)
        self._token = secrets.token_urlsafe(32)
        port = sock.getsockname()[1]
        info = {"port": port, "token": self._token, "pid": os.getpid()}
        _write_private(_token_file(self._paths), json.dumps(info))
        return sock

    def _serve(self) -> None:
        assert self._listener is not None and self._wake is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._wake[0], selectors.EVENT_READ)
            while not self._stopping.is_set():
                for key, _ in selector.select():
                    if key.fileobj is self._listener and not self._stopping.is_set():
                        self._accept(self._listener)

    def _accept(self, listener: socket.socket) -> None:
        try:
            conn, _ = listener.accept()
        except OSError as exc:
            log.warning("control server could not accept a connection: %s", exc)
            time.sleep(0.1)  # e.g. out of file descriptors: don't spin on a readable listener
            return
        with self._count:
            busy = self._active >= self._max
            self._active += 0 if busy else 1
        if busy:
            with conn, contextlib.suppress(OSError):
                conn.settimeout(0.2)
                conn.sendall(_encode(_error("error", "deskbreak is busy; try again")))
            return
        name = "deskbreak-control-conn"
        threading.Thread(target=self._connection, args=(conn,), name=name, daemon=True).start()

    def _connection(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(self._timeout)
            with conn, conn.makefile("rb") as reader:
                self._converse(conn, reader)
        except TimeoutError:
            log.debug("dropped a control connection that went quiet")
        except OSError as exc:
            log.debug("control connection ended: %s", exc)
        except Exception:
            log.exception("control connection failed")
        finally:
            with self._count:
                self._active -= 1

    def _converse(self, conn: socket.socket, reader: IO[bytes]) -> None:
        if self._token is not None:
            offered = reader.readline(256).strip()
            if not hmac.compare_digest(offered, self._token.encode()):
                log.warning("dropped a control connection with a wrong token")
                return
        while line := reader.readline(MAX_LINE + 1):
            if len(line) > MAX_LINE and not line.endswith(b"\n"):
                limit = MAX_LINE // 1024
                conn.sendall(_encode(_error("invalid", f"request longer than {limit} KiB")))
                return
            if not line.strip():
                continue
            response, quitting = handle_line(self._commands, line)
            conn.sendall(_encode(response))
            if quitting:
                log.info("quit requested over the control socket")
                self._commands.quit()
                return


class Client:
    """The CLI's end: one request per connection, `call()` returns the daemon's Reply."""

    def __init__(self, paths: Paths, timeout: float = 5.0, *, tcp: bool | None = None) -> None:
        self._paths = paths
        self._timeout = timeout
        self._tcp = os.name == "nt" if tcp is None else tcp

    def call(self, cmd: str, **args: Any) -> Reply:
        """Send one command; raises NotRunning, NoAnswer or DaemonFailed."""
        response = self.request({"cmd": cmd, "args": args})
        code, message, data = response.get("code"), response.get("message"), response.get("data")
        if code not in {"ok", "refused", "invalid", "error"} or not isinstance(message, str):
            raise NoAnswer("deskbreak gave an unreadable answer", repr(response)[:200])
        if code == "error":
            raise DaemonFailed("deskbreak could not do that", message)
        return Reply(ReplyCode(code), message, data if isinstance(data, dict) else {})

    def request(self, message: Mapping[str, Any]) -> dict[str, Any]:
        """Send one raw request object and return the raw response object."""
        sock = self._connect()
        try:
            with sock, sock.makefile("rb") as reader:
                sock.sendall(_encode(message))
                line = reader.readline(16 * MAX_LINE)
        except TimeoutError:
            raise NoAnswer(
                "deskbreak did not answer", f"no reply within {self._timeout:g} s"
            ) from None
        except OSError as exc:
            raise NoAnswer("deskbreak dropped the connection", str(exc)) from None
        try:
            response = json.loads(line)
        except ValueError:
            response = None
        if not isinstance(response, dict):
            raise NoAnswer("deskbreak gave an unreadable answer", repr(line)[:200])
        return response

    def _connect(self) -> socket.socket:
        if self._tcp:
            return self._connect_tcp()
        path = _unix_path(self._paths)
        deadline = time.monotonic() + self._timeout
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self._timeout)
            try:
                sock.connect(path)
                return sock
            except (FileNotFoundError, ConnectionRefusedError):
                sock.close()
                raise NotRunning() from None
            except BlockingIOError:  # the backlog is full: the daemon is busy, not gone
                sock.close()
                if time.monotonic() > deadline:
                    raise NoAnswer("deskbreak is too busy to answer", path) from None
                time.sleep(0.02)
            except OSError as exc:
                sock.close()
                raise NoAnswer(
                    "cannot open the control socket", f"{path}: {exc.strerror}"
                ) from None

    def _connect_tcp(self) -> socket.socket:
        where = _token_file(self._paths)
        try:
            info = json.loads(where.read_text(encoding="utf-8"))
            port, token = int(info["port"]), str(info["token"])
        except FileNotFoundError:
            raise NotRunning() from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise NoAnswer("the control file is unreadable", f"{where}: {exc}") from None
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=self._timeout)
        except ConnectionRefusedError:
            raise NotRunning() from None
        except OSError as exc:
            raise NoAnswer("cannot reach deskbreak", str(exc)) from None
        with contextlib.suppress(OSError):
            sock.sendall(token.encode() + b"\n")
        return sock
