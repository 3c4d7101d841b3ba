"""A desktop session inside a Debian 13 (trixie) root, whose packages hold GNOME Shell 48,
sway 1.10 and Plasma 6.

`desktop_root(where)` gives the root once per test run: a `debroot` root with the three
desktops' packages (built and cached by `debroot`: minutes cold, seconds warm) and deskbreak
installed from this clone into a venv in the root (`/opt/deskbreak`, on the root's Python
3.13, pip with a wheel cache kept beside the root cache).

`Trixie` is one session in that root: ONE long-lived namespace (`unshare --pid --mount --net`,
so everything in it dies with it, no mount outlives it and X11's abstract sockets are its own)
holding a fresh HOME and XDG_RUNTIME_DIR in a host folder bind-mounted into the root at the
same path (so the test reads the buses, sockets, logs and deskbreak's home as they are inside),
and a private system bus and session bus (with activation, so dconf works). More commands run
inside with `popen` / `run` (nsenter into the namespace, chroot, the test user, uid 1000).
It composes `harness.process.ProcessGroup` as the other sessions do and has what
`harness.daemon.Daemon` needs (`env`, `popen`, `wait_for`, and `deskbreak`, `temp_dir`,
`adopt`, `run` for a daemon that runs inside). `trixie_desktops.start_gnome48`,
`trixie_wayland.start_sway110` and `trixie_plasma.start_plasma6` start a desktop in a
session. Test support: it must not import deskbreak.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from harness.debroot import PATH, UID, DebRoot, RootSpec, cache_root, prepare
from harness.process import ProcessGroup, Program, orphan_proof

CLONE = Path(__file__).resolve().parents[2]
VENV = "/opt/deskbreak"
DESKBREAK = f"{VENV}/bin/deskbreak"
DESKTOP_DEBS = (
    # base
    "dbus", "dbus-daemon", "dbus-x11", "dbus-user-session", "python3", "python3-venv",
    "python3-tk", "wayland-utils", "libnotify-bin", "xwayland", "ca-certificates",
    "libgl1-mesa-dri", "libegl-mesa0", "fonts-dejavu-core", "dconf-gsettings-backend",
    "dconf-service", "procps", "libglib2.0-bin", "x11-utils",
    # sway
    "sway", "waybar", "mako-notifier", "wtype", "swayidle",
    # GNOME
    "gnome-shell", "mutter", "gnome-shell-extension-appindicator", "gsettings-desktop-schemas",
    "gnome-settings-daemon-common",
    # Plasma (plasmashell needs plasma-desktop's corona; PowerDevil serves the idle inhibitors)
    "kwin-wayland", "plasma-workspace", "plasma-desktop", "powerdevil",
)  # fmt: skip
DESKTOP_SPEC = RootSpec("trixie", apt=DESKTOP_DEBS)
# The clone's files pip needs to build deskbreak (no .git, no venv, no caches).
_SOURCE = ("pyproject.toml", "README.md", "MANIFEST.in", "LICENSE", "deskbreak", "scripts")

# Mount what a session needs, bind each "HOST=INSIDE" of $BINDS, then run the command in the
# root as uid:gid $AS ($1 the root, $2 uid:gid, then the command).
_ENTER = r"""
set -e
R=$1; AS=$2; shift 2
mount -t proc proc "$R/proc"
mount --rbind /sys "$R/sys"
mount --bind /dev "$R/dev"
mount --bind /dev/pts "$R/dev/pts"
mount -t tmpfs -o mode=1777 shm "$R/dev/shm"
mount -t tmpfs -o mode=755 run "$R/run"
mount -t tmpfs -o mode=1777 tmp "$R/tmp"
mkdir -m 1777 "$R/tmp/.X11-unix" "$R/tmp/.ICE-unix"
for b in $BINDS; do mkdir -p "$R${b#*=}"; mount --bind "${b%%=*}" "$R${b#*=}"; done
cp /etc/resolv.conf "$R/etc/resolv.conf"
exec chroot --userspec="$AS" "$R" "$@"
"""
_BUS = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>{kind}</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  {servicedirs}
  <policy context="default">
    <allow user="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class TrixieError(RuntimeError):
    """The root or a session in it could not be had, or something awaited never happened."""


def desktop_root(where: Path) -> DebRoot:
    """The desktop root unpacked in `where`, with deskbreak from this clone in its venv.
    Raises `debroot.RootUnavailable` with the reason when no root can be had here."""
    root = prepare(DESKTOP_SPEC, where)
    _install_deskbreak(root)
    return root


def _install_deskbreak(root: DebRoot) -> None:
    src = root.path / "opt/deskbreak-src"
    for name in _SOURCE:
        path = CLONE / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.exists():
            src.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, src / name)
    # pip from PyPI, trusting what this machine trusts (a proxy's CA among them)
    shutil.copy2("/etc/ssl/certs/ca-certificates.crt", root.path / "etc/ssl/host-ca.crt")
    pip_cache = cache_root() / "pip"
    pip_cache.mkdir(parents=True, exist_ok=True)
    line = (
        f"python3 -m venv {VENV} && {VENV}/bin/pip install -q --disable-pip-version-check "
        f"/opt/deskbreak-src"
    )
    done = inroot(
        root.path,
        line,
        binds={str(pip_cache): "/root/.cache/pip"},
        env={"PIP_CERT": "/etc/ssl/host-ca.crt", "HOME": "/root"},
        timeout=600,
    )
    if done.returncode != 0:
        raise TrixieError(f"pip could not install deskbreak in the root:\n{done.stderr[-3000:]}")


def inroot(
    root: Path,
    line: str,
    *,
    binds: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run a shell line as root in `root`, in namespaces of its own (the network shared)."""
    inner = {"PATH": PATH, "LANG": "C.UTF-8", **(env or {})}
    argv = [
        "timeout", "-k", "5", str(int(timeout)),
        "unshare", "--pid", "--fork", "--kill-child", "--mount", "--propagation", "private",
        "sh", "-c", _ENTER, "enter", str(root), "0:0",
        "/usr/bin/env", "-i", *(f"{k}={v}" for k, v in inner.items()), "/bin/sh", "-c", line,
    ]  # fmt: skip
    binds_env = " ".join(f"{h}={i}" for h, i in (binds or {}).items())
    return subprocess.run(
        argv,
        env={**os.environ, "BINDS": binds_env},
        capture_output=True,
        text=True,
        timeout=timeout + 15,
        check=False,
    )


class _Inside(subprocess.Popen[str]):
    """nsenter running a command in the session: a signal goes to the command (nsenter, its
    parent, neither forwards one nor exits before it)."""

    def send_signal(self, sig: int) -> None:
        try:
            inner = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        except OSError:
            inner = []
        if inner and self.poll() is None:
            try:
                os.kill(int(inner[0]), sig)
                return
            except ProcessLookupError:
                pass
        super().send_signal(sig)


class Trixie:
    """One session in the root: its namespace, its folder (the same path inside and out),
    its buses, and the programs started in it; everything is stopped by PID in `close`."""

    def __init__(self, root: DebRoot, error: type[Exception] = TrixieError) -> None:
        self.root = root
        self.dir = Path(tempfile.mkdtemp(prefix="trx."))  # short: AF_UNIX paths are short
        self.group = ProcessGroup(self.dir, error)
        self.home = self.dir / "home"
        self.runtime = self.dir / "runtime"
        self.temp_dir = self.dir / "tmp"  # where a daemon's home goes (seen inside too)
        for path in (self.home, self.runtime, self.temp_dir):
            path.mkdir(mode=0o700)
        self.dir.chmod(0o755)
        self.adopt(self.dir)
        self.vars: dict[str, str] = {
            "PATH": PATH,
            "HOME": str(self.home),
            "USER": "user",
            "LOGNAME": "user",
            "LANG": "C.UTF-8",
            "XDG_RUNTIME_DIR": str(self.runtime),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local/share"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "NO_AT_BRIDGE": "1",
        }
        self.deskbreak = (DESKBREAK,)
        self._pid = 0

    @property
    def env(self) -> dict[str, str]:
        """The session's environment, as a command inside gets it."""
        return dict(self.vars)

    def start(self) -> None:
        """The namespace (its first process waits), then the system and session buses."""
        self.group.spawn(
            "namespace",
            "unshare", "--pid", "--fork", "--kill-child", "--mount", "--propagation", "private",
            "--net", "sh", "-c", _ENTER, "enter", str(self.root.path), "0:0",
            "/bin/sleep", "infinity",
            env={**os.environ, "BINDS": f"{self.dir}={self.dir}"},
            stop_signal=signal.SIGKILL,  # unshare and the namespace's first process ignore TERM
        )  # fmt: skip
        unshare = self.group.pids()[0]
        self.group.wait_for("the namespace", lambda: self._inner_pid(unshare) > 0, 20)
        self._pid = self._inner_pid(unshare)
        self.group.wait_for(
            "the namespace's mounts",
            lambda: self.run("test", "-d", str(self.home), check=False).returncode == 0,
            20,
        )
        self.vars["DBUS_SYSTEM_BUS_ADDRESS"] = self._bus("system", "")
        self.vars["DBUS_SESSION_BUS_ADDRESS"] = self._bus(
            "session", "<standard_session_servicedirs/>"
        )

    def _inner_pid(self, unshare: int) -> int:
        """The namespace's first process (the child unshare forked), 0 until it is there."""
        try:
            kids = Path(f"/proc/{unshare}/task/{unshare}/children").read_text().split()
        except OSError:
            return 0
        if not kids:
            return 0
        # it has entered the root once its root directory is the root's
        try:
            inside = os.readlink(f"/proc/{kids[0]}/root") == str(self.root.path)
        except OSError:
            return 0
        return int(kids[0]) if inside else 0

    def _bus(self, kind: str, servicedirs: str) -> str:
        socket = self.runtime / f"{kind}_bus"
        conf = self.dir / f"{kind}.conf"
        conf.write_text(_BUS.format(kind=kind, socket=socket, servicedirs=servicedirs))
        self.spawn(f"{kind}-bus", "dbus-daemon", "--nofork", f"--config-file={conf}")
        self.wait_for(f"the {kind} bus", socket.exists)
        return f"unix:path={socket}"

    def extra_bus(self, name: str) -> str:
        """Another bus of the session's kind (no activation), its socket `name` in
        XDG_RUNTIME_DIR (an accessibility bus, say): its address, once it listens."""
        socket = self.runtime / name
        conf = self.dir / f"{name}.conf"
        conf.write_text(_BUS.format(kind="session", socket=socket, servicedirs=""))
        self.spawn(name, "dbus-daemon", "--nofork", f"--config-file={conf}")
        self.wait_for(f"the bus {name}", socket.exists)
        return f"unix:path={socket}"

    def command(self, cmd: Sequence[str], env: Mapping[str, str] | None = None) -> list[str]:
        """`cmd` as a host command that runs it inside, as the test user, with the session's
        environment plus `env`; it gets SIGTERM when the host process running it dies."""
        inner = {**self.vars, **(env or {})}
        return [
            "nsenter", "--target", str(self._pid), "--pid", "--mount", "--net", "--",
            "chroot", f"--userspec={UID}:{UID}", str(self.root.path),
            "/usr/bin/setpriv", "--pdeathsig", "TERM", "--",
            "/usr/bin/env", "-i", *(f"{k}={v}" for k, v in inner.items()), *cmd,
        ]  # fmt: skip

    def spawn(self, name: str, *cmd: str, env: Mapping[str, str] | None = None) -> None:
        """Start one of the session's own programs inside; its output goes to `name`.log."""
        self.group.spawn(name, *self.command(cmd, env), env=os.environ)

    def popen(self, *cmd: str, **kw: Any) -> subprocess.Popen[str]:
        """Start `cmd` inside (stopped at `close` if the caller has not). Signals sent to what
        this gives reach the command itself, and waiting for it waits for the command."""
        env = kw.pop("env", None)
        proc = _Inside(orphan_proof(self.command(cmd, env)), env=os.environ, text=True, **kw)
        self.group.children.append(Program(cmd[0], proc, own_group=False))
        return proc

    def run(
        self,
        *cmd: str,
        env: Mapping[str, str] | None = None,
        timeout: float = 20,
        check: bool = True,
    ) -> subprocess.CompletedProcess[str]:
        """Run `cmd` inside and wait for it; with `check`, fail with its output unless it
        exits 0."""
        done = subprocess.run(
            self.command(cmd, env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise self.group.error(
                f"`{shlex.join(cmd)}` exited {done.returncode}:\n{done.stdout[-2000:]}"
                f"{done.stderr[-2000:]}"
            )
        return done

    def adopt(self, path: Path) -> None:
        """Give `path` (a folder the test wrote) to the test user inside, all of it."""
        for top, dirs, names in os.walk(path):
            os.chown(top, UID, UID)
            for name in [*dirs, *names]:
                os.chown(os.path.join(top, name), UID, UID, follow_symlinks=False)

    def gsettings(self, *args: str) -> str:
        return self.run("gsettings", *args).stdout.strip()

    def wait_for(self, what: str, predicate: Callable[[], bool], timeout: float = 10) -> None:
        self.group.wait_for(what, predicate, timeout)

    def logs(self, lines: int = 12) -> str:
        return self.group.logs(lines)

    def close(self) -> None:
        """Stop everything (the namespace last: what is left in it dies with it)."""
        self.group.close()
