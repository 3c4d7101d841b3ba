"""The translation layer: which language a process speaks, and how it writes times and lengths."""

from __future__ import annotations

import argparse
import datetime as dt

import pytest

from deskbreak import lang
from deskbreak.core import i18n
from deskbreak.lang.pseudo import pseudo

HAVE = ["de", "ja", "pt_BR", "zh_CN"]


@pytest.mark.parametrize(
    ("setting", "environ", "language"),
    [
        ("auto", {"LANG": "de_DE.UTF-8"}, "de"),
        ("auto", {"LANG": "de_AT.UTF-8"}, "de"),
        ("auto", {"LANGUAGE": "fr:ja", "LANG": "de_DE.UTF-8"}, "ja"),
        ("auto", {"LANGUAGE": "en:de"}, "en"),
        ("auto", {"LC_ALL": "ja_JP.UTF-8", "LANG": "de_DE.UTF-8"}, "ja"),
        ("auto", {"LC_MESSAGES": "pt_BR.UTF-8"}, "pt_BR"),
        ("auto", {"LANG": "pt_PT.UTF-8"}, "pt_BR"),
        ("auto", {"LANG": "zh_TW.UTF-8"}, "en"),
        ("auto", {"LANG": "C.UTF-8"}, "en"),
        ("auto", {"LANG": "POSIX"}, "en"),
        ("auto", {}, "en"),
        ("auto", {"LANG": "xx_YY"}, "en"),
        ("ja", {"LANG": "de_DE.UTF-8"}, "ja"),
        ("klingon", {"LANG": "de_DE.UTF-8"}, "en"),
        (None, {"DESKBREAK_LANGUAGE": "de", "LANG": "ja_JP"}, "de"),
        ("ja", {"DESKBREAK_LANGUAGE": "de"}, "ja"),
        ("auto", {"DESKBREAK_LANGUAGE": "pseudo"}, "pseudo"),
    ],
)
def test_the_language_follows_the_setting_then_the_locale(
    setting: str | None, environ: dict[str, str], language: str
) -> None:
    assert lang.match(lang.requested(lang.effective(setting, environ), environ), HAVE) == language


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "en_US.UTF-8"}, "2:30\u202fPM"),
        ({"LANG": "en_GB.UTF-8"}, "14:30"),
        ({"LANG": "C.UTF-8"}, "14:30"),
        ({}, "14:30"),
    ],
)
def test_english_times_follow_the_region(environ: dict[str, str], expected: str) -> None:
    lang.setup("auto", environ)
    assert i18n.time_text(dt.datetime(2026, 12, 5, 14, 30)).replace(" ", "\u202f") == expected


def test_a_language_writes_times_lengths_and_numbers_its_own_way() -> None:
    from deskbreak.lang.formats import babel_formats

    german = babel_formats("de")
    assert german is not None
    assert german.time(dt.time(14, 30)) == "14:30"
    assert german.duration(45 * 60) == "45 Min."
    assert german.number(1234.5, 1) == "1.234,5"
    assert german.weekday(dt.date(2026, 12, 5)) == "Sa."
    japanese = babel_formats("ja")
    assert japanese is not None and "分" in japanese.duration(5 * 60)
    assert babel_formats("not-a-locale") is None


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (60, "1 min"),
        (270, "4 min 30 s"),
        (3600, "1 h"),
        (5400, "1 h 30 min"),
        (5430, "1 h 30 min"),
    ],
)
def test_english_lengths_read_as_they_always_did(seconds: int, text: str) -> None:
    assert i18n.duration_text(seconds) == text
    lang.setup("auto", {"LANG": "en_US.UTF-8"})
    assert i18n.duration_text(seconds) == text


def test_the_pseudo_locale_marks_and_lengthens_but_keeps_placeholders_and_code() -> None:
    text = pseudo("Start {routine} now with `deskbreak start`, %(n)s left\n")
    assert text.startswith("⟦") and text.endswith("⟧\n")
    assert "{routine}" in text and "`deskbreak start`" in text and "%(n)s" in text
    assert "Start" not in text.replace("`deskbreak start`", "")
    assert len(text) >= 1.4 * len("Start {routine} now with `deskbreak start`, %(n)s left")
    assert text.format(routine="x") != text  # still fills in


def test_setup_installs_the_chosen_catalogue_for_the_whole_process() -> None:
    assert lang.setup("pseudo") == "pseudo"
    assert i18n.language() == "pseudo"
    assert i18n._("Break skipped").startswith("⟦")
    assert i18n.ngettext("{n} break", "{n} breaks", 2).format(n=2).count("2") == 1
    assert i18n.pgettext("button", "Start").startswith("⟦")
    assert i18n.N_("Break skipped") == "Break skipped"
    assert lang.setup("en") == "en"
    assert i18n._("Break skipped") == "Break skipped"


def test_argparse_speaks_the_chosen_language() -> None:
    lang.setup("pseudo")
    text = argparse.ArgumentParser(prog="x").format_help()
    assert text.startswith("⟦") and "show this help message" not in text
    lang.setup("en")
    text = argparse.ArgumentParser(prog="x").format_help()
    assert text.startswith("usage: ") and "show this help message" in text


def test_children_inherit_the_setting_not_a_guess() -> None:
    lang.setup("auto", {"LANG": "en_US.UTF-8"})
    assert lang.child_environ({"LANG": "en_US.UTF-8"})[lang.ENV] == "auto"
    lang.setup("pseudo", {})
    assert lang.child_environ({})[lang.ENV] == "pseudo"
