"""What each notebook's parameters cell cannot say: help, allowed values, ranges and date types.

The names and defaults live in the notebooks' `parameters` cells only (analysis.parameters reads them with
papermill's inspection). Allowed values and ranges that depend on the data are functions of the report context,
so the build checks them against the seeds it will use.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from analysis import data
from analysis.core.conventions import BY_LANGUAGE, DEFAULT_LABEL_STYLE, LABEL_STYLES, LANGUAGE_NAMES, LANGUAGES
from analysis.core.errors import ParameterError
from analysis.core.paths import PROJECT_ROOT
from analysis.data.context import ReportContext
from analysis.displacement.transforms import EPISODE_CHOICES, population_estimates
from analysis.params.declared import RESERVED, NotebookParams, Rule, cell_defaults, combine


def first_milestone_year(ctx) -> str:
    return f"{data.load_milestones(ctx)['date'].min().year}-01-01"


def last_milestone_year_end(ctx) -> str:
    """Windows may run to the end of the year of the last milestone: the data says nothing later."""
    return f"{data.load_milestones(ctx)['date'].max().year}-12-31"


def first_control_event(ctx) -> str:
    return f"{data.load_control(ctx)['date'].min():%Y-%m-%d}"


def last_control_change(ctx) -> str:
    """Control after the last event of control.csv is not recorded, so a map may not claim it."""
    return f"{data.load_control(ctx)['date'].max():%Y-%m-%d}"


def _start_before_end(values: dict) -> None:
    if values["start"] > values["end"]:
        raise ParameterError("negotiations", "start", f"{values['start']} is after end ({values['end']})")


def _sourced_datasets(ctx) -> tuple[str, ...]:
    from analysis.sources.transforms import sourced_datasets

    return tuple(sourced_datasets(ctx))


def _label_style_by_language(values: dict) -> None:
    """'by_language' becomes the convention of the language's own press (hy → armenian, az → azerbaijani)."""
    if values.get("label_style") == BY_LANGUAGE:
        values["label_style"] = DEFAULT_LABEL_STYLE[values.get("language", "en")]


# Every notebook that has these lines in its parameters cell gets these rules.
COMMON: dict[str, Rule] = {
    "language": Rule(
        "Language of the report: " + ", ".join(f"{code} ({name})" for code, name in LANGUAGE_NAMES.items()) + ".",
        choices=LANGUAGES,
    ),
    "label_style": Rule(
        "Naming convention for place names and contested terms; 'by_language' follows the usage of the language's "
        "own press: " + ", ".join(f"{code} → {style}" for code, style in DEFAULT_LABEL_STYLE.items()) + ".",
        choices=(BY_LANGUAGE, *LABEL_STYLES),
    ),
}
EXPORT_HELP = "Also write the figures as PNG and SVG for print, into the report context's static folder."
RULES: dict[str, dict[str, Rule]] = {
    "negotiations": {
        "start": Rule(
            "First day of the window shown.", kind="date", minimum=first_milestone_year, maximum=last_milestone_year_end
        ),
        "end": Rule(
            "Last day of the window shown.", kind="date", minimum=first_milestone_year, maximum=last_milestone_year_end
        ),
        "tracks": Rule(
            "Mediator tracks to show; empty means all.", choices=lambda ctx: data.field_enum("milestones", "track", ctx)
        ),
        "kinds": Rule(
            "Kinds of milestone to show; empty means all.",
            choices=lambda ctx: data.field_enum("milestones", "kind", ctx),
        ),
        "highlight": Rule(
            "Milestone id to annotate on the timeline.", choices=lambda ctx: tuple(data.load_milestones(ctx)["id"])
        ),
    },
    "map_karabakh": {
        "as_of": Rule(
            "Date of the control map: from the first event of control.csv to its last change.",
            kind="date",
            minimum=first_control_event,
            maximum=last_control_change,
        ),
        "show_corridor": Rule("Draw the Lachin corridor (schematic) when it existed on as_of."),
        "export_static": Rule(EXPORT_HELP),
    },
    "displacement": {
        "episode": Rule("Which displacement to tell: 1988_1994, 2020, 2023, or all of them.", choices=EPISODE_CHOICES),
        "population_estimate": Rule(
            "Id of the pre-offensive population estimate (a 2023 'stock' row) used as the denominator of the 2023 "
            "shares; the default is the most cited estimate.",
            choices=lambda ctx: tuple(population_estimates(data.load_displacement(ctx))["id"]),
        ),
        "include_party_figures": Rule(
            "Show figures from the Armenian and Azerbaijani governments and the de facto Karabakh authorities "
            "(always labelled as such); false hides them and says how many were hidden."
        ),
        "export_static": Rule(EXPORT_HELP),
    },
    "explainer": {
        "article": Rule(
            "The article to explain and check (seeds/articles.csv).",
            choices=lambda ctx: tuple(data.load_articles(ctx)["article_id"]),
        ),
    },
    "sources": {
        "datasets": Rule(
            "Datasets to count; empty means every dataset with a source_kind column.", choices=_sourced_datasets
        ),
    },
}
CHECKS = {"negotiations": (_start_before_end,)}


def notebook_path(notebook: str) -> Path:
    return PROJECT_ROOT / "notebooks" / f"{notebook}.py"


def for_notebook(notebook: str, path: Path | None = None, declared: Mapping[str, Any] | None = None) -> NotebookParams:
    """A notebook's parameters: its cell's names and defaults (``declared``, or read from the cell) with the rules
    above."""
    defaults = dict(declared) if declared else cell_defaults(path or notebook_path(notebook))
    rules = {name: rule for name, rule in COMMON.items() if name in defaults} | RULES.get(notebook, {})
    checks = CHECKS.get(notebook, ()) + ((_label_style_by_language,) if "label_style" in defaults else ())
    return combine(notebook, defaults, rules, checks)


def validated(notebook: str, namespace: dict[str, Any]) -> ReportContext:
    """Check a notebook's parameters as they stand in its namespace (call it right after the parameters cell),
    write the normalised values back, and return the report context with them: the build's, or the default one
    when the notebook runs by hand."""
    ctx = ReportContext.from_json(namespace.get(RESERVED))
    spec = for_notebook(notebook, ctx.notebook, ctx.declared)
    values = spec.validate({name: namespace[name] for name in spec.defaults() if name in namespace}, ctx)
    namespace.update(values)
    ctx.params = values
    return ctx


def validate_entry(notebook: str, path: Path, given: Mapping[str, Any], ctx: ReportContext) -> dict[str, Any]:
    """Check a reports.toml entry before any kernel starts."""
    if RESERVED in given:
        raise ParameterError(notebook, RESERVED, "is set by the build; a report may not set it")
    return for_notebook(notebook, path).validate(given, ctx)
