"""`deskbreak doctor`: the gatherer's judgements on faked probes, its bounds, and the command."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pytest

from deskbreak.cli import main
from deskbreak.core.diagnosis import (
    AutostartFacts,
    DaemonFacts,
    HoldFacts,
    IdleFacts,
    NotifyFacts,
    PlayerFacts,
    TrayFacts,
    Verdict,
)
from deskbreak.doctor import checkup
from deskbreak.doctor.findings import Probes, diagnose
from deskbreak.paths import resolve

GNOME = {
    "XDG_SESSION_TYPE": "wayland",
    "XDG_CURRENT_DESKTOP": "GNOME",
    "WAYLAND_DISPLAY": "wayland-0",
    "DISPLAY": ":0",
    "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent",
}
SHELL = NotifyFacts("gnome-shell", "GNOME", "43.9", ("actions", "body", "persistence", "sound"))


def healthy() -> Probes:
    """Everything a GNOME desk with the AppIndicator extension has."""
    return Probes(
        daemon=lambda timeout: DaemonFacts(True, "sni", "mutter"),
        idle=lambda env, timeout: IdleFacts("mutter", "GNOME Mutter IdleMonitor", True),
        tray=lambda env, timeout: TrayFacts(":1.7", True),
        notifications=lambda env, timeout: SHELL,
        player=lambda env: PlayerFacts(None, ":0"),
        sleep=lambda env, timeout: True,
        autostart=lambda: AutostartFacts(True, "/x/deskbreak.desktop", "deskbreak run"),
        holds=lambda env, timeout: None,
        config=lambda: ("/x/config.toml", None),
        data_dir=lambda: ("/x/data", None),
    )


def by_id(probes: Probes, env: Mapping[str, str] = GNOME) -> dict[str, dict[str, object]]:
    data = json.loads(diagnose(env, probes, timeout=0.5, platform="linux").to_json())
    return {f["id"]: f for f in data["findings"]}


def test_a_healthy_gnome_desk_is_all_well() -> None:
    found = diagnose(GNOME, healthy(), timeout=0.5, platform="linux")
    assert found.ok and not found.problems
    assert found.lines()[-1] == "all is well"
    ids = [f.id for f in found.findings]
    assert ids == [
        "session",
        "daemon",
        "idle",
        "tray",
        "notifications",
        "player",
        "sleep",
        "holds",
        "autostart",
        "config",
        "data",
    ]
    checks = by_id(healthy())
    assert checks["session"]["details"] == {"desktop": "GNOME", "type": "wayland"}
    assert checks["idle"]["found"] == "GNOME Mutter IdleMonitor, event-driven"
    assert (
        checks["notifications"]["found"] == "gnome-shell 43.9 (GNOME): actions, sound, persistence"
    )
    holds: dict[str, object] = {
        "id": "holds",
        "title": "hold signals",
        "verdict": "info",
        "found": "not available yet",
        "fix": None,
        "details": {},
    }
    assert checks["holds"] == holds


def test_each_missing_piece_is_a_problem_with_its_fix() -> None:
    broken = replace(
        healthy(),
        idle=lambda env, timeout: IdleFacts(None, "none"),
        tray=lambda env, timeout: TrayFacts(None, False),
        notifications=lambda env, timeout: replace(SHELL, capabilities=("body",)),
        player=lambda env: PlayerFacts("No module named 'tkinter'", ":0"),
        sleep=lambda env, timeout: False,
        config=lambda: ("/x/config.toml", "schedule.every: not a duration"),
        data_dir=lambda: ("/x/data", "Permission denied"),
    )
    checks = by_id(broken)
    problems = {key for key, f in checks.items() if f["verdict"] == "problem"}
    assert problems == {"idle", "tray", "notifications", "player", "sleep", "config", "data"}
    assert "gnome-shell-extension-appindicator" in str(checks["tray"]["fix"])
    assert "python3-tk" in str(checks["player"]["fix"])
    assert "deskbreak config check" in str(checks["config"]["fix"])
    assert checks["config"]["found"] == "/x/config.toml: schedule.every: not a duration"
    assert "Xwayland" not in str(checks["player"]["fix"])


def test_fixes_follow_the_desktop() -> None:
    plain_x = {"DISPLAY": ":3", "XDG_SESSION_TYPE": "x11"}
    no_tray = replace(healthy(), tray=lambda env, timeout: TrayFacts(None, False))
    assert "trayer" in str(by_id(no_tray, plain_x)["tray"]["fix"])
    no_idle = replace(healthy(), idle=lambda env, timeout: IdleFacts(None, "none"))
    assert "MIT-SCREEN-SAVER" in str(by_id(no_idle, plain_x)["idle"]["fix"])
    assert "compositor" in str(by_id(no_idle, {"WAYLAND_DISPLAY": "w"})["idle"]["fix"])
    no_x = replace(healthy(), player=lambda env: PlayerFacts(None, None))
    assert "Xwayland" in str(by_id(no_x, {"WAYLAND_DISPLAY": "w"})["player"]["fix"])
    nothing = by_id(healthy(), {})
    assert nothing["session"]["verdict"] == "problem"


def test_autostart_off_is_a_choice_but_a_stale_entry_is_a_problem() -> None:
    off = replace(healthy(), autostart=lambda: AutostartFacts(False, "/x/deskbreak.desktop"))
    assert by_id(off)["autostart"]["verdict"] == "info"
    gone = AutostartFacts(True, "/x/deskbreak.desktop", "/gone/bin/deskbreak run", False)
    stale = by_id(replace(healthy(), autostart=lambda: gone))["autostart"]
    assert stale["verdict"] == "problem" and stale["fix"] is not None
    assert "deskbreak autostart enable" in str(stale["fix"])


def test_a_hanging_or_failing_probe_is_reported_not_raised() -> None:
    release = threading.Event()

    def hang(env: Mapping[str, str], timeout: float) -> NotifyFacts | None:
        release.wait(10)
        return SHELL

    def fail(env: Mapping[str, str], timeout: float) -> TrayFacts:
        raise RuntimeError("bus exploded")

    probes = replace(healthy(), notifications=hang, tray=fail)
    try:
        found = diagnose(GNOME, probes, timeout=0.2, platform="linux")
    finally:
        release.set()
    checks = {f.id: f for f in found.findings}
    assert checks["notifications"].verdict is Verdict.PROBLEM
    assert checks["notifications"].found == "no answer within 1.1 s"
    assert checks["tray"].found == "the check failed: RuntimeError: bus exploded"
    assert not found.ok


def test_the_json_is_stable() -> None:
    first = diagnose(GNOME, healthy(), timeout=0.5, platform="linux").to_json()
    assert first == diagnose(GNOME, healthy(), timeout=0.5, platform="linux").to_json()
    data = json.loads(first)
    assert list(data) == ["ok", "findings"]
    assert all(
        list(f) == ["id", "title", "verdict", "found", "fix", "details"] for f in data["findings"]
    )


def test_the_real_local_probes(home: Path) -> None:
    paths = resolve({"DESKBREAK_HOME": str(home)})
    assert checkup.data_dir_problem(paths)[1] is None
    assert checkup.config_problem(paths)[1] is None  # no file: the defaults
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text('[schedule]\nevery = "soon"\n')
    where, problem = checkup.config_problem(paths)
    assert where == str(paths.config_file) and problem is not None and "every" in problem
    assert checkup.daemon_facts(paths, 0.5) == DaemonFacts(False)
    assert not checkup.autostart_facts(paths).enabled


def test_the_command_exits_1_on_a_problem_and_prints_json(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)
    assert main(["doctor", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    session = next(f for f in data["findings"] if f["id"] == "session")
    assert session["verdict"] == "problem"
    assert main(["doctor"]) == 1
    assert "problem" in capsys.readouterr().out.splitlines()[-1]


class _Polled:
    name = "x11"

    def close(self) -> None:
        pass


class _Pushing(_Polled):
    def __init__(self) -> None:
        self.listeners: list[object] = []

    def watch(self, on_change: object) -> bool:
        self.listeners.append(on_change)
        return True


def test_a_source_is_event_driven_when_its_watch_takes_a_listener() -> None:
    from deskbreak.desktop.probes import pushes

    pushing = _Pushing()
    assert pushes(pushing) and len(pushing.listeners) == 1
    assert not pushes(_Polled())


def test_hold_signals_list_what_is_watched_and_what_is_not_here() -> None:
    sources = [
        HoldFacts("pipewire", "PipeWire", ("microphone", "camera"), None),
        HoldFacts("x11", "X11 fullscreen", ("fullscreen",), "no X display"),
    ]
    holds = by_id(replace(healthy(), holds=lambda env, timeout: sources))["holds"]
    assert holds["verdict"] == "info"
    assert holds["found"] == "watched: camera, microphone; not here: fullscreen"
    assert holds["details"] == {
        "blocked": [],
        "missing": ["fullscreen"],
        "watched": ["camera", "microphone"],
    }


def test_a_missing_signal_says_why_this_desktops_own_source_cannot_work() -> None:
    why = "PowerDevil is not running"
    sources = [
        HoldFacts("x11-fullscreen", "X11", ("fullscreen",), "a Wayland session"),
        HoldFacts("gnome-inhibitors", "GNOME", ("fullscreen",), "not GNOME"),
        HoldFacts("kde-inhibitors", "KDE", ("fullscreen",), why, expected=True),
        HoldFacts("pipewire", "PipeWire", ("microphone", "camera"), None),
    ]
    holds = by_id(replace(healthy(), holds=lambda env, timeout: sources))["holds"]
    assert holds["verdict"] == "info"
    assert holds["details"] == {
        "blocked": ["kde-inhibitors"],
        "missing": ["fullscreen"],
        "watched": ["camera", "microphone"],
    }
    found = str(holds["found"])
    assert why in found and "not GNOME" not in found and "Wayland" not in found
    # another source watching the signal: nothing is missing, nothing blamed
    x11 = replace(sources[0], problem=None)
    holds = by_id(replace(healthy(), holds=lambda env, timeout: [x11, *sources[1:]]))["holds"]
    assert holds["details"]["blocked"] == [] and why not in str(holds["found"])  # type: ignore[index]


def test_the_json_stays_english_in_any_language(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from support.pseudo import is_marked

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DESKBREAK_LANGUAGE", "pseudo")
    main(["doctor"])
    assert is_marked(capsys.readouterr().out)  # the report speaks the language ...
    main(["doctor", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert not is_marked(json.dumps(data, ensure_ascii=False))  # ... the JSON does not
    assert any(f["id"] == "session" and f["verdict"] == "problem" for f in data["findings"])
