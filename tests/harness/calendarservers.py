"""A real CalDAV server and a real Secret Service for the calendar tests, on this machine only.

`start_radicale` runs Radicale (the `radicale` package of the test extra) over HTTPS on a
loopback port with a throwaway store and an htpasswd user; `Radicale.make_calendar` fills a
calendar there through CalDAV (the `caldav` library, 1.3.9 or newer). `start_keyring` runs a
private D-Bus session bus and gnome-keyring-daemon in it with an unlocked login keyring (its
password given on standard input, as a display manager's PAM module would), so `keyring`'s
Secret Service backend stores and reads real secrets. Both live in a `ProcessGroup`, stopped
by PID. Test support: it must not import deskbreak.
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.process import ProcessGroup, read_line

KEYRING_PROGRAMS = {"dbus-daemon": "dbus", "gnome-keyring-daemon": "gnome-keyring"}


class ServerError(Exception):
    pass


def missing_programs() -> list[str]:
    """The programs (with their Debian packages) the keyring needs and this machine lacks."""
    return [f"{p} ({d})" for p, d in KEYRING_PROGRAMS.items() if shutil.which(p) is None]


@dataclass
class Radicale:
    port: int
    user: str
    password: str

    def url(self, path: str = "") -> str:
        return f"https://127.0.0.1:{self.port}/{path}"

    def make_calendar(self, ca: Path, cal_id: str, objects: Sequence[str]) -> str:
        """A calendar `cal_id` of the user holding `objects` (each one VCALENDAR text), made
        through CalDAV; its collection's address."""
        import inspect

        from caldav.davclient import DAVClient

        extra: dict[str, Any] = {}
        if "enable_rfc6764" in inspect.signature(DAVClient.__init__).parameters:
            extra["enable_rfc6764"] = False  # caldav 2.2 and later; 1.3.9 never discovers
        with DAVClient(
            url=self.url(),
            username=self.user,
            password=self.password,
            ssl_verify_cert=str(ca),
            **extra,
        ) as client:
            principal = client.principal()  # type: ignore[no-untyped-call]
            made = principal.make_calendar(name=cal_id.title(), cal_id=cal_id)
            for text in objects:
                made.save_event(text)
        return self.url(f"{self.user}/{cal_id}/")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_radicale(group: ProcessGroup, folder: Path, cert: Path, key: Path, ca: Path) -> Radicale:
    users = folder / "users"
    server = Radicale(_free_port(), "me", "correct horse")
    users.write_text(f"{server.user}:{server.password}\n")
    group.spawn(
        "radicale",
        sys.executable, "-m", "radicale", "--config", "",
        "--server-hosts", f"127.0.0.1:{server.port}",
        "--server-ssl", "--server-certificate", str(cert), "--server-key", str(key),
        "--auth-type", "htpasswd", "--auth-htpasswd-filename", str(users),
        "--auth-htpasswd-encryption", "plain",
        "--storage-filesystem-folder", str(folder / "store"),
        "--rights-type", "owner_only", "--logging-level", "warning",
        env={**os.environ, "HOME": str(folder)},
    )  # fmt: skip
    context = ssl.create_default_context(cafile=str(ca))

    def answers() -> bool:
        try:
            with (
                socket.create_connection(("127.0.0.1", server.port), timeout=2) as raw,
                context.wrap_socket(raw, server_hostname="127.0.0.1"),
            ):
                return True
        except OSError:
            return False

    group.wait_for("Radicale", answers, timeout=30)
    return server


def start_keyring(group: ProcessGroup, folder: Path) -> dict[str, str]:
    """A session bus with an unlocked login keyring; the environment that reaches it."""
    runtime = folder / "runtime"
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ,
        "HOME": str(folder),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
    }
    env.pop("PYTHON_KEYRING_BACKEND", None)
    read_fd, write_fd = os.pipe()
    try:
        group.spawn(
            "dbus-daemon", "dbus-daemon", "--session", "--nofork",
            f"--print-address={write_fd}", env=env, pass_fd=write_fd,
        )  # fmt: skip
    finally:
        os.close(write_fd)
    env["DBUS_SESSION_BUS_ADDRESS"] = read_line(read_fd, "the bus address", ServerError)
    unlock = folder / "login-password"
    unlock.write_text("login password")
    group.spawn(
        "gnome-keyring-daemon", "sh", "-c",
        f"exec gnome-keyring-daemon --foreground --unlock --components=secrets < '{unlock}'",
        env=env,
    )  # fmt: skip

    def serving() -> bool:
        done = subprocess.run(
            ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
             "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames"],
            env=env, capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
        return "org.freedesktop.secrets" in done.stdout

    group.wait_for("the Secret Service", serving, timeout=30)
    return env
