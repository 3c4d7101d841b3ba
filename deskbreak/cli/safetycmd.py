"""`deskbreak safety`: the whole safety note and the signs to get help, on demand.

Owns printing `deskbreak.core.safety.sheet()` (the note shown before a first
routine, when to stop, the emergency line on its own, the red flags with those
the sources name marked) as text, or as JSON with `--json`. A front end that
wants to show the same words (a tray item, a window) can run this command or
call `sheet()`. Imports no edge library.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from deskbreak.cli import OK, Context
from deskbreak.core import safety
from deskbreak.core.i18n import _


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "safety",
        help=_("show the safety note and when to get help"),
        description=_(
            "Show the safety note, when to stop, and the signs that need a professional."
        ),
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(handler=run)


def as_json() -> dict[str, Any]:
    return {
        "note": safety.SAFETY_NOTE,
        "stop": safety.STOP_NOW,
        "emergency": safety.EMERGENCY,
        "see_a_professional": [
            {"text": flag.text, "from_sources": flag.from_sources} for flag in safety.RED_FLAGS
        ],
        "key": safety.SOURCES_KEY,
    }


def run(ctx: Context) -> int:
    if ctx.args.json:
        print(json.dumps(as_json(), indent=2, ensure_ascii=False), file=ctx.out)
    else:
        print("\n".join(safety.sheet()), file=ctx.out)
    return OK
