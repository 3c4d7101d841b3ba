"""The [ui] section: the language, checked like every other key.

A well-formed code without a catalogue is not an error (deskbreak speaks English then); a value
that is no language code at all is, with its line and a fix.
"""

from __future__ import annotations

import pytest

from deskbreak.cli.tomltext import dump_config
from deskbreak.core.config.dump import config_document
from deskbreak.core.config.model import Config, UiSettings
from deskbreak.core.config.read import ConfigErrors, parse_config


def problems(text: str) -> list[tuple[str, int | None]]:
    with pytest.raises(ConfigErrors) as caught:
        parse_config(text)
    return [(p.path, p.line) for p in caught.value.problems]


def test_the_default_is_auto() -> None:
    assert parse_config("").ui == UiSettings("auto")
    assert parse_config("[ui]\n").ui.language == "auto"


@pytest.mark.parametrize("code", ["auto", "pseudo", "de", "pt_BR", "zh_CN", "uk", "fil"])
def test_auto_pseudo_and_language_codes_are_accepted(code: str) -> None:
    assert parse_config(f'[ui]\nlanguage = "{code}"\n').ui.language == code


@pytest.mark.parametrize("code", ["xx", "tlh", "eo", "en_ZZ"])
def test_a_well_formed_code_without_a_catalogue_is_not_an_error(code: str) -> None:
    assert parse_config(f'[ui]\nlanguage = "{code}"\n').ui.language == code


@pytest.mark.parametrize(
    "value",
    ['"pt-BR"', '"German"', '"de_de"', '"DE"', '"de_DE.UTF-8"', '"d"', '"deut"', "3", "true"],
)
def test_a_malformed_value_is_a_problem_on_its_line(value: str) -> None:
    assert problems(f"[goals]\nbreaks_per_day = 6\n[ui]\nlanguage = {value}\n") == [
        ("ui.language", 4)
    ]


def test_a_malformed_code_gets_a_fix() -> None:
    with pytest.raises(ConfigErrors) as caught:
        parse_config('[ui]\nlanguage = "pt-BR"\n')
    (problem,) = caught.value.problems
    assert '"pt-BR"' in problem.message
    assert '"pt_BR"' in problem.fix


def test_an_empty_value_is_a_problem() -> None:
    assert problems('[ui]\nlanguage = ""\n') == [("ui.language", 2)]


def test_unknown_keys_and_a_table_that_is_not_one() -> None:
    with pytest.raises(ConfigErrors) as caught:
        parse_config("[ui]\nlanguag = 'de'\n")
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == ("ui.languag", 2)
    assert '"language"' in problem.fix  # the did-you-mean keeps the key's name
    assert problems('ui = "de"\n') == [("ui", 1)]


def test_the_language_is_written_back_and_reads_the_same() -> None:
    config = parse_config('[ui]\nlanguage = "pt_BR"\n')
    assert config_document(config)["ui"] == {"language": "pt_BR"}
    assert parse_config(dump_config(config)) == config
    assert config_document(Config())["ui"] == {"language": "auto"}
