"""The Debian package, installed as a user would: `apt-get install ./deskbreak_*.deb` in a clean
Debian 12 and a clean Debian 13.

The package is built once per session by `scripts/debian/build.py` (what `scripts/build-deb`
runs) and checked with lintian. Each suite gets a fresh copy of its clean minbase root
(`harness.debroot`, cached outside the clone; the test tools man-db, bash-completion and
desktop-file-utils are its only additions), where apt installs the package and pulls its Debian
dependencies from the archive. Then, as a normal user: `--version`, `doctor` (findings, no
traceback), `plan` in German (the carried Babel and the compiled catalogues), the man page
renders, bash completes a subcommand, the menu entry validates and names the installed command,
and a CalDAV calendar on a Radicale on loopback is read (Debian 13, with Debian's own caldav) or
its library named missing (Debian 12). Last, `apt-get purge` must leave none of the package's
files behind.

Needs root, debootstrap, zstd, dpkg-deb, lintian and the Debian archive; with CI=true a missing
one fails the tests, else they skip.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from harness import debroot
from harness.calendarservers import start_radicale
from harness.process import ProcessGroup
from packaging.requirements import Requirement
from packaging.version import Version
from support.calendars import BERLIN, ME, calendar, the_day_events
from support.https import make_authority

pytestmark = [pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
SUITES = ("bookworm", "trixie")  # Debian 12 and 13
# The root's additions to minbase: what the checks below use, never what deskbreak needs.
TEST_TOOLS = ("man-db", "bash-completion", "desktop-file-utils")
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
METAINFO = "io.github.deskbreak.Deskbreak.metainfo.xml"
# Changed by apt, dpkg and their triggers, or the user's own files: never the package's.
NOT_THE_PACKAGES = (
    "/var/lib/dpkg/",
    "/var/lib/apt/",
    "/var/cache/",
    "/var/log/",
    "/home/",
    "/root/",
    "/etc/ld.so.cache",
    "/var/lib/ucf/",
    "/var/tmp/",
)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _unavailable(why: str) -> None:
    if _in_ci():
        pytest.fail(f"CI=true and the Debian package test cannot run: {why}")
    pytest.skip(f"the Debian package test needs {why}")


@pytest.fixture(scope="session")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package, built once per session from this tree."""
    lacks = [prog for prog in ("dpkg-deb", "lintian") if shutil.which(prog) is None]
    if lacks:
        _unavailable(", ".join(lacks) + " (Debian packages dpkg, lintian)")
    out = tmp_path_factory.mktemp("deb")
    built = subprocess.run(
        [sys.executable, str(REPO / "scripts/debian/build.py"), "--outdir", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return out / f"deskbreak_{VERSION}_all.deb"


def _contents(deb: Path) -> set[str]:
    listing = subprocess.run(
        ["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True, check=True
    ).stdout
    names = subprocess.run(
        ["tar", "-tf", "-"], input=listing, capture_output=True, check=True
    ).stdout.decode()
    return {"/" + n.removeprefix("./").rstrip("/") for n in names.splitlines() if n != "./"}


def test_lintian_finds_no_error(deb: Path) -> None:
    out = subprocess.run(
        ["lintian", "--fail-on", "error", str(deb)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors = [line for line in out.stdout.splitlines() if line.startswith("E:")]
    assert out.returncode == 0 and not errors, out.stdout + out.stderr


def test_the_package_is_laid_out_for_debian(deb: Path) -> None:
    files = _contents(deb)
    assert "/usr/bin/deskbreak" in files
    assert "/usr/share/deskbreak/deskbreak/cli/__init__.py" in files
    assert "/usr/share/deskbreak/deskbreak/lang/locale/de/LC_MESSAGES/deskbreak.mo" in files
    assert "/usr/share/applications/deskbreak.desktop" in files
    assert "/usr/share/icons/hicolor/256x256/apps/deskbreak.png" in files
    assert {"/usr/share/doc/deskbreak/copyright", "/usr/share/doc/deskbreak/changelog.gz"} <= files
    assert not [f for f in files if "__pycache__" in f or f.endswith(".pyc")]  # py3compile's job
    assert not [f for f in files if "autostart" in f and f.endswith(".desktop")]  # user's choice
    # Debian's own packages are used where both releases have them: none of them is carried.
    for debian_has in ("PIL", "Xlib", "jeepney", "tzlocal", "tomli_w", "dbus_fast", "six"):
        assert f"/usr/share/deskbreak/{debian_has}" not in files
    control = subprocess.run(
        ["dpkg-deb", "--field", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Architecture: all$", control, re.M)
    depends = re.search(r"^Depends: (.*)$", control, re.M)
    assert depends and {"python3-pil", "python3-tk"} <= set(re.findall(r"[\w.+-]+", depends[1]))


def test_the_copyright_file_names_every_carried_library(deb: Path, tmp_path: Path) -> None:
    subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp_path)], check=True)
    text = (tmp_path / "usr/share/doc/deskbreak/copyright").read_text()
    assert text.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/")
    carried = sorted(p.name for p in (tmp_path / "usr/share/deskbreak").glob("*.dist-info"))
    assert len(carried) == 7  # deskbreak and the six of scripts/debian/vendor.txt
    for info in carried:
        if not info.startswith("deskbreak-"):
            assert f"usr/share/deskbreak/{info}/*" in text, info
    licences = re.findall(r"^License: (\S+)", text, re.M)
    assert set(licences) == {"MIT", "BSD-3-clause", "LGPL-3+"}


def test_the_package_carries_man_pages_completions_and_metainfo(deb: Path) -> None:
    """Made by the CLI's own generators; the build warns and leaves out what is missing."""
    files = _contents(deb)
    wanted = {
        "/usr/share/man/man1/deskbreak.1.gz": "the man page (python -m deskbreak.cli.manpage)",
        "/usr/share/man/man5/deskbreak.toml.5.gz": "the config man page (deskbreak.cli.manpage)",
        "/usr/share/bash-completion/completions/deskbreak": "deskbreak completion bash",
        "/usr/share/zsh/vendor-completions/_deskbreak": "deskbreak completion zsh",
        "/usr/share/fish/vendor_completions.d/deskbreak.fish": "deskbreak completion fish",
        f"/usr/share/metainfo/{METAINFO}": f"deskbreak/install/{METAINFO}",
    }
    missing = [f"{path} ({source})" for path, source in wanted.items() if path not in files]
    assert not missing, "the package lacks: " + "; ".join(missing)


@dataclass
class Installed:
    root: debroot.DebRoot
    before: set[str]  # the root's files before the install
    owned: list[str]  # `dpkg -L deskbreak` once installed

    def user(self, command: str, **kw: object) -> subprocess.CompletedProcess[str]:
        return self.root.run(command, user=True, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=SUITES)
def installed(
    request: pytest.FixtureRequest, deb: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Installed]:
    suite: str = request.param
    lacks = debroot.missing()
    if lacks:
        _unavailable(", ".join(lacks))
    try:
        root = debroot.prepare(
            debroot.RootSpec(suite, TEST_TOOLS), tmp_path_factory.mktemp("debroot")
        )
    except debroot.RootUnavailable as exc:
        _unavailable(str(exc))
    try:
        shutil.copy(deb, root.path / "var/tmp" / deb.name)
        before = root.files()
        root.check(
            f"apt-get -q update && apt-get install -y -q ./{deb.name}", cwd="/var/tmp", timeout=900
        )
        owned = root.check("dpkg -L deskbreak").split()
        yield Installed(root, before, owned)
    finally:
        print("\n".join(root.log))
        root.remove()


def test_installs_with_debians_libraries_and_its_own(installed: Installed) -> None:
    where = installed.user(
        "PYTHONPATH=/usr/share/deskbreak python3 -c '"
        "import importlib.util as u\n"
        'for m in ("PIL", "Xlib", "jeepney", "dbus_fast", "tkinter", "babel",'
        ' "apscheduler", "desktop_notifier", "pystray", "deskbreak"):'
        " print(m, u.find_spec(m).origin)'"
    )
    assert where.returncode == 0, where.stderr
    origin = dict(line.split(" ", 1) for line in where.stdout.splitlines())
    for debian in ("PIL", "Xlib", "jeepney", "dbus_fast"):
        assert origin[debian].startswith("/usr/lib/python3/dist-packages/"), origin
    for carried in ("babel", "apscheduler", "desktop_notifier", "pystray", "deskbreak"):
        assert origin[carried].startswith("/usr/share/deskbreak/"), origin
    compiled = installed.root.path / "usr/share/deskbreak/deskbreak/__pycache__"
    assert any(compiled.glob("cli*.pyc")) or any(compiled.glob("__init__.*.pyc"))  # py3compile


def test_version_and_doctor_run_for_a_user(installed: Installed) -> None:
    version = installed.user("deskbreak --version")
    assert version.returncode == 0 and version.stdout.strip() == f"deskbreak {VERSION}"
    doctor = installed.user("deskbreak doctor --json", timeout=120)
    assert doctor.returncode in (0, 1), doctor.stderr
    assert "Traceback" not in doctor.stderr
    findings = {f["id"] for f in json.loads(doctor.stdout)["findings"]}
    assert {"session", "tray", "notifications", "data"} <= findings
    plain = installed.user("deskbreak doctor", timeout=120)
    assert plain.returncode in (0, 1) and plain.stdout.strip(), plain.stderr
    assert "Traceback" not in plain.stdout + plain.stderr


def test_plan_runs_in_german_with_the_carried_babel(installed: Installed) -> None:
    english = installed.user("deskbreak plan --json")
    assert english.returncode == 0 and json.loads(english.stdout), english.stderr
    german = installed.user("DESKBREAK_LANGUAGE=de deskbreak --help")
    english_help = installed.user("deskbreak --help")
    assert german.returncode == 0 and english_help.returncode == 0, german.stderr
    assert german.stdout != english_help.stdout  # the compiled catalogue was found
    plan = installed.user("DESKBREAK_LANGUAGE=de deskbreak plan")
    assert plan.returncode == 0 and "Traceback" not in plan.stderr, plan.stderr


def test_menu_entry_validates_and_runs_the_installed_command(installed: Installed) -> None:
    entry = "/usr/share/applications/deskbreak.desktop"
    valid = installed.user(f"desktop-file-validate {entry}")
    assert valid.returncode == 0 and not valid.stdout.strip(), valid.stdout + valid.stderr
    text = (installed.root.path / entry.lstrip("/")).read_text()
    exec_line = next(line[5:] for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.split()[0] == "deskbreak"
    which = installed.user(f"command -v {exec_line.split()[0]}")
    assert which.stdout.strip() == "/usr/bin/deskbreak"
    icon = installed.root.path / "usr/share/icons/hicolor/48x48/apps/deskbreak.png"
    assert icon.is_file()


def test_man_page_renders(installed: Installed) -> None:
    page = installed.root.path / "usr/share/man/man1/deskbreak.1.gz"
    assert page.is_file(), "no man page installed: deskbreak.cli.manpage is missing from the tree"
    assert gzip.decompress(page.read_bytes()).strip()
    shown = installed.user("MANWIDTH=80 man --warnings -P cat deskbreak", timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "deskbreak" in shown.stdout and not shown.stderr.strip(), shown.stderr
    config = installed.user("MANWIDTH=80 man --warnings -P cat 5 deskbreak.toml", timeout=120)
    assert config.returncode == 0 and not config.stderr.strip(), config.stderr


def test_bash_completion_completes_a_subcommand(installed: Installed) -> None:
    script = installed.root.path / "usr/share/bash-completion/completions/deskbreak"
    assert script.is_file(), "no bash completion installed: `deskbreak completion` is missing"
    # As an interactive bash loads it: bash-completion finds the file by the command's name.
    probe = r"""
. /usr/share/bash-completion/bash_completion
{ _comp_load deskbreak || __load_completion deskbreak; } 2>/dev/null
spec=$(complete -p deskbreak) || exit 3
fn=$(printf '%s\n' "$spec" | sed -n 's/.* -F \([^ ]*\) .*/\1/p')
[ -n "$fn" ] || exit 4
COMP_WORDS=(deskbreak stat); COMP_CWORD=1; COMP_LINE='deskbreak stat'; COMP_POINT=${#COMP_LINE}
"$fn" deskbreak stat deskbreak
printf '%s\n' "${COMPREPLY[@]}"
"""
    (installed.root.path / "var/tmp/complete.sh").write_text(probe)
    done = installed.user("bash /var/tmp/complete.sh")
    assert done.returncode == 0, done.stdout + done.stderr
    replies = {word.strip() for word in done.stdout.split() if word.strip()}
    assert "status" in replies and all(w.startswith("stat") for w in replies), replies


class CalendarFailed(Exception):
    pass


# The root has no Secret Service: the CalDAV password comes from a keyring backend that knows
# one, named by keyring's own switch PYTHON_KEYRING_BACKEND (Debian's python3-keyring loads it).
KEYRING_STANDIN = """\
from keyring.backend import KeyringBackend


class Fixed(KeyringBackend):
    priority = 1

    def get_password(self, service, username):
        return {password!r} if (service, username) == ("deskbreak", "work") else None

    def set_password(self, service, username, password):
        raise NotImplementedError

    def delete_password(self, service, username):
        raise NotImplementedError
"""


def test_a_caldav_calendar_is_read_on_debian_13_and_named_missing_on_12(
    installed: Installed, tmp_path: Path
) -> None:
    """docs/packaging.md's "Calendars": on Debian 13 apt brings Debian's own python3-caldav
    (1.3.9, pyproject.toml's floor, so this keeps proving the oldest caldav allowed) and
    `deskbreak calendar show` reads a CalDAV collection with it, from a Radicale on this
    machine's loopback; on Debian 12, where apt leaves caldav out, the source fails as the
    missing library caldav, with the pipx fix."""
    root, suite = installed.root, installed.root.spec.suite
    authority = make_authority(tmp_path)
    group = ProcessGroup(tmp_path, CalendarFailed)
    try:
        radicale = start_radicale(
            group, tmp_path, authority.cert_file, authority.key_file, authority.ca_file
        )
        today = datetime.now(UTC).astimezone(BERLIN).date()
        events = [calendar(text) for text in the_day_events(today)]
        collection = radicale.make_calendar(authority.ca_file, "office", events)
        here = root.path / "var/tmp/calendar"
        (here / "standin").mkdir(parents=True)
        shutil.copy(authority.ca_file, here / "ca.pem")
        standin = KEYRING_STANDIN.format(password=radicale.password)
        (here / "standin/standin_keyring.py").write_text(standin)
        (here / "config.toml").write_text(
            '[calendar]\nignore = ["focus time"]\n\n[[calendar.sources]]\nname = "work"\n'
            f'caldav = "{collection}"\nuser = "{radicale.user}"\nme = ["{ME}"]\n'
        )
        env = {
            "DESKBREAK_CONFIG": "/var/tmp/calendar/config.toml",
            "SSL_CERT_FILE": "/var/tmp/calendar/ca.pem",
            "PYTHONPATH": "/var/tmp/calendar/standin",
            "PYTHON_KEYRING_BACKEND": "standin_keyring.Fixed",
            "TZ": "Europe/Berlin",
        }
        shown = installed.user("deskbreak calendar show --json", env=env, timeout=120)
        text = installed.user("deskbreak calendar show", env=env, timeout=120)
    finally:
        group.close()
    assert shown.returncode == 0 and text.returncode == 0, shown.stderr + text.stderr
    assert "Traceback" not in shown.stderr + text.stdout + text.stderr, shown.stderr + text.stderr
    (work,) = json.loads(shown.stdout)
    if suite == "bookworm":
        assert work["error"] == "missing-library", work
        said = "\n".join(text.stdout.splitlines()[1:])  # below "work (caldav): never read"
        assert "caldav" in said and "pipx" in said, text.stdout
        return
    assert work["error"] is None, text.stdout
    starts = [datetime.fromisoformat(m["start"]).astimezone(BERLIN) for m in work["meetings"]]
    assert [f"{s:%H:%M}" for s in starts] == ["11:00", "14:00"], work
    where = installed.user(
        "PYTHONPATH=/usr/share/deskbreak python3 -c "
        "'import caldav; print(caldav.__file__); print(caldav.__version__)'"
    )
    assert where.returncode == 0, where.stderr
    origin, version = where.stdout.split()
    assert origin.startswith("/usr/lib/python3/dist-packages/"), origin  # Debian's own
    wanted = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    floor = next(
        s.version
        for req in map(Requirement, wanted)
        if req.name == "caldav"
        for s in req.specifier
        if s.operator == ">="
    )
    # Debian 13's caldav is what proves pyproject's floor: if the two part, say so
    assert Version(version) == Version(floor), f"trixie has caldav {version}, the floor is {floor}"


def test_purge_leaves_no_file_of_the_package(installed: Installed) -> None:
    """Runs last for its root: the package and everything its scripts made go away.

    First every file the package brought is gone after the purge. Then, with its Debian
    dependencies still installed as the baseline, a second install, a user's run and a purge
    must leave the root exactly as it was (but for apt's and the user's own records)."""
    root = installed.root
    deb = "./deskbreak_" + VERSION + "_all.deb"
    root.check("apt-get purge -y -q deskbreak", timeout=300)
    baseline = root.files()
    brought = [p for p in installed.owned if p not in installed.before]
    assert brought and not [p for p in brought if p in baseline], brought
    assert not (root.path / "usr/share/deskbreak").exists()

    root.check(f"apt-get install -y -q {deb}", cwd="/var/tmp", timeout=300)
    assert installed.user("deskbreak doctor").returncode in (0, 1)
    root.check("apt-get purge -y -q deskbreak", timeout=300)
    changed = sorted(p for p in baseline ^ root.files() if not p.startswith(NOT_THE_PACKAGES))
    assert not changed, changed
