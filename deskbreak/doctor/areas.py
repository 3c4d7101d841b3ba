"""The finding of each area the doctor checks, from what its probe answered.

Owns the rule for each (what counts as a problem on which desktop), its words and its
one-line fix: plain functions of the probe's facts and the environment, with no I/O.
The order of the findings and the bound on every probe are `doctor.findings`'s; the
calendar sources' findings are `doctor.calendarcheck`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from deskbreak.core.diagnosis import (
    AutostartFacts,
    DaemonFacts,
    Detail,
    Finding,
    HoldFacts,
    IdleFacts,
    NotifyFacts,
    PlayerFacts,
    TrayFacts,
    Verdict,
)
from deskbreak.core.gnomebreaks import (
    KEY,
    MOVEMENT,
    SCHEMA,
    TURN_OFF,
    TURN_ON,
    GnomeBreaks,
    Keeper,
    ShellState,
    keeper,
    keeper_reason,
    keeper_text,
    reason_text,
)
from deskbreak.core.i18n import N_, _, pgettext

Env = Mapping[str, str]
# Translators: what the doctor says of hold signals (camera, microphone, fullscreen, ...)
# in a build that cannot watch them.
HOLDS_PENDING = N_("not available yet")


def row_title(key: str) -> str:
    """The row label of the finding `key`, in the chosen language."""
    titles = {
        # Translators: the doctor's row labels (context "doctor"), each a part of the desktop
        # it checks; they are padded into a column, so keep each under ~16 characters.
        "session": pgettext("doctor", "session"),
        "daemon": pgettext("doctor", "daemon"),
        "idle": pgettext("doctor", "idle time"),
        "tray": pgettext("doctor", "tray"),
        "notifications": pgettext("doctor", "notifications"),
        "player": pgettext("doctor", "player window"),
        "sleep": pgettext("doctor", "sleep watcher"),
        "holds": pgettext("doctor", "hold signals"),
        "autostart": pgettext("doctor", "autostart"),
        "config": pgettext("doctor", "config file"),
        "data": pgettext("doctor", "data directory"),
        "gnome": pgettext("doctor", "GNOME breaks"),
        "calendar": pgettext("doctor", "calendar"),
    }
    return titles[key]


def gnome(selected: tuple[str, ...], setting: str) -> Finding:
    """Who keeps time beside GNOME's own break reminders, and the command that changes it."""
    gnome = GnomeBreaks(selected, ShellState.ACTIVE if selected else ShellState.DISABLED)
    chosen = keeper(setting, gnome)
    found = f"{keeper_text(chosen)} ({reason_text(keeper_reason(setting, gnome), chosen)})"
    command = TURN_OFF if MOVEMENT in selected else TURN_ON
    details: dict[str, Detail] = {
        "setting": f"{SCHEMA} {KEY}",
        "selected": list(selected),
        "breaks": setting,
        "keeper": chosen.value,
        "command": command,
    }
    title = row_title("gnome")
    if chosen is Keeper.BOTH:
        # Translators: {command} is a shell command, kept as written.
        fix = _("two counters remind you twice; to keep only deskbreak's, run: {command}")
        return Finding("gnome", title, Verdict.PROBLEM, found, fix.format(command=command), details)
    return Finding("gnome", title, Verdict.OK, found, None, details)


def _is_gnome(env: Env) -> bool:
    return "GNOME" in env.get("XDG_CURRENT_DESKTOP", "").upper().split(":")


def _wayland(env: Env) -> bool:
    return env.get("XDG_SESSION_TYPE") == "wayland" or bool(env.get("WAYLAND_DISPLAY"))


def session(env: Env, desktop: bool) -> Finding:
    kind = env.get("XDG_SESSION_TYPE") or ("wayland" if env.get("WAYLAND_DISPLAY") else "")
    # Translators: the kind of graphical session when none is known (otherwise "x11", "wayland").
    kind = kind or ("x11" if env.get("DISPLAY") else pgettext("session type", "unknown"))
    name = env.get("XDG_CURRENT_DESKTOP") or _("unknown desktop")
    details = {"type": kind, "desktop": env.get("XDG_CURRENT_DESKTOP")}
    found = f"{kind}, {name}"
    if desktop and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        # Translators: {display} and {wayland} are the names of environment variables,
        # DISPLAY and WAYLAND_DISPLAY.
        fix = _(
            "run deskbreak inside your desktop session (neither {display} nor {wayland} is set)"
        ).format(display="DISPLAY", wayland="WAYLAND_DISPLAY")
        return Finding("session", row_title("session"), Verdict.PROBLEM, found, fix, details)
    return Finding("session", row_title("session"), Verdict.OK, found, None, details)


def daemon(facts: DaemonFacts) -> Finding:
    details = {"running": facts.running, "tray": facts.tray, "idle_source": facts.idle_source}
    if not facts.running:
        found = _("not running (`deskbreak start`)")
        return Finding("daemon", row_title("daemon"), Verdict.INFO, found, None, details)
    # Translators: the state of the background program that reminds of breaks.
    found = pgettext("daemon state", "running")
    return Finding("daemon", row_title("daemon"), Verdict.OK, found, None, details)


def idle(facts: IdleFacts, env: Env) -> Finding:
    details: dict[str, Detail] = {"source": facts.id, "event_driven": facts.event_driven}
    if facts.grace is not None:  # DESKBREAK_IDLE_GRACE: idle after this many seconds
        details["grace"] = facts.grace
    if facts.id is None:
        if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
            # Translators: a natural break is time away from the computer that counts as a break.
            fix = _("run deskbreak inside your desktop session; natural breaks stay off")
        elif _wayland(env):
            fix = _(
                "this compositor offers no idle protocol deskbreak reads (GNOME's Mutter, "
                "ext-idle-notify, KDE idle); natural breaks stay off"
            )
        else:
            # Translators: MIT-SCREEN-SAVER is the name of an X server extension; keep it.
            fix = _(
                "the X server lacks the MIT-SCREEN-SAVER extension (Xorg has it); "
                "natural breaks stay off"
            )
        found = _("no idle source")
        return Finding("idle", row_title("idle"), Verdict.PROBLEM, found, fix, details)
    if facts.event_driven:
        # Translators: {source} names how idle time is read, e.g. "GNOME Mutter IdleMonitor".
        found = _("{source}, event-driven").format(source=facts.label)
    else:
        found = _("{source}, polled once a minute").format(source=facts.label)
    return Finding("idle", row_title("idle"), Verdict.OK, found, None, details)


def tray(facts: TrayFacts, env: Env) -> Finding:
    details = {"sni_watcher": facts.watcher, "xembed": facts.xembed}
    # StatusNotifierWatcher and XEmbed are the names of the two tray protocols.
    if facts.watcher and facts.xembed:
        hosts = _("StatusNotifierWatcher and XEmbed system tray")
    elif facts.watcher:
        hosts = "StatusNotifierWatcher"
    elif facts.xembed:
        hosts = _("XEmbed system tray")
    else:
        hosts = ""
    if hosts:
        return Finding("tray", row_title("tray"), Verdict.OK, hosts, None, details)
    if _is_gnome(env):
        fix = _(
            "install and enable the AppIndicator extension: "
            "`apt install gnome-shell-extension-appindicator`, then "
            "`gnome-extensions enable ubuntu-appindicators@ubuntu.com`"
        )
    else:
        # Translators: waybar and trayer are program names.
        fix = _("start a tray: your panel's system tray, waybar's tray module, or trayer")
    return Finding("tray", row_title("tray"), Verdict.PROBLEM, _("no tray host"), fix, details)


def notify(facts: NotifyFacts | None) -> Finding:
    if facts is None:
        # Translators: dunst and mako are program names.
        fix = _("start a notification server (the desktop's own, or dunst or mako)")
        # Translators: no notification server answers.
        found = _("no server")
        return Finding("notifications", row_title("notifications"), Verdict.PROBLEM, found, fix)
    caps = set(facts.capabilities)
    # The capabilities are the notification protocol's own names: they stay as they are.
    have = [c for c in ("actions", "sound", "persistence") if c in caps]
    # Translators: what a notification server offers beyond plain text, when it offers nothing.
    extras = ", ".join(have) or _("no extras")
    found = f"{facts.name} {facts.version} ({facts.vendor}): {extras}"
    details = {
        "name": facts.name,
        "vendor": facts.vendor,
        "version": facts.version,
        "capabilities": sorted(caps),
    }
    if "actions" not in caps:
        # Translators: Start and Snooze are the reminder's buttons; use the words the tray
        # menu uses for them.
        fix = _(
            "this server shows no buttons: Start and Snooze are in the tray menu and "
            "`deskbreak break`/`snooze`"
        )
        return Finding(
            "notifications", row_title("notifications"), Verdict.PROBLEM, found, fix, details
        )
    return Finding("notifications", row_title("notifications"), Verdict.OK, found, None, details)


def player(facts: PlayerFacts, env: Env) -> Finding:
    details = {"tk": facts.tk_problem is None, "display": facts.display}
    if facts.tk_problem is not None:
        # Translators: Tk is the toolkit the break window is drawn with; a terminal is a
        # text console.
        fix = _(
            "install Tk for Python (Debian, Ubuntu: `apt install python3-tk`); "
            "meanwhile breaks play in a terminal"
        )
        # Translators: {problem} is Python's own error message, in English.
        found = _("no Tk ({problem})").format(problem=facts.tk_problem)
        return Finding("player", row_title("player"), Verdict.PROBLEM, found, fix, details)
    if not facts.display:
        if _wayland(env):
            fix = _("turn on Xwayland (the window is a Tk one)")
        else:
            # Translators: {display} is the name of an environment variable, DISPLAY.
            fix = _("run inside your desktop session ({display} is not set)").format(
                display="DISPLAY"
            )
        found = _("no X display")
        return Finding("player", row_title("player"), Verdict.PROBLEM, found, fix, details)
    # Translators: {display} is an X display's name, e.g. ":0".
    found = _("Tk on {display}").format(display=facts.display)
    return Finding("player", row_title("player"), Verdict.OK, found, None, details)


def sleep(logind: bool, desktop: bool) -> Finding:
    title = row_title("sleep")
    if not desktop:
        # Translators: how deskbreak learns that the computer slept: from a jump of the clock.
        return Finding("sleep", title, Verdict.INFO, _("noticed from the clock"))
    if logind:
        # Translators: logind is a program name; the system bus is D-Bus's system-wide bus.
        return Finding("sleep", title, Verdict.OK, _("logind (system bus)"))
    fix = _("sleep is noticed only from the clock, later: run systemd-logind or elogind")
    found = _("no logind on the system bus")
    return Finding("sleep", title, Verdict.PROBLEM, found, fix)


def holds(sources: Sequence[HoldFacts] | None) -> Finding:
    """Which signals can hold a break here; a signal with no working source is only noted
    (holds are an extra: a break is never lost for want of one). Where this desktop's own
    source of a missing signal cannot work (KDE's without PowerDevil), its problem is said
    with it, and `details["blocked"]` names that source."""
    if sources is None:
        return Finding("holds", row_title("holds"), Verdict.INFO, _(HOLDS_PENDING))
    seen = sorted({s for src in sources if src.problem is None for s in src.signals})
    missing = sorted({s for src in sources for s in src.signals} - set(seen))
    blocked = [
        src
        for src in sources
        if src.expected and src.problem is not None and set(src.signals) & set(missing)
    ]
    # The signals are config values ("camera", "microphone", "fullscreen"): they stay as they are.
    # Translators: stands for an empty list of hold signals in "watched: none".
    watched = ", ".join(seen) or pgettext("hold signals", "none")
    if missing:
        # Translators: {signals} and {missing} are lists such as "camera, microphone".
        found = _("watched: {signals}; not here: {missing}").format(
            signals=watched, missing=", ".join(missing)
        )
    else:
        found = _("watched: {signals}").format(signals=watched)
    if blocked:
        # Translators: {found} is the list of hold signals watched and missing; {why} says
        # why this desktop's own source of a missing one cannot work (one reason or more).
        found = _("{found} — {why}").format(
            found=found, why="; ".join(str(src.problem) for src in blocked)
        )
    details: dict[str, Detail] = {
        "watched": seen,
        "missing": missing,
        "blocked": [src.name for src in blocked],
    }
    return Finding("holds", row_title("holds"), Verdict.INFO, found, None, details)


def autostart(facts: AutostartFacts) -> Finding:
    details: dict[str, Detail] = {
        "enabled": facts.enabled,
        "where": facts.where,
        "command": facts.command,
    }
    title = row_title("autostart")
    if not facts.enabled:
        found = _("off (`deskbreak autostart enable` starts deskbreak at login)")
        return Finding("autostart", title, Verdict.INFO, found, None, details)
    if not facts.runnable:
        fix = _("`deskbreak autostart enable` (rewrites the entry for this install)")
        # Translators: {command} is the command line the login entry runs.
        found = _("the entry starts a program that is gone: {command}").format(
            command=facts.command
        )
        return Finding("autostart", title, Verdict.PROBLEM, found, fix, details)
    # Translators: autostart is on; {where} is the entry's file (or registry value).
    found = pgettext("autostart", "on ({where})").format(where=facts.where)
    return Finding("autostart", title, Verdict.OK, found, None, details)


def config(path: str, problem: str | None) -> Finding:
    details = {"path": path, "problem": problem}
    if problem is None:
        return Finding("config", row_title("config"), Verdict.OK, path, None, details)
    # Translators: {path} is the config file's path.
    fix = _("edit {path}; `deskbreak config check` lists every problem").format(path=path)
    found = f"{path}: {problem}"
    return Finding("config", row_title("config"), Verdict.PROBLEM, found, fix, details)


def data(path: str, problem: str | None) -> Finding:
    details = {"path": path, "problem": problem}
    if problem is None:
        # Translators: {path} is a folder deskbreak can write its files into.
        found = _("{path} (writable)").format(path=path)
        return Finding("data", row_title("data"), Verdict.OK, found, None, details)
    # Translators: {variable} is the name of an environment variable, DESKBREAK_HOME.
    fix = _("make it writable, or set {variable} to a folder you own").format(
        variable="DESKBREAK_HOME"
    )
    found = f"{path}: {problem}"
    return Finding("data", row_title("data"), Verdict.PROBLEM, found, fix, details)
