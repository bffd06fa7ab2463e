"""Parameters: names and defaults from the notebooks' cells, rules from report_params, validation and messages."""

from __future__ import annotations

import ast
from pathlib import Path

import jupytext
import pytest

from analysis.core.errors import ParameterError
from analysis.data.context import ReportContext
from analysis.params import declared as parameters
from analysis.params import rules as report_params
from analysis.params.declared import cell_defaults
from analysis.params.rules import RULES, for_notebook

from helpers import ROOT, run_cli


def negotiations(**given):
    return for_notebook("negotiations").validate(given)


def test_defaults_validate():
    values = negotiations()
    assert values["highlight"] == "2024-01-28-non-aggression-pact-proposal"
    assert values["tracks"] == [] and values["start"] == "1988-01-01"


@pytest.mark.parametrize(
    ("given", "name", "words"),
    [
        ({"strat": "2020-01-01"}, "strat", "unknown parameter"),
        ({"start": 2020}, "start", "expected a date"),
        ({"start": "2020-02-30"}, "start", "not a real date"),
        ({"start": "1900-01-01"}, "start", "before/below the minimum 1988-01-01"),
        ({"report_context": "{}"}, "report_context", "unknown parameter"),
        ({"end": "2999-01-01"}, "end", "after/above the maximum"),
        ({"start": "2024-01-01", "end": "2023-01-01"}, "start", "is after end (2023-01-01)"),
        ({"tracks": ["nato"]}, "tracks", "'nato' is not allowed; choose from: osce_minsk_group"),
        ({"tracks": "eu"}, "tracks", "expected a list of text"),
        ({"kinds": ["coup"]}, "kinds", "'coup' is not allowed"),
        ({"highlight": "2024-13-99-nothing"}, "highlight", "'2024-13-99-nothing' is not allowed"),
    ],
)
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
def test_names_and_defaults_come_from_the_parameters_cell_only(notebook):
    cell = _parameters_cell(notebook)
    assert cell.pop("report_context") is None, "every notebook takes the build's context, None by default"
    assert for_notebook(notebook.stem).defaults() == cell
    assert set(RULES.get(notebook.stem, {})) <= set(cell), "a rule for a parameter the cell does not have"


def test_every_rule_belongs_to_a_notebook():
    assert set(RULES) <= {p.stem for p in (ROOT / "notebooks").glob("*.py")}


def test_a_rule_without_a_line_in_the_cell_is_refused():
    with pytest.raises(ParameterError, match=r"'as_of': has a rule in analysis/params/rules\.py but no line"):
        parameters.combine("map_karabakh", {"label_style": "dual"}, RULES["map_karabakh"])


def test_a_report_may_not_set_the_build_context(tmp_path):
    path = ROOT / "notebooks" / "sources.py"
    with pytest.raises(ParameterError, match="'report_context': is set by the build"):
        report_params.validate_entry("sources", path, {"report_context": "{}"}, ReportContext.default())


def test_validated_writes_plain_values_back_and_returns_the_context():
    namespace = {
        "as_of": "2020-11-10",
        "label_style": "armenian",
        "language": "en",
        "show_corridor": False,
        "export_static": False,
        "report_context": None,
    }
    ctx = report_params.validated("map_karabakh", namespace)
    assert ctx.params["label_style"] == "armenian" and namespace["label_style"] == "armenian"
    assert ctx.seeds == ReportContext.default().seeds
    given = ReportContext(seeds=ROOT / "seeds", static=tmp_static(), params={}, validated=frozenset({"t"}))
    namespace["report_context"] = given.to_json()
    ctx = report_params.validated("map_karabakh", namespace)
    assert ctx.static == given.static and ctx.validated == frozenset({"t"})
    namespace["as_of"] = "1980-01-01"
    with pytest.raises(ParameterError, match="before/below the minimum 1992-01-01"):
        report_params.validated("map_karabakh", namespace)


def test_the_context_hands_the_declared_parameters_to_the_kernel_in_the_cells_order():
    path = ROOT / "notebooks" / "map_karabakh.py"
    given = ReportContext(seeds=ROOT / "seeds", notebook=path, declared=cell_defaults(path))
    back = ReportContext.from_json(given.to_json())
    assert list(back.declared.items()) == list(cell_defaults(path).items())
    assert list(back.declared)[:2] == ["as_of", "language"], "the cell's order, not alphabetical"
    spec = report_params.for_notebook("map_karabakh", path, back.declared)
    assert spec == report_params.for_notebook("map_karabakh", path)


def tmp_static():
    from pathlib import Path

    return Path("/nonexistent/static")


def test_params_command_prints_the_declaration():
    result = run_cli("params", "negotiations")
    assert result.returncode == 0
    assert "highlight (text), default '2024-01-28-non-aggression-pact-proposal'" in result.stdout
    assert "allowed: osce_minsk_group, russia, eu, us, bilateral, other" in result.stdout
