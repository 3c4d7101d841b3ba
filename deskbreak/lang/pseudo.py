"""The pseudo-locale: every translated message accented, bracketed and 40 % longer.

`[ui] language = "pseudo"` (or DESKBREAK_LANGUAGE=pseudo) shows at a glance, and to the
tests, which text went through the translation layer: a marked message reads
"⟦Ɓŕéåķ šķîþþéð ·····⟧", an unmarked one stays plain English. Placeholders ({name},
%(name)s, %s) and `code in backticks` are kept as they are, so the message still fills in.
"""

from __future__ import annotations

import gettext
import re

OPEN, CLOSE = "⟦", "⟧"
_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# What must survive untouched: placeholders, printf specs and code in backticks.
_KEEP = re.compile(r"(\{[^{}]*\}|%\([a-z_]+\)[sdrf]|%[sdrf%]|`[^`]*`)")


def pseudo(message: str) -> str:
    """`message` as the pseudo-locale shows it."""
    if not message:
        return message
    parts = _KEEP.split(message)
    out = "".join(part if i % 2 else part.translate(_ACCENTS) for i, part in enumerate(parts))
    # Keep a trailing newline (argparse's texts end in one) outside the brackets.
    tail = out[len(out.rstrip("\n")) :]
    body = out.rstrip("\n")
    pad = "·" * max(1, round(len(body) * 0.4))
    return f"{OPEN}{body} {pad}{CLOSE}{tail}"


class PseudoTranslations(gettext.NullTranslations):
    """A catalogue that pseudo-translates every message it is asked for."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)
