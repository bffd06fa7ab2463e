"""Figures for the displacement report: the 2023 exodus hour by hour, and the spread of published figures.

Every figure goes through ``style.finish`` with alt text written from the data it shows (the sentences are templates
in templates/displacement/, filled by ``displacement_text``) and a source line naming the publishers of the rows it
draws. Party figures always carry their own symbol and legend entry.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import displacement as dp
from . import displacement_text as text
from . import static_export, style
from .context import ReportContext
from .displacement import EPISODE_LABELS, GROUP_LABELS, figure_text, side
from .style import PALETTE, plain, source_line, when

# Who a figure comes from: legend name, colour, marker symbol. Party figures get the diamond.
SIDES = {
    "armenian": (
        "Armenian side: government, Karabakh authorities, their media (party to the conflict)",
        PALETTE["blue"],
        "diamond",
    ),
    "azerbaijani": (
        "Azerbaijani side: government, its media, advocacy groups (party to the conflict)",
        PALETTE["vermillion"],
        "diamond",
    ),
    "neutral": ("not a party: UN, other governments, NGOs, media, researchers", "#444444", "circle"),
}
REPORTER_COLOURS = {"Armenian government": PALETTE["blue"], "UN agencies": PALETTE["green"]}
# Milestones marked on the 2023 chart, by id in seeds/milestones.csv; their dates come from that file.
EXODUS_EVENTS = {
    "2023-09-19-azerbaijan-offensive": "offensive",
    "2023-09-20-karabakh-ceasefire": "ceasefire",
    "2023-09-25-fuel-depot-explosion": "fuel-depot explosion",
    "2023-09-28-nkr-dissolution-decree": "dissolution decree",
}
YEREVAN = "Yerevan time (UTC+4)"


def _hover(frame: pd.DataFrame) -> list[list[str]]:
    return [
        [
            plain(r["reported_by"]),
            figure_text(r),
            when(r["moment"], r["as_of_precision"]),
            plain(r["source_name"]),
            "party to the conflict" if r["party_to_conflict"] else "not a party",
        ]
        for _, r in frame.iterrows()
    ]


HOVER = (
    "<b>%{customdata[1]}</b> (%{customdata[2]})<br>%{customdata[0]}, %{customdata[4]}"
    "<br>Source: %{customdata[3]}<extra></extra>"
)


def publish(fig: go.Figure, ctx: ReportContext, name: str) -> None:
    """Show a finished figure; with the report's export_static, also write it as PNG and SVG for print (into the
    context's static folder)."""
    style.show(fig)
    params = ctx.params
    if params["export_static"]:
        party = "" if params["include_party_figures"] else "-without-party-figures"
        static_export.export_static(fig, f"displacement-{params['episode'].replace('_', '-')}{party}-{name}", ctx)


def finish(fig: go.Figure, **kwargs) -> go.Figure:
    """style.finish, with the title pinned to the top so it clears a legend above the plot."""
    return style.finish(fig, **kwargs).update_layout(title=dict(yref="container", y=0.98, yanchor="top"))


# --- figure 1: the 2023 exodus ------------------------------------------------------------------------------


def _day_segments(points: pd.DataFrame) -> tuple[list, list, list]:
    """A figure dated only to a day, drawn as a level line across that day."""
    xs, ys, data = [], [], []
    for _, r in points.iterrows():
        xs += [r["moment"], r["moment"] + pd.Timedelta(days=1), None]
        ys += [r["value"], r["value"], None]
        hover = [f"{r['value']:,.0f}", when(r["moment"], "day") + ", time of day not given", plain(r["sources"])]
        data += [hover, hover, [None] * 3]
    return xs, ys, data


COUNT_HOVER = "<b>%{customdata[0]}</b> people<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"


def exodus_chart(frame: pd.DataFrame, milestones: pd.DataFrame) -> go.Figure:
    """Running counts of arrivals in Armenia, September–October 2023, hourly inflow on a second axis, events shaded."""
    rows, counts, flows = dp.exodus_counts(frame)
    fig = go.Figure()
    for name, series in counts.groupby("reporter", sort=False):
        colour = REPORTER_COLOURS.get(name, PALETTE["orange"])
        timed = series[series["as_of_precision"] == "hour"]
        if len(timed):
            fig.add_scatter(
                x=timed["moment"],
                y=timed["value"],
                mode="lines+markers",
                name=f"{name}: count with a time",
                line=dict(color=colour, width=2),
                marker=dict(size=7, color=colour),
                customdata=[
                    [f"{v:,.0f}", when(m, "hour") + " " + YEREVAN, "Reported in: " + plain(s)]
                    for v, m, s in zip(timed["value"], timed["moment"], timed["sources"], strict=False)
                ],
                hovertemplate=COUNT_HOVER,
            )
        daily = series[series["as_of_precision"] == "day"]
        if len(daily):
            xs, ys, data = _day_segments(daily)
            fig.add_scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=f"{name}: count dated to a day (drawn across it)",
                line=dict(color=colour, width=5),
                opacity=0.45,
                customdata=data,
                hovertemplate="<b>%{customdata[0]}</b> people<br>%{customdata[1]}<br>"
                "Reported in: %{customdata[2]}<extra></extra>",
            )
    aside = rows[rows["id"].isin(_set_aside_ids(counts))]
    if len(aside):
        middle = aside["moment"] + aside["as_of_precision"].map({"hour": pd.Timedelta(0)}).fillna(
            pd.Timedelta(hours=12)
        )
        fig.add_scatter(
            x=middle,
            y=dp.central(aside),
            mode="markers",
            name="figures set aside (another outlet's hour or figure; see the table of inconsistencies)",
            marker=dict(symbol="x", size=8, color="#777"),
            customdata=_hover(aside),
            hovertemplate=HOVER,
        )
    if len(flows):
        fig.add_bar(
            x=flows["start"] + (flows["end"] - flows["start"]) / 2,
            y=flows["per_hour"],
            width=(flows["end"] - flows["start"]).dt.total_seconds() * 1000,
            yaxis="y2",
            name="arrivals per hour between two timed counts (right axis)",
            marker=dict(color=PALETTE["sky"], opacity=0.35, line=dict(width=0)),
            customdata=[
                [f"{a:,.0f}", when(s, "hour"), when(e, "hour"), f"{h:,.0f}"]
                for a, s, e, h in zip(flows["arrivals"], flows["start"], flows["end"], flows["per_hour"], strict=False)
            ],
            hovertemplate="<b>%{customdata[3]} an hour</b><br>%{customdata[0]} people between "
            "%{customdata[1]} and %{customdata[2]}<extra></extra>",
        )
    marked = _shade_events(fig, milestones, counts)
    days = [e["date"] for e in marked] + [e["end"] for e in marked] + list(counts["moment"])
    fig.update_layout(
        height=620,
        barmode="overlay",
        margin=dict(t=60, b=170),
        hovermode="closest",
        legend=dict(
            x=0.02,
            y=0.86,
            xanchor="left",
            yanchor="top",
            orientation="v",
            bgcolor="rgba(255,255,255,0.9)",
            font=dict(size=11),
        ),
        yaxis=dict(title="people arrived in Armenia (running count)", rangemode="tozero", tickformat=","),
        yaxis2=dict(
            overlaying="y",
            side="right",
            title="arrivals per hour",
            rangemode="tozero",
            showgrid=False,
            tickmode="auto",
            tickformat=",.0f",
        ),
    )
    fig.update_xaxes(
        type="date", range=[min(days) - pd.Timedelta(hours=12), max(days) + pd.Timedelta(hours=12)] if days else None
    )
    return finish(
        fig,
        title="The 2023 exodus: arrivals in Armenia, hour by hour",
        alt=text.exodus_alt(counts, flows, marked),
        source=source_line(rows),
        note=(
            f"Times are {YEREVAN}. A figure dated only to a day is drawn across that day. A bar is the rise "
            "between two timed counts divided by the hours between them. Shaded: events dated to the day "
            "(seeds/milestones.csv)."
        ),
    )


def _set_aside_ids(counts: pd.DataFrame) -> list[str]:
    return [i for text in counts["set_aside"] if text for i in text.split("; ")]


def _shade_events(fig: go.Figure, milestones: pd.DataFrame, counts: pd.DataFrame) -> list[dict]:
    """Shade each exodus milestone's day(s) and the day of the last count; return what was marked."""
    marked = []
    for mid, label in EXODUS_EVENTS.items():
        row = milestones[milestones["id"] == mid]
        if not len(row):
            continue
        row = row.iloc[0]
        last = row["end_date"] if pd.notna(row["end_date"]) else row["date"]
        marked.append(
            {
                "date": row["date"],
                "end": last + pd.Timedelta(days=1),
                "label": label,
                "text": f"{row['date'].day} {row['date']:%b}: {label}",
            }
        )
    government = counts[counts["reporter"] == "Armenian government"]
    if len(government):
        final = government.sort_values("moment").iloc[-1]
        day = final["moment"].normalize()
        marked.append(
            {
                "date": day,
                "end": day + pd.Timedelta(days=1),
                "label": "last count in the data",
                "text": f"{day.day} {day:%b}: last count, {final['value']:,.0f}",
                "align": "right",
            }
        )
    for number, event in enumerate(marked):
        right = event.get("align") == "right"
        fig.add_vrect(x0=event["date"], x1=event["end"], fillcolor="#999", opacity=0.15, line_width=0, layer="below")
        fig.add_annotation(
            x=event["end"] if right else event["date"],
            y=1 - 0.07 * (number % 3),
            xref="x",
            yref="paper",
            text=plain(event["text"]),
            showarrow=False,
            xanchor="right" if right else "left",
            yanchor="top",
            font=dict(size=11, color="#333"),
            bgcolor="rgba(255,255,255,0.8)",
        )
    return marked


# --- figures 2 and 3: ranges across sources -----------------------------------------------------------------


def _dots(fig: go.Figure, rows: pd.DataFrame, y: pd.Series, shown_sides: set[str]) -> None:
    """One dot per figure, coloured and shaped by side, with error bars for published ranges."""
    figure = dp.central(rows).astype(float)
    high = rows["value_high"].astype("Float64").astype(float)
    low = rows["value_low"].astype("Float64").astype(float)
    for key, (label, colour, symbol) in SIDES.items():
        mask = rows.apply(side, axis=1) == key
        if not mask.any():
            continue
        part = rows[mask]
        plus = (high[mask] - figure[mask]).fillna(0)
        minus = (figure[mask] - low[mask]).fillna(0)
        fig.add_scatter(
            x=figure[mask],
            y=y[mask],
            mode="markers",
            name=label,
            legendgroup=key,
            showlegend=key not in shown_sides,
            marker=dict(
                symbol=symbol, size=11 if symbol == "diamond" else 9, color=colour, line=dict(color="white", width=1)
            ),
            error_x=dict(
                type="data",
                symmetric=False,
                array=plus,
                arrayminus=minus,
                color=colour,
                thickness=1.5,
                width=4,
                visible=bool((plus + minus).any()),
            ),
            customdata=_hover(part),
            hovertemplate=HOVER,
        )
        shown_sides.add(key)


def _jitter(rows: pd.DataFrame, keys: list[str], base: dict) -> pd.Series:
    """Row position of each figure: its lane, spread a little so equal figures do not hide each other."""
    order = rows.assign(figure=dp.central(rows)).sort_values([*keys, "figure", "id"])
    rank = order.groupby(keys).cumcount()
    size = order.groupby(keys)["id"].transform("size")
    step = (0.6 / size).clip(upper=0.12)
    lane = order[keys].apply(tuple, axis=1).map(base)
    return (lane + (rank - (size - 1) / 2) * step).reindex(rows.index)


def sources_dot_plot(frame: pd.DataFrame) -> go.Figure:
    """1988–94: each group's figures of people displaced, one dot per source, ranges as error bars."""
    rows = frame[(frame["episode"] == "1988_1994") & (frame["measure"] == "total_displaced")]
    groups = [g for g in GROUP_LABELS if g in set(rows["group"])]
    lanes = {(g,): i for i, g in enumerate(reversed(groups))}
    fig = go.Figure()
    _dots(fig, rows, _jitter(rows, ["group"], lanes), set())
    fig.update_yaxes(
        tickvals=list(lanes.values()),
        ticktext=[GROUP_LABELS[k[0]] for k in lanes],
        showgrid=False,
        range=[-0.6, len(lanes) - 0.4],
    )
    fig.update_xaxes(title="people displaced, as published", rangemode="tozero", tickformat=",")
    fig.update_layout(height=330 + 60 * len(groups), margin=dict(l=260, t=130, b=190))
    summary = dp.ranges(rows, ("total_displaced",))
    return finish(
        fig,
        title="1988–94: how many were displaced, source by source",
        alt=text.sources_alt(rows, summary),
        source=source_line(rows),
        note="Diamonds: a party to the conflict (a government, the de facto Karabakh authorities, their "
        "media or an advocacy group of one side). "
        "'More than X' is drawn at X. Figures of people still displaced years later are in the table.",
    )


def episodes_chart(frame: pd.DataFrame) -> go.Figure:
    """Each episode and group: the range of published figures of people displaced, with every figure as a dot."""
    rows = frame[frame["measure"] == "total_displaced"]
    summary = dp.ranges(rows, ("total_displaced",))
    order = [
        (e, g)
        for e in EPISODE_LABELS
        for g in GROUP_LABELS
        if ((summary["episode"] == e) & (summary["group"] == g)).any()
    ]
    lanes = {key: i for i, key in enumerate(reversed(order))}
    fig = go.Figure()
    for r in summary.itertuples():
        fig.add_scatter(
            x=[r.low, r.high],
            y=[lanes[(r.episode, r.group)]] * 2,
            mode="lines",
            showlegend=False,
            line=dict(color="#bbb", width=10),
            hoverinfo="skip",
        )
    _dots(fig, rows, _jitter(rows, ["episode", "group"], lanes), set())
    fig.update_yaxes(
        tickvals=list(lanes.values()),
        showgrid=False,
        range=[-0.6, len(lanes) - 0.4],
        ticktext=[f"{EPISODE_LABELS[e]} · {GROUP_LABELS[g]}" for e, g in lanes],
    )
    fig.update_xaxes(type="log", title="people displaced, as published (log scale)", tickformat=",")
    fig.update_layout(height=320 + 50 * len(lanes), margin=dict(l=330, t=130, b=190))
    title = "The episodes compared" if summary["episode"].nunique() > 1 else "Each group"
    return finish(
        fig,
        title=f"{title}: the spread of published figures",
        alt=text.episodes_alt(rows, summary),
        source=source_line(rows),
        note="Grey bars span the lowest and highest figure; diamonds come from a party to the conflict. "
        "Only figures of how many fled; running counts, registers and later stocks are in the table.",
    )
