"""Displacement figures: running counts into flows, inconsistencies, shares of a population, ranges across sources.

Pure functions: a displacement DataFrame (from ``data.load_displacement``) in, a DataFrame out. Moments are
Yerevan local time (UTC+4), the only offset the data allows.

The labels a reader sees (episodes, groups, measures, reporters) are marked with ``N_`` and translated where they are
shown (``analysis.displacement.text`` labels them); the frames keep the English keys and names, which the code matches on.

A *series* is one reporter's count of one movement: the same episode, group, origin, destination and
measure, from the same kind of reporter (``publisher_type``: every outlet carrying the Armenian
government's count belongs to one series, UNHCR's figures to another).
"""

from __future__ import annotations

import pandas as pd

from analysis.i18n.language import N_

EPISODE_CHOICES = ("1988_1994", "2020", "2023", "all")
EXODUS = "2023"
EXODUS_GROUP = "karabakh_armenians"
CUMULATIVE = ("cumulative_arrivals", "registered", "returned")  # counts that can only rise
ESTIMATES = ("total_displaced", "stock")  # how many fled, or lived somewhere: figures to compare across sources
SERIES = ["episode", "group", "origin", "destination", "measure", "publisher_type"]
PRECISION_RANK = {"hour": 0, "day": 1, "month": 2, "year": 3}
SPAN = {
    "hour": pd.Timedelta(0),
    "day": pd.DateOffset(days=1),
    "month": pd.DateOffset(months=1),
    "year": pd.DateOffset(years=1),
}
# A series' reporter in words. The frames carry the English name (the code matches on it); a reader sees
# lang._(name).
REPORTERS = {
    "government_am": N_("Armenian government"),
    "government_az": N_("Azerbaijani government"),
    "un_agency": N_("UN agencies"),
    "intergovernmental": N_("intergovernmental bodies"),
    "government_other": N_("other governments"),
    "ngo": N_("NGOs"),
    "media": N_("media"),
    "academic": N_("researchers"),
}


def reporter(publisher_type: str) -> str:
    """A series' reporter, in words (English: the name the frames carry; translate it where it is shown)."""
    return REPORTERS.get(publisher_type, publisher_type)


def central(frame: pd.DataFrame) -> pd.Series:
    """The figure to plot and compare: the value, else the middle of the published range, else its one bound."""
    low, high = frame["value_low"].astype("Float64"), frame["value_high"].astype("Float64")
    middle = (low + high) / 2
    return frame["value"].astype("Float64").fillna(middle).fillna(low).fillna(high)


def side(row) -> str:
    """Whose figure a row is: 'neutral', or the side of a party to the conflict (the party_side column).

    A party's figure can come from its media or an advocacy group, not only its government, so the side is read
    from party_side; publisher_type is the fallback for frames without that column.
    """
    if not row["party_to_conflict"]:
        return "neutral"
    declared = row.get("party_side")
    if isinstance(declared, str) and declared in ("armenian", "azerbaijani"):
        return declared
    return "azerbaijani" if row["publisher_type"] == "government_az" else "armenian"


def select(frame: pd.DataFrame, episode: str, include_party: bool) -> pd.DataFrame:
    """The rows a report shows: one episode (or all) and, unless asked for, no figures from parties to the conflict."""
    keep = pd.Series(True, index=frame.index) if episode == "all" else frame["episode"] == episode
    if not include_party:
        keep &= ~frame["party_to_conflict"]
    return frame[keep]


def hidden_party_figures(frame: pd.DataFrame, episode: str, include_party: bool) -> int:
    """How many figures of the episode a version without party figures leaves out (0 when they are shown)."""
    return 0 if include_party else len(select(frame, episode, True)) - len(select(frame, episode, False))


def covers(episode: str, section: str) -> bool:
    """Whether a report for ``episode`` includes the section about ``section`` (an episode)."""
    return episode in (section, "all")


# --- running counts -----------------------------------------------------------------------------------------


def pick_per_moment(rows: pd.DataFrame) -> pd.DataFrame:
    """One figure per moment of one series, chosen by a fixed rule; the rows set aside are listed, not lost.

    1. A figure given for several moments (outlets disagree on the hour, or one gives only the day) is kept at
       its most precise moment, then the one most outlets give, then the earliest.
    2. Several figures for one moment: the one most outlets give is kept; then, for a timed moment, the lower
       (the conservative reading of a contradiction), for a day, month or year the higher (a running count
       only rises, so the higher figure is the later one in that period).
    The row kept is the first by id among those agreeing. ``outlets`` counts the rows giving that figure for
    that moment, ``agreeing`` lists the others' ids, and ``set_aside`` the ids of the rows merged into that
    moment (same figure, another moment) or competing at it (another figure).
    """
    rows = rows[rows["moment"].notna()].assign(figure=central(rows), rank=rows["as_of_precision"].map(PRECISION_RANK))
    keys = ["moment", "as_of_precision"]
    support = rows.groupby(["figure", *keys])["id"].transform("size")
    rows = rows.assign(support=support).sort_values(
        ["figure", "rank", "support", "moment", "id"], ascending=[True, True, False, True, True]
    )
    home = rows.groupby("figure")[keys].transform("first")
    moved = (rows[keys] != home).any(axis=1)
    stays = rows[~moved]
    tiebreak = stays["figure"].where(stays["as_of_precision"] == "hour", -stays["figure"])
    stays = stays.assign(tiebreak=tiebreak).sort_values(
        [*keys, "support", "tiebreak", "id"], ascending=[True, True, False, True, True]
    )
    winner = stays.groupby(keys)["figure"].transform("first")
    kept = stays[stays["figure"] == winner].groupby(keys, sort=False).head(1)
    set_aside = pd.concat(
        [rows[moved].assign(**{k: home.loc[moved, k] for k in keys}), stays[stays["figure"] != winner]]
    )
    others = set_aside.groupby(keys)["id"].agg(lambda ids: "; ".join(sorted(ids)))
    out = kept.set_index(keys).assign(set_aside=others).reset_index()
    out["set_aside"] = out["set_aside"].fillna("")
    out["outlets"] = out["support"].astype(int)
    agreeing = stays.groupby([*keys, "figure"])
    where = list(zip(out["moment"], out["as_of_precision"], out["figure"], strict=False))
    sources = agreeing["source_name"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    ids = agreeing["id"].agg(list)
    out["sources"] = [sources[w] for w in where]
    out["agreeing"] = [
        "; ".join(i for i in ids[w] if i != kept_id) for w, kept_id in zip(where, out["id"], strict=False)
    ]
    columns = [
        "moment",
        "as_of_precision",
        "figure",
        "id",
        "reported_by",
        "publisher_type",
        "source_name",
        "sources",
        "outlets",
        "agreeing",
        "set_aside",
    ]
    return out[columns].rename(columns={"figure": "value"}).sort_values("moment").reset_index(drop=True)


def running_counts(frame: pd.DataFrame, measure: str = "cumulative_arrivals") -> pd.DataFrame:
    """Every series of ``measure`` in the frame, one figure per moment (see :func:`pick_per_moment`)."""
    rows = frame[(frame["measure"] == measure) & frame["moment"].notna()]
    parts = [
        pick_per_moment(group).assign(**dict(zip(SERIES, key, strict=False)), reporter=reporter(key[-1]))
        for key, group in rows.groupby(SERIES, dropna=False)
    ]
    if not parts:
        return pd.DataFrame(
            columns=[
                *SERIES,
                "reporter",
                "moment",
                "as_of_precision",
                "value",
                "id",
                "reported_by",
                "source_name",
                "sources",
                "outlets",
                "agreeing",
                "set_aside",
            ]
        )
    return pd.concat(parts, ignore_index=True)


def flows(points: pd.DataFrame) -> pd.DataFrame:
    """Arrivals between consecutive timed counts of one series, and per hour, on uneven time steps.

    ``points`` needs ``moment`` and ``value`` (cumulative), one row per moment. A count lower than the one
    before it is a reporting inconsistency, not negative arrivals: ``falls`` is set and ``per_hour`` is empty.
    """
    ordered = points.sort_values("moment")
    moment, value = ordered["moment"].reset_index(drop=True), ordered["value"].astype("Float64").reset_index(drop=True)
    out = pd.DataFrame({"start": moment.shift(), "end": moment, "from_value": value.shift(), "to_value": value}).iloc[
        1:
    ]
    out["hours"] = (out["end"] - out["start"]).dt.total_seconds() / 3600
    out["arrivals"] = out["to_value"] - out["from_value"]
    out["falls"] = out["arrivals"] < 0
    out["per_hour"] = (out["arrivals"] / out["hours"]).mask(out["falls"])
    return out.reset_index(drop=True)


def exodus_flows(frame: pd.DataFrame) -> pd.DataFrame:
    """Hourly flows of every 2023 series of arrival counts that has at least two counts with a time."""
    counts = running_counts(frame[frame["episode"] == EXODUS])
    timed = counts[counts["as_of_precision"] == "hour"]
    parts = [flows(group).assign(reporter=name) for name, group in timed.groupby("reporter") if len(group) > 1]
    return (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(
            columns=["start", "end", "from_value", "to_value", "hours", "arrivals", "falls", "per_hour", "reporter"]
        )
    )


def exodus_counts(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The 2023 exodus: its rows, the running counts dated to the hour or the day, and the flows between timed counts."""
    rows = frame[(frame["episode"] == EXODUS) & (frame["group"] == EXODUS_GROUP)]
    counts = running_counts(rows)
    return rows, counts[counts["as_of_precision"].isin(["hour", "day"])], exodus_flows(rows)


# --- inconsistencies ----------------------------------------------------------------------------------------


def _who(rows: pd.DataFrame) -> str:
    return ", ".join(dict.fromkeys(rows["source_name"]))


def inconsistencies(frame: pd.DataFrame) -> pd.DataFrame:
    """Figures that cannot all be right: one row per finding, with the series (``SERIES``), the ids involved and
    what a sentence about it needs (``detail``); :func:`analysis.displacement.tables.inconsistencies_table` words it.

    - ``conflict``: one series gives different figures for the same moment (a timed moment, or any dated
      moment for a measure that is not a running count, such as a population estimate): ``detail`` holds the
      moment, its precision and each figure with who gave it;
    - ``hour``: one series gives the same running count for different hours (outlets disagree on the time):
      the figure, the day and each hour with who gave it;
    - ``falls``: a running count is lower than one the same series gave surely earlier (date ranges not
      overlapping): the higher and the lower row's figure, moment, precision and publisher.
    """
    rows = frame[frame["moment"].notna()].assign(figure=central(frame))
    rows = rows[rows["figure"].notna()]
    found = []
    for key, series in rows.groupby(SERIES, dropna=False):
        running = key[4] in CUMULATIVE
        for (moment, precision), same in series.groupby(["moment", "as_of_precision"]):
            if same["figure"].nunique() > 1 and (precision == "hour" or not running):
                given = [(v, _who(same[same["figure"] == v])) for v in sorted(same["figure"].unique())]
                found.append((key, "conflict", same["id"], {"moment": moment, "precision": precision, "given": given}))
        if not running:
            continue
        timed = series[series["as_of_precision"] == "hour"]
        for figure, same in timed.groupby("figure"):
            if same["moment"].nunique() > 1:
                given = [(m, _who(same[same["moment"] == m])) for m in sorted(same["moment"].unique())]
                found.append((key, "hour", same["id"], {"figure": figure, "day": same["moment"].min(), "given": given}))
        end = series.apply(lambda r: r["moment"] + SPAN[r["as_of_precision"]], axis=1)
        for _idx, row in series.iterrows():
            earlier = (end < row["moment"]) | ((end == row["moment"]) & (series["as_of_precision"] != "hour"))
            before = series[earlier & (series["figure"] > row["figure"])]
            if len(before):
                top = before.sort_values(["figure", "id"], ascending=[False, True]).iloc[0]
                detail = {"high": top, "low": row}
                found.append((key, "falls", pd.Series([top["id"], row["id"]]), detail))
    return pd.DataFrame(
        [
            {**dict(zip(SERIES, key, strict=True)), "kind": kind, "ids": "; ".join(sorted(ids)), "detail": detail}
            for key, kind, ids, detail in found
        ],
        columns=[*SERIES, "kind", "ids", "detail"],
    )


# --- populations and ranges ---------------------------------------------------------------------------------


def population_estimates(frame: pd.DataFrame) -> pd.DataFrame:
    """The estimates of Nagorno-Karabakh's Armenian population before the 2023 offensive (the 2023 ``stock`` rows)."""
    stock = frame[(frame["episode"] == EXODUS) & (frame["group"] == EXODUS_GROUP) & (frame["measure"] == "stock")]
    return stock.assign(estimate=central(stock)).sort_values(["estimate", "moment", "id"]).reset_index(drop=True)


def most_cited_estimate(frame: pd.DataFrame) -> str:
    """The id of the estimate cited most often (most rows with that figure); among those, the earliest, then by id."""
    estimates = population_estimates(frame)
    cited = estimates.groupby("estimate")["id"].transform("size")
    return (
        estimates.assign(cited=cited)
        .sort_values(["cited", "moment", "id"], ascending=[False, True, True])["id"]
        .iloc[0]
    )


def exodus_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """The highest figure of each reporter's 2023 count of arrivals: the numerators of the shares."""
    counts = running_counts(frame[(frame["episode"] == EXODUS) & (frame["group"] == EXODUS_GROUP)])
    top = counts.sort_values(["value", "moment"], ascending=[False, False]).groupby("reporter", sort=False).head(1)
    return top.reset_index(drop=True)


def population_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Share of each pre-offensive population estimate that each reporter's final count of arrivals represents.

    A share above 1 means more people arrived than the estimate says lived there.
    """
    estimates = population_estimates(frame)
    totals = exodus_totals(frame)
    rows = []
    for est in estimates.itertuples():
        for tot in totals.itertuples():
            rows.append(
                {
                    "estimate_id": est.id,
                    "estimate": est.estimate,
                    "estimate_by": est.reported_by,
                    "estimate_moment": est.moment,
                    "estimate_precision": est.as_of_precision,
                    "estimate_party": bool(est.party_to_conflict),
                    "count_by": tot.reporter,
                    "count": tot.value,
                    "count_id": tot.id,
                    "count_moment": tot.moment,
                    "share": tot.value / est.estimate,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "estimate_id",
            "estimate",
            "estimate_by",
            "estimate_moment",
            "estimate_precision",
            "estimate_party",
            "count_by",
            "count",
            "count_id",
            "count_moment",
            "share",
        ],
    )


def ranges(frame: pd.DataFrame, measures: tuple[str, ...] = ESTIMATES) -> pd.DataFrame:
    """For each episode, group and measure (estimates only, by default): the range of figures, party figures marked.

    ``low``/``high`` span every figure (and published ranges); ``low_party``/``high_party`` say whether the
    extreme comes from a party to the conflict; ``neutral_low``/``neutral_high`` span only the others.
    """
    rows = frame[frame["measure"].isin(measures)]
    rows = rows.assign(figure=central(rows))
    rows = rows[rows["figure"].notna()].assign(
        bottom=lambda f: f["value_low"].astype("Float64").fillna(f["figure"]),
        top=lambda f: f["value_high"].astype("Float64").fillna(f["figure"]),
    )
    out = []
    for (episode, group, measure), g in rows.groupby(["episode", "group", "measure"]):
        low, high = (
            g.sort_values(["bottom", "id"]).iloc[0],
            g.sort_values(["top", "id"], ascending=[False, True]).iloc[0],
        )
        neutral = g[~g["party_to_conflict"]]
        out.append(
            {
                "episode": episode,
                "group": group,
                "measure": measure,
                "figures": len(g),
                "sources": g["source_name"].nunique(),
                "party_figures": int(g["party_to_conflict"].sum()),
                "low": low["bottom"],
                "low_by": low["reported_by"],
                "low_party": bool(low["party_to_conflict"]),
                "high": high["top"],
                "high_by": high["reported_by"],
                "high_party": bool(high["party_to_conflict"]),
                "neutral_low": neutral["bottom"].min() if len(neutral) else pd.NA,
                "neutral_high": neutral["top"].max() if len(neutral) else pd.NA,
            }
        )
    return pd.DataFrame(
        out,
        columns=[
            "episode",
            "group",
            "measure",
            "figures",
            "sources",
            "party_figures",
            "low",
            "low_by",
            "low_party",
            "high",
            "high_by",
            "high_party",
            "neutral_low",
            "neutral_high",
        ],
    )
