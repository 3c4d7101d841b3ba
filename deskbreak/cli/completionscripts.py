"""The bash, zsh and fish completion scripts, written from the command line as data.

Owns the scripts' text. Each shell gets the same two parts: a table of every command (its
sub-commands, its options, which options take a value and what that value is, what its
arguments are), generated from `cli/parsertree.py`, and a small fixed walker that reads the
words typed so far to find the command being completed, skipping option values and
noticing `--config FILE`. Routine ids and snooze lengths are not in the script: it asks
`deskbreak completion --list routines|snooze` (with that `--config`), so they follow the
config as it is now. Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable

from deskbreak.cli.parsertree import ANY, Argument, Command, Option

SHELLS = ("bash", "zsh", "fish")
LISTS = {"routine": "routines", "snooze": "snooze"}  # a value's kind → `--list` argument


def script(shell: str, top: Command) -> str:
    """The completion script for `shell`, one of SHELLS."""
    writers = {"bash": bash, "zsh": zsh, "fish": fish}
    return writers[shell](top)


def _kind(kind: str, choices: tuple[str, ...]) -> str:
    """A value's kind as the scripts' tables write it: `c:a,b,c` for fixed choices."""
    return "c:" + ",".join(choices) if choices else kind


def _vals(command: Command) -> str:
    """The options that take a value: `--png=file --days=any`."""
    return " ".join(
        f"{flag}={_kind(option.kind, option.choices)}"
        for option in command.options
        if option.takes_value
        for flag in option.flags
    )


def _args(arguments: Iterable[Argument]) -> str:
    """The arguments' kinds in order, a repeating last one marked `*`: `routine`, `any*`."""
    return " ".join(
        _kind(arg.kind, arg.choices) + ("*" if arg.repeats else "") for arg in arguments
    )


def _key(command: Command) -> str:
    return " ".join(command.path)


def _quote(text: str) -> str:
    """Single quotes for a POSIX shell word (bash, zsh)."""
    return "'" + text.replace("'", "'\\''") + "'"


def _line(text: str) -> str:
    """A help text on one line."""
    return " ".join(text.replace("%%", "%").split())


# The shared part of the bash and zsh walkers: find the command path, the number of
# arguments typed, the option waiting for its value and the --config given.
_WALK = """\
    _deskbreak_table ''
    for ((i = FIRST; i < LAST; i++)); do
        word=${WORDS[i]}
        if [[ -n $want ]]; then
            [[ $want == --config ]] && config=$word
            want=''
            continue
        fi
        case $word in
        --config=*) config=${word#--config=} ;;
        -*) [[ " $vals " == *" $word="* ]] && want=$word ;;
        *)
            if [[ " $cmds " == *" $word "* ]]; then
                at=${at:+$at }$word
                n=0
                _deskbreak_table "$at"
            else
                n=$((n + 1))
            fi
            ;;
        esac
    done
    if [[ -n $want ]]; then
        kind=${vals#*"$want="}
        kind=${kind%% *}
    else
        SPLIT
        if ((n < ${#kinds[@]})); then
            kind=${kinds[n + OFFSET]}
        elif ((${#kinds[@]})) && [[ ${kinds[-1]} == *'*' ]]; then
            kind=${kinds[-1]}
        fi
        kind=${kind%'*'}
    fi
"""

_VALUES = """\
_deskbreak_values() {
    # $1: routine or snooze; $2: the --config typed, if any. A broken config lists nothing.
    local list=$1
    [[ $list == routine ]] && list=routines
    if [[ -n $2 ]]; then
        command deskbreak --config "$2" completion --list "$list" 2>/dev/null
    else
        command deskbreak completion --list "$list" 2>/dev/null
    fi
}
"""


def _posix_table(top: Command, described: bool) -> str:
    """`_deskbreak_table PATH`: sets cmds, opts, vals and args (and zsh's described lists)."""
    lines = [
        "_deskbreak_table() {",
        "    # $1: the command path; sets cmds, opts, vals (option=kind) and args (kinds)",
        '    case "$1" in',
    ]
    for command in top.walk():
        names = " ".join(child.path[-1] for child in command.commands)
        flags = " ".join(flag for option in command.options for flag in option.flags)
        sets = [
            f"cmds={_quote(names)}",
            f"opts={_quote(flags)}",
            f"vals={_quote(_vals(command))}",
            f"args={_quote(_args(command.arguments))}",
        ]
        if described:
            sets.append("described_cmds=(" + _described_commands(command.commands) + ")")
            sets.append("described_opts=(" + _described_options(command.options) + ")")
        lines.append(f"    {_quote(_key(command))})")
        lines += [f"        {assignment}" for assignment in sets]
        lines.append("        ;;")
    lines += ["    esac", "}", ""]
    return "\n".join(lines)


def _described_commands(commands: Iterable[Command]) -> str:
    return " ".join(_quote(f"{c.path[-1]}:{_line(c.help)}") for c in commands)


def _described_options(options: Iterable[Option]) -> str:
    return " ".join(_quote(f"{flag}:{_line(o.help)}") for o in options for flag in o.flags)


def bash(top: Command) -> str:
    walk = (
        _WALK.replace("FIRST", "1")
        .replace("LAST", "COMP_CWORD")
        .replace("WORDS", "COMP_WORDS")
        .replace("OFFSET", "0")
        .replace("SPLIT", 'read -r -a kinds <<<"$args"')
    )
    return "\n".join(
        [
            "# bash completion for deskbreak, written by `deskbreak completion bash`",
            "",
            _posix_table(top, described=False),
            _VALUES,
            "_deskbreak() {",
            "    local cur=${COMP_WORDS[COMP_CWORD]} at='' config='' want='' kind='' word",
            "    local cmds opts vals args i n=0",
            "    local -a kinds",
            walk,
            "    COMPREPLY=()",
            "    if [[ -z $want && $cur == -* ]]; then",
            '        COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
            "        return",
            "    fi",
            '    [[ -z $want ]] && COMPREPLY=($(compgen -W "$cmds" -- "$cur"))',
            "    case $kind in",
            "    file)",
            "        compopt -o filenames 2>/dev/null",
            "        local IFS=$'\\n'",
            '        COMPREPLY+=($(compgen -f -- "$cur"))',
            "        ;;",
            "    routine | snooze)",
            '        COMPREPLY+=($(compgen -W "$(_deskbreak_values "$kind" "$config")" -- "$cur"))',
            "        ;;",
            "    c:*)",
            "        kind=${kind#c:}",
            '        COMPREPLY+=($(compgen -W "${kind//,/ }" -- "$cur"))',
            "        ;;",
            "    esac",
            "}",
            "",
            "complete -F _deskbreak deskbreak",
            "",
        ]
    )


def zsh(top: Command) -> str:
    walk = (
        _WALK.replace("FIRST", "2")
        .replace("LAST", "CURRENT")
        .replace("WORDS", "words")
        .replace("OFFSET", "1")
        .replace("SPLIT", "kinds=(${=args})")
    )
    return "\n".join(
        [
            "#compdef deskbreak",
            "# zsh completion for deskbreak, written by `deskbreak completion zsh`",
            "",
            _posix_table(top, described=True),
            _VALUES,
            "_deskbreak() {",
            "    local cur=${words[CURRENT]} at='' config='' want='' kind='' word",
            "    local cmds opts vals args",
            "    local -a kinds described_cmds described_opts values",
            "    integer i n=0",
            walk,
            "    if [[ -z $want && $cur == -* ]]; then",
            "        _describe -t options option described_opts",
            "        return",
            "    fi",
            "    [[ -z $want ]] && ((${#described_cmds})) &&"
            " _describe -t commands command described_cmds",
            "    case $kind in",
            "    file) _files ;;",
            "    routine | snooze)",
            '        values=(${(f)"$(_deskbreak_values "$kind" "$config")"})',
            "        compadd -a values",
            "        ;;",
            "    c:*)",
            "        values=(${(s:,:)${kind#c:}})",
            "        compadd -a values",
            "        ;;",
            "    esac",
            "}",
            "",
            "# Autoloaded from fpath this file is the function; sourced, it registers it.",
            "if [[ $funcstack[1] == _deskbreak ]]; then",
            '    _deskbreak "$@"',
            "else",
            "    compdef _deskbreak deskbreak",
            "fi",
            "",
        ]
    )


_FISH_STATE = """\
function __deskbreak_state
    # The command path, the number of arguments typed, the option waiting for its value
    # and the --config given, tab-separated.
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l at ''
    set -l n 0
    set -l want ''
    set -l config ''
    __deskbreak_table ''
    for word in $tokens
        if test -n "$want"
            test "$want" = --config; and set config $word
            set want ''
            continue
        end
        switch $word
            case '--config=*'
                set config (string replace -- --config= '' $word)
            case '-*'
                string match -q -- "* $word=*" " $__deskbreak_vals "; and set want $word
            case '*'
                if contains -- $word $__deskbreak_cmds
                    set at (string trim -- "$at $word")
                    set n 0
                    __deskbreak_table $at
                else
                    set n (math $n + 1)
                end
        end
    end
    printf '%s\\t%s\\t%s\\t%s\\n' $at $n $want $config
end

function __deskbreak_at --argument-names path index
    # True when completing the command `path` (and its argument number `index`; `3+`: the
    # third and later), not an option's value.
    set -l state (string split \\t -- (__deskbreak_state))
    test "$state[1]" = "$path"; and test -z "$state[3]"; or return 1
    test -z "$index"; and return 0
    if string match -q -- '*+' $index
        test $state[2] -ge (string trim -c + -- $index)
    else
        test $state[2] -eq $index
    end
end

function __deskbreak_in --argument-names path
    # True when the command being completed is `path` (for its options and their values).
    set -l state (string split \\t -- (__deskbreak_state))
    test "$state[1]" = "$path"
end

function __deskbreak_values --argument-names list
    # Routine ids or snooze lengths from the config (the --config typed, if any).
    set -l state (string split \\t -- (__deskbreak_state))
    if test -n "$state[4]"
        command deskbreak --config $state[4] completion --list $list 2>/dev/null
    else
        command deskbreak completion --list $list 2>/dev/null
    end
end
"""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_values(kind: str, choices: tuple[str, ...]) -> str:
    """`complete`'s switches for a value of this kind."""
    if choices:
        return "-x -a " + _fish_quote(" ".join(choices))
    if kind in LISTS:
        return "-x -a " + _fish_quote(f"(__deskbreak_values {LISTS[kind]})")
    if kind == ANY:
        return "-x"
    return "-r -F"  # a file


def fish(top: Command) -> str:
    table = ["function __deskbreak_table --argument-names at", "    switch $at"]
    for command in top.walk():
        names = " ".join(child.path[-1] for child in command.commands)
        table += [
            f"        case {_fish_quote(_key(command))}",
            f"            set -g __deskbreak_cmds {names}",
            f"            set -g __deskbreak_vals {_fish_quote(_vals(command))}",
        ]
    table += ["    end", "end", ""]
    lines = [
        "# fish completion for deskbreak, written by `deskbreak completion fish`",
        "",
        *table,
        _FISH_STATE,
        "complete -c deskbreak -f",
    ]
    for command in top.walk():
        at = _fish_quote(_key(command))
        for child in command.commands:
            lines.append(
                f"complete -c deskbreak -n {_fish_quote('__deskbreak_at ' + at)}"
                f" -a {_fish_quote(child.path[-1])} -d {_fish_quote(_line(child.help))}"
            )
        for option in command.options:
            switches = " ".join(
                f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}"
                for flag in option.flags
            )
            if option.takes_value:
                switches += " " + _fish_values(option.kind, option.choices)
            lines.append(
                f"complete -c deskbreak -n {_fish_quote('__deskbreak_in ' + at)} {switches}"
                f" -d {_fish_quote(_line(option.help))}"
            )
        for index, arg in enumerate(command.arguments):
            values = _fish_values(arg.kind, arg.choices)
            if values == "-x":
                continue  # nothing to offer
            values = "-F" if values == "-r -F" else values.removeprefix("-x ")
            place = f"{index}+" if arg.repeats else str(index)
            condition = f"__deskbreak_at {at} {place}"
            lines.append(f"complete -c deskbreak -n {_fish_quote(condition)} {values}")
    return "\n".join([*lines, ""])
