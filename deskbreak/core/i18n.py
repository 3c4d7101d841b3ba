"""The translation layer: every string a person reads passes through here.

Standard library only. The functions look a message up in the catalogue the process chose at
start (`deskbreak.lang.setup` installs it); until then, and for any message a catalogue lacks,
they return the English. Times, dates and durations are written by the installed `Formats`:
the plain 24-hour default here, the locale's own style once `deskbreak.lang` has installed
Babel's.

How to mark a string (pybabel extracts these keywords, see docs/translating.md):

- `_("Break skipped")` where the text is shown; `_("Next break at {time}").format(time=...)`
  for placeholders (never an f-string: the catalogue needs the text before it is filled).
- `ngettext("{n} break", "{n} breaks", n).format(n=n)` for every count.
- `pgettext("menu", "Start")` where one English word has two meanings.
- `N_("...")` marks a constant at module level (the exercise library, tables of texts): it
  returns the English unchanged, and the code that shows the text calls `_()` on it then,
  so a reload that switches the language switches these too.
"""

from __future__ import annotations

import datetime as dt
import gettext
from typing import Protocol

DOMAIN = "deskbreak"


class Formats(Protocol):
    """How the chosen locale writes times, dates, numbers and lengths of time."""

    def time(self, value: dt.time | dt.datetime) -> str:
        """A time of day, hours and minutes ("14:30", "2:30 PM")."""
        ...

    def date(self, value: dt.date) -> str:
        """A date, short ("2026-12-05", "05.12.26", "12/5/26")."""
        ...

    def weekday(self, value: dt.date) -> str:
        """The day's name, abbreviated ("Sat", "Sa.")."""
        ...

    def day(self, value: dt.date) -> str:
        """A day by its name and date, short, without the year ("Sat 05 Dec", "Sa., 5. Dez.")."""
        ...

    def duration(self, seconds: int) -> str:
        """A length of time, short: "45 s", "4 min 30 s", "1 h 30 min" ("45 Min." in German).

        Seconds show only under an hour, hours and minutes from an hour (`duration_parts`)."""
        ...

    def number(self, value: float, digits: int = 0) -> str:
        """A number with `digits` decimals in the locale's digits and separators."""
        ...


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class PlainFormats:
    """The formats used before a locale is installed, and for the C locale: 24-hour, ISO."""

    def time(self, value: dt.time | dt.datetime) -> str:
        return f"{value.hour:02d}:{value.minute:02d}"

    def date(self, value: dt.date) -> str:
        return value.isoformat()

    def weekday(self, value: dt.date) -> str:
        return ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[value.weekday()]

    def day(self, value: dt.date) -> str:
        return f"{self.weekday(value)} {value.day:02d} {_MONTHS[value.month - 1]}"

    def duration(self, seconds: int) -> str:
        return " ".join(f"{n} {unit}" for n, unit in duration_parts(seconds))

    def number(self, value: float, digits: int = 0) -> str:
        return f"{value:.{digits}f}"


_translations: gettext.NullTranslations = gettext.NullTranslations()
_formats: Formats = PlainFormats()
_language = "en"


def install(translations: gettext.NullTranslations, language: str, formats: Formats) -> None:
    """Make `translations` and `formats` the process's own (done by `deskbreak.lang.setup`)."""
    global _translations, _formats, _language
    _translations, _formats, _language = translations, formats, language


def language() -> str:
    """The language in use: a catalogue's code ("de", "pt_BR"), "en" or "pseudo"."""
    return _language


def formats() -> Formats:
    """The installed formats."""
    return _formats


def _(message: str) -> str:
    """`message` in the chosen language (the English when the catalogue lacks it)."""
    return _translations.gettext(message) if message else message


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it now."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message that fits `n` in the chosen language."""
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` as meant in `context`, for an English word with two meanings."""
    return _translations.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """`ngettext` with a context."""
    return _translations.npgettext(context, singular, plural, n)


def time_text(value: dt.time | dt.datetime) -> str:
    """A time of day as the locale writes it."""
    return _formats.time(value)


def date_text(value: dt.date) -> str:
    """A date as the locale writes it."""
    return _formats.date(value)


def weekday_text(value: dt.date) -> str:
    """A weekday's abbreviated name in the chosen language."""
    return _formats.weekday(value)


def day_text(value: dt.date) -> str:
    """A day by its name and date, as the locale writes it ("Sat 05 Dec")."""
    return _formats.day(value)


def duration_text(seconds: float) -> str:
    """A length of time, short, as the locale writes it ("1 h 30 min", "45 s")."""
    return _formats.duration(round(seconds))


def duration_parts(seconds: int) -> list[tuple[int, str]]:
    """`seconds` split into the parts a short length shows: [(1, "h"), (30, "min")].

    Under a minute: seconds alone; under an hour: minutes, and seconds when there are some;
    from an hour: hours, and minutes when there are some."""
    seconds = max(0, seconds)
    if seconds < 60:
        return [(seconds, "s")]
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    parts = [(hours, "h")] if hours else []
    if minutes:
        parts.append((minutes, "min"))
    if rest and not hours:
        parts.append((rest, "s"))
    return parts


def number_text(value: float, digits: int = 0) -> str:
    """A number as the locale writes it."""
    return _formats.number(value, digits)
