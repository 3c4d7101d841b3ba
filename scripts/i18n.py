"""The translation catalogues: extract, update, compile, check, stats, new (see scripts/i18n)."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_backend import LOCALE_DIR, PO_DIR, ROOT, compile_catalogs

__all__ = ["LOCALE_DIR", "PO_DIR", "ROOT", "compile_catalogs"]

POT = PO_DIR / "deskbreak.pot"
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ["Translators:"]
# Placeholders a translation must keep exactly: {name}, %(name)s, %s, and `code`.
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sdrf]|%[sdrf]|`[^`]*`")
# A hard limit says "under N characters"; "keep it short (~8 characters)" is a hint where
# the layout adapts (the stats table sizes its columns to the words).
LIMIT = re.compile(r"(?:under|at most|no more than) ~?(\d+) characters")


def extract() -> Catalog:
    """Every marked message in the package, with its translator comments."""
    catalog = Catalog(
        project="deskbreak",
        copyright_holder="the deskbreak authors",
        msgid_bugs_address="",
        charset="utf-8",
    )
    package = ROOT / "deskbreak"
    for filename, lineno, message, comments, context in extract_from_dir(
        package,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        path = (package / filename).relative_to(ROOT).as_posix()
        catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return catalog


def write_template() -> Catalog:
    catalog = extract()
    PO_DIR.mkdir(parents=True, exist_ok=True)
    with POT.open("wb") as out:
        write_po(out, catalog, width=100, omit_header=False, sort_output=False)
    print(f"i18n: {len(catalog)} messages in {POT.relative_to(ROOT)}")
    return catalog


def catalogues() -> Iterator[Path]:
    yield from sorted(PO_DIR.glob("*.po"))


def read(po: Path) -> Catalog:
    with po.open("rb") as source:
        return read_po(source, locale=po.stem)


def write(po: Path, catalog: Catalog) -> None:
    with po.open("wb") as out:
        write_po(out, catalog, width=100, sort_output=False)


def update() -> None:
    template = write_template()
    for po in catalogues():
        catalog = read(po)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        write(po, catalog)
    print(f"i18n: merged into {', '.join(p.stem for p in catalogues()) or 'no catalogue'}")


def new(code: str) -> None:
    po = PO_DIR / f"{code}.po"
    if po.exists():
        sys.exit(f"i18n: {po.relative_to(ROOT)} exists; use `scripts/i18n update`")
    Locale.parse(code)  # an unknown code stops here
    template = read(POT)
    catalog = Catalog(locale=code, project="deskbreak", charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True)
    write(po, catalog)
    print(f"i18n: wrote {po.relative_to(ROOT)} with {len(catalog)} messages to translate")


def width(text: str) -> int:
    """How many columns `text` takes: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@dataclass(frozen=True)
class Problem:
    language: str
    msgid: str
    what: str

    def __str__(self) -> str:
        return f"{self.language}: {self.msgid[:60]!r}: {self.what}"


def _ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, (list, tuple)) else [str(message.id)]


def _strings(message: Message) -> list[str]:
    if isinstance(message.string, (list, tuple)):
        return [str(s) for s in message.string]
    return [str(message.string or "")]


def _ends(text: str) -> tuple[str, str]:
    """The whitespace `text` starts and ends with (spaces, newlines), which a translation
    keeps: it joins the message to what comes before or after it."""
    return (text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :])


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def check_catalog(language: str, catalog: Catalog, template: Catalog) -> list[Problem]:
    """What keeps `catalog` from being complete and correct against `template`."""
    problems: list[Problem] = []
    nplurals = get_plural(language).num_plurals
    wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    have: dict[tuple[str, str | None], Message] = {}
    for message in catalog:
        if message.id:
            have[
                (message.id if isinstance(message.id, str) else message.id[0], message.context)
            ] = message
    for key in sorted(wanted, key=lambda k: (k[0], k[1] or "")):
        found = have.get(key)
        if found is None:
            problems.append(Problem(language, key[0], "missing (run scripts/i18n update)"))
            continue
        problems.extend(_check_message(language, found, template, nplurals))
    return problems


def _check_message(
    language: str, message: Message, template: Catalog, nplurals: int
) -> Iterator[Problem]:
    msgid = _ids(message)[0]
    strings = _strings(message)
    if message.fuzzy:
        yield Problem(language, msgid, "fuzzy")
    if not all(s.strip() for s in strings):
        yield Problem(language, msgid, "untranslated")
        return
    if message.pluralizable and len(strings) != nplurals:
        yield Problem(language, msgid, f"{len(strings)} plural forms, {language} has {nplurals}")
    english = _placeholders(_ids(message)[-1])
    allowed = set(english) | set(_placeholders(_ids(message)[0]))
    for form in strings:
        got = _placeholders(form)
        # A plural form may leave the number out where the language says "one" in words;
        # anything else must keep the English placeholders exactly.
        wrong = not set(got) <= allowed if message.pluralizable else got != english
        if wrong:
            yield Problem(language, msgid, f"placeholders {got} but the English has {english}")
    ends = _ends(msgid)
    for form in strings:
        if _ends(form) != ends:  # "usage: " keeps its space, a line its newline
            yield Problem(language, msgid, f"starts or ends with {_ends(form)}, not {ends}")
    source = template.get(message.id, context=message.context)
    comments = " ".join(source.auto_comments) if source is not None else ""
    if limit := LIMIT.search(comments):
        most = max(int(limit.group(1)), width(msgid))
        for form in strings:
            if width(form) > most:
                yield Problem(language, msgid, f"{width(form)} columns, the space holds {most}")


def check(languages: list[str] | None = None) -> list[Problem]:
    template = read(POT)
    problems = []
    for po in catalogues():
        if languages and po.stem not in languages:
            continue
        problems.extend(check_catalog(po.stem, read(po), template))
    return problems


def stats() -> None:
    template = read(POT)
    total = sum(1 for m in template if m.id)
    for po in catalogues():
        catalog = read(po)
        done = sum(
            1 for m in catalog if m.id and all(s.strip() for s in _strings(m)) and not m.fuzzy
        )
        print(f"{po.stem:6} {done:5}/{total} {100 * done // max(total, 1):3d} %")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/i18n", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract")
    sub.add_parser("update")
    sub.add_parser("compile")
    check_cmd = sub.add_parser("check")
    check_cmd.add_argument("languages", nargs="*")
    sub.add_parser("stats")
    new_cmd = sub.add_parser("new")
    new_cmd.add_argument("code")
    args = parser.parse_args(argv)
    if args.command == "extract":
        write_template()
    elif args.command == "update":
        update()
    elif args.command == "compile":
        for mo in compile_catalogs():
            print(mo.relative_to(ROOT))
    elif args.command == "check":
        problems = check(args.languages)
        for problem in problems:
            print(problem)
        print(f"i18n: {len(problems)} problems")
        return 1 if problems else 0
    elif args.command == "stats":
        stats()
    elif args.command == "new":
        new(args.code)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
