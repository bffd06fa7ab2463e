"""Parameter declarations: validation, messages, and the notebooks' parameters cells kept in step."""
from __future__ import annotations

import ast
from pathlib import Path

import jupytext
import pytest

from analysis.errors import ParameterError
from analysis.parameters import REGISTRY, for_notebook
from conftest import ROOT, run_cli


def negotiations(**given):
    return for_notebook("negotiations").validate(given)


def test_defaults_validate():
    values = negotiations()
    assert values["highlight"] == "2024-01-28-non-aggression-pact-proposal"
    assert values["tracks"] == [] and values["start"] == "1988-01-01"


@pytest.mark.parametrize("given, name, words", [
    ({"strat": "2020-01-01"}, "strat", "unknown parameter"),
    ({"start": 2020}, "start", "expected a date"),
    ({"start": "2020-02-30"}, "start", "not a real date"),
    ({"start": "1900-01-01"}, "start", "before/below the minimum 1988-01-01"),
    ({"end": "2999-01-01"}, "end", "after/above the maximum"),
    ({"start": "2024-01-01", "end": "2023-01-01"}, "start", "is after end (2023-01-01)"),
    ({"tracks": ["nato"]}, "tracks", "'nato' is not allowed; choose from: osce_minsk_group"),
    ({"tracks": "eu"}, "tracks", "expected a list of text"),
    ({"kinds": ["coup"]}, "kinds", "'coup' is not allowed"),
    ({"highlight": "2024-13-99-nothing"}, "highlight", "'2024-13-99-nothing' is not allowed"),
])
def test_bad_parameters_are_rejected_with_a_clear_message(given, name, words):
    with pytest.raises(ParameterError) as caught:
        negotiations(**given)
    assert caught.value.name == name
    assert f"notebook 'negotiations', parameter '{name}'" in str(caught.value)
    assert words in str(caught.value)


def _parameters_cell(notebook: Path) -> dict:
    nb = jupytext.read(notebook)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{notebook.name} needs exactly one cell tagged 'parameters'"
    values = {}
    for node in ast.parse(cells[0].source).body:
        assert isinstance(node, ast.Assign), f"{notebook.name}: the parameters cell holds plain assignments only"
        values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.py")), ids=lambda p: p.stem)
def test_parameters_cell_mirrors_the_declaration(notebook):
    declared = for_notebook(notebook.stem).defaults()
    assert _parameters_cell(notebook) == declared


def test_every_declaration_has_a_notebook():
    for_notebook("negotiations")  # loads the declarations
    assert {name for name in REGISTRY} <= {p.stem for p in (ROOT / "notebooks").glob("*.py")}


def test_params_command_prints_the_declaration():
    result = run_cli("params", "negotiations")
    assert result.returncode == 0
    assert "highlight (text), default '2024-01-28-non-aggression-pact-proposal'" in result.stdout
    assert "allowed: osce_minsk_group, russia, eu, us, bilateral, other" in result.stdout
