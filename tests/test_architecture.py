"""Arrows point inward: the core never pulls in an edge, and importing does nothing.

Checked by folder: every module under `deskbreak/core/` imports only the standard
library and `deskbreak.core`, read statically from its source (so an import inside a
function or under TYPE_CHECKING counts too), and importing them all in a fresh
interpreter loads no edge library.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "deskbreak"
CORE = PACKAGE / "core"
# Outside the core, but still free of edge libraries: they run in every process.
PURE_EDGES = [
    "deskbreak.daemon.controller",
    "deskbreak.daemon.store",
    "deskbreak.daemon.storefile",
    "deskbreak.player.timeline",
]
EDGES = ["pystray", "plyer", "apscheduler", "PIL", "tkinter", "desktop_notifier", "Xlib", "jeepney"]


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _core_modules() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def _imports(path: Path) -> list[str]:
    """Every module `path` imports, absolute or relative, anywhere in the file."""
    name = _module(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return _imports_in(path.read_text(encoding="utf-8"), package)


def _imports_in(source: str, package: str) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:  # relative to `package`
            base = package.rsplit(".", node.level - 1)[0]
            found.append(f"{base}.{node.module}" if node.module else base)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            found.append(node.module)
    return found


def _allowed(name: str) -> bool:
    top = name.split(".", maxsplit=1)[0]
    if top == "deskbreak":
        return name == "deskbreak.core" or name.startswith("deskbreak.core.")
    return top in sys.stdlib_module_names or top == "__future__"


def test_the_core_folder_holds_modules() -> None:
    names = {_module(path) for path in _core_modules()}
    assert {"deskbreak.core.engine.engine", "deskbreak.core.config.read"} <= names


def test_every_core_module_imports_only_the_core_and_the_standard_library() -> None:
    wrong = {
        _module(path): bad
        for path in _core_modules()
        if (bad := sorted(name for name in _imports(path) if not _allowed(name)))
    }
    assert not wrong, wrong


def test_the_static_check_sees_every_kind_of_import() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from PIL import Image\n"
        "def later() -> None:\n    import tomli_w\n"
        "from ...daemon import store\n"
        "from . import hours\n"
    )
    found = {name: _allowed(name) for name in _imports_in(source, "deskbreak.core.engine")}
    assert found == {
        "typing": True,
        "PIL": False,
        "tomli_w": False,
        "deskbreak.daemon": False,
        "deskbreak.core.engine": True,
    }


def _modules_after(statements: str) -> set[str]:
    code = f"{statements}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(out.stdout))


def _loaded_after(statements: str) -> set[str]:
    return {name.split(".")[0] for name in _modules_after(statements)}


def test_importing_the_core_pulls_in_no_edge_library() -> None:
    modules = [_module(path) for path in _core_modules()] + PURE_EDGES
    loaded = _loaded_after("\n".join(f"import {m}" for m in modules))
    assert loaded.isdisjoint(EDGES), sorted(loaded & set(EDGES))


def test_the_command_line_parser_stays_light() -> None:
    loaded = _loaded_after("from deskbreak.cli import build_parser\nbuild_parser()")
    assert loaded.isdisjoint(EDGES), sorted(loaded & set(EDGES))


def test_the_daemon_parses_its_command_line_without_the_other_commands() -> None:
    # `deskbreak run` (or no command) builds only the daemon's commands: the other command
    # modules never sit in the daemon's memory.
    from deskbreak.cli import _runs_the_daemon

    assert _runs_the_daemon([]) and _runs_the_daemon(["run"]) and _runs_the_daemon(["-v"])
    assert _runs_the_daemon(["--config", "run.toml", "run", "--help"])
    assert not _runs_the_daemon(["--config", "run", "status"])
    assert not _runs_the_daemon(["--help"]) and not _runs_the_daemon(["--version"])
    assert not _runs_the_daemon(["config", "check"])
    loaded = _modules_after(
        "from deskbreak.cli import build_parser\nbuild_parser(daemon_only=True)"
    )
    others = {f"deskbreak.cli.{name}" for name in ("configcmd", "historycmd", "playcmd", "plancmd")}
    assert "deskbreak.cli.daemoncmd" in loaded
    assert loaded.isdisjoint(others), sorted(loaded & others)


def test_the_parser_the_daemon_starts_from_loads_no_player_login_or_doctor_code() -> None:
    # Even the whole parser (any other command) loads no implementation of the commands
    # it is not running.
    loaded = _modules_after("from deskbreak.cli import build_parser\nbuild_parser()")
    unused = {
        "deskbreak.player.sounds",
        "deskbreak.player.terminal",
        "deskbreak.install.autostart",
        "deskbreak.doctor.findings",
        "deskbreak.doctor.areas",
        "deskbreak.install.menuentry",
    }
    assert loaded.isdisjoint(unused | {"plistlib", "wave"}), sorted(loaded & unused)


# What the daemon imports on Linux, the way `deskbreak run` does: the daemon's parser, the
# composition root and the edges it picks from (the idle and hold sources, the tray).
DAEMON_IMPORTS = """
from deskbreak.cli import build_parser
build_parser(daemon_only=True)
import deskbreak.app
from deskbreak.desktop import idle, notify, notifyqueue
from deskbreak.desktop.hold import catalog
from deskbreak.desktop.tray import Tray, choice, xembed
from deskbreak.daemon import launcher, owner, sleepwatch
"""


def test_the_idle_daemon_carries_no_code_it_does_not_use() -> None:
    # Each module here was once loaded by every daemon and is needed only elsewhere: the idle
    # readers of other platforms, the fuzzy matching that suggests a mistyped routine id.
    loaded = _modules_after(DAEMON_IMPORTS)
    assert "deskbreak.app" in loaded and "deskbreak.desktop.idle.x11" in loaded
    unused = {
        "deskbreak.desktop.idle.macos",
        "deskbreak.desktop.idle.windows",
        "difflib",
    }
    assert loaded.isdisjoint(unused), sorted(loaded & unused)


def test_nothing_happens_at_import_time() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import deskbreak, deskbreak.cli, deskbreak.app"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == "" and out.stderr == ""


# Which deskbreak folders each folder may import (besides itself, core and paths).
FOLDER_RULES = {
    "daemon": {"lang"},  # the player it starts gets the daemon's language
    "ipc": set(),
    # Both windows (the player and the control window) choose a monitor and draw at its
    # scale: `screen` reads that once for both, as neither may import the other.
    "screen": set(),
    "player": {"screen"},
    "desktop": {"ipc", "lang", "screen"},  # the control window gets the daemon's language
    "install": {"desktop"},
    "doctor": {"desktop", "ipc", "install"},
}


def _folder_of(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) < 2 or parts[0] != "deskbreak" or not (PACKAGE / parts[1]).is_dir():
        return None
    return parts[1]


def test_each_folder_imports_only_the_folders_below_it() -> None:
    wrong: dict[str, list[str]] = {}
    for folder, allowed in FOLDER_RULES.items():
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            bad = sorted(
                name
                for name in _imports(path)
                if (other := _folder_of(name)) is not None
                and other not in allowed | {folder, "core"}
            )
            if bad:
                wrong[_module(path)] = bad
    assert not wrong, wrong


def test_the_folder_rule_sees_a_daemon_module_reaching_into_the_desktop() -> None:
    found = {_folder_of(name) for name in _imports_in("from deskbreak.desktop import probes", "x")}
    assert found == {"desktop"}
    assert "desktop" not in FOLDER_RULES["daemon"]


# --- threads --------------------------------------------------------------------------------

DOCS = PACKAGE.parent / "docs" / "architecture.md"
STARTERS = {"make": 0, "start": 0, "later": 1}  # deskbreak.threads: where the name argument is


def _pattern(node: ast.expr, constants: dict[str, str]) -> str | None:
    """A thread name as written: a string, an f-string (each placeholder as "…"), or a
    module constant holding a string; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "…"
            for v in node.values
        )
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def thread_names(source: str, where: str = "") -> tuple[set[str], list[str]]:
    """The thread names `source` starts threads with, and what it does wrong: a thread
    started around `deskbreak.threads`, or a name that is not a `deskbreak-…` literal."""
    tree = ast.parse(source)
    constants = {
        t.id: n.value.value
        for n in tree.body
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
        and isinstance(n.value.value, str)
        for t in n.targets
        if isinstance(t, ast.Name)
    }  # fmt: skip
    names: set[str] = set()
    wrong: list[str] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        if not isinstance(owner, ast.Name):
            continue
        if owner.id == "threading" and node.func.attr in ("Thread", "Timer"):
            wrong.append(
                f"{where}:{node.lineno}: threading.{node.func.attr} (use deskbreak.threads)"
            )
        elif owner.id == "threads" and node.func.attr in STARTERS:
            index = STARTERS[node.func.attr]
            name = _pattern(node.args[index], constants) if len(node.args) > index else None
            if name is None or not name.startswith("deskbreak-"):
                wrong.append(f"{where}:{node.lineno}: thread name {name!r}")
            else:
                names.add(name)
    return names, wrong


def documented_threads() -> set[str]:
    """The `deskbreak-…` names in the thread tables of docs/architecture.md."""
    names: set[str] = set()
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if line.startswith("|"):
            first = line.split("|")[1]
            names.update(w for w in first.split("`")[1::2] if w.startswith("deskbreak-"))
    return names


def test_every_thread_is_named_and_documented() -> None:
    names: set[str] = set()
    wrong: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "threads.py" and path.parent == PACKAGE:
            continue
        found, bad = thread_names(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
        names |= found
        wrong += bad
    assert wrong == []
    assert len(names) >= 25
    documented = documented_threads()
    assert sorted(names - documented) == [], "started in the code, missing from the docs"
    assert sorted(documented - names) == [], "in the docs, started nowhere"


def test_the_thread_check_sees_a_raw_thread_and_a_bad_name() -> None:
    source = """
import threading
from deskbreak import threads
NAME = "deskbreak-owner"
threading.Thread(target=print).start()
threading.Timer(1, print).start()
threads.start("helper", print)
threads.later(1, f"deskbreak-x-{n}", print)
threads.make(NAME, print)
threads.start(name_of_it, print)
"""
    names, wrong = thread_names(source)
    assert names == {"deskbreak-x-…", "deskbreak-owner"}
    assert len(wrong) == 4


# --- the core does no I/O -------------------------------------------------------------------

# Calls that reach the OS: files, processes, sockets, the environment and the clocks.
IO_CALLS = {
    "open", "read_text", "read_bytes", "write_text", "write_bytes", "mkdir", "unlink",
    "iterdir", "glob", "rglob", "exists", "is_file", "stat", "getenv", "now", "today",
    "monotonic", "perf_counter", "sleep", "Popen", "run", "check_output", "socket", "connect",
}  # fmt: skip
# The two places the core reads or writes a file, both the user's config (see the docs).
IO_ALLOWED = {
    ("config/read.py", "load_config"): {"open"},
    ("config/example.py", "example_text"): {"read_text"},
    ("config/example.py", "write_example"): {"mkdir", "write_text"},
}


def io_calls(source: str) -> set[tuple[str, str]]:
    """(enclosing function, call) for each OS-reaching call in `source`."""
    found: set[tuple[str, str]] = set()

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.name
            if isinstance(child, ast.Call):
                func = child.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in IO_CALLS:
                    found.add((inner, name))
            if isinstance(child, ast.Attribute) and child.attr == "environ":
                found.add((inner, "environ"))
            visit(child, inner)

    visit(ast.parse(source), "")
    return found


def test_the_core_does_no_io_but_its_two_config_file_reads() -> None:
    stray: list[str] = []
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        where = str(path.relative_to(PACKAGE / "core"))
        for function, call in io_calls(path.read_text(encoding="utf-8")):
            if call not in IO_ALLOWED.get((where, function), set()):
                stray.append(f"{where}: {function}() calls {call}")
    assert stray == []


def test_the_io_check_sees_a_file_a_clock_and_the_environment() -> None:
    source = """
import os, time
def f(p):
    os.environ.get("X")
    return p.read_text(), time.monotonic()
"""
    assert io_calls(source) == {("f", "environ"), ("f", "read_text"), ("f", "monotonic")}
