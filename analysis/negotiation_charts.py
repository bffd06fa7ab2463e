"""Figures for the negotiations report: the swimlane timeline and meetings against escalations."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import milestones as ms
from .style import PALETTE, finish, plain, source_line, when

TRACK_LABELS = {
    "osce_minsk_group": "OSCE Minsk Group",
    "russia": "Russia",
    "eu": "European Union",
    "us": "United States",
    "bilateral": "Bilateral",
    "other": "No mediator / other",
}
KIND_GROUPS = {  # marker colour and legend group per kind of milestone
    "escalation": (("war", "clash", "blockade"), PALETTE["vermillion"], "triangle-up"),
    "talks and deals": (
        ("summit", "agreement", "ceasefire", "statement", "proposal", "prisoner_exchange"),
        PALETTE["blue"],
        "circle",
    ),
    "borders and institutions": (("border", "institutional"), PALETTE["green"], "square"),
    "deadly incidents": (("incident",), PALETTE["black"], "x"),
}
DAY_MS = 86_400_000


def _hover(frame: pd.DataFrame) -> list[list[str]]:
    return [[plain(r.title), _when(r), plain(r.source_name)] for r in frame.itertuples()]


def _when(row) -> str:
    """A milestone's date as precise as it is known, and its end date for a period."""
    return when(row.date, row.date_precision) + (f" – {when(row.end_date)}" if pd.notna(row.end_date) else "")


HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Source: %{customdata[2]}<extra></extra>"


def timeline(
    frame: pd.DataFrame, highlight: str | None, *, start: str, end: str, context: list[str] | None = None
) -> go.Figure:
    """One swimlane per mediator track; periods as bars, events as markers, the highlighted one annotated.

    ``context``: plain sentences added to the chart's description, e.g. the claims-ledger verdicts that rest on
    the milestones drawn.
    """
    lanes = [t for t in TRACK_LABELS if t in set(frame["track"])]
    fig = go.Figure()
    spans = ms.periods(frame)
    if len(spans):
        fig.add_bar(
            base=spans["date"],
            x=(spans["end_date"] - spans["date"]).dt.days * DAY_MS + DAY_MS,
            y=spans["track"].map(TRACK_LABELS),
            orientation="h",
            name="period (war, blockade …)",
            marker=dict(color=PALETTE["orange"], opacity=0.55),
            width=0.5,
            customdata=_hover(spans),
            hovertemplate=HOVER,
        )
    points = ms.events(frame)
    for group, (kinds, colour, symbol) in KIND_GROUPS.items():
        rows = points[points["kind"].isin(kinds)]
        if len(rows):
            fig.add_scatter(
                x=rows["date"],
                y=rows["track"].map(TRACK_LABELS),
                mode="markers",
                name=group,
                marker=dict(color=colour, symbol=symbol, size=10, line=dict(color="white", width=1)),
                customdata=_hover(rows),
                hovertemplate=HOVER,
            )
    chosen = frame[frame["id"] == highlight]
    if len(chosen):
        row = chosen.iloc[0]
        fig.add_annotation(
            x=row["date"],
            y=TRACK_LABELS[row["track"]],
            text=f"<b>{plain(row['title'])}</b>",
            showarrow=True,
            arrowhead=2,
            ax=-40,
            ay=-45,
            bgcolor="rgba(255,255,255,0.9)",
            bordercolor=PALETTE["black"],
            font=dict(size=12),
        )
    fig.update_layout(height=200 + 55 * len(lanes), bargap=0.4)
    fig.update_xaxes(type="date", range=[start, end])
    fig.update_yaxes(categoryorder="array", categoryarray=[TRACK_LABELS[t] for t in reversed(lanes)], title=None)
    first, last = frame["date"].min(), frame["date"].max()
    alt = (
        f"Timeline of {len(frame)} milestones between {when(first, 'month', long=True)} and "
        f"{when(last, 'month', long=True)}, one row per mediator track "
        f"({', '.join(TRACK_LABELS[t] for t in lanes)}): {len(spans)} periods drawn as bars and "
        f"{len(points)} events as markers."
    )
    if len(chosen):
        alt += f" Highlighted: {row['title']} ({when(row['date'], long=True)})."
    if context:
        alt += " " + " ".join(context)
    return finish(fig, title="Milestones by mediator track", alt=alt, source=source_line(frame))


def balance_chart(yearly: pd.DataFrame, frame: pd.DataFrame) -> go.Figure:
    """Per year, leader-level meetings against escalations (wars, clashes, blockades, by the year they began)."""
    fig = go.Figure()
    fig.add_bar(x=yearly.index, y=yearly["leader_meetings"], name="leader-level meetings", marker_color=PALETTE["blue"])
    fig.add_bar(
        x=yearly.index,
        y=yearly["escalations"],
        name="escalations (war, clash, blockade)",
        marker_color=PALETTE["vermillion"],
    )
    fig.update_layout(barmode="group", height=380)
    fig.update_yaxes(title="milestones in the dataset", rangemode="tozero", dtick=1)
    fig.update_xaxes(title=None, dtick=1 if len(yearly) <= 12 else 5)
    busiest = yearly["leader_meetings"].idxmax() if yearly["leader_meetings"].any() else None
    alt = (
        f"Bar chart of leader-level meetings and escalations per year, {yearly.index.min()} to {yearly.index.max()}: "
        f"in all, leader-level meetings: {int(yearly['leader_meetings'].sum())}, escalations: {int(yearly['escalations'].sum())}"
        + (f"; most meetings in {busiest} ({int(yearly.loc[busiest, 'leader_meetings'])})." if busiest else ".")
    )
    return finish(
        fig,
        title="Leader-level meetings and escalations per year",
        alt=alt,
        source=source_line(frame),
        note="Counts of milestones recorded in this dataset, not of all events; periods count in the year they began.",
    )
