"""argparse's own messages, listed so the catalogue has them.

`deskbreak.lang` routes argparse's `_` and `ngettext` through our catalogue, but the
extractor reads only our sources: these are argparse's msgids, copied exactly from its
source (Python 3.11; those only 3.13 has are marked), so translators see "usage: ",
"options", the errors and the rest. Nothing here runs; the lists are for the extractor
and for the test that compares them with the running Python's argparse.
"""

from __future__ import annotations

from deskbreak.core.i18n import N_


def ngettext(singular: str, plural: str, n: int) -> tuple[str, str]:
    """A marker the extractor reads as a counted message: returns the pair, translates nothing."""
    return singular, plural


MESSAGES = (
    # Translators: the texts of Python's command-line parser; keep every %(name)s, %s and
    # %r as they are. This one starts the usage line: keep its trailing space.
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_('argument "-" with mode %r'),
    N_("subcommands"),
    # Mistakes in a program's own parser: a user never sees these, but argparse asks.
    N_(".__call__() not defined"),
    N_("%r is not callable"),
    N_("'required' is an invalid argument for positionals"),
    N_("cannot have multiple subparser arguments"),
    N_("cannot merge actions - two groups are named %r"),
    N_("conflicting subparser alias: %s"),
    N_("conflicting subparser: %s"),
    N_("dest= is required for options like %r"),
    N_("invalid conflict_resolution value: %r"),
    N_("invalid option string %(option)r: must start with a character %(prefix_chars)r"),
    N_("mutually exclusive arguments must be optional"),
)

# argparse of Python 3.13 asks for these as well.
MESSAGES_3_13 = (
    # Translators: a heading of --help, such as "options:"; %(heading)s is the heading.
    N_("%(heading)s:"),
    N_(" (default: %(default)s)"),
    N_("show program's version number and exit"),
    N_("%(prog)s: warning: %(message)s\n"),
    N_("argument '%(argument_name)s' is deprecated"),
    N_("command '%(parser_name)s' is deprecated"),
    N_("option '%(option)s' is deprecated"),
)

# argparse's counted messages, as (singular, plural).
PLURALS = (
    ngettext("conflicting option string: %s", "conflicting option strings: %s", 1),
    ngettext("expected %s argument", "expected %s arguments", 1),
)
