"""The doctor's gatherer: asks each probe what is on this desktop and judges the answers.

Owns the order of the findings, the rule for each (what counts as a problem on which desktop)
and its one-line fix, and the bound on every probe: each runs on a thread of its own and one
that does not answer within the timeout, or fails, is reported as such — never a hang, never a
traceback. The probes are a parameter (`Probes`), so tests pass fakes; `real_probes` builds the
ones that look at this machine (the desktop ones live in `deskbreak.desktop.probes`, imported
only when they run). Imports no GUI or D-Bus library itself.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from deskbreak.core.diagnosis import (
    AutostartFacts,
    DaemonFacts,
    Detail,
    Diagnosis,
    Finding,
    HoldFacts,
    IdleFacts,
    NotifyFacts,
    PlayerFacts,
    TrayFacts,
    Verdict,
)

T = TypeVar("T")
Env = Mapping[str, str]
HOLDS_PENDING = "not available yet"


@dataclass(frozen=True)
class Probes:
    """One question a part; each gets the environment and a timeout in seconds where it talks
    to something that could hang. Config and data dir answer with their first problem."""

    daemon: Callable[[float], DaemonFacts]
    idle: Callable[[Env, float], IdleFacts]
    tray: Callable[[Env, float], TrayFacts]
    notifications: Callable[[Env, float], NotifyFacts | None]
    player: Callable[[Env], PlayerFacts]
    sleep: Callable[[Env, float], bool]
    autostart: Callable[[], AutostartFacts]
    holds: Callable[[Env], Sequence[HoldFacts] | None]  # None: no hold sources in this build
    config: Callable[[], tuple[str, str | None]]  # (path, first problem or None)
    data_dir: Callable[[], tuple[str, str | None]]  # (path, why not writable or None)


class _Late(Exception):
    pass


def bounded(probe: Callable[[], T], timeout: float) -> T:
    """`probe()` on a thread of its own; raises _Late after `timeout` s (the thread is left
    to finish on its own: it is a daemon thread and holds nothing the caller needs)."""
    box: list[T] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            box.append(probe())
        except BaseException as exc:  # reported by the caller, in one line
            failure.append(exc)

    thread = threading.Thread(target=work, name="doctor-probe", daemon=True)
    thread.start()
    thread.join(timeout)
    if failure:
        raise failure[0]
    if not box:
        raise _Late()
    return box[0]


def diagnose(
    env: Env, probes: Probes, *, timeout: float = 1.0, platform: str | None = None
) -> Diagnosis:
    """Every finding, in a fixed order. Each probe gets `timeout` for each call it makes and
    is cut off after three of those (the idle probe tries up to three sources in turn)."""
    platform = sys.platform if platform is None else platform
    desktop = platform not in ("darwin", "win32", "cygwin")
    session = _session(env, desktop)
    steps: list[tuple[str, str, Callable[[], Finding]]] = [
        ("daemon", "daemon", lambda: _daemon(probes.daemon(timeout))),
        ("idle", "idle time", lambda: _idle(probes.idle(env, timeout), env)),
        ("tray", "tray", lambda: _tray(probes.tray(env, timeout), env)),
        ("notifications", "notifications", lambda: _notify(probes.notifications(env, timeout))),
        ("player", "player window", lambda: _player(probes.player(env), env)),
        ("sleep", "sleep watcher", lambda: _sleep(probes.sleep(env, timeout), desktop)),
        ("holds", "hold signals", lambda: _holds(probes.holds(env))),
        ("autostart", "autostart", lambda: _autostart(probes.autostart())),
        ("config", "config file", lambda: _config(*probes.config())),
        ("data", "data directory", lambda: _data(*probes.data_dir())),
    ]
    findings = [session]
    for key, title, step in steps:
        findings.append(_guarded(key, title, step, 3 * timeout + 0.5))
    return Diagnosis(tuple(findings))


def _guarded(key: str, title: str, step: Callable[[], Finding], limit: float) -> Finding:
    try:
        return bounded(step, limit)
    except _Late:
        found = f"no answer within {limit:g} s"
    except Exception as exc:
        found = f"the check failed: {type(exc).__name__}: {exc}"[:200]
    fix = "run `deskbreak doctor` again; if it persists, the log has details"
    return Finding(key, title, Verdict.PROBLEM, found, fix)


def _is_gnome(env: Env) -> bool:
    return "GNOME" in env.get("XDG_CURRENT_DESKTOP", "").upper().split(":")


def _wayland(env: Env) -> bool:
    return env.get("XDG_SESSION_TYPE") == "wayland" or bool(env.get("WAYLAND_DISPLAY"))


def _session(env: Env, desktop: bool) -> Finding:
    kind = env.get("XDG_SESSION_TYPE") or ("wayland" if env.get("WAYLAND_DISPLAY") else "")
    kind = kind or ("x11" if env.get("DISPLAY") else "unknown")
    name = env.get("XDG_CURRENT_DESKTOP") or "unknown desktop"
    details = {"type": kind, "desktop": env.get("XDG_CURRENT_DESKTOP")}
    if desktop and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        fix = (
            "run deskbreak inside your desktop session (neither DISPLAY nor WAYLAND_DISPLAY is set)"
        )
        return Finding("session", "session", Verdict.PROBLEM, f"{kind}, {name}", fix, details)
    return Finding("session", "session", Verdict.OK, f"{kind}, {name}", None, details)


def _daemon(facts: DaemonFacts) -> Finding:
    details = {"running": facts.running, "tray": facts.tray, "idle_source": facts.idle_source}
    if not facts.running:
        return Finding(
            "daemon", "daemon", Verdict.INFO, "not running (`deskbreak start`)", None, details
        )
    return Finding("daemon", "daemon", Verdict.OK, "running", None, details)


def _idle(facts: IdleFacts, env: Env) -> Finding:
    details = {"source": facts.id, "event_driven": facts.event_driven}
    if facts.id is None:
        if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
            fix = "run deskbreak inside your desktop session; natural breaks stay off"
        elif _wayland(env):
            fix = (
                "this compositor offers no idle protocol deskbreak reads (GNOME's Mutter, "
                "ext-idle-notify, KDE idle); natural breaks stay off"
            )
        else:
            fix = (
                "the X server lacks the MIT-SCREEN-SAVER extension (Xorg has it); "
                "natural breaks stay off"
            )
        return Finding("idle", "idle time", Verdict.PROBLEM, "no idle source", fix, details)
    how = "event-driven" if facts.event_driven else "polled once a minute"
    return Finding("idle", "idle time", Verdict.OK, f"{facts.label}, {how}", None, details)


def _tray(facts: TrayFacts, env: Env) -> Finding:
    hosts = []
    if facts.watcher:
        hosts.append("StatusNotifierWatcher")
    if facts.xembed:
        hosts.append("XEmbed system tray")
    details = {"sni_watcher": facts.watcher, "xembed": facts.xembed}
    if hosts:
        return Finding("tray", "tray", Verdict.OK, " and ".join(hosts), None, details)
    if _is_gnome(env):
        fix = (
            "install and enable the AppIndicator extension: apt install "
            "gnome-shell-extension-appindicator, then "
            "gnome-extensions enable ubuntu-appindicators@ubuntu.com"
        )
    else:
        fix = "start a tray: your panel's system tray, waybar's tray module, or trayer"
    return Finding("tray", "tray", Verdict.PROBLEM, "no tray host", fix, details)


def _notify(facts: NotifyFacts | None) -> Finding:
    if facts is None:
        fix = "start a notification server (the desktop's own, or dunst or mako)"
        return Finding("notifications", "notifications", Verdict.PROBLEM, "no server", fix)
    caps = set(facts.capabilities)
    have = [c for c in ("actions", "sound", "persistence") if c in caps]
    found = f"{facts.name} {facts.version} ({facts.vendor}): {', '.join(have) or 'no extras'}"
    details = {
        "name": facts.name,
        "vendor": facts.vendor,
        "version": facts.version,
        "capabilities": sorted(caps),
    }
    if "actions" not in caps:
        fix = (
            "this server shows no buttons: Start and Snooze are in the tray menu and "
            "`deskbreak start`/`snooze`"
        )
        return Finding("notifications", "notifications", Verdict.PROBLEM, found, fix, details)
    return Finding("notifications", "notifications", Verdict.OK, found, None, details)


def _player(facts: PlayerFacts, env: Env) -> Finding:
    details = {"tk": facts.tk_problem is None, "display": facts.display}
    if facts.tk_problem is not None:
        fix = (
            "install Tk for Python (Debian, Ubuntu: apt install python3-tk); "
            "meanwhile breaks play in a terminal"
        )
        found = f"no Tk ({facts.tk_problem})"
        return Finding("player", "player window", Verdict.PROBLEM, found, fix, details)
    if not facts.display:
        fix = (
            "turn on Xwayland (the window is a Tk one)"
            if _wayland(env)
            else "run inside your desktop session (DISPLAY is not set)"
        )
        return Finding("player", "player window", Verdict.PROBLEM, "no X display", fix, details)
    found = f"Tk on {facts.display}"
    return Finding("player", "player window", Verdict.OK, found, None, details)


def _sleep(logind: bool, desktop: bool) -> Finding:
    if not desktop:
        return Finding("sleep", "sleep watcher", Verdict.INFO, "noticed from the clock")
    if logind:
        return Finding("sleep", "sleep watcher", Verdict.OK, "logind (system bus)")
    fix = "sleep is noticed only from the clock, later: run systemd-logind or elogind"
    return Finding("sleep", "sleep watcher", Verdict.PROBLEM, "no logind on the system bus", fix)


def _holds(sources: Sequence[HoldFacts] | None) -> Finding:
    """Which signals can hold a break here; a signal with no working source is only noted
    (holds are an extra: a break is never lost for want of one)."""
    if sources is None:
        return Finding("holds", "hold signals", Verdict.INFO, HOLDS_PENDING)
    seen = sorted({s for src in sources if src.problem is None for s in src.signals})
    missing = sorted({s for src in sources for s in src.signals} - set(seen))
    found = f"watched: {', '.join(seen) or 'none'}"
    if missing:
        found += f"; not here: {', '.join(missing)}"
    details: dict[str, Detail] = {"watched": seen, "missing": missing}
    return Finding("holds", "hold signals", Verdict.INFO, found, None, details)


def _autostart(facts: AutostartFacts) -> Finding:
    details: dict[str, Detail] = {
        "enabled": facts.enabled,
        "where": facts.where,
        "command": facts.command,
    }
    if not facts.enabled:
        found = "off (`deskbreak autostart enable` starts deskbreak at login)"
        return Finding("autostart", "autostart", Verdict.INFO, found, None, details)
    if not facts.runnable:
        fix = "deskbreak autostart enable (rewrites the entry for this install)"
        found = f"the entry starts a program that is gone: {facts.command}"
        return Finding("autostart", "autostart", Verdict.PROBLEM, found, fix, details)
    return Finding("autostart", "autostart", Verdict.OK, f"on ({facts.where})", None, details)


def _config(path: str, problem: str | None) -> Finding:
    details = {"path": path, "problem": problem}
    if problem is None:
        return Finding("config", "config file", Verdict.OK, path, None, details)
    fix = f"edit {path}; `deskbreak config check` lists every problem"
    return Finding("config", "config file", Verdict.PROBLEM, f"{path}: {problem}", fix, details)


def _data(path: str, problem: str | None) -> Finding:
    details = {"path": path, "problem": problem}
    if problem is None:
        return Finding("data", "data directory", Verdict.OK, f"{path} (writable)", None, details)
    fix = "make it writable, or set DESKBREAK_HOME to a folder you own"
    return Finding("data", "data directory", Verdict.PROBLEM, f"{path}: {problem}", fix, details)
