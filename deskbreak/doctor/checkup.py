"""The doctor's real probes: this install's own parts, and the desktop's through `desktop.probes`.

Owns building `doctor.Probes` for this machine: whether the daemon answers (and which tray and
idle source it uses), the autostart entry and whether its program still exists, the config
file's first problem, whether the data directory takes a file. The desktop probes are imported
only when they run, so the CLI stays light. Imports no GUI or D-Bus library itself.
"""

from __future__ import annotations

import os
import shlex
import shutil
import tempfile
from collections.abc import Mapping

from deskbreak.core.diagnosis import (
    AutostartFacts,
    CalendarFacts,
    DaemonFacts,
    HoldFacts,
    IdleFacts,
    NotifyFacts,
    PlayerFacts,
    TrayFacts,
)
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.i18n import _
from deskbreak.doctor.findings import Probes
from deskbreak.install.autostart import Autostart
from deskbreak.paths import Paths, ensure


def real_probes(paths: Paths) -> Probes:
    return Probes(
        daemon=lambda timeout: daemon_facts(paths, timeout),
        idle=_idle,
        tray=_tray,
        notifications=_notifications,
        player=_player,
        sleep=_sleep,
        autostart=lambda: autostart_facts(paths),
        holds=hold_facts,
        config=lambda: config_problem(paths),
        data_dir=lambda: data_dir_problem(paths),
        gnome=lambda env: gnome_facts(paths, env),
        calendar=lambda: calendar_facts(paths),
    )


def gnome_facts(paths: Paths, env: Mapping[str, str]) -> tuple[tuple[str, ...] | None, str]:
    """GNOME's selected break reminders (None: no such setting) and `[gnome] breaks`."""
    from deskbreak.core.config.read import load_config
    from deskbreak.desktop import gnomebreaks

    try:
        setting = load_config(paths.config_file).gnome.breaks
    except (DeskbreakError, OSError):
        setting = "auto"  # the config row says what is wrong with the file
    if shutil.which("gsettings", path=env.get("PATH")) is None:
        return None, setting
    return gnomebreaks.selected(env), setting


def daemon_facts(paths: Paths, timeout: float) -> DaemonFacts:
    from deskbreak.ipc import Client, NotRunning

    try:
        reply = Client(paths, timeout=timeout).call("status")
    except NotRunning:
        return DaemonFacts(False)
    except DeskbreakError:
        return DaemonFacts(False)
    tray, idle = reply.data.get("tray"), reply.data.get("idle_source")
    return DaemonFacts(True, str(tray) if tray else None, str(idle) if idle else None)


def autostart_facts(paths: Paths) -> AutostartFacts:
    state = Autostart(paths).status()
    runnable = True
    if state.enabled and state.command:
        try:
            program = shlex.split(state.command)[0]
        except (ValueError, IndexError):
            program = ""
        runnable = bool(program) and (os.path.isfile(program) or shutil.which(program) is not None)
    return AutostartFacts(state.enabled, state.where, state.command, runnable)


def config_problem(paths: Paths) -> tuple[str, str | None]:
    from deskbreak.core.config.read import ConfigErrors, load_config

    path = paths.config_file
    try:
        load_config(path)
    except ConfigErrors as exc:
        return str(path), str(exc.problems[0]) if exc.problems else exc.message
    except DeskbreakError as exc:
        return str(path), str(exc)
    if not path.exists():
        # Translators: {path} is the config file's path, which does not exist yet.
        return _("{path} (not created yet: the built-in defaults apply)").format(path=path), None
    return str(path), None


def calendar_facts(paths: Paths) -> list[CalendarFacts]:
    """The configured calendar sources and what the daemon's reader kept of each (the file
    `core.calendarstate` describes); an invalid config has the config finding instead."""
    import json

    from deskbreak.core.calendarstate import CACHE_FILE, decode
    from deskbreak.core.config.read import load_config

    try:
        sources = load_config(paths.config_file).calendar.sources
    except DeskbreakError:
        return []
    try:
        kept = decode(json.loads((paths.state_dir / CACHE_FILE).read_bytes()))
    except (OSError, ValueError, RecursionError):
        kept = {}
    return [CalendarFacts(s.name, s.kind.value, kept.get(s.name)) for s in sources]


PROBE_BYTES = 64 * 1024  # a real write: an empty file fits even on a full disk


def data_dir_problem(paths: Paths) -> tuple[str, str | None]:
    """Whether the data directory takes a real write: 64 KiB written and synced to disk,
    then removed again (an empty file would be made even on a full disk)."""
    where = paths.data_dir
    try:
        ensure(where)
        with tempfile.NamedTemporaryFile(dir=where, prefix=".doctor-") as probe:
            probe.write(b"\0" * PROBE_BYTES)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        return str(where), exc.strerror or str(exc)
    return str(where), None


def hold_facts(env: Mapping[str, str], timeout: float) -> list[HoldFacts] | None:
    """The hold sources' own description (`deskbreak.desktop.hold.catalog.describe_sources`;
    on KDE it asks the session bus, each step within `timeout`)."""
    from deskbreak.desktop.hold import catalog

    return [
        HoldFacts(
            str(i.name), str(i.label), tuple(str(s) for s in i.signals), i.problem, i.expected
        )
        for i in catalog.describe_sources(env, timeout=timeout)
    ]


def _idle(env: Mapping[str, str], timeout: float) -> IdleFacts:
    from deskbreak.desktop import probes

    return probes.idle_facts(env, timeout)


def _tray(env: Mapping[str, str], timeout: float) -> TrayFacts:
    from deskbreak.desktop import probes

    return probes.tray_facts(env, timeout)


def _notifications(env: Mapping[str, str], timeout: float) -> NotifyFacts | None:
    from deskbreak.desktop import probes

    return probes.notify_facts(env, timeout)


def _player(env: Mapping[str, str]) -> PlayerFacts:
    from deskbreak.desktop import probes

    return probes.player_facts(env)


def _sleep(env: Mapping[str, str], timeout: float) -> bool:
    from deskbreak.desktop import probes

    return probes.logind_facts(env, timeout)
