"""The TOML text the command line prints: the effective config and exported routines.

Owns the one use of tomli-w: the core builds the data (`core.config.dump`), this
module writes it, each `[[routines]]` with one `[[routines.steps]]` table per
step (never inline tables) so the user can paste and edit it. Imports tomli-w
lazily, inside the functions that write.
"""

from __future__ import annotations

from textwrap import indent

from deskbreak.core.config.dump import config_document, exportable, routine_table
from deskbreak.core.config.model import Config
from deskbreak.core.routines import Routine


def dump_config(config: Config) -> str:
    """The effective config (defaults filled in) as TOML; `parse_config` reads it back equal."""
    import tomli_w

    blocks = [tomli_w.dumps(config_document(config))]
    blocks += [_routine_block(routine) for routine in config.routines]
    return "\n".join(blocks)


def export_routine(routine: Routine) -> str:
    """A [[routines]] block to paste into the config, headed by what it is and fits."""
    heading, routine = exportable(routine)
    return heading + "\n" + _routine_block(routine)


def _routine_block(routine: Routine) -> str:
    import tomli_w

    table = routine_table(routine)
    steps = table.pop("steps")
    blocks = ["[[routines]]\n" + tomli_w.dumps(table)]
    blocks += ["  [[routines.steps]]\n" + indent(tomli_w.dumps(step), "  ") for step in steps]
    return "\n".join(blocks)
