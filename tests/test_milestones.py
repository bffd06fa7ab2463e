"""Milestone analysis on small fixtures whose answers are worked out by hand, and on the real dataset."""
from __future__ import annotations

import pandas as pd

from analysis import data, milestones


def fixture() -> pd.DataFrame:
    rows = [
        # id, date, end_date, kind, track, leader_level
        ("a", "2020-01-10", None, "summit", "eu", True),
        ("b", "2020-09-27", "2020-11-10", "war", "other", False),
        ("c", "2021-03-01", None, "summit", "russia", True),
        ("d", "2021-06-01", None, "clash", "other", False),
        ("e", "2023-03-01", None, "summit", "eu", True),
        ("f", "2023-06-01", None, "statement", "us", False),
    ]
    frame = pd.DataFrame(rows, columns=["id", "date", "end_date", "kind", "track", "leader_level"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    frame["leader_level"] = frame["leader_level"].astype("boolean")
    return frame


def test_window_keeps_periods_that_overlap_the_start():
    shown = milestones.window(fixture(), start="2020-10-01", end="2021-12-31")
    assert list(shown["id"]) == ["b", "c", "d"]


def test_window_filters_tracks_and_kinds():
    assert list(milestones.window(fixture(), tracks=["eu"])["id"]) == ["a", "e"]
    assert list(milestones.window(fixture(), kinds=["war", "clash"])["id"]) == ["b", "d"]


def test_periods_and_events_split():
    frame = fixture()
    assert list(milestones.periods(frame)["id"]) == ["b"]
    assert list(milestones.events(frame)["id"]) == ["a", "c", "d", "e", "f"]


def test_yearly_balance_counts_and_keeps_quiet_years():
    yearly = milestones.yearly_balance(fixture())
    assert list(yearly.index) == [2020, 2021, 2022, 2023]
    assert list(yearly["leader_meetings"]) == [1, 1, 0, 1]
    assert list(yearly["escalations"]) == [1, 1, 0, 0]


def test_stalls_longest_first_and_ongoing_to_the_window_end():
    spells = milestones.stalls(fixture(), until="2024-12-31")
    first = spells.iloc[0]
    assert (first["after_meeting"], first["next_meeting"]) == ("c", "e")
    assert first["days"] == (pd.Timestamp("2023-03-01") - pd.Timestamp("2021-03-01")).days
    ongoing = spells[spells["ongoing"]].iloc[0]
    assert ongoing["after_meeting"] == "e" and ongoing["days"] == 671


def test_real_dataset_has_the_article_milestones():
    frame = data.load_milestones()
    by_id = frame.set_index("id")
    proposal = by_id.loc["2024-01-28-non-aggression-pact-proposal"]
    assert proposal["date"] == pd.Timestamp("2024-01-28") and proposal["kind"] == "proposal"
    assert by_id.loc["1994-05-05-bishkek-protocol", "date"] < by_id.loc["1994-05-12-ceasefire-takes-effect", "date"]
    assert frame["date"].min() == pd.Timestamp("1988-02-20")
    assert frame["date"].max() >= pd.Timestamp("2025-08-08")
    assert (frame["end_date"].dropna() >= frame.loc[frame["end_date"].notna(), "date"]).all()
