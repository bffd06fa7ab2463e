"""The displacement report's words that depend on the data or the episode: section intros, story sentences, chart
descriptions.

The words are Jinja templates in ``templates/displacement/`` (a reporter edits them there); the functions here pick
the rows a template needs and fill it. ``*.html.j2`` give HTML for the page, with every value escaped;
``*.txt.j2`` give plain text for a chart's description, escaped where it is shown.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup

from . import displacement as dp
from .style import when

TEMPLATES = Path(__file__).parent / "templates" / "displacement"
SECTIONS = ("exodus", "population", "1988_1994")


def _squash(text):
    """Line breaks and runs of spaces as one space, so a template can wrap its sentences freely."""
    joined = " ".join(str(text).split())
    return Markup(joined) if isinstance(text, Markup) else joined


ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters.update(squash=_squash, when=when, n=lambda value: f"{value:,.0f}", pct=lambda value: f"{value:.0%}")
ENV.globals.update(episodes=dp.EPISODE_LABELS, groups=dp.GROUP_LABELS)


def render(name: str, **values) -> str:
    """A template filled: Markup for ``*.html.j2``, plain text for ``*.txt.j2``, on one line."""
    text = _squash(ENV.get_template(name).render(**values))
    return Markup(text) if name.endswith(".html.j2") else text


# --- the story --------------------------------------------------------------------------------------------------


def section(name: str) -> Markup:
    """A section's heading and first paragraph (the sections shown depend on the episode)."""
    if name not in SECTIONS:
        raise ValueError(f"no section {name!r}; the sections are {', '.join(SECTIONS)}")
    return render(f"section_{name}.html.j2")


def overview(shown: pd.DataFrame, hidden: int) -> Markup:
    """How many figures the report shows, and how party figures are treated."""
    return render(
        "overview.html.j2",
        figures=len(shown),
        sources=shown["source_name"].nunique(),
        hidden=hidden,
        party=int(shown["party_to_conflict"].sum()),
    )


def _reporters(counts: pd.DataFrame) -> list[dict]:
    """Each reporter's series: how many counts, how many with a time, the first and the last."""
    return [
        {
            "name": name,
            "counts": len(series),
            "timed": int((series["as_of_precision"] == "hour").sum()),
            "first": series.iloc[0].to_dict(),
            "last": series.iloc[-1].to_dict(),
        }
        for name, series in counts.groupby("reporter", sort=False)
    ]


def _peak(flows: pd.DataFrame) -> dict | None:
    return flows.loc[flows["per_hour"].idxmax()].to_dict() if len(flows) else None


def exodus_story(shown: pd.DataFrame) -> Markup:
    """The 2023 count in two sentences: its first and last figure, and the fastest hourly pace between timed counts."""
    _, counts, flows = dp.exodus_counts(shown)
    return render("exodus_story.html.j2", reporters=_reporters(counts), peak=_peak(flows))


def share_story(shares: pd.DataFrame, estimate_id: str) -> Markup:
    """What the chosen population estimate implies: the share of it each final count of arrivals represents."""
    chosen = shares[shares["estimate_id"] == estimate_id].to_dict("records")
    return render("share_story.html.j2", estimate_id=estimate_id, head=chosen[0] if chosen else None, counts=chosen)


# --- the charts' descriptions -----------------------------------------------------------------------------------


def exodus_alt(counts: pd.DataFrame, flows: pd.DataFrame, marked: list[dict]) -> str:
    """The exodus chart in words: each reporter's counts, the fastest hourly pace, the shaded days."""
    return render("exodus_alt.txt.j2", reporters=_reporters(counts), peak=_peak(flows), marked=marked)


def sources_alt(rows: pd.DataFrame, summary: pd.DataFrame) -> str:
    """The 1988–94 dot plot in words: each group's range."""
    return render("sources_alt.txt.j2", figures=len(rows), summary=list(summary.itertuples()))


def episodes_alt(rows: pd.DataFrame, summary: pd.DataFrame) -> str:
    """The range chart in words: each episode's and group's lowest and highest figure."""
    return render("episodes_alt.txt.j2", figures=len(rows), summary=list(summary.itertuples()))
