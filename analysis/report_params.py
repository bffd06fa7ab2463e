"""Every notebook's parameters: name, type, default, allowed values and help, declared once."""
from __future__ import annotations

from . import data
from .errors import ParameterError
from .parameters import Param, declare

EARLIEST = "1988-01-01"  # the February 1988 appeal of the NKAO regional soviet opens our record


def last_milestone_year_end() -> str:
    """Windows may run to the end of the year of the last milestone: the data says nothing later."""
    return f"{data.load_milestones()['date'].max().year}-12-31"


def first_control_event() -> str:
    return f"{data.load_control()['date'].min():%Y-%m-%d}"


def last_control_change() -> str:
    """Control after the last event of control.csv is not recorded, so a map may not claim it."""
    return f"{data.load_control()['date'].max():%Y-%m-%d}"


def _start_before_end(values: dict) -> None:
    if values["start"] > values["end"]:
        raise ParameterError("negotiations", "start", f"{values['start']} is after end ({values['end']})")


declare(
    "negotiations",
    Param("start", "date", "1988-01-01", "First day of the window shown.", minimum=EARLIEST, maximum=last_milestone_year_end),
    Param("end", "date", "2025-12-31", "Last day of the window shown.", minimum=EARLIEST, maximum=last_milestone_year_end),
    Param("tracks", list, [], "Mediator tracks to show; empty means all.",
          choices=lambda: data.field_enum("milestones", "track")),
    Param("kinds", list, [], "Kinds of milestone to show; empty means all.",
          choices=lambda: data.field_enum("milestones", "kind")),
    Param("highlight", str, "2024-01-28-non-aggression-pact-proposal", "Milestone id to annotate on the timeline.",
          choices=lambda: tuple(data.load_milestones()["id"])),
    checks=(_start_before_end,),
)


def _map_styles() -> tuple:
    from maps import names

    return names.STYLES


def _map_languages() -> tuple:
    from maps import names

    return names.LANGUAGES


declare(
    "map_karabakh",
    Param("as_of", "date", "2024-01-28", "Date of the control map: from the first event of control.csv to its "
          "last change.", minimum=first_control_event, maximum=last_control_change),
    Param("label_style", str, "dual", "Naming convention for place labels.", choices=_map_styles),
    Param("language", str, "en", "Language of the labels: en, hy, az or ru.", choices=_map_languages),
    Param("show_corridor", bool, True, "Draw the Lachin corridor (schematic) when it existed on as_of."),
    Param("export_static", bool, False, "Also write PNG and SVG of the map under $KARABAKH_STATIC_DIR (reports/static)."),
)


# --- displacement ---------------------------------------------------------------------------------------------
from .displacement import EPISODE_CHOICES, population_estimates  # noqa: E402


def _population_estimate_ids() -> tuple[str, ...]:
    return tuple(population_estimates(data.load_displacement())["id"])


declare(
    "displacement",
    Param("episode", str, "all", "Which displacement to tell: 1988_1994, 2020, 2023, or all of them.",
          choices=EPISODE_CHOICES),
    Param("population_estimate", str, "2023-stock-am-fm-mirzoyan-120000",
          "Id of the pre-offensive population estimate (a 2023 'stock' row) used as the denominator of the 2023 shares; "
          "the default is the most cited estimate.", choices=_population_estimate_ids),
    Param("include_party_figures", bool, True,
          "Show figures from the Armenian and Azerbaijani governments and the de facto Karabakh authorities "
          "(always labelled as such); false hides them and says how many were hidden."),
    Param("export_static", bool, False,
          "Also write every figure as PNG and SVG for print to $KARABAKH_STATIC_DIR (default reports/static)."),
)


declare(
    "explainer",
    Param("article", str, "afp-2024-01-28-non-aggression-pact", "The article to explain and check (seeds/articles.csv).",
          choices=lambda: tuple(data.load_articles()["article_id"])),
)


def _sourced_datasets() -> tuple[str, ...]:
    from .sources import sourced_datasets

    return tuple(sourced_datasets())


declare(
    "sources",
    Param("datasets", list, [], "Datasets to count; empty means every dataset with a source_kind column.",
          choices=_sourced_datasets),
)
