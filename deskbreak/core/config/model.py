"""The user's configuration as typed, frozen values, with the built-in defaults.

This module owns the shape of a valid config; reading and checking a TOML file
is `config.read`'s job. Weekdays are 0 = Monday … 6 = Sunday; clock times are
minutes after midnight (an hour range may end at 24:00 = 1440).
Core module: standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from deskbreak.core.routines import Routine, Side

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class TimeRange:
    start: int  # minutes after midnight
    end: int  # minutes after midnight, > start, ≤ 1440

    def __str__(self) -> str:
        return f"{format_clock(self.start)}-{format_clock(self.end)}"


def format_clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class WorkingHours:
    """Per-weekday ranges; a weekday with no ranges has no desk breaks."""

    days: tuple[tuple[TimeRange, ...], ...]  # exactly 7 entries, Monday first

    def ranges(self, weekday: int) -> tuple[TimeRange, ...]:
        return self.days[weekday]


@dataclass(frozen=True)
class Schedule:
    every: timedelta = timedelta(minutes=45)
    rotation: tuple[str, ...] = (
        "mini-reset",
        "shoulder-release",
        "neck-and-sides",
        "posture-reset",
    )
    snooze: timedelta = timedelta(minutes=10)
    snooze_choices: tuple[timedelta, ...] = (
        timedelta(minutes=5),
        timedelta(minutes=10),
        timedelta(minutes=30),
    )
    max_snoozes: int = 3  # per due break; 0 = unlimited
    renotify: timedelta | None = timedelta(minutes=5)
    heads_up: timedelta | None = None
    natural_break: timedelta | None = timedelta(minutes=5)
    hours: WorkingHours | None = None  # None: any time


@dataclass(frozen=True)
class Reminder:
    at: int  # minutes after midnight, local time
    days: tuple[int, ...]  # weekdays
    routine: str


class DueStyle(StrEnum):
    """How long a due break's notification stays on screen."""

    STAY = "stay"  # never expires: it stays until acted on or dismissed
    CRITICAL = "critical"  # never expires and is critical (kept on screen by GNOME and others)
    NORMAL = "normal"  # the notification server's own timeout


@dataclass(frozen=True)
class Notifications:
    enabled: bool = True
    actions: bool = True
    sound: bool = True
    due: DueStyle = DueStyle.STAY


MOTIONS = ("auto", "full", "reduced")  # [player] motion; "auto": the desktop's setting
CONTRASTS = ("auto", "normal", "high")  # [player] contrast; "auto": the desktop's setting


@dataclass(frozen=True)
class PlayerSettings:
    window: bool = True
    chime: bool = True
    voice: bool = False
    always_on_top: bool = True
    by_ear: bool = False  # announce every step, side, hold, breath and count aloud
    accessible: bool = False  # the terminal player writes calm lines a screen reader reads
    motion: str = "auto"  # one of MOTIONS: "reduced" shows the key poses without animating
    contrast: str = "auto"  # one of CONTRASTS
    first_side: Side = Side.LEFT  # where sided steps start, unless a routine says otherwise
    # holds and repetitions grow over the weeks kept up, within each source's range
    progression: bool = True


@dataclass(frozen=True)
class Goals:
    breaks_per_day: int = 6


TRAY_BACKENDS = ("auto", "sni", "xembed", "appindicator", "gtk", "none")


@dataclass(frozen=True)
class TraySettings:
    backend: str = "auto"  # one of TRAY_BACKENDS


@dataclass(frozen=True)
class UiSettings:
    """[ui]: the language deskbreak speaks."""

    # "auto" (the locale: LANGUAGE, LC_ALL, LC_MESSAGES, LANG), "pseudo", or a code such as
    # "de" or "pt_BR"; a code without a catalogue means English.
    language: str = "auto"


@dataclass(frozen=True)
class HoldSettings:
    """[hold]: which signals hold a due break, and when a held break is offered."""

    microphone: bool = True
    camera: bool = True
    screen_share: bool = True
    fullscreen: bool = True
    dnd: bool = True
    apps: tuple[str, ...] = ()  # process names whose running holds a break
    resume_after: timedelta = timedelta(seconds=30)  # every signal clear this long
    at_most: timedelta | None = None  # offer a break held this long anyway; None: never


GNOME_BREAKS = ("auto", "deskbreak", "gnome", "both")


@dataclass(frozen=True)
class GnomeSettings:
    """[gnome]: who keeps time for desk breaks where GNOME (48 and later) has its own
    movement reminder.

    "deskbreak": deskbreak counts and reminds, GNOME's reminder is not looked at;
    "gnome": GNOME counts and asks, deskbreak offers its routine for GNOME's movement
    break and keeps no interval counter; "both": two counters; "auto": "gnome" while
    GNOME's movement reminder is on, else "deskbreak".
    """

    breaks: str = "auto"  # one of GNOME_BREAKS


class CalendarKind(StrEnum):
    """How a [[calendar.sources]] entry is read."""

    ICS = "ics"  # an iCalendar file on this machine
    URL = "url"  # an iCalendar address fetched over HTTPS (a calendar's "secret address")
    CALDAV = "caldav"  # a CalDAV collection; the password lives in the Secret Service keyring


@dataclass(frozen=True)
class CalendarSource:
    """One [[calendar.sources]] entry."""

    name: str  # unique among the sources; the keyring entry and the status name it
    kind: CalendarKind
    location: str  # a path (~ expanded by the reader) or an https:// address
    user: str = ""  # CalDAV only: the login name (the password is in the keyring)
    # The user's own addresses: an invitation one of them declined is not a meeting. For
    # CalDAV the account's addresses (and `user` when it is one) count as well.
    me: tuple[str, ...] = ()


@dataclass(frozen=True)
class CalendarSettings:
    """[calendar]: the calendars whose meetings hold breaks and pull them forward.

    Off (no sources) by default.
    """

    sources: tuple[CalendarSource, ...] = ()
    lead: timedelta = timedelta(minutes=20)  # how long before a long block a break is offered
    before_long: timedelta = timedelta(minutes=60)  # a block this long gets a break before it
    ignore: tuple[str, ...] = ()  # title words (case-insensitive) of events that are not meetings
    refresh: timedelta = timedelta(minutes=15)  # how often an address or a CalDAV source is read

    @property
    def enabled(self) -> bool:
        return bool(self.sources)


# The events a [[hooks]] entry may name in `on`, in the order the README lists them.
HOOK_EVENTS = (
    "due",
    "started",
    "completed",
    "skipped",
    "snoozed",
    "held",
    "resumed",
    "paused",
    "natural",
)


@dataclass(frozen=True)
class Hook:
    """One [[hooks]] entry: a program run (never through a shell) on some break events."""

    on: tuple[str, ...]  # names from HOOK_EVENTS, each once
    run: tuple[str, ...]  # the argv: the program, then its arguments
    timeout: timedelta = timedelta(seconds=30)  # then it is killed, with its children


@dataclass(frozen=True)
class Config:
    schedule: Schedule = field(default_factory=Schedule)
    reminders: tuple[Reminder, ...] = ()
    notifications: Notifications = field(default_factory=Notifications)
    player: PlayerSettings = field(default_factory=PlayerSettings)
    goals: Goals = field(default_factory=Goals)
    tray: TraySettings = field(default_factory=TraySettings)
    ui: UiSettings = field(default_factory=UiSettings)
    routines: tuple[Routine, ...] = ()  # the user's own routines (built-ins live in `library`)
    hold: HoldSettings = field(default_factory=HoldSettings)
    calendar: CalendarSettings = field(default_factory=CalendarSettings)
    gnome: GnomeSettings = field(default_factory=GnomeSettings)
    hooks: tuple[Hook, ...] = ()
