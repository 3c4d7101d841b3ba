"""`deskbreak doctor [--json]`: what deskbreak found on this desktop, and how to fix what is not.

Owns the command only: the findings come from `deskbreak.doctor.findings` (with the probes of
`deskbreak.doctor.checkup`). Exit 0 when all is well, 1 when something is a problem. Imports no
GUI library.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from deskbreak.cli import OK, REFUSED, Context
from deskbreak.core.i18n import _


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "doctor",
        help=_("check what deskbreak finds on this desktop, with a fix for each missing piece"),
        description=_(
            "Check what deskbreak finds on this desktop, with a fix for each missing piece."
        ),
    )
    parser.add_argument("--json", action="store_true", help=_("print the findings as JSON"))
    parser.set_defaults(handler=doctor)


def doctor(ctx: Context) -> int:
    from deskbreak.doctor.checkup import real_probes  # the probes: not for `run`
    from deskbreak.doctor.findings import diagnose

    if ctx.args.json:  # the JSON is for scripts: its titles and texts stay English
        from deskbreak import lang

        lang.setup("en")
    found = diagnose(os.environ, real_probes(ctx.paths))
    if ctx.args.json:
        print(found.to_json(), file=ctx.out)
    else:
        print("\n".join(found.lines()), file=ctx.out)
    return OK if found.ok else REFUSED
