"""`deskbreak doctor [--json]`: what deskbreak found on this desktop, and how to fix what is not.

Owns the command only: the findings come from `deskbreak.daemon.doctor` (with the probes of
`deskbreak.daemon.checkup`). Exit 0 when all is well, 1 when something is a problem. Imports no
GUI library.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from deskbreak.cli import OK, REFUSED, Context
from deskbreak.daemon.checkup import real_probes
from deskbreak.daemon.doctor import diagnose


def register(subparsers: Any) -> None:
    text = "check what deskbreak finds on this desktop, with a fix for each missing piece"
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "doctor", help=text, description=text.capitalize() + "."
    )
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.set_defaults(handler=doctor)


def doctor(ctx: Context) -> int:
    found = diagnose(os.environ, real_probes(ctx.paths))
    if ctx.args.json:
        print(found.to_json(), file=ctx.out)
    else:
        print("\n".join(found.lines()), file=ctx.out)
    return OK if found.ok else REFUSED
