"""GNOME's own break reminders (GNOME Shell 48 and later) and who keeps time beside them.

GNOME publishes two things: the setting `org.gnome.desktop.break-reminders
selected-breaks` (which reminders are on: "movement", "eyesight") and the shell's
`org.gnome.Shell.ScreenTime` `State` on the session bus. The bus does not say which kind
of break is due, so `MovementClock` follows the shell's own rule for the movement break
(due `interval` seconds after it last ended; an idle stretch at least `duration` long
ends it) to tell a movement break from an eyesight one when both are on.

`keeper` decides, from `[gnome] breaks` and what GNOME publishes, who keeps time for desk
breaks. Core module: standard library only; times are given, never read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from deskbreak.core.i18n import _

SCHEMA = "org.gnome.desktop.break-reminders"
KEY = "selected-breaks"
MOVEMENT, EYESIGHT = "movement", "eyesight"
IDLE_WATCH = 10.0  # the shell's state turns idle after this long without input
# The one command that turns GNOME's movement reminder off (doctor names it).
TURN_OFF = f"gsettings set {SCHEMA} {KEY} \"['eyesight']\""
TURN_ON = f"gsettings set {SCHEMA} {KEY} \"['movement']\""


class ShellState(IntEnum):
    """`org.gnome.Shell.ScreenTime` `State`, as the shell sets it."""

    DISABLED = 0
    ACTIVE = 1
    IDLE = 2
    IN_BREAK = 3
    DUE = 4


class Phase(StrEnum):
    """Where GNOME's movement break is, as the engine is told it."""

    NONE = "none"
    DUE = "due"  # due, the user still at the computer
    IN_BREAK = "in-break"  # the user stepped away (the screen fades)


class Keeper(StrEnum):
    DESKBREAK = "deskbreak"
    GNOME = "gnome"
    BOTH = "both"


@dataclass(frozen=True)
class GnomeBreaks:
    """What GNOME's break reminders look like now."""

    selected: tuple[str, ...] = ()  # selected-breaks; () also when there is no such setting
    state: ShellState | None = None  # None: no shell publishes ScreenTime here
    movement: bool = False  # the break due or in progress is the movement break

    @property
    def movement_on(self) -> bool:
        """GNOME's movement reminder is selected and a shell runs it."""
        return MOVEMENT in self.selected and self.state not in (None, ShellState.DISABLED)

    @property
    def phase(self) -> Phase:
        if not self.movement:
            return Phase.NONE
        return {ShellState.DUE: Phase.DUE, ShellState.IN_BREAK: Phase.IN_BREAK}.get(
            self.state or ShellState.DISABLED, Phase.NONE
        )


def parse_selected(text: str) -> tuple[str, ...] | None:
    """`gsettings get`/`monitor` output (`['movement']`, `@as []`, `selected-breaks: [...]`)
    → the break kinds; None when it is not that key's value."""
    value = text.split(":", 1)[1] if text.lstrip().startswith(KEY + ":") else text
    value = value.strip().removeprefix("@as").strip()
    if not (value.startswith("[") and value.endswith("]")):
        return None
    words = [w.strip().strip("'\"") for w in value[1:-1].split(",")]
    return tuple(w for w in words if w)


class MovementClock:
    """Tells whether the shell's due break is the movement one (when eyesight is on too)."""

    def __init__(self, now: float) -> None:
        self._last_end = now  # the movement break last ended (or the reminder came on)
        self._idle_since: float | None = None
        self._on = False

    def see(
        self,
        now: float,
        selected: tuple[str, ...],
        state: ShellState | None,
        interval: float,
        duration: float,
    ) -> bool:
        """The state the shell shows at `now`: is a movement break due or in progress?"""
        on = MOVEMENT in selected and state not in (None, ShellState.DISABLED)
        if on and not self._on:
            self._last_end = now  # the shell starts the movement interval afresh
        self._on = on
        if not on:
            self._idle_since = None
            return False
        away = state in (ShellState.IDLE, ShellState.IN_BREAK)
        if away and self._idle_since is None:
            self._idle_since = now - IDLE_WATCH
        elif not away and self._idle_since is not None:
            if now - self._idle_since >= duration:
                self._last_end = now
            self._idle_since = None
        if state not in (ShellState.DUE, ShellState.IN_BREAK):
            return False
        if EYESIGHT not in selected:
            return True
        return now - self._last_end >= interval - IDLE_WATCH


def keeper(setting: str, gnome: GnomeBreaks) -> Keeper:
    """Who keeps time for desk breaks, from `[gnome] breaks` and GNOME's reminders."""
    if setting == "auto":
        return Keeper.GNOME if gnome.movement_on else Keeper.DESKBREAK
    return Keeper(setting)


def keeper_reason(setting: str, gnome: GnomeBreaks) -> str:
    """Why `keeper` chose as it did, as an id: "config", "movement-on", "movement-off"."""
    if setting != "auto":
        return "config"
    return "movement-on" if gnome.movement_on else "movement-off"


def reason_text(reason: str, chosen: str) -> str:
    """A `keeper_reason` id for a person (the start-up banner, `status`, `doctor`)."""
    if reason == "movement-on":
        return _("GNOME's movement reminder is on")
    if reason == "movement-off":
        return _("GNOME's movement reminder is off")
    # Translators: {value} is a config value such as "gnome", kept as written.
    return _('`[gnome] breaks = "{value}"` in the config').format(value=chosen)


def keeper_text(chosen: str) -> str:
    """Who keeps time, as one phrase."""
    return {
        Keeper.DESKBREAK: _("deskbreak keeps time for desk breaks"),
        Keeper.GNOME: _(
            "GNOME keeps time for desk breaks; deskbreak guides GNOME's movement break"
        ),
        Keeper.BOTH: _("deskbreak and GNOME both keep time for desk breaks"),
    }.get(Keeper(chosen) if chosen in set(Keeper) else Keeper.DESKBREAK, "")
