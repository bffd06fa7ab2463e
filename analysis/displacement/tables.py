"""Tables for the displacement report (frames for ``style.table``): every figure, the ranges, the shares, the
inconsistencies.

The frames keep English column names (``source_url`` stays a link column); ``HEADINGS`` gives each column's
heading, shown in the report's language by ``style.table(..., headings=HEADINGS)``.
"""

from __future__ import annotations

import pandas as pd

from analysis.displacement import transforms as dp
from analysis.displacement.text import EPISODE_LABELS, GROUP_LABELS, MEASURE_LABELS, figure_text, label
from analysis.i18n.language import N_, Language
from analysis.present.style import source_line, table

# The heading a reader sees over each column of these tables.
HEADINGS = {
    "episode": N_("episode"),
    "who moved": N_("who moved"),
    "measure": N_("measure"),
    "figure": N_("figure"),
    "as of": N_("as of"),
    "reported by": N_("reported by"),
    "party to the conflict": N_("party to the conflict"),
    "source": N_("source"),
    "source_url": N_("source (link)"),
    "note": N_("note"),
    "id": N_("id"),
    "figures": N_("figures"),
    "lowest": N_("lowest"),
    "highest": N_("highest"),
    "from parties": N_("from parties"),
    "range without party figures": N_("range without party figures"),
    "population estimate": N_("population estimate"),
    "estimated by": N_("estimated by"),
    "estimate as of": N_("estimate as of"),
    "count of arrivals": N_("count of arrivals"),
    "share": N_("share"),
    "estimate id": N_("estimate id"),
    "kind": N_("kind"),
    "series": N_("series"),
    "ids": N_("the figures"),
    "message": N_("message"),
}
# The kinds of inconsistency (displacement.inconsistencies), as a reader sees them.
KINDS = {"conflict": N_("conflict"), "hour": N_("hour"), "falls": N_("falls")}


def show(frame: pd.DataFrame, *, caption: str, rows: pd.DataFrame, lang: Language) -> None:
    """One of these tables in the report: headings in the report's language and a source line naming the
    publishers of ``rows``, the figures it was made from."""
    table(frame, caption=caption, source=source_line(rows, lang=lang), lang=lang, headings=HEADINGS)


def _yes_no(values: pd.Series, lang: Language) -> pd.Series:
    return values.map({True: lang._("yes"), False: lang._("no")})


def figures_table(frame: pd.DataFrame, *, lang: Language) -> pd.DataFrame:
    """Every figure with its source, for style.table."""
    rows = frame.assign(order=frame["episode"].map({e: i for i, e in enumerate(EPISODE_LABELS)}))
    rows = rows.sort_values(["order", "group", "measure", "moment", "id"], na_position="last")
    return pd.DataFrame(
        {
            "episode": [label(EPISODE_LABELS, e, lang) for e in rows["episode"]],
            "who moved": [label(GROUP_LABELS, g, lang) for g in rows["group"]],
            "measure": [label(MEASURE_LABELS, m, lang) for m in rows["measure"]],
            "figure": [figure_text(r, lang=lang) for _, r in rows.iterrows()],
            "as of": [lang.date(m, p) for m, p in zip(rows["moment"], rows["as_of_precision"], strict=False)],
            "reported by": rows["reported_by"],
            "party to the conflict": _yes_no(rows["party_to_conflict"], lang),
            "source": rows["source_name"],
            "source_url": rows["source_url"],
            "note": rows["note"],
        },
        index=rows.index,
    )


def _extreme(figure, by: str, party: bool, lang: Language) -> str:
    """'120,000: Government of Armenia (party to the conflict)'."""
    if party:
        return lang._("{figure}: {reported_by} (party to the conflict)").format(
            figure=lang.number(figure), reported_by=by
        )
    return f"{lang.number(figure)}: {by}"


def ranges_table(frame: pd.DataFrame, *, lang: Language) -> pd.DataFrame:
    """The range per episode, group and measure, with the extremes' reporters and party marks, for style.table."""
    r = dp.ranges(frame)
    return pd.DataFrame(
        {
            "episode": [label(EPISODE_LABELS, e, lang) for e in r["episode"]],
            "who moved": [label(GROUP_LABELS, g, lang) for g in r["group"]],
            "measure": [label(MEASURE_LABELS, m, lang) for m in r["measure"]],
            "figures": r["figures"],
            "lowest": [_extreme(v, b, p, lang) for v, b, p in zip(r["low"], r["low_by"], r["low_party"], strict=False)],
            "highest": [
                _extreme(v, b, p, lang) for v, b, p in zip(r["high"], r["high_by"], r["high_party"], strict=False)
            ],
            "from parties": r["party_figures"],
            "range without party figures": [
                lang._("{low}–{high}").format(low=lang.number(lo), high=lang.number(hi))
                if pd.notna(lo)
                else lang._("none")
                for lo, hi in zip(r["neutral_low"], r["neutral_high"], strict=False)
            ],
        }
    )


def shares_table(shares: pd.DataFrame, *, lang: Language) -> pd.DataFrame:
    """Shares of each population estimate, one row per estimate and count, for style.table."""
    return pd.DataFrame(
        {
            "population estimate": [lang.number(v) for v in shares["estimate"]],
            "estimated by": shares["estimate_by"],
            "party to the conflict": _yes_no(shares["estimate_party"], lang),
            "estimate as of": [
                lang.date(m, p) for m, p in zip(shares["estimate_moment"], shares["estimate_precision"], strict=False)
            ],
            "count of arrivals": [
                lang._("{count} ({reporter}, {date})").format(
                    count=lang.number(c), reporter=lang._(b), date=lang.date(m)
                )
                for c, b, m in zip(shares["count"], shares["count_by"], shares["count_moment"], strict=False)
            ],
            "share": [lang.percent(s) for s in shares["share"]],
        }
    )


def inconsistencies_table(frame: pd.DataFrame, *, lang: Language) -> pd.DataFrame:
    """Figures that cannot all be right (displacement.inconsistencies): the kind in words, the series named, the ids,
    and a sentence in the report's language, for style.table."""
    found = dp.inconsistencies(frame)
    return pd.DataFrame(
        {
            "kind": [label(KINDS, k, lang) for k in found["kind"]],
            "series": [_series(row, lang) for _, row in found.iterrows()],
            "ids": [_named(ids, frame, lang) for ids in found["ids"]],
            "message": [_message(row["kind"], row["detail"], lang) for _, row in found.iterrows()],
        },
        columns=["kind", "series", "ids", "message"],
    )


def _named(ids: str, frame: pd.DataFrame, lang: Language) -> str:
    """The figures behind '; '-joined row ids, as a reader finds them in the table of every figure: the figure, its
    date and its source."""
    rows = frame.set_index("id")
    named = [
        lang._("{figure}, {date} ({source})").format(
            figure=figure_text(rows.loc[i], lang=lang),
            date=lang.date(rows.loc[i, "moment"], rows.loc[i, "as_of_precision"]),
            source=rows.loc[i, "source_name"],
        )
        for i in ids.split("; ")
        if i in rows.index
    ]
    return "; ".join(named)


def _series(row: pd.Series, lang: Language) -> str:
    return lang._("{reporter}, {measure} ({group}, {episode})").format(
        reporter=lang._(dp.reporter(row["publisher_type"])),
        measure=label(MEASURE_LABELS, row["measure"], lang),
        group=label(GROUP_LABELS, row["group"], lang),
        episode=label(EPISODE_LABELS, row["episode"], lang),
    )


def _message(kind: str, detail: dict, lang: Language) -> str:
    """The sentence for one finding of displacement.inconsistencies."""
    if kind == "conflict":
        figures = "; ".join(f"{lang.number(value)} ({who})" for value, who in detail["given"])
        return lang._("different figures for {date}: {figures}").format(
            date=lang.date(detail["moment"], detail["precision"]), figures=figures
        )
    if kind == "hour":
        hours = "; ".join(f"{moment:%H:%M} ({who})" for moment, who in detail["given"])
        return lang._("the same count {figure} is given as of different times on {date}: {hours}").format(
            figure=lang.number(detail["figure"]), date=lang.date(detail["day"], "day"), hours=hours
        )
    high, low = detail["high"], detail["low"]
    return lang._(
        "the count falls from {high} ({high_date}, {high_source}) to {low} ({low_date}, {low_source})"
    ).format(
        high=lang.number(high["figure"]),
        high_date=lang.date(high["moment"], high["as_of_precision"]),
        high_source=high["source_name"],
        low=lang.number(low["figure"]),
        low_date=lang.date(low["moment"], low["as_of_precision"]),
        low_source=low["source_name"],
    )
