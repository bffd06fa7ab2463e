"""The Sources report's chart: each dataset's rows by the kind of source they rest on."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n.language import Language
from analysis.present.style import PALETTE, finish, plain
from analysis.sources.tables import kind_name

# Strong kinds in blues and greens, party kinds in orange, weak kinds in greys: weak is never colour alone (the
# legend and the hover say "weak").
KIND_COLOURS = {
    "official_other": PALETTE["blue"],
    "dataset": PALETTE["sky"],
    "wire": PALETTE["green"],
    "outlet": "#7fc9a9",
    "official_party": PALETTE["orange"],
    "party_aligned_media": "#f3cf80",
    "mirror": "#666666",
    "encyclopedia": "#999999",
    "partisan_or_blog": "#cccccc",
}


def kinds_chart(counts: pd.DataFrame, kinds: pd.DataFrame, *, lang: Language) -> go.Figure:
    """Stacked bars: the share of each dataset's rows per kind of source, weak kinds last."""
    fig = go.Figure()
    hover = lang._("%{y}: %{customdata} rows, %{x:.1%}")
    for kind in kinds.index:
        if not counts[kind].any():
            continue
        name = kind_name(kind, lang)
        label = lang._("{kind} (weak)").format(kind=name) if kinds.loc[kind, "weak"] else name
        share = counts[kind] / counts["rows"]
        fig.add_bar(
            y=list(counts.index),
            x=share,
            name=plain(label),
            orientation="h",
            marker_color=KIND_COLOURS.get(kind, "#888"),
            customdata=counts[kind],
            hovertemplate=hover + "<extra>" + plain(label) + "</extra>",
        )
    fig.update_layout(
        barmode="stack",
        height=180 + 60 * len(counts),
        xaxis=dict(tickformat=".0%", range=[0, 1]),
        margin=dict(t=130),
        legend=dict(y=1.04),
    )
    parts = [
        lang.n_(
            "{dataset}: {rows} row, {weak} on weak sources ({share})",
            "{dataset}: {rows} rows, {weak} on weak sources ({share})",
            int(row["rows"]),
        ).format(
            dataset=name,
            rows=lang.number(row["rows"]),
            weak=lang.number(row["weak"]),
            share=lang.percent(row["weak_share"], 1),
        )
        for name, row in counts.iterrows()
    ]
    alt = lang._(
        "Stacked bar chart of the share of each dataset's rows by the kind of source they cite. {parts}."
    ).format(parts="; ".join(parts))
    return finish(
        fig,
        title=lang._("What kind of source each row rests on"),
        alt=alt,
        source=lang._(
            "Source: the source_kind column of each seeds dataset (karabakh-notebooks); kinds and their rules in "
            "seeds/notes/sources.md."
        ),
        lang=lang,
    )
