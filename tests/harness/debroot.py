"""Clean Debian roots built with debootstrap, cached, and commands run inside them.

`prepare(RootSpec("trixie", ("man-db",)), where)` gives a `DebRoot`: a fresh copy of a
`debootstrap --variant=minbase` root of that suite with those packages and one normal user
(`user`, uid 1000). The first build downloads from the Debian mirror of this machine's apt
sources (or `DESKBREAK_DEBIAN_MIRROR`) and is saved as a zstd tarball outside the clone,
`${XDG_CACHE_HOME:-~/.cache}/deskbreak-tests/roots/<suite>-<key>.tar.zst`, the key a hash of the
suite, the package list and the build recipe; later runs unpack that (seconds). Nothing in the
repository is written.

`DebRoot.run` runs one command in the root, in private PID and mount namespaces (unshare):
/proc, /dev, a fresh /run and /tmp are mounted inside, so everything the command started dies
with it and no mount outlives it; nothing is left to track or unmount. The root's apt archive
directory is a per-suite cache directory bind-mounted in, so a package is downloaded once per
machine, not once per run (the root's own files do not change).

Needs root, debootstrap, zstd, tar and unshare; `missing()` names what is not there, and
`prepare` raises `RootUnavailable` with the reason (missing programs, the archive unreachable,
a failed build) so the caller decides between skip and fail. Reusable for any test that needs
a real Debian (a desktop root adds its packages to the spec and gets its own cache entry).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# Bump when the build steps below change, so old cached roots are not reused.
RECIPE = "1"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
USER = "user"
UID = 1000
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# Inside the root these are mounts or caches, never package files.
VOLATILE = ("proc", "sys", "dev", "run", "tmp", "var/cache/apt/archives")

# The namespace wrapper: $1 the root, $2 the apt cache (or ""), $3 uid:gid, then the command.
_INROOT = r"""
set -e
R=$1; CACHE=$2; AS=$3; shift 3
mount -t proc proc "$R/proc"
mount --bind /dev "$R/dev"
mount --bind /dev/pts "$R/dev/pts"
mount -t tmpfs -o mode=1777 shm "$R/dev/shm"
mount -t tmpfs -o mode=755 run "$R/run"
mount -t tmpfs -o mode=1777 tmp "$R/tmp"
if [ -n "$CACHE" ]; then mount --bind "$CACHE" "$R/var/cache/apt/archives"; fi
cp /etc/resolv.conf "$R/etc/resolv.conf"
exec chroot --userspec="$AS" "$R" "$@"
"""


class RootUnavailable(Exception):
    """No clean root can be had here; the message says why."""


@dataclass(frozen=True)
class RootSpec:
    suite: str  # a Debian codename: bookworm, trixie
    packages: tuple[str, ...] = ()  # installed beyond minbase when the root is built
    # installed with apt-get (--no-install-recommends) after debootstrap: apt resolves a long
    # list (a desktop's) where debootstrap's own resolver is for a handful of packages
    apt: tuple[str, ...] = ()

    def key(self) -> str:
        text = "\n".join([RECIPE, self.suite, *sorted(set(self.packages))])
        if self.apt:
            text += "\napt:" + "\n".join(sorted(set(self.apt)))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def cache_root(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "deskbreak-tests"


def missing() -> list[str]:
    """What this machine lacks to build or run a root (empty when it can)."""
    lacks = [
        f"{prog} (Debian package {deb})"
        for prog, deb in (
            ("debootstrap", "debootstrap"),
            ("zstd", "zstd"),
            ("unshare", "util-linux"),
            ("tar", "tar"),
        )
        if shutil.which(prog) is None
    ]
    if os.geteuid() != 0:
        lacks.append("root (debootstrap, chroot and mount namespaces need it)")
    return lacks


def mirror(sources: Path = Path("/etc/apt")) -> str:
    """The Debian archive this machine's apt uses (not its security archive)."""
    if os.environ.get("DESKBREAK_DEBIAN_MIRROR"):
        return str(os.environ["DESKBREAK_DEBIAN_MIRROR"]).rstrip("/")
    files = [sources / "sources.list", *sorted((sources / "sources.list.d").glob("*"))]
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        uris = re.findall(r"^URIs:\s*(\S+)", text, re.M)  # deb822
        uris += re.findall(r"^deb\s+(?:\[[^]]*\]\s+)?(\S+)", text, re.M)  # one-line
        for uri in uris:
            if uri.rstrip("/").endswith("/debian") and "security" not in uri:
                return str(uri).rstrip("/")
    return DEFAULT_MIRROR


def reachable(url: str, suite: str, timeout: float = 20) -> str | None:
    """None when the archive answers for the suite, else why not."""
    release = f"{url}/dists/{suite}/InRelease"
    try:
        with urllib.request.urlopen(release, timeout=timeout) as answer:
            answer.read(64)
    except OSError as exc:
        return f"the Debian archive cannot be reached ({release}: {exc})"
    return None


@dataclass
class DebRoot:
    path: Path
    spec: RootSpec
    apt_cache: Path | None = None
    log: list[str] = field(default_factory=list)

    def run(
        self,
        command: str | Sequence[str],
        *,
        user: bool = False,
        env: Mapping[str, str] | None = None,
        timeout: float = 300,
        cwd: str = "/",
    ) -> subprocess.CompletedProcess[str]:
        """Run `command` (a shell line, or an argv) in the root, as root or as `user`."""
        home = f"/home/{USER}" if user else "/root"
        base = {
            "PATH": PATH,
            "HOME": home,
            "USER": USER if user else "root",
            "LOGNAME": USER if user else "root",
            "LANG": "C.UTF-8",
            "TERM": "dumb",
            "DEBIAN_FRONTEND": "noninteractive",
        }
        base |= dict(env or {})
        line = command if isinstance(command, str) else shlex.join(command)
        argv = [
            "timeout", "-k", "5", str(int(timeout)),
            "unshare", "--pid", "--fork", "--kill-child", "--mount", "--propagation", "private",
            "sh", "-c", _INROOT, "inroot",
            str(self.path), str(self.apt_cache or ""), f"{UID}:{UID}" if user else "0:0",
            "/usr/bin/env", "-i", *(f"{k}={v}" for k, v in base.items()),
            "/bin/sh", "-c", f"cd {shlex.quote(cwd)} && {line}",
        ]  # fmt: skip
        started = time.monotonic()
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=timeout + 15, check=False
        )
        self.log.append(f"{time.monotonic() - started:6.1f}s rc={done.returncode} {line}")
        return done

    def check(self, command: str | Sequence[str], **kw: object) -> str:
        """`run`, failing with the command's output unless it exits 0; its stdout."""
        done = self.run(command, **kw)  # type: ignore[arg-type]
        if done.returncode != 0:
            raise AssertionError(
                f"in the {self.spec.suite} root, `{command}` exited {done.returncode}:\n"
                f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
            )
        return done.stdout

    def files(self) -> set[str]:
        """Every path in the root (as the root sees it), mounts and caches left out."""
        found: set[str] = set()
        skip = {str(self.path / part) for part in VOLATILE}
        for top, dirs, names in os.walk(self.path):
            dirs[:] = [d for d in dirs if os.path.join(top, d) not in skip]
            rel = "/" + os.path.relpath(top, self.path) if top != str(self.path) else ""
            found.update(f"{rel}/{name}" for name in [*dirs, *names])
        return found

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def prepare(spec: RootSpec, where: Path, *, cache: Path | None = None) -> DebRoot:
    """A fresh copy of the clean root for `spec` in `where` (built and cached if need be)."""
    lacks = missing()
    if lacks:
        raise RootUnavailable("missing: " + ", ".join(lacks))
    cache = cache_root() if cache is None else cache
    tarball = cache / "roots" / f"{spec.suite}-{spec.key()}.tar.zst"
    apt_cache = cache / "apt" / spec.suite
    (apt_cache / "partial").mkdir(parents=True, exist_ok=True)
    tarball.parent.mkdir(parents=True, exist_ok=True)
    with _locked(tarball.with_suffix(".lock")):
        if not tarball.is_file():
            _build(spec, tarball, apt_cache)
    target = where / spec.suite
    target.mkdir(parents=True)
    _unpack(tarball, target)
    return DebRoot(target, spec, apt_cache)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test run building the same root waits
        yield


def _build(spec: RootSpec, tarball: Path, apt_cache: Path) -> None:
    url = mirror()
    why = reachable(url, spec.suite)
    if why:
        raise RootUnavailable(why)
    work = tarball.with_name(tarball.name + ".build")
    shutil.rmtree(work, ignore_errors=True)
    try:
        include = [f"--include={','.join(spec.packages)}"] if spec.packages else []
        boot = subprocess.run(
            ["debootstrap", "--variant=minbase", f"--cache-dir={apt_cache}", *include,
             spec.suite, str(work), url],
            capture_output=True, text=True, timeout=1800, check=False,
        )  # fmt: skip
        if boot.returncode != 0:
            raise RootUnavailable(
                f"debootstrap {spec.suite} from {url} failed:\n{boot.stdout[-2000:]}"
                f"{boot.stderr[-2000:]}"
            )
        policy = work / "usr/sbin/policy-rc.d"  # packages start no services in the root
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
        root = DebRoot(work, spec)
        root.check(f"useradd --create-home --uid {UID} --user-group --shell /bin/bash {USER}")
        if spec.apt:
            _apt_install(DebRoot(work, spec, apt_cache), spec.apt)
        root.check("apt-get clean")
        partial = tarball.with_name(tarball.name + ".partial")
        packed = subprocess.run(
            f"tar --numeric-owner --xattrs --one-file-system -C {shlex.quote(str(work))} -cf - . "
            f"| zstd -q -T2 -3 -o {shlex.quote(str(partial))} -f",
            shell=True, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        if packed.returncode != 0:
            raise RootUnavailable(f"could not save the root: {packed.stderr[-2000:]}")
        partial.replace(tarball)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _apt_install(root: DebRoot, packages: Sequence[str]) -> None:
    """apt-get the packages into a root being built (its downloads kept in the apt cache)."""
    for line in ("apt-get update -q", "apt-get install -y -q --no-install-recommends "
                 + " ".join(shlex.quote(p) for p in packages)):  # fmt: skip
        done = root.run(line, timeout=1800)
        if done.returncode != 0:
            raise RootUnavailable(
                f"in the {root.spec.suite} root being built, `{line[:80]}` failed:\n"
                f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
            )


def _unpack(tarball: Path, target: Path) -> None:
    done = subprocess.run(
        f"zstd -q -dc {shlex.quote(str(tarball))} "
        f"| tar --numeric-owner --xattrs -xpf - -C {shlex.quote(str(target))}",
        shell=True, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RootUnavailable(f"could not unpack {tarball}: {done.stderr[-2000:]}")
