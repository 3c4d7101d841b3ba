"""Build dist/deskbreak_<version>_all.deb from the repository (run by scripts/build-deb).

A package of our own made with dpkg-deb, not dh-python: deskbreak is one architecture-
independent application with no compiled code, and a debian/ source tree with debhelper would
need a source package, a build in a clean chroot and an upload to be worth its weight. What
dh_python3 would do for a private application is done here the same way: the code in a private
directory, byte-compiled at install by py3compile and cleaned by py3clean, a launcher in
/usr/bin.

Layout (docs/packaging.md has the reasons):
  /usr/bin/deskbreak                 the launcher: /usr/share/deskbreak on PYTHONPATH, so the
                                     processes deskbreak starts with `python3 -m deskbreak`
                                     (player, control window) find the same code
  /usr/share/deskbreak/              deskbreak itself (from its own wheel, catalogues compiled)
                                     and the pure-Python libraries Debian lacks or has too old
                                     (scripts/debian/vendor.txt: exact pins with hashes)
  /usr/share/applications, icons     the menu entry and icons, written by install/menuentry.py
  /usr/share/man, completions, metainfo  from the CLI's own generators, when they exist
  /usr/share/doc/deskbreak/          copyright (machine-readable, vendored licences), changelog

No autostart entry is installed system-wide: starting at login stays the user's choice
(`deskbreak autostart enable`).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PRIVATE = "usr/share/deskbreak"
METAINFO = "io.github.deskbreak.Deskbreak.metainfo.xml"

# Debian's own packages, in both Debian 12 (bookworm) and 13 (trixie) at a version that meets
# pyproject.toml (apt-cache policy in clean roots): python3-xlib 0.33/0.33, python3-jeepney
# 0.8/0.9, python3-tzlocal 4.2/5.3, python3-tomli-w 1.0/1.0. Pillow is compiled, so it cannot
# be carried: bookworm's 9.4 is below pyproject's >=10, but deskbreak uses no Pillow API newer
# than 9.1 (Image.Resampling); the package tests run it on both. desktop-notifier's own needs
# (dbus-fast, bidict, packaging, typing-extensions) and pystray's (six) are unversioned there.
# pyproject.toml's dependencies that Debian provides, as the Debian relation.
FROM_DEBIAN = {
    "pillow": "python3-pil",
    "python-xlib": "python3-xlib (>= 0.33)",
    "jeepney": "python3-jeepney (>= 0.8)",
    "tzlocal": "python3-tzlocal (>= 4)",
    "tomli-w": "python3-tomli-w (>= 1.0)",
    # Wayland idle times: Debian 13 has 0.4.18, Debian 12 none (apt skips a missing
    # Recommends); without it deskbreak uses the next idle source.
    "pywayland": "python3-pywayland (>= 0.4.17)",
    # Reading calendars ([calendar]), imported only when a source is configured: Debian 13
    # has them all (caldav 1.3.9, the oldest deskbreak asks for), Debian 12's are all too old
    # (apt leaves out a Recommends it cannot satisfy); docs/packaging.md says what works where.
    "icalendar": "python3-icalendar (>= 6)",
    "recurring-ical-events": "python3-recurring-ical-events (>= 3.3)",
    "caldav": "python3-caldav (>= 1.3.9)",
    "keyring": "python3-keyring (>= 24)",
}
OPTIONAL = ("pywayland", "icalendar", "recurring-ical-events", "caldav", "keyring")
RECOMMENDS = [FROM_DEBIAN[name] for name in OPTIONAL]
DEPENDS = [
    "python3 (>= 3.11)",
    "python3-tk",  # the player window
    *(rel for name, rel in FROM_DEBIAN.items() if name not in OPTIONAL),
    # what the carried libraries need, unversioned in their metadata
    "python3-dbus-fast",  # desktop-notifier (Debian 12: 1.84, 13: 2.44)
    "python3-bidict",
    "python3-packaging",
    "python3-typing-extensions",
    "python3-six",  # pystray
]
# The GTK/AppIndicator tray backend, used only when [tray] backend asks for it.
SUGGESTS = ["python3-gi", "gir1.2-ayatanaappindicator3-0.1"]

# The licence of each vendored distribution, as a machine-readable copyright file names it.
# A new entry in vendor.txt needs its licence checked and written here, or the build stops.
LICENSES = {
    "apscheduler": "MIT",
    "babel": "BSD-3-clause",
    "desktop-notifier": "MIT",
    "platformdirs": "MIT",
    "plyer": "MIT",
    "pystray": "LGPL-3+",  # its source headers: version 3 or (at your option) any later
}
COMMON_LICENSES = {"LGPL-3+": "LGPL-3"}  # short name -> /usr/share/common-licenses file

MIT_TEXT = """\
Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

LAUNCHER = """\
#!/bin/sh
# deskbreak from its Debian package: the code and the libraries it carries live in
# /usr/share/deskbreak. PYTHONPATH (not sys.path) so that the processes deskbreak starts
# itself with `python3 -m deskbreak...` find the same code; -P keeps the current directory
# off the path, so a folder named deskbreak there is not imported instead.
PYTHONPATH=/usr/share/deskbreak${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH
exec /usr/bin/python3 -P -m deskbreak "$@"
"""

POSTINST = """\
#!/bin/sh
set -e
if [ "$1" = configure ] && command -v py3compile >/dev/null 2>&1; then
\tpy3compile -p deskbreak /usr/share/deskbreak
fi
"""

PRERM = """\
#!/bin/sh
set -e
if command -v py3clean >/dev/null 2>&1; then
\tpy3clean -p deskbreak
else
\tfind /usr/share/deskbreak -type d -name __pycache__ -prune -exec rm -rf {} +
fi
"""

DESCRIPTION = """\
desk-break reminder with guided seated stretches
 deskbreak counts your active time at the keyboard and reminds you to take
 short breaks, then guides a short seated routine for the upper back, neck
 and shoulders in a small window or the terminal. It sits in the system
 tray, holds reminders during calls, screen sharing and full-screen windows,
 counts time away as a break, and keeps a history with statistics."""


def warn(message: str) -> None:
    bar = "!" * 78
    print(f"{bar}\nbuild-deb: WARNING: {message}\n{bar}", file=sys.stderr)


def say(message: str) -> None:
    print(f"build-deb: {message}", file=sys.stderr)


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, text=True, capture_output=True, check=False, **kw)  # type: ignore[call-overload,no-any-return]


def must(cmd: list[str], what: str, **kw: object) -> subprocess.CompletedProcess[str]:
    done = run(cmd, **kw)
    if done.returncode != 0:
        raise SystemExit(f"build-deb: {what} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return done


def project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        data: dict[str, object] = tomllib.load(file)["project"]
    return data


def clean_env(home: Path) -> dict[str, str]:
    """An English, config-free environment that imports the repository's code."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env |= {"PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8", "DESKBREAK_HOME": str(home)}
    env.pop("DESKBREAK_LANGUAGE", None)
    return env


def build_wheels(work: Path) -> tuple[Path, list[Path]]:
    """deskbreak's own wheel (the in-tree backend compiles the catalogues) and the vendored."""
    own, vendored = work / "own", work / "vendored"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    say("building deskbreak's wheel")
    must([*pip, "wheel", "-q", "--no-deps", "-w", str(own), str(ROOT)], "building the wheel")
    say("downloading the vendored wheels (scripts/debian/vendor.txt)")
    must(
        [*pip, "download", "-q", "--no-deps", "--only-binary=:all:", "--require-hashes",
         "-r", str(HERE / "vendor.txt"), "-d", str(vendored)],
        "downloading the vendored wheels",
    )  # fmt: skip
    wheels = sorted(vendored.glob("*.whl"))
    for wheel in wheels:  # pure Python only: the package is Architecture: all
        if not re.search(r"-(py3|py2\.py3)-none-any\.whl$", wheel.name):
            raise SystemExit(f"build-deb: {wheel.name} is not a pure-Python wheel")
    return next(own.glob("deskbreak-*.whl")), wheels


def install_code(stage: Path, own: Path, vendored: list[Path]) -> None:
    target = stage / PRIVATE
    must(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "install", "-q",
         "--no-deps", "--no-compile", "--no-index", "--target", str(target),
         str(own), *map(str, vendored)],
        "installing into the private directory",
    )  # fmt: skip
    shutil.rmtree(target / "bin", ignore_errors=True)  # pip's console scripts: ours is below
    for junk in [*target.glob("*.dist-info/direct_url.json"), *target.glob("*.dist-info/RECORD")]:
        junk.unlink()  # a build path and hashes of files py3compile/py3clean change
    for cache in list(target.rglob("__pycache__")):
        shutil.rmtree(cache)
    launcher = stage / "usr/bin/deskbreak"
    launcher.parent.mkdir(parents=True, exist_ok=True)
    launcher.write_text(LAUNCHER)
    launcher.chmod(0o755)


def install_menu_entry(stage: Path) -> None:
    """The menu entry and icons, by the same code as `deskbreak desktop-entry install`."""
    sys.path.insert(0, str(ROOT))
    from deskbreak.install.menuentry import MenuEntry

    MenuEntry({"XDG_DATA_HOME": str(stage / "usr/share")}).install(["deskbreak", "run"])


def install_generated(stage: Path, work: Path) -> list[str]:
    """Man pages, completions, metainfo; the ones the repository cannot make yet, by name."""
    missing: list[str] = []
    env = clean_env(work / "home")
    man = work / "man"
    man.mkdir()
    made = run([sys.executable, "-m", "deskbreak.cli.manpage", str(man)], env=env)
    if made.returncode != 0 and "No module named deskbreak.cli.manpage" in made.stderr:
        missing.append("man pages (deskbreak.cli.manpage)")
    elif made.returncode != 0:
        raise SystemExit(f"build-deb: the man pages failed:\n{made.stderr[-3000:]}")
    else:
        for page, section in (("deskbreak.1", "man1"), ("deskbreak.toml.5", "man5")):
            data = (man / page).read_bytes()
            out = stage / "usr/share/man" / section / f"{page}.gz"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(gzip_n(data))
    places = {
        "bash": "usr/share/bash-completion/completions/deskbreak",
        "zsh": "usr/share/zsh/vendor-completions/_deskbreak",
        "fish": "usr/share/fish/vendor_completions.d/deskbreak.fish",
    }
    for shell, place in places.items():
        made = run([sys.executable, "-m", "deskbreak", "completion", shell], env=env)
        if made.returncode != 0 and "invalid choice: 'completion'" in made.stderr:
            missing.append(f"{shell} completion (deskbreak completion {shell})")
            continue
        if made.returncode != 0 or not made.stdout.strip():
            raise SystemExit(f"build-deb: `deskbreak completion {shell}` failed:\n{made.stderr}")
        out = stage / place
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(made.stdout)
    metainfo = ROOT / "deskbreak/install" / METAINFO
    if metainfo.is_file():
        out = stage / "usr/share/metainfo" / METAINFO
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(metainfo, out)
    else:
        missing.append(f"AppStream metainfo (deskbreak/install/{METAINFO})")
    return missing


def gzip_n(data: bytes) -> bytes:
    """gzip -9n: no name, no time stamp, so the same page gives the same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buffer, mtime=0) as gz:
        gz.write(data)
    return buffer.getvalue()


def copyright_file(vendored: list[Path], homepage: str) -> str:
    paras = [
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: deskbreak\nSource: {homepage}\n",
        "Files: *\nCopyright: the deskbreak developers\nLicense: MIT\n" + indent(MIT_TEXT),
    ]
    for wheel in vendored:
        with zipfile.ZipFile(wheel) as zf:
            info = next(n.split("/")[0] for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
            meta = Parser().parsestr(zf.read(f"{info}/METADATA").decode())
            top = sorted(
                {n.split("/")[0] for n in zf.namelist() if not n.split("/")[0].endswith("-info")}
            )
            texts = [
                zf.read(n).decode(errors="replace")
                for n in zf.namelist()
                if n.startswith(info + "/") and re.search(r"LICEN[CS]E|COPYING", n.upper())
            ]
        name = meta["Name"].lower().replace("_", "-")
        short = LICENSES.get(name)
        if short is None:
            raise SystemExit(f"build-deb: no licence known for vendored {name}: add it to LICENSES")
        holders = sorted(
            {
                m.group(1).strip()
                for text in texts
                for m in re.finditer(r"^\s*Copyright\s+(?:\(c\)\s*)?(.+)$", text, re.M | re.I)
                if "Free Software Foundation" not in m.group(1) and "notice" not in m.group(1)
            }
        )
        if not holders:
            author = meta.get("Author") or meta.get("Author-email") or f"the {name} authors"
            holders = [re.sub(r"\s*<[^>]*>", "", author)]
        files = " ".join(f"{PRIVATE}/{t}/*" for t in [*top, info])
        if short in COMMON_LICENSES:
            body = (
                f"On Debian systems the full text of the GNU Lesser General Public License\n"
                f"version 3 is in /usr/share/common-licenses/{COMMON_LICENSES[short]}."
            )
        else:
            body = "\n\n".join(texts).strip()
        paras.append(
            f"Files: {files}\nCopyright: {holders[0]}\n"
            + "".join(f" {h}\n" for h in holders[1:])
            + f"License: {short}\n"
            + indent(body)
        )
    return "\n".join(paras)


def indent(text: str) -> str:
    lines = [f" {line}".rstrip() if line.strip() else " ." for line in text.strip().splitlines()]
    return "\n".join(lines) + "\n"


def changelog(version: str, maintainer: str, when: int) -> str:
    commit = run(["git", "-C", str(ROOT), "rev-parse", "--short=12", "HEAD"]).stdout.strip()
    date = subprocess.run(
        ["date", "-R", "-u", "-d", f"@{when}"], text=True, capture_output=True, check=True
    ).stdout.strip()
    source = f"commit {commit}" if commit else "a source tree"
    return (
        f"deskbreak ({version}) unstable; urgency=medium\n\n"
        f"  * Package built from the deskbreak repository at {source}.\n\n"
        f" -- {maintainer}  {date}\n"
    )


def source_date() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    stamp = run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"]).stdout.strip()
    return int(stamp) if stamp else 0


def write_docs(stage: Path, vendored: list[Path], version: str, maintainer: str, when: int) -> None:
    doc = stage / "usr/share/doc/deskbreak"
    doc.mkdir(parents=True, exist_ok=True)
    urls = project().get("urls")
    homepage = urls.get("Homepage", "") if isinstance(urls, dict) else ""
    (doc / "copyright").write_text(
        copyright_file(vendored, str(homepage or "the deskbreak repository"))
    )
    (doc / "changelog.gz").write_bytes(gzip_n(changelog(version, maintainer, when).encode()))


def control(stage: Path, version: str, maintainer: str) -> None:
    debian = stage / "DEBIAN"
    debian.mkdir()
    size = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file()) // 1024 + 1
    (debian / "control").write_text(
        textwrap.dedent(f"""\
            Package: deskbreak
            Version: {version}
            Architecture: all
            Maintainer: {maintainer}
            Installed-Size: {size}
            Depends: {", ".join(DEPENDS)}
            Recommends: {", ".join(RECOMMENDS)}
            Suggests: {", ".join(SUGGESTS)}
            Section: utils
            Priority: optional
            """)
        + f"Description: {DESCRIPTION}\n"
    )
    sums = []
    for path in sorted(p for p in stage.rglob("*") if p.is_file() and "DEBIAN" not in p.parts):
        digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
        sums.append(f"{digest}  {path.relative_to(stage)}\n")
    (debian / "md5sums").write_text("".join(sums))
    for name, text in (("postinst", POSTINST), ("prerm", PRERM)):
        (debian / name).write_text(text)
        (debian / name).chmod(0o755)


def normalise(stage: Path, when: int) -> None:
    """Modes as policy wants them and one time stamp, so two builds give the same files."""
    for path in [stage, *stage.rglob("*")]:
        script = path.parent.name == "DEBIAN" and path.name in ("postinst", "prerm")
        executable = path.is_dir() or script or path.parent == stage / "usr/bin"
        path.chmod(0o755 if executable else 0o644)
    for path in [*stage.rglob("*"), stage]:
        os.utime(path, (when, when), follow_symlinks=False)


def main() -> int:
    parser = argparse.ArgumentParser(description="Build the Debian package of deskbreak.")
    parser.add_argument("--outdir", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    if shutil.which("dpkg-deb") is None:
        raise SystemExit("build-deb: dpkg-deb is missing (Debian package dpkg)")
    version = str(project()["version"])
    name = os.environ.get("DEBFULLNAME", "deskbreak developers")
    email = os.environ.get("DEBEMAIL", "deskbreak@users.noreply.github.com")
    maintainer = f"{name} <{email}>"
    when = source_date()
    with tempfile.TemporaryDirectory(prefix="deskbreak-deb-") as tmp:
        work = Path(tmp)
        stage = work / "stage"
        own, vendored = build_wheels(work)
        install_code(stage, own, vendored)
        install_menu_entry(stage)
        missing = install_generated(stage, work)
        write_docs(stage, vendored, version, maintainer, when)
        control(stage, version, maintainer)
        normalise(stage, when)
        args.outdir.mkdir(parents=True, exist_ok=True)
        deb = args.outdir / f"deskbreak_{version}_all.deb"
        must(
            ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(stage), str(deb)],
            "dpkg-deb",
            env=os.environ | {"SOURCE_DATE_EPOCH": str(when)},
        )
    for piece in missing:
        warn(f"{piece} is not in this tree yet: the package is built WITHOUT it")
    print(deb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
