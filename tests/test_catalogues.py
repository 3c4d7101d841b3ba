"""The translation catalogues: the template matches the code, every language is complete.

"Complete" is what `scripts/i18n check` says: every message translated, nothing fuzzy, the
English placeholders kept, the language's own number of plural forms, and no label wider than
the space its translator comment gives it.
"""

from __future__ import annotations

import gettext
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from deskbreak import lang
from deskbreak.core import i18n, safety

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import i18n as catalogues  # noqa: E402 - scripts/i18n.py, found through the line above

LANGUAGES = [
    "de",
    "fr",
    "es",
    "it",
    "pt_BR",
    "nl",
    "pl",
    "cs",
    "sv",
    "tr",
    "ru",
    "uk",
    "zh_CN",
    "ja",
    "ko",
]


def _keys(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {
        (m.id if isinstance(m.id, str) else "\x00".join(m.id), m.context) for m in catalog if m.id
    }


@pytest.fixture(scope="module", autouse=True)
def compiled() -> None:
    catalogues.compile_catalogs()


def test_the_template_holds_every_marked_message_and_no_other() -> None:
    committed = catalogues.read(catalogues.POT)
    extracted = catalogues.extract()
    missing = _keys(extracted) - _keys(committed)
    stale = _keys(committed) - _keys(extracted)
    assert not missing and not stale, (
        f"run `scripts/i18n update`: {len(missing)} new, {len(stale)} gone, e.g. "
        f"{sorted(missing, key=str)[:3]} {sorted(stale, key=str)[:3]}"
    )


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_language_is_complete(code: str) -> None:
    po = catalogues.PO_DIR / f"{code}.po"
    assert po.is_file(), f"no catalogue for {code}"
    problems = catalogues.check_catalog(code, catalogues.read(po), catalogues.read(catalogues.POT))
    assert not problems, "\n".join(map(str, problems[:20]))


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_language_loads_and_translates_the_safety_note(code: str) -> None:
    english = [*safety.sheet()]
    assert lang.setup(code) == code
    translated = [*safety.sheet()]
    same = [
        line for line, en in zip(translated, english, strict=True) if line == en and line.strip()
    ]
    assert not same, f"{code} shows these safety lines in English: {same[:3]}"


def test_the_checker_finds_what_breaks_a_catalogue(tmp_path: Path) -> None:
    template = Catalog(locale=None)
    template.add("Next break at {time}")
    template.add(("{n} break", "{n} breaks"))
    # Translators: a menu label; keep under 12 characters
    template.add("Skip", auto_comments=["a menu label; keep under 12 characters"])
    template.add("Paused")
    template.add("usage: ")
    template.add("Show the columns", auto_comments=["column headers; keep short (~8 characters)."])
    broken = Catalog(locale="de")
    broken.add("usage: ", "Aufruf:")  # the space that joins it to the command is gone
    broken.add("Show the columns", "Die Spalten anzeigen")
    broken.add("Next break at {time}", "Nächste Pause um {zeit}")
    broken.add(("{n} break", "{n} breaks"), ("{n} Pause", ""))
    broken.add("Skip", "Diese Pause überspringen")
    kinds = sorted(p.what.split(" ")[0] for p in catalogues.check_catalog("de", broken, template))
    # "(~8 characters)" is a hint where the layout adapts: not a problem
    assert kinds == ["24", "missing", "placeholders", "starts", "untranslated"]


def test_a_compiled_catalogue_is_what_gettext_reads(tmp_path: Path) -> None:
    po_dir, out = tmp_path / "po", tmp_path / "locale"
    po_dir.mkdir()
    (po_dir / "de.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Break skipped"\nmsgstr "Pause übersprungen"\n',
        encoding="utf-8",
    )
    (mo,) = catalogues.compile_catalogs(po_dir, out)
    with mo.open("rb") as f:
        assert gettext.GNUTranslations(f).gettext("Break skipped") == "Pause übersprungen"
    assert i18n.language() == "en"
