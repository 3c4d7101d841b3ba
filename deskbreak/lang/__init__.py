"""Choosing and installing the language: the catalogues, Babel's formats, argparse's texts.

Every process calls `setup()` once at start (the daemon again on a reload that changes
`[ui] language`); `deskbreak.core.i18n` then translates and formats with what it installed.
The catalogues are `po/<code>.po`, compiled into `locale/<code>/LC_MESSAGES/deskbreak.mo`
when the package is built (`scripts/build_backend.py`) or by `scripts/i18n compile`.
An unknown or missing language means English, never an error.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

from deskbreak.core import i18n

HERE = Path(__file__).resolve().parent
LOCALE_DIR = HERE / "locale"
PO_DIR = HERE / "po"
PSEUDO = "pseudo"
# The variable a process passes to the processes it starts (the player, the control window),
# so they speak the language the daemon chose.
ENV = "DESKBREAK_LANGUAGE"
MO = Path("LC_MESSAGES") / "deskbreak.mo"
_ENV_ORDER = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_FORMAT_ORDER = ("LC_ALL", "LC_TIME", "LANG")


def available() -> list[str]:
    """The languages with a compiled catalogue, sorted ("de", "pt_BR", ...)."""
    if not LOCALE_DIR.is_dir():
        return []
    return sorted(
        p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES" / "deskbreak.mo").is_file()
    )


def _clean(code: str) -> str:
    """ "de_DE.UTF-8@euro" -> "de_DE"; "C", "POSIX" and "" -> "" (no language)."""
    code = code.split(".", 1)[0].split("@", 1)[0].replace("-", "_").strip()
    return "" if code in ("C", "POSIX") else code


def effective(setting: str | None, environ: Mapping[str, str]) -> str:
    """The setting in force: the config's own code, else DESKBREAK_LANGUAGE's, else "auto"."""
    for value in (setting, environ.get(ENV)):
        if value and value.strip() and value.strip() != "auto":
            return value.strip()
    return "auto"


def requested(setting: str, environ: Mapping[str, str]) -> list[str]:
    """The languages asked for, most wanted first: an explicit setting, else the locale's."""
    if setting != "auto":
        return [setting]
    for var in _ENV_ORDER:
        value = environ.get(var, "")
        if value:
            return [v for v in value.split(":") if v] if var == "LANGUAGE" else [value]
    return []


def match(wanted: list[str], have: list[str]) -> str:
    """The first of `wanted` a catalogue in `have` serves; "en" when English comes first."""
    for raw in wanted:
        if raw == PSEUDO:
            return PSEUDO
        code = _clean(raw)
        if not code:
            continue
        base = code.split("_", 1)[0]
        if base == "en":
            return "en"
        if code in have:
            return code
        if base in have:
            return base
        # Portuguese from Portugal reads Brazilian better than English; Chinese scripts differ,
        # so zh_TW never gets zh_CN.
        regional = [h for h in have if h.split("_", 1)[0] == base]
        if regional and base != "zh":
            return regional[0]
    return "en"


def format_locale(language: str, setting: str, environ: Mapping[str, str]) -> str | None:
    """The Babel locale for times and numbers, or None for the plain 24-hour formats.

    With "auto", the environment's LC_TIME (or LANG) decides when it names a region of the
    chosen language ("en_US" writes "2:30 PM", "en_GB" "14:30"); otherwise the language
    does, and English without a region keeps the plain 24-hour style."""
    if language == PSEUDO:
        return None
    if setting == "auto":
        for var in _FORMAT_ORDER:
            if environ.get(var):
                region = _clean(environ[var])
                if region and region.split("_", 1)[0] == language.split("_", 1)[0]:
                    return region
                break
    return None if language == "en" else language


_setting = "auto"


def setup(setting: str | None = "auto", environ: Mapping[str, str] | None = None) -> str:
    """Choose the language and install its catalogue and formats; return its code.

    `setting` is `[ui] language` ("auto", or a code such as "de" or "pt_BR")."""
    global _setting  # noqa: PLW0603 - one language per process, as gettext's own
    env = os.environ if environ is None else environ
    _setting = effective(setting, env)
    language = match(requested(_setting, env), available())
    translations: gettext.NullTranslations
    if language == PSEUDO:
        from deskbreak.lang.pseudo import PseudoTranslations

        translations = PseudoTranslations()
    elif language == "en":
        translations = gettext.NullTranslations()
    else:
        with (LOCALE_DIR / language / MO).open("rb") as mo:
            translations = gettext.GNUTranslations(mo)
    formats: i18n.Formats = i18n.PlainFormats()
    where = format_locale(language, _setting, env)
    if where is not None:
        from deskbreak.lang.formats import babel_formats

        formats = babel_formats(where) or formats
    i18n.install(translations, language, formats)
    _hook_argparse()
    return language


def child_environ(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a process this one starts, so it speaks the same language."""
    env = dict(os.environ if environ is None else environ)
    env[ENV] = _setting
    return env


def _hook_argparse() -> None:
    """argparse's own texts ("usage:", "show this help message and exit") from our catalogue."""
    import argparse

    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
