"""Tables for the displacement report (frames for ``style.table``): every figure, the ranges, the shares."""

from __future__ import annotations

import pandas as pd

from . import displacement as dp
from .displacement import EPISODE_LABELS, GROUP_LABELS, figure_text
from .style import when


def figures_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Every figure with its source, for style.table."""
    rows = frame.assign(order=frame["episode"].map({e: i for i, e in enumerate(EPISODE_LABELS)}))
    rows = rows.sort_values(["order", "group", "measure", "moment", "id"], na_position="last")
    return pd.DataFrame(
        {
            "episode": rows["episode"].map(EPISODE_LABELS),
            "who moved": rows["group"].map(GROUP_LABELS),
            "measure": rows["measure"].str.replace("_", " "),
            "figure": rows.apply(figure_text, axis=1),
            "as of": [when(m, p) for m, p in zip(rows["moment"], rows["as_of_precision"], strict=False)],
            "reported by": rows["reported_by"],
            "party to the conflict": rows["party_to_conflict"].map({True: "yes", False: "no"}),
            "source": rows["source_name"],
            "source_url": rows["source_url"],
            "note": rows["note"],
            "id": rows["id"],
        }
    )


def ranges_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The range per episode, group and measure, with the extremes' reporters and party marks, for style.table."""
    r = dp.ranges(frame)
    mark = {True: " (party to the conflict)", False: ""}
    return pd.DataFrame(
        {
            "episode": r["episode"].map(EPISODE_LABELS),
            "who moved": r["group"].map(GROUP_LABELS),
            "measure": r["measure"].str.replace("_", " "),
            "figures": r["figures"],
            "lowest": [
                f"{v:,.0f}: {b}{mark[p]}" for v, b, p in zip(r["low"], r["low_by"], r["low_party"], strict=False)
            ],
            "highest": [
                f"{v:,.0f}: {b}{mark[p]}" for v, b, p in zip(r["high"], r["high_by"], r["high_party"], strict=False)
            ],
            "from parties": r["party_figures"],
            "range without party figures": [
                f"{lo:,.0f}–{hi:,.0f}" if pd.notna(lo) else "none"
                for lo, hi in zip(r["neutral_low"], r["neutral_high"], strict=False)
            ],
        }
    )


def shares_table(shares: pd.DataFrame) -> pd.DataFrame:
    """Shares of each population estimate, one row per estimate and count, for style.table."""
    return pd.DataFrame(
        {
            "population estimate": [f"{v:,.0f}" for v in shares["estimate"]],
            "estimated by": shares["estimate_by"],
            "party to the conflict": shares["estimate_party"].map({True: "yes", False: "no"}),
            "estimate as of": [
                when(m, p) for m, p in zip(shares["estimate_moment"], shares["estimate_precision"], strict=False)
            ],
            "count of arrivals": [
                f"{c:,.0f} ({b}, {when(m)})"
                for c, b, m in zip(shares["count"], shares["count_by"], shares["count_moment"], strict=False)
            ],
            "share": [f"{s:.0%}" for s in shares["share"]],
            "estimate id": shares["estimate_id"],
        }
    )
