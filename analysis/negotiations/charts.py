"""Figures for the negotiations report: the swimlane timeline and meetings against escalations."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n.language import N_, Language
from analysis.negotiations import transforms as ms
from analysis.present.style import PALETTE, finish, plain, source_line, wrap

TRACK_LABELS = {  # shown translated: lang._(TRACK_LABELS[track])
    "osce_minsk_group": N_("OSCE Minsk Group"),
    "russia": N_("Russia"),
    "eu": N_("European Union"),
    "us": N_("United States"),
    "bilateral": N_("Bilateral"),
    "other": N_("No mediator / other"),
}
KIND_GROUPS = {  # marker colour and legend group per kind of milestone (the key is the legend name, translated)
    N_("escalation"): (("war", "clash", "blockade"), PALETTE["vermillion"], "triangle-up"),
    N_("talks and deals"): (
        ("summit", "agreement", "ceasefire", "statement", "proposal", "prisoner_exchange"),
        PALETTE["blue"],
        "circle",
    ),
    N_("borders and institutions"): (("border", "institutional"), PALETTE["green"], "square"),
    N_("deadly incidents"): (("incident",), PALETTE["black"], "x"),
}
# The kinds of milestone (seeds/milestones.csv) in words, shown translated: lang._(KIND_LABELS[kind]).
KIND_LABELS = {
    "war": N_("war"),
    "clash": N_("armed clash"),
    "blockade": N_("blockade"),
    "summit": N_("summit"),
    "agreement": N_("agreement"),
    "ceasefire": N_("ceasefire"),
    "statement": N_("statement"),
    "proposal": N_("proposal"),
    "prisoner_exchange": N_("prisoner exchange"),
    "border": N_("border delimitation"),
    "institutional": N_("institutional step"),
    "incident": N_("deadly incident"),
}
# The words for the codes of the milestone tables (style.table(words=…)).
WORDS = {"kind": KIND_LABELS, "track": TRACK_LABELS}
DAY_MS = 86_400_000


def title(row, lang: Language) -> str:
    """A milestone's title in the report's language (seeds data, the ``data`` catalog)."""
    return lang.cell("milestones", row["id"], "title", row["title"])


def _hover(frame: pd.DataFrame, lang: Language) -> list[list[str]]:
    return [[plain(title(r, lang)), _when(r, lang), plain(r.source_name)] for _, r in frame.iterrows()]


def _when(row, lang: Language) -> str:
    """A milestone's date as precise as it is known, and its end date for a period."""
    start = lang.date(row.date, row.date_precision)
    if pd.isna(row.end_date):
        return start
    return lang._("{start} – {end}").format(start=start, end=lang.date(row.end_date))


def _hovertemplate(lang: Language) -> str:
    return "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>" + lang._("Source: %{customdata[2]}") + "<extra></extra>"


def timeline(
    frame: pd.DataFrame,
    highlight: str | None,
    *,
    start: str,
    end: str,
    lang: Language,
    context: list[str] | None = None,
) -> go.Figure:
    """One swimlane per mediator track; periods as bars, events as markers, the highlighted one annotated.

    ``context``: plain sentences added to the chart's description, e.g. the claims-ledger verdicts that rest on
    the milestones drawn.
    """
    lanes = [t for t in TRACK_LABELS if t in set(frame["track"])]
    tracks = {t: lang._(label) for t, label in TRACK_LABELS.items() if t in lanes}
    hover = _hovertemplate(lang)
    fig = go.Figure()
    spans = ms.periods(frame)
    if len(spans):
        fig.add_bar(
            base=spans["date"],
            x=(spans["end_date"] - spans["date"]).dt.days * DAY_MS + DAY_MS,
            y=spans["track"].map(tracks),
            orientation="h",
            name=lang._("period (war, blockade …)"),
            marker=dict(color=PALETTE["orange"], opacity=0.55),
            width=0.5,
            customdata=_hover(spans, lang),
            hovertemplate=hover,
        )
    points = ms.events(frame)
    for group, (kinds, colour, symbol) in KIND_GROUPS.items():
        rows = points[points["kind"].isin(kinds)]
        if len(rows):
            fig.add_scatter(
                x=rows["date"],
                y=rows["track"].map(tracks),
                mode="markers",
                name=lang._(group),
                marker=dict(color=colour, symbol=symbol, size=10, line=dict(color="white", width=1)),
                customdata=_hover(rows, lang),
                hovertemplate=hover,
            )
    chosen = frame[frame["id"] == highlight]
    if len(chosen):
        row = chosen.iloc[0]
        late = row["date"] > pd.Timestamp(start) + (pd.Timestamp(end) - pd.Timestamp(start)) / 2
        fig.add_annotation(
            x=row["date"],
            y=tracks[row["track"]],
            text=f"<b>{wrap(plain(title(row, lang)), 48)}</b>",
            showarrow=True,
            arrowhead=2,
            ax=-40 if late else 40,
            ay=-45,
            xanchor="right" if late else "left",
            bgcolor="rgba(255,255,255,0.9)",
            bordercolor=PALETTE["black"],
            font=dict(size=12),
        )
    fig.update_layout(height=200 + 55 * len(lanes), bargap=0.4)
    fig.update_xaxes(type="date", range=[start, end])
    fig.update_yaxes(categoryorder="array", categoryarray=[tracks[t] for t in reversed(lanes)], title=None)
    first, last = frame["date"].min(), frame["date"].max()
    n, periods, events = len(frame), len(spans), len(points)
    alt = lang._(
        "Timeline of {milestones} between {first} and {last}, one row per mediator track ({tracks}): "
        "{periods} and {events}."
    ).format(
        milestones=lang.n_("{n} milestone", "{n} milestones", n).format(n=lang.number(n)),
        first=lang.date(first, "month", long=True),
        last=lang.date(last, "month", long=True),
        tracks=", ".join(tracks[t] for t in lanes),
        periods=lang.n_("{n} period drawn as a bar", "{n} periods drawn as bars", periods).format(
            n=lang.number(periods)
        ),
        events=lang.n_("{n} event as a marker", "{n} events as markers", events).format(n=lang.number(events)),
    )
    if len(chosen):
        alt += " " + lang._("Highlighted: {title} ({date}).").format(
            title=title(row, lang), date=lang.date(row["date"], long=True)
        )
    if context:
        alt += " " + " ".join(context)
    # On a phone the lane names sit inside the plot, above their lane, so the timeline keeps the width.
    narrow = {"layout.yaxis.ticklabelposition": "inside top", "layout.yaxis.tickfont.size": 11}
    if len(chosen):
        # a narrow box beside its milestone, clear of the lane names at the left
        narrow["layout.annotations[0].ax"] = -10 if late else 10
        narrow["layout.annotations[0].text"] = f"<b>{wrap(plain(title(row, lang)), 18)}</b>"
    return finish(
        fig,
        title=lang._("Milestones by mediator track"),
        alt=alt,
        source=source_line(frame, lang=lang),
        lang=lang,
        narrow=narrow,
    )


def balance_chart(yearly: pd.DataFrame, frame: pd.DataFrame, *, lang: Language) -> go.Figure:
    """Per year, leader-level meetings against escalations (wars, clashes, blockades, by the year they began)."""
    fig = go.Figure()
    fig.add_bar(
        x=yearly.index,
        y=yearly["leader_meetings"],
        name=lang._("leader-level meetings"),
        marker_color=PALETTE["blue"],
    )
    fig.add_bar(
        x=yearly.index,
        y=yearly["escalations"],
        name=lang._("escalations (war, clash, blockade)"),
        marker_color=PALETTE["vermillion"],
    )
    fig.update_layout(barmode="group", height=440)
    fig.update_yaxes(title=wrap(lang._("milestones in the dataset"), 24), rangemode="tozero", dtick=1)
    fig.update_xaxes(title=None, dtick=1 if len(yearly) <= 12 else 5)
    busiest = yearly["leader_meetings"].idxmax() if yearly["leader_meetings"].any() else None
    values = {
        "first": yearly.index.min(),
        "last": yearly.index.max(),
        "meetings": lang.number(int(yearly["leader_meetings"].sum())),
        "escalations": lang.number(int(yearly["escalations"].sum())),
    }
    if busiest:
        alt = lang._(
            "Bar chart of leader-level meetings and escalations per year, {first} to {last}: in all, leader-level "
            "meetings: {meetings}, escalations: {escalations}; most meetings in {year} ({most})."
        ).format(year=busiest, most=lang.number(int(yearly.loc[busiest, "leader_meetings"])), **values)
    else:
        alt = lang._(
            "Bar chart of leader-level meetings and escalations per year, {first} to {last}: in all, leader-level "
            "meetings: {meetings}, escalations: {escalations}."
        ).format(**values)
    return finish(
        fig,
        title=lang._("Leader-level meetings and escalations per year"),
        alt=alt,
        source=source_line(frame, lang=lang),
        lang=lang,
        note=lang._(
            "Counts of milestones recorded in this dataset, not of all events; periods count in the year they began."
        ),
    )


# The headings of the negotiations report's tables (the frames keep their column names; source_url stays a link
# column).
HEADINGS = {
    "from": N_("from"),
    "to": N_("to"),
    "after_meeting": N_("last meeting before"),
    "next_meeting": N_("next meeting"),
    "days": N_("days"),
    "ongoing": N_("ongoing"),
    "date": N_("date"),
    "title": N_("title"),
    "kind": N_("kind"),
    "track": N_("track"),
    "venue": N_("venue"),
    "source_name": N_("publisher"),
    "source_url": N_("source (link)"),
    "date_note": N_("note on the date"),
}


def milestone_table(frame: pd.DataFrame, *, lang: Language) -> pd.DataFrame:
    """Every milestone with its source, in the report's language (titles and venues from the ``data`` catalog,
    kinds and tracks in words), for style.table with ``HEADINGS``; the note on the date stays in English."""
    rows = frame[["id", "date", "title", "kind", "track", "venue", "source_name", "source_url", "date_note"]]
    return rows.assign(
        title=[title(r, lang) for _, r in rows.iterrows()],
        kind=[lang._(KIND_LABELS[k]) if k in KIND_LABELS else k for k in rows["kind"]],
        track=[lang._(TRACK_LABELS[t]) if t in TRACK_LABELS else t for t in rows["track"]],
        venue=[
            lang.cell("milestones", i, "venue", v) if isinstance(v, str) else v
            for i, v in zip(rows["id"], rows["venue"], strict=True)
        ],
    ).drop(columns="id")
