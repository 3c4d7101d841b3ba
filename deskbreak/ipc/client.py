"""The CLI's end of the control channel, and where the daemon's socket is.

AF_UNIX in the 0700 runtime directory on POSIX; on Windows loopback TCP plus a
random token kept in a user-only file the server writes. One request per
connection, with a timeout on connecting and on the answer; `follow` keeps its
connection and reads the daemon's line per change of the status, with no timeout. Imports only the
standard library, core modules and `ipc.protocol`; must not import the daemon.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from deskbreak.core.errors import DeskbreakError
from deskbreak.core.i18n import _, number_text
from deskbreak.core.ports import Reply, ReplyCode
from deskbreak.ipc.protocol import MAX_LINE, encode
from deskbreak.paths import Paths


class NotRunning(DeskbreakError):
    def __init__(self) -> None:
        super().__init__(_("deskbreak is not running"), _("start it with `deskbreak start`"))


class NoAnswer(DeskbreakError):
    """The daemon is there but gave no usable answer (timeout, garbage, closed early)."""


class DaemonFailed(DeskbreakError):
    """The daemon understood the request but failed inside; details are in its log."""


def unix_path(paths: Paths) -> str:
    limit = 103 if sys.platform == "darwin" else 107  # sun_path, minus the final NUL
    size = len(os.fsencode(paths.socket))
    if size > limit:
        # Translators: the control socket is the file the command line talks to deskbreak through.
        title = _("the control socket path is too long")
        # Translators: {path} is a file path, {size} and {limit} numbers of bytes; {home} and
        # {runtime} are the names of environment variables (DESKBREAK_HOME, XDG_RUNTIME_DIR).
        message = _(
            "{path} is {size} bytes, the limit is {limit}; "
            "point {home} or {runtime} at a shorter directory"
        ).format(
            path=paths.socket,
            size=size,
            limit=limit,
            home="DESKBREAK_HOME",
            runtime="XDG_RUNTIME_DIR",
        )
        raise DeskbreakError(title, message)
    return str(paths.socket)


def token_file(paths: Paths) -> Path:
    return paths.runtime_dir / "control.json"


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
            raise NoAnswer(_("deskbreak gave an unreadable answer"), repr(response)[:200])
        if code == "error":
            raise DaemonFailed(_("deskbreak could not do that"), message)
        return Reply(ReplyCode(code), message, data if isinstance(data, dict) else {})

    def request(self, message: Mapping[str, Any]) -> dict[str, Any]:
        """Send one raw request object and return the raw response object."""
        sock = self._connect()
        try:
            with sock, sock.makefile("rb") as reader:
                sock.sendall(encode(message))
                line = reader.readline(16 * MAX_LINE)
        except TimeoutError:
            seconds = number_text(self._timeout, 0 if float(self._timeout).is_integer() else 1)
            # Translators: {seconds} is a number, e.g. "5".
            detail = _("no reply within {seconds} s").format(seconds=seconds)
            raise NoAnswer(_("deskbreak did not answer"), detail) from None
        except OSError as exc:
            raise NoAnswer(_("deskbreak dropped the connection"), str(exc)) from None
        try:
            response = json.loads(line)
        except ValueError:
            response = None
        if not isinstance(response, dict):
            raise NoAnswer(_("deskbreak gave an unreadable answer"), repr(line)[:200])
        return response

    def follow(self) -> Iterator[dict[str, Any]]:
        """The daemon's status lines (`{"status": {...}, "headline": "..."}`), the first at
        once and then one per change, until the daemon stops or drops this follower (the
        iterator ends). Raises NotRunning, NoAnswer or DaemonFailed before the first."""
        sock = self._connect()
        with sock, sock.makefile("rb") as reader:
            try:
                sock.sendall(encode({"cmd": "follow", "args": {}}))
                reply = json.loads(reader.readline(16 * MAX_LINE) or b"null")
            except TimeoutError:
                raise NoAnswer(_("deskbreak did not answer"), "follow") from None
            except (OSError, ValueError) as exc:
                raise NoAnswer(_("deskbreak dropped the connection"), str(exc)) from None
            if not isinstance(reply, dict) or reply.get("code") != "ok":
                said = reply.get("message") if isinstance(reply, dict) else None
                if isinstance(said, str):
                    raise DaemonFailed(_("deskbreak could not do that"), said)
                raise NoAnswer(_("deskbreak gave an unreadable answer"), repr(reply)[:200])
            sock.settimeout(None)  # a line comes when something changes: hours, perhaps
            while True:
                try:
                    line = reader.readline(16 * MAX_LINE)
                except OSError:
                    return
                if not line:
                    return
                try:
                    news = json.loads(line)
                except ValueError:
                    return
                if isinstance(news, dict) and isinstance(news.get("status"), dict):
                    yield news

    def _connect(self) -> socket.socket:
        if self._tcp:
            return self._connect_tcp()
        path = unix_path(self._paths)
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
                    raise NoAnswer(_("deskbreak is too busy to answer"), path) from None
                time.sleep(0.02)
            except OSError as exc:
                sock.close()
                detail = f"{path}: {exc.strerror}"
                raise NoAnswer(_("cannot open the control socket"), detail) from None

    def _connect_tcp(self) -> socket.socket:
        where = token_file(self._paths)
        try:
            info = json.loads(where.read_text(encoding="utf-8"))
            port, token = int(info["port"]), str(info["token"])
        except FileNotFoundError:
            raise NotRunning() from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # Translators: the control file holds where and how to reach the running deskbreak.
            raise NoAnswer(_("the control file is unreadable"), f"{where}: {exc}") from None
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=self._timeout)
        except ConnectionRefusedError:
            raise NotRunning() from None
        except OSError as exc:
            raise NoAnswer(_("cannot reach deskbreak"), str(exc)) from None
        with contextlib.suppress(OSError):
            sock.sendall(token.encode() + b"\n")
        return sock
