"""Days as the reports name them: "Monday 23 November 2026" over a day's lines, "Mon 02 Mar"
in a table's first column.

The format layer (`core.i18n`) writes times, short dates and short weekday names; these
longer forms are built here from translated names, so a translator orders the parts and
may use the grammatical form a date needs (the genitive month in Slavic languages).
"""

from __future__ import annotations

from datetime import date

from deskbreak.core.i18n import _, pgettext, weekday_text


def _weekday_name(day: date) -> str:
    names = (
        pgettext("weekday", "Monday"),
        pgettext("weekday", "Tuesday"),
        pgettext("weekday", "Wednesday"),
        pgettext("weekday", "Thursday"),
        pgettext("weekday", "Friday"),
        pgettext("weekday", "Saturday"),
        pgettext("weekday", "Sunday"),
    )
    return names[day.weekday()]


def _month_name(day: date) -> str:
    names = (
        # Translators: a month's name as it stands in a date ("23 November 2026").
        pgettext("month in a date", "January"),
        pgettext("month in a date", "February"),
        pgettext("month in a date", "March"),
        pgettext("month in a date", "April"),
        pgettext("month in a date", "May"),
        pgettext("month in a date", "June"),
        pgettext("month in a date", "July"),
        pgettext("month in a date", "August"),
        pgettext("month in a date", "September"),
        pgettext("month in a date", "October"),
        pgettext("month in a date", "November"),
        pgettext("month in a date", "December"),
    )
    return names[day.month - 1]


def _month_short(day: date) -> str:
    names = (
        # Translators: a month's short name as it stands in a short date ("02 Mar").
        pgettext("short month in a date", "Jan"),
        pgettext("short month in a date", "Feb"),
        pgettext("short month in a date", "Mar"),
        pgettext("short month in a date", "Apr"),
        pgettext("short month in a date", "May"),
        pgettext("short month in a date", "Jun"),
        pgettext("short month in a date", "Jul"),
        pgettext("short month in a date", "Aug"),
        pgettext("short month in a date", "Sep"),
        pgettext("short month in a date", "Oct"),
        pgettext("short month in a date", "Nov"),
        pgettext("short month in a date", "Dec"),
    )
    return names[day.month - 1]


def day_heading(day: date) -> str:
    """The heading over a day's lines: "Monday 23 November 2026"."""
    # Translators: the heading over one day's lines in `deskbreak plan` and `history`:
    # {weekday} the day's full name, {day} the day of the month (two digits), {month}
    # the month's name, {year} the year. Reorder as your dates read.
    return _("{weekday} {day} {month} {year}").format(
        weekday=_weekday_name(day), day=f"{day.day:02d}", month=_month_name(day), year=day.year
    )


def day_label(day: date) -> str:
    """A day in a table's first column: "Mon 02 Mar"."""
    # Translators: a day in the first column of `deskbreak stats`: {weekday} the day's
    # short name, {day} the day of the month (two digits), {month} the month's short name.
    return _("{weekday} {day} {month}").format(
        weekday=weekday_text(day), day=f"{day.day:02d}", month=_month_short(day)
    )
