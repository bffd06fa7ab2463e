"""Negotiation and conflict milestones: filters, periods versus events, meetings against escalations, stalls.

Pure functions: a milestones DataFrame (from ``data.load_milestones``) in, a DataFrame out.
"""

from __future__ import annotations

import pandas as pd

# What counts as an escalation when set against leader-level meetings.
ESCALATION_KINDS = ("war", "clash", "blockade")


def window(
    milestones: pd.DataFrame,
    start: str | None = None,
    end: str | None = None,
    tracks: list[str] | None = None,
    kinds: list[str] | None = None,
) -> pd.DataFrame:
    """Milestones that overlap [start, end] (periods count if any part falls inside), on the given tracks and kinds."""
    frame = milestones
    finish = frame["end_date"].fillna(frame["date"])
    keep = pd.Series(True, index=frame.index)
    if start:
        keep &= finish >= pd.Timestamp(start)
    if end:
        keep &= frame["date"] <= pd.Timestamp(end)
    if tracks:
        keep &= frame["track"].isin(tracks)
    if kinds:
        keep &= frame["kind"].isin(kinds)
    return frame[keep].sort_values(["date", "id"]).reset_index(drop=True)


def periods(milestones: pd.DataFrame) -> pd.DataFrame:
    """Rows that span time (a war, a blockade): those with an end date."""
    return milestones[milestones["end_date"].notna()]


def events(milestones: pd.DataFrame) -> pd.DataFrame:
    """Point events: rows without an end date."""
    return milestones[milestones["end_date"].isna()]


def yearly_balance(milestones: pd.DataFrame, start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """Per year: leader-level meetings and escalations (wars, clashes, blockades, counted in the year they began).

    Every year in the range appears, with zeros where nothing happened, so quiet years stay visible.
    """
    years = milestones["date"].dt.year
    meetings = milestones[milestones["leader_level"].fillna(False)].groupby(years).size()
    escalations = milestones[milestones["kind"].isin(ESCALATION_KINDS)].groupby(years).size()
    first = pd.Timestamp(start).year if start else int(years.min())
    last = pd.Timestamp(end).year if end else int(years.max())
    index = pd.RangeIndex(first, last + 1, name="year")
    return pd.DataFrame(
        {
            "leader_meetings": meetings.reindex(index, fill_value=0),
            "escalations": escalations.reindex(index, fill_value=0),
        }
    ).astype(int)


def stalls(milestones: pd.DataFrame, until: str | None = None, top: int = 5) -> pd.DataFrame:
    """The longest spells with no leader-level meeting, longest first.

    A spell runs from one leader-level meeting to the next; the last one runs to ``until`` (if given),
    so a stall that is still going on is not missed.
    """
    meetings = milestones[milestones["leader_level"].fillna(False)].sort_values("date")
    dates = list(meetings["date"])
    ids = list(meetings["id"])
    if until:
        dates.append(pd.Timestamp(until))
        ids.append(None)
    spells = pd.DataFrame(
        {
            "from_date": dates[:-1],
            "to_date": dates[1:],
            "after_meeting": ids[:-1],
            "next_meeting": ids[1:],
        }
    )
    spells["days"] = (spells["to_date"] - spells["from_date"]).dt.days
    spells["ongoing"] = spells["next_meeting"].isna()
    return spells.sort_values(["days", "from_date"], ascending=[False, True]).head(top).reset_index(drop=True)


# How much of the record the explainer shows around an article's date.
DAYS_BEFORE_ARTICLE = 240
DAYS_AFTER_ARTICLE = 60


def around(milestones: pd.DataFrame, moment: pd.Timestamp) -> tuple[str, str, pd.DataFrame]:
    """The window shown around an article's date, and the milestones in it."""
    start = (moment - pd.Timedelta(days=DAYS_BEFORE_ARTICLE)).date().isoformat()
    end = (moment + pd.Timedelta(days=DAYS_AFTER_ARTICLE)).date().isoformat()
    return start, end, window(milestones, start, end)
