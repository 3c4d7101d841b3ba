"""Times, dates, numbers and lengths of time in a locale's own style, through Babel."""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal
from babel.units import format_unit

from deskbreak.core import i18n

_UNITS = {"h": "duration-hour", "min": "duration-minute", "s": "duration-second"}


class BabelFormats:
    """`core.i18n.Formats` for one Babel locale."""

    def __init__(self, locale: Locale) -> None:
        self._locale = locale
        self._plain = i18n.PlainFormats()
        self._english = locale.language == "en"

    def time(self, value: dt.time | dt.datetime) -> str:
        return format_time(dt.time(value.hour, value.minute), format="short", locale=self._locale)

    def date(self, value: dt.date) -> str:
        return format_date(value, format="short", locale=self._locale)

    def weekday(self, value: dt.date) -> str:
        return format_date(value, format="EEE", locale=self._locale)

    def day(self, value: dt.date) -> str:
        return format_skeleton("MMMEd", value, locale=self._locale)

    def duration(self, seconds: int) -> str:
        if self._english:  # "1 h 30 min", as deskbreak has always written it
            return self._plain.duration(seconds)
        parts = [
            format_unit(n, _UNITS[unit], length="short", locale=self._locale)
            for n, unit in i18n.duration_parts(seconds)
        ]
        return " ".join(parts)

    def number(self, value: float, digits: int = 0) -> str:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self._locale)


def babel_formats(code: str) -> BabelFormats | None:
    """The formats of locale `code` ("de", "en_US"), or None if Babel does not know it."""
    try:
        return BabelFormats(Locale.parse(code))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
