"""The displacement report's words that depend on the data or the episode: section intros, story sentences, chart
descriptions.

The words are Jinja templates in ``analysis/displacement/templates/`` (a reporter edits them there); the functions here pick
the rows a template needs and fill it. ``*.html.j2`` give HTML for the page, with every value escaped;
``*.txt.j2`` give plain text for a chart's description, escaped where it is shown.

The prose is in ``{% trans %}`` blocks (``{% pluralize %}`` where a count decides the form) and ``_("…")``, extracted
into the ``messages`` catalog. Each report's language gets its own environment (:func:`environment`): its gettext,
and filters that write dates, numbers and shares the language's way (``date``, ``number``, ``percent``).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup

from analysis.displacement import transforms as dp
from analysis.i18n.language import N_, Language

TEMPLATES = Path(__file__).parent / "templates"
SECTIONS = ("exodus", "population", "1988_1994")

# What the frames' keys are called where a reader sees them (the frames keep the English keys the code matches on).
EPISODE_LABELS = {
    "1988_1994": N_("1988–94"),
    "2016": N_("2016"),
    "2020": N_("2020 war"),
    "2023": N_("2023 exodus"),
    "return": N_("returns"),
    "all": N_("all episodes"),
}
CONTESTED_LABELS = {EPISODE_LABELS["2020"]: "war_2020"}  # label → term_id in seeds/terms.csv
GROUP_LABELS = {
    "karabakh_armenians": N_("Karabakh Armenians"),
    "azerbaijanis_from_karabakh_and_districts": N_("Azerbaijanis from Karabakh and districts"),
    "armenians_from_azerbaijan": N_("Armenians from Azerbaijan"),
    "azerbaijanis_from_armenia": N_("Azerbaijanis from Armenia"),
    "armenians_displaced_within_armenia": N_("Armenians displaced within Armenia"),
    "azerbaijanis_all_displaced_combined": N_("All displaced Azerbaijanis (combined)"),
    "all_groups_combined": N_("All groups combined"),
    "azerbaijanis_frontline_areas": N_("Azerbaijanis from frontline areas"),
}
# What a figure counts (the measure column's values, datapackage.json), as a reader sees it.
MEASURE_LABELS = {
    "cumulative_arrivals": N_("cumulative arrivals"),
    "total_displaced": N_("total displaced"),
    "registered": N_("registered"),
    "returned": N_("returned"),
    "stock": N_("stock"),
}


def label(labels: dict[str, str], key: str, lang: Language) -> str:
    """A key's label (EPISODE_LABELS, GROUP_LABELS, MEASURE_LABELS) in the report's language; a key without one is
    shown as it is, underscores as spaces. A contested name (the 2020 war) follows the report's naming convention
    where the data has its form (``lang.terms``)."""
    if key not in labels:
        return str(key).replace("_", " ")
    text = lang._(labels[key])
    return lang.term(CONTESTED_LABELS[labels[key]], text) if labels[key] in CONTESTED_LABELS else text


def figure_text(row, *, lang: Language) -> str:
    """The figure as published: a value, a range, or one bound."""
    value, low, high = row["value"], row["value_low"], row["value_high"]
    if pd.notna(value):
        return lang.number(value)
    if pd.notna(low) and pd.notna(high):
        return lang._("{low}–{high}").format(low=lang.number(low), high=lang.number(high))
    if pd.notna(high):
        return lang._("up to {figure}").format(figure=lang.number(high))
    return lang._("at least {figure}").format(figure=lang.number(low))


def _squash(text):
    """Line breaks and runs of spaces as one space, so a template can wrap its sentences freely."""
    joined = " ".join(str(text).split())
    return Markup(joined) if isinstance(text, Markup) else joined


def environment(lang: Language) -> jinja2.Environment:
    """The templates in one language: its translations and plural rules, its dates, numbers and shares, and the
    episode and group labels translated. One per report (nothing of a language outlives the call)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        undefined=jinja2.StrictUndefined,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(gettext=lang._, ngettext=lang.n_, newstyle=True)
    env.filters.update(
        squash=_squash,
        date=lambda moment, precision="day": lang.date(moment, precision),
        number=lambda value: lang.number(value),
        percent=lambda share: lang.percent(share),
        whole=lambda value: round(float(value)),  # a count for {% pluralize %}: plural rules want a whole number
    )
    env.globals.update(
        episodes={key: label(EPISODE_LABELS, key, lang) for key in EPISODE_LABELS},
        groups={key: label(GROUP_LABELS, key, lang) for key in GROUP_LABELS},
    )
    return env


def render(name: str, lang: Language, **values) -> str:
    """A template filled in the report's language: Markup for ``*.html.j2``, plain text for ``*.txt.j2``, on one
    line."""
    text = _squash(environment(lang).get_template(name).render(**values))
    return Markup(text) if name.endswith(".html.j2") else text


# --- the story --------------------------------------------------------------------------------------------------


def section(name: str, *, lang: Language) -> Markup:
    """A section's heading and first paragraph (the sections shown depend on the episode)."""
    if name not in SECTIONS:
        raise ValueError(f"no section {name!r}; the sections are {', '.join(SECTIONS)}")
    return render(f"section_{name}.html.j2", lang)


def overview(shown: pd.DataFrame, hidden: int, *, lang: Language) -> Markup:
    """How many figures the report shows, and how party figures are treated."""
    return render(
        "overview.html.j2",
        lang,
        figures=len(shown),
        sources=shown["source_name"].nunique(),
        hidden=hidden,
        party=int(shown["party_to_conflict"].sum()),
    )


def _reporters(counts: pd.DataFrame, lang: Language) -> list[dict]:
    """Each reporter's series (its name in the report's language): how many counts, how many with a time, the first
    and the last."""
    return [
        {
            "name": lang._(name),
            "counts": len(series),
            "timed": int((series["as_of_precision"] == "hour").sum()),
            "first": series.iloc[0].to_dict(),
            "last": series.iloc[-1].to_dict(),
        }
        for name, series in counts.groupby("reporter", sort=False)
    ]


def _peak(flows: pd.DataFrame) -> dict | None:
    return flows.loc[flows["per_hour"].idxmax()].to_dict() if len(flows) else None


def exodus_story(shown: pd.DataFrame, *, lang: Language) -> Markup:
    """The 2023 count in two sentences: its first and last figure, and the fastest hourly pace between timed counts."""
    _, counts, flows = dp.exodus_counts(shown)
    return render("exodus_story.html.j2", lang, reporters=_reporters(counts, lang), peak=_peak(flows))


def share_story(shares: pd.DataFrame, estimate_id: str, *, lang: Language) -> Markup:
    """What the chosen population estimate implies: the share of it each final count of arrivals represents."""
    chosen = [
        {**row, "count_by": lang._(row["count_by"])}
        for row in shares[shares["estimate_id"] == estimate_id].to_dict("records")
    ]
    return render(
        "share_story.html.j2", lang, estimate_id=estimate_id, head=chosen[0] if chosen else None, counts=chosen
    )


# --- the charts' descriptions -----------------------------------------------------------------------------------


def exodus_alt(counts: pd.DataFrame, flows: pd.DataFrame, marked: list[dict], *, lang: Language) -> str:
    """The exodus chart in words: each reporter's counts, the fastest hourly pace, the shaded days."""
    return render("exodus_alt.txt.j2", lang, reporters=_reporters(counts, lang), peak=_peak(flows), marked=marked)


def sources_alt(rows: pd.DataFrame, summary: pd.DataFrame, *, lang: Language) -> str:
    """The 1988–94 dot plot in words: each group's range."""
    return render("sources_alt.txt.j2", lang, figures=len(rows), summary=list(summary.itertuples()))


def episodes_alt(rows: pd.DataFrame, summary: pd.DataFrame, *, lang: Language) -> str:
    """The range chart in words: each episode's and group's lowest and highest figure."""
    return render("episodes_alt.txt.j2", lang, figures=len(rows), summary=list(summary.itertuples()))
