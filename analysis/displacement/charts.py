"""Figures for the displacement report: the 2023 exodus hour by hour, and the spread of published figures.

Every figure goes through ``style.finish`` with alt text written from the data it shows (the sentences are templates
in analysis/displacement/templates/, filled by ``displacement_text``) and a source line naming the publishers of the rows it
draws. Party figures always carry their own symbol and legend entry. Every word a reader sees is in the report's
language (``lang``); the data's names (reporters, sources) stay as published.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date
from plotly.subplots import make_subplots

from analysis.displacement import text
from analysis.displacement import transforms as dp
from analysis.displacement.text import EPISODE_LABELS, GROUP_LABELS, figure_text, label
from analysis.displacement.transforms import side
from analysis.i18n.language import N_, Language
from analysis.present import style
from analysis.present.style import PALETTE, plain, source_line, wrap

# Who a figure comes from: legend name, colour, marker symbol. Party figures get the diamond.
SIDES = {
    "armenian": (
        N_("Armenian side: government, Karabakh authorities, their media (party to the conflict)"),
        PALETTE["blue"],
        "diamond",
    ),
    "azerbaijani": (
        N_("Azerbaijani side: government, its media, advocacy groups (party to the conflict)"),
        PALETTE["vermillion"],
        "diamond",
    ),
    "neutral": (N_("not a party: UN, other governments, NGOs, media, researchers"), "#444444", "circle"),
}
REPORTER_COLOURS = {"Armenian government": PALETTE["blue"], "UN agencies": PALETTE["green"]}
OTHER_REPORTER = PALETTE["orange"]  # any other reporter of a running count
# Milestones marked on the 2023 chart, by id in seeds/milestones.csv; their dates come from that file.
EXODUS_EVENTS = {
    "2023-09-19-azerbaijan-offensive": N_("offensive"),
    "2023-09-20-karabakh-ceasefire": N_("ceasefire"),
    "2023-09-25-fuel-depot-explosion": N_("fuel-depot explosion"),
    "2023-09-28-nkr-dissolution-decree": N_("dissolution decree"),
}
LAST_COUNT = N_("last count")
YEREVAN = N_("Yerevan time (UTC+4)")
# A shaded day on the exodus chart, without its year: a CLDR date pattern ('19 Sep'; Russian 'd MMM' gives '19 сент.').
SHADED_DAY = N_("d MMM")


def _hover(frame: pd.DataFrame, lang: Language) -> list[list[str]]:
    return [
        [
            plain(r["reported_by"]),
            figure_text(r, lang=lang),
            lang.date(r["moment"], r["as_of_precision"]),
            plain(r["source_name"]),
            lang._("party to the conflict") if r["party_to_conflict"] else lang._("not a party"),
        ]
        for _, r in frame.iterrows()
    ]


def _hover_template(lang: Language) -> str:
    """The hover text of one figure: the figure, its date, who reported it, whether a party, the source."""
    return (
        "<b>%{customdata[1]}</b> (%{customdata[2]})<br>%{customdata[0]}, %{customdata[4]}<br>"
        + lang._("Source: %{customdata[3]}")
        + "<extra></extra>"
    )


def static_stem(episode: str, include_party_figures: bool) -> str:
    """The file name stem of the report's print exports: the episode, and whether party figures were left out."""
    party = "" if include_party_figures else "-without-party-figures"
    return f"displacement-{episode.replace('_', '-')}{party}"


# --- figure 1: the 2023 exodus ------------------------------------------------------------------------------


def _people(value, lang: Language) -> str:
    """'<b>1,400</b> people': a count in bold, the noun in the form the number takes."""
    return lang.n_("{n} person", "{n} people", round(float(value))).format(n=f"<b>{lang.number(value)}</b>")


def _reported_in(sources, lang: Language) -> str:
    return lang._("Reported in: {sources}").format(sources=plain(sources))


def _day_segments(points: pd.DataFrame, lang: Language) -> tuple[list, list, list]:
    """A figure dated only to a day, drawn as a level line across that day."""
    xs, ys, data = [], [], []
    for _, r in points.iterrows():
        xs += [r["moment"], r["moment"] + pd.Timedelta(days=1), None]
        ys += [r["value"], r["value"], None]
        hover = [
            _people(r["value"], lang),
            lang._("{date}, time of day not given").format(date=lang.date(r["moment"], "day")),
            _reported_in(r["sources"], lang),
        ]
        data += [hover, hover, [None] * 3]
    return xs, ys, data


COUNT_HOVER = "%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"


def exodus_chart(frame: pd.DataFrame, milestones: pd.DataFrame, *, lang: Language) -> go.Figure:
    """Running counts of arrivals in Armenia, September–October 2023 (upper panel), arrivals per hour between two
    timed counts (lower panel, the same time axis), events shaded across both."""
    rows, counts, flows = dp.exodus_counts(frame)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.06)
    for name, series in counts.groupby("reporter", sort=False):
        colour = REPORTER_COLOURS.get(name, OTHER_REPORTER)
        timed = series[series["as_of_precision"] == "hour"]
        if len(timed):
            fig.add_scatter(
                x=timed["moment"],
                y=timed["value"],
                mode="lines+markers",
                name=lang._("{reporter}: count with a time").format(reporter=lang._(name)),
                line=dict(color=colour, width=2),
                marker=dict(size=7, color=colour),
                customdata=[
                    [
                        _people(v, lang),
                        lang._("{time} {zone}").format(time=lang.date(m, "hour"), zone=lang._(YEREVAN)),
                        _reported_in(s, lang),
                    ]
                    for v, m, s in zip(timed["value"], timed["moment"], timed["sources"], strict=False)
                ],
                hovertemplate=COUNT_HOVER,
                row=1,
                col=1,
            )
        daily = series[series["as_of_precision"] == "day"]
        if len(daily):
            xs, ys, data = _day_segments(daily, lang)
            fig.add_scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=lang._("{reporter}: count dated to a day (drawn across it)").format(reporter=lang._(name)),
                line=dict(color=colour, width=5),
                opacity=0.45,
                customdata=data,
                hovertemplate=COUNT_HOVER,
                row=1,
                col=1,
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
            name=lang._("figures set aside (another outlet's hour or figure; see the table of inconsistencies)"),
            marker=dict(symbol="x", size=8, color="#777"),
            customdata=_hover(aside, lang),
            hovertemplate=_hover_template(lang),
            row=1,
            col=1,
        )
    if len(flows):
        fig.add_bar(
            x=flows["start"] + (flows["end"] - flows["start"]) / 2,
            y=flows["per_hour"],
            width=(flows["end"] - flows["start"]).dt.total_seconds() * 1000,
            name=lang._("arrivals per hour between two timed counts"),
            marker=dict(color=PALETTE["sky"], line=dict(width=0)),
            customdata=[
                [
                    lang._("{n} an hour").format(n=lang.number(h)),
                    lang.n_(
                        "{n} person between {start} and {end}",
                        "{n} people between {start} and {end}",
                        round(float(a)),
                    ).format(n=lang.number(a), start=lang.date(s, "hour"), end=lang.date(e, "hour")),
                ]
                for a, s, e, h in zip(flows["arrivals"], flows["start"], flows["end"], flows["per_hour"], strict=False)
            ],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
            row=2,
            col=1,
        )
    marked = _shade_events(fig, milestones, counts, lang)
    days = [e["date"] for e in marked] + [e["end"] for e in marked] + list(counts["moment"])
    fig.update_layout(
        height=720,
        barmode="overlay",
        margin=dict(t=150, b=170),
        hovermode="closest",
        legend=dict(x=0, y=1.04, xanchor="left", yanchor="bottom", orientation="h", font=dict(size=11)),
        yaxis=dict(
            title=wrap(lang._("people arrived in Armenia (running count)"), 24), rangemode="tozero", tickformat=","
        ),
        yaxis2=dict(title=wrap(lang._("arrivals per hour"), 14), rangemode="tozero", tickformat=",.0f"),
    )
    fig.update_xaxes(
        type="date", range=[min(days) - pd.Timedelta(hours=12), max(days) + pd.Timedelta(hours=12)] if days else None
    )
    # On a phone: taller, the events named without their dates (the shading marks the day), in four rows.
    narrow = {"layout.height": 760}
    for number, event in enumerate(marked):
        narrow[f"layout.annotations[{number}].text"] = wrap(plain(lang._(event["label"])), 12)
        narrow[f"layout.annotations[{number}].y"] = 1 - 0.13 * (number % 4)
    return style.finish(
        fig,
        title=lang._("The 2023 exodus: arrivals in Armenia, hour by hour"),
        alt=text.exodus_alt(counts, flows, marked, lang=lang),
        source=source_line(rows, lang=lang),
        lang=lang,
        note=lang._(
            "Times are {zone}. A figure dated only to a day is drawn across that day. A bar is the rise "
            "between two timed counts divided by the hours between them. Shaded: events dated to the day "
            "(seeds/milestones.csv)."
        ).format(zone=lang._(YEREVAN)),
        narrow=narrow,
    )


def _set_aside_ids(counts: pd.DataFrame) -> list[str]:
    return [i for text in counts["set_aside"] if text for i in text.split("; ")]


def _shade_events(fig: go.Figure, milestones: pd.DataFrame, counts: pd.DataFrame, lang: Language) -> list[dict]:
    """Shade each exodus milestone's day(s) and the day of the last count; return what was marked."""

    def day_text(day: pd.Timestamp) -> str:
        return format_date(day.date(), lang._(SHADED_DAY), locale=lang.locale)

    marked = []
    for mid, event in EXODUS_EVENTS.items():
        row = milestones[milestones["id"] == mid]
        if not len(row):
            continue
        row = row.iloc[0]
        last = row["end_date"] if pd.notna(row["end_date"]) else row["date"]
        marked.append(
            {
                "date": row["date"],
                "end": last + pd.Timedelta(days=1),
                "label": event,
                "text": lang._("{date}: {event}").format(date=day_text(row["date"]), event=lang._(event)),
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
                "label": LAST_COUNT,
                "text": lang._("{date}: last count, {figure}").format(
                    date=day_text(day), figure=lang.number(final["value"])
                ),
                "align": "right",
            }
        )
    for number, event in enumerate(marked):
        right = event.get("align") == "right"
        fig.add_vrect(
            x0=event["date"],
            x1=event["end"],
            fillcolor="#999",
            opacity=0.15,
            line_width=0,
            layer="below",
            row="all",
            col=1,
        )
        fig.add_annotation(
            x=event["end"] if right else event["date"],
            y=1 - 0.07 * (number % 3),
            xref="x",
            yref="y domain",
            text=plain(event["text"]),
            showarrow=False,
            xanchor="right" if right else "left",
            yanchor="top",
            font=dict(size=11, color="#333"),
            bgcolor="rgba(255,255,255,0.8)",
        )
    return marked


# --- figures 2 and 3: ranges across sources -----------------------------------------------------------------


def _dots(fig: go.Figure, rows: pd.DataFrame, y: pd.Series, shown_sides: set[str], lang: Language) -> None:
    """One dot per figure, coloured and shaped by side, with error bars for published ranges."""
    figure = dp.central(rows).astype(float)
    high = rows["value_high"].astype("Float64").astype(float)
    low = rows["value_low"].astype("Float64").astype(float)
    for key, (name, colour, symbol) in SIDES.items():
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
            name=lang._(name),
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
            customdata=_hover(part, lang),
            hovertemplate=_hover_template(lang),
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


def sources_dot_plot(frame: pd.DataFrame, *, lang: Language) -> go.Figure:
    """1988–94: each group's figures of people displaced, one dot per source, ranges as error bars."""
    rows = frame[(frame["episode"] == "1988_1994") & (frame["measure"] == "total_displaced")]
    groups = [g for g in GROUP_LABELS if g in set(rows["group"])]
    lanes = {(g,): i for i, g in enumerate(reversed(groups))}
    fig = go.Figure()
    _dots(fig, rows, _jitter(rows, ["group"], lanes), set(), lang)
    fig.update_yaxes(
        tickvals=list(lanes.values()),
        ticktext=[label(GROUP_LABELS, k[0], lang) for k in lanes],
        showgrid=False,
        range=[-0.6, len(lanes) - 0.4],
    )
    fig.update_xaxes(title=lang._("people displaced, as published"), rangemode="tozero", tickformat=",")
    fig.update_layout(height=330 + 60 * len(groups), margin=dict(l=260, t=130, b=190))
    summary = dp.ranges(rows, ("total_displaced",))
    return style.finish(
        fig,
        title=lang._("1988–94: how many were displaced, source by source"),
        alt=text.sources_alt(rows, summary, lang=lang),
        source=source_line(rows, lang=lang),
        lang=lang,
        note=lang._(
            "Diamonds: a party to the conflict (a government, the de facto Karabakh authorities, their "
            "media or an advocacy group of one side). "
            "'More than X' is drawn at X. Figures of people still displaced years later are in the table."
        ),
    )


LANE_NAME = 38  # letters a line of a lane's name holds on a phone, where it runs across the plot


def episodes_chart(frame: pd.DataFrame, *, lang: Language) -> go.Figure:
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
    _dots(fig, rows, _jitter(rows, ["episode", "group"], lanes), set(), lang)
    fig.update_yaxes(
        tickvals=list(lanes.values()),
        showgrid=False,
        range=[-0.6, len(lanes) - 0.4],
        # one episode: the lanes are its groups (the title and the report name the episode)
        ticktext=[
            label(GROUP_LABELS, g, lang)
            if summary["episode"].nunique() == 1
            else f"{label(EPISODE_LABELS, e, lang)} · {label(GROUP_LABELS, g, lang)}"
            for e, g in lanes
        ],
    )
    fig.update_xaxes(type="log", title=lang._("people displaced, as published (log scale)"), tickformat=",")
    fig.update_layout(height=320 + 50 * len(lanes), margin=dict(l=330, t=130, b=190))
    # Ticks that keep apart, on a tablet's drawing and on a phone's; on a phone each lane as tall as its wrapped label.
    values = pd.concat([dp.central(rows), rows["value_low"], rows["value_high"]]).dropna().astype(float)
    wide, narrow = (
        style.log_ticks(values.min(), values.max(), room)
        for room in (style.WIDE_ROOM - sum(style.side_margins(fig)), style.NARROW_PLOT)
    )
    if wide:
        fig.update_xaxes(tickvals=wide)
    # On a phone the lane names sit inside the plot, above their lane (as on the negotiations timeline), so that
    # the dots keep the width: each lane as tall as its name's lines and its dots.
    names = [wrap(t, LANE_NAME) for t in fig.layout.yaxis.ticktext]
    lines = max(t.count("<br>") + 1 for t in names)
    phone = {
        "layout.height": 420 + len(lanes) * (14 * lines + 40),  # title, axis and legend: 420 px
        "layout.yaxis.ticklabelposition": "inside top",
        "layout.yaxis.ticktext": names,
        "layout.yaxis.ticks": "",
    }
    if narrow:
        phone["layout.xaxis.tickvals"] = narrow
    if summary["episode"].nunique() > 1:
        title = lang._("The episodes compared: the spread of published figures")
    else:
        title = lang._("Each group: the spread of published figures")
    return style.finish(
        fig,
        title=title,
        alt=text.episodes_alt(rows, summary, lang=lang),
        source=source_line(rows, lang=lang),
        lang=lang,
        note=lang._(
            "Grey bars span the lowest and highest figure; diamonds come from a party to the conflict. "
            "Only figures of how many fled; running counts, registers and later stocks are in the table."
        ),
        narrow=phone,
    )
