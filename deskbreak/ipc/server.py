"""The daemon's end of the control channel, and the single-instance guard.

Listens on the socket `ipc.client` names, one thread per connection; lines are
capped, connections are capped and time out, and the server holds a lock file
for its lifetime so two daemons never both serve. Each line goes through
`ipc.protocol`; a `follow` request turns its connection into a follower
(`ipc.followers`), sent a line per change of the status until it hangs up.
Imports only the standard library, core modules and `ipc`; must not import the
daemon, the tray or any GUI library.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import selectors
import socket
import threading
import time
from pathlib import Path
from typing import IO

from deskbreak import threads
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.i18n import _, number_text
from deskbreak.ipc.client import Client, NotRunning, token_file, unix_path
from deskbreak.ipc.followers import Followers, render
from deskbreak.ipc.protocol import MAX_LINE, DaemonCommands, encode, error, handle_line
from deskbreak.paths import Paths, ensure

log = logging.getLogger(__name__)

READ_TIMEOUT = 5.0
MAX_CONNECTIONS = 32


class AlreadyRunning(DeskbreakError):
    def __init__(self, detail: str) -> None:
        super().__init__(_("deskbreak is already running"), detail)


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
        # Translators: {pid} is a process id; the control lock is the file only one deskbreak
        # may hold at a time.
        raise AlreadyRunning(_("process {pid} holds the control lock").format(pid=pid)) from None
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
        followers: Followers | None = None,
    ) -> None:
        self._paths = paths
        self._commands = commands
        self._tcp = os.name == "nt" if tcp is None else tcp
        self._timeout = read_timeout
        self._max = max_connections
        self._followers = followers
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
                raise AlreadyRunning(_("another copy answers on the control socket"))
            self._listener = self._listen_tcp() if self._tcp else self._listen_unix()
        except BaseException:
            self._release()
            raise
        self._wake = socket.socketpair()
        self._stopping.clear()
        self._thread = threads.make("deskbreak-control", self._serve)
        self._thread.start()
        log.info("control server listening (%s)", "tcp" if self._tcp else self._paths.socket)

    def stop(self) -> None:
        if self._thread is None:
            return
        self._stopping.set()
        if self._followers is not None:
            self._followers.close()  # each follower sees its connection end
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
            gone = token_file(self._paths) if self._tcp else self._paths.socket
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
        path = unix_path(self._paths)
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
        import secrets  # hashlib and OpenSSL: only the TCP channel (Windows) needs them

        sock = socket.create_server(("127.0.0.1", 0), backlog=128)
        self._token = secrets.token_urlsafe(32)
        port = sock.getsockname()[1]
        info = {"port": port, "token": self._token, "pid": os.getpid()}
        _write_private(token_file(self._paths), json.dumps(info))
        return sock

    def _serve(self) -> None:
        assert self._listener is not None and self._wake is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._wake[0], selectors.EVENT_READ)
            while not self._stopping.is_set():
                for key, _events in selector.select():
                    if key.fileobj is self._listener and not self._stopping.is_set():
                        self._accept(self._listener)

    def _accept(self, listener: socket.socket) -> None:
        try:
            conn, _address = listener.accept()
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
                conn.sendall(encode(error("error", _("deskbreak is busy; try again"))))
            return
        threads.make("deskbreak-control-conn", self._connection, conn).start()

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
            import hmac

            offered = reader.readline(256).strip()
            if not hmac.compare_digest(offered, self._token.encode()):
                log.warning("dropped a control connection with a wrong token")
                return
        while line := reader.readline(MAX_LINE + 1):
            if len(line) > MAX_LINE and not line.endswith(b"\n"):
                limit = number_text(MAX_LINE // 1024)
                # Translators: {limit} is a number; KiB is the unit kibibyte (1024 bytes).
                message = _("request longer than {limit} KiB").format(limit=limit)
                conn.sendall(encode(error("invalid", message)))
                return
            if not line.strip():
                continue
            response, then = handle_line(self._commands, line)
            if then == "follow":
                self._follow(conn, response)
                return
            conn.sendall(encode(response))
            if then == "quit":
                log.info("quit requested over the control socket")
                self._commands.quit()
                return

    def _follow(self, conn: socket.socket, response: dict[str, object]) -> None:
        """Serve `conn` as a follower: the reply, the status at once, then each change."""
        followers = self._followers
        follower = None if followers is None or self._stopping.is_set() else followers.add(conn)
        if followers is None or follower is None:
            conn.sendall(encode(error("error", _("deskbreak is busy; try again"))))
            return
        try:
            first = render(self._commands.status())  # the first line, at once
        except DeskbreakError as exc:  # still starting: say so, as `status` would
            followers.remove(follower)
            conn.sendall(encode(error("error", str(exc))))
            return
        try:
            conn.sendall(encode(response))
            follower.offer(*first)
            follower.serve()
        finally:
            followers.remove(follower)
