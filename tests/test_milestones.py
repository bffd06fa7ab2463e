"""Milestone analysis on small fixtures whose answers are worked out by hand, and on the real dataset."""

from __future__ import annotations

import pandas as pd

from analysis import data
from analysis.negotiations import text as negotiation_text
from analysis.negotiations import transforms as milestones


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


# --- the credibility pass: every row names what kind of page it cites ---------------------------------------------

WEAK = {"mirror", "encyclopedia", "partisan_or_blog"}


def test_every_row_has_a_source_kind_from_the_closed_list_and_few_are_weak():
    frame = data.load_milestones()
    kinds = {k["name"] for k in data.package()["sourceKinds"]}
    assert frame["source_kind"].notna().all() and set(frame["source_kind"]) <= kinds
    weak = frame[frame["source_kind"].isin(WEAK)]
    assert len(weak) <= 0.10 * len(frame), list(weak["id"])
    for _, row in weak.iterrows():
        assert isinstance(row["date_note"], str) and "mirror" in row["date_note"].lower(), (
            f"{row['id']} keeps a weak source without saying why"
        )


def test_the_notes_give_the_true_row_count():
    import re
    from pathlib import Path

    notes = (Path(__file__).resolve().parent.parent / "seeds" / "notes" / "milestones.md").read_text(encoding="utf-8")
    stated = int(re.search(r"`milestones\.csv` has (\d+) rows", notes).group(1))
    assert stated == len(data.load_milestones())


def test_both_wars_are_period_rows_with_the_start_date_dispute_noted():
    by_id = data.load_milestones().set_index("id")
    first = by_id.loc["1991-01-01-first-karabakh-war"]
    assert first["kind"] == "war" and first["end_date"] == pd.Timestamp("1994-05-12")
    assert "1988" in first["date_note"] and "1992" in first["date_note"] and "12 May 1994" in first["date_note"]
    second = by_id.loc["2020-09-27-second-karabakh-war"]
    assert second["kind"] == "war" and (second["date"], second["end_date"]) == (
        pd.Timestamp("2020-09-27"),
        pd.Timestamp("2020-11-10"),
    )


def test_rows_the_review_asked_for():
    by_id = data.load_milestones().set_index("id")
    granada = by_id.loc["2023-10-05-granada-epc-without-aliyev"]
    assert granada["track"] == "eu" and not granada["leader_level"] and granada["source_kind"] not in WEAK
    handover = by_id.loc["2024-05-24-tavush-villages-handover"]
    assert handover["date"] == pd.Timestamp("2024-05-24") and handover["kind"] == "border"
    assert "24 May 2024" in by_id.loc["2024-04-19-tavush-delimitation-agreement", "date_note"]
    assert "1 January 2024" in by_id.loc["2023-09-28-nkr-dissolution-decree", "date_note"]
    resolution = by_id.loc["1993-04-30-unsc-resolution-822"]
    assert "allinnet" not in resolution["source_url"], "no longer cited to a forum"
    budapest = by_id.loc["1994-12-06-csce-budapest-summit"]
    assert budapest["source_url"].startswith("https://www.osce.org/")


# --- what a reader sees, in the report's language ------------------------------------------------------------------


def test_event_paragraph_reads_as_before_in_english_and_escapes_data():
    from analysis.i18n.language import Language

    row = pd.Series(
        {
            "date": pd.Timestamp("2024-01-28"),
            "date_precision": "day",
            "title": "A <b>",
            "summary": "S & T",
            "source_name": "AFP",
        }
    )
    assert str(negotiation_text.event_paragraph(row, lang=Language("en"))) == (
        "<p><strong>28 January 2024: A &lt;b&gt;.</strong> S &amp; T <span class='kb-source'>Source: AFP.</span></p>"
    )
    assert "28 января 2024" in str(negotiation_text.event_paragraph(row, lang=Language("ru")))


def described_fixture() -> pd.DataFrame:
    frame = fixture()
    frame["date_precision"] = "day"
    frame["title"] = [f"Milestone {i}" for i in frame["id"]]
    frame["source_name"] = "Publisher"
    frame["source_url"] = "https://example.org"
    return frame


def test_timeline_and_balance_chart_in_english_and_russian():
    from analysis.i18n.language import Language
    from analysis.negotiations import charts as negotiation_charts

    frame = described_fixture()
    fig = negotiation_charts.timeline(frame, "e", start="2020-01-01", end="2023-12-31", lang=Language("en"))
    assert fig.layout.meta["alt"] == (
        "Timeline of 6 milestones between January 2020 and June 2023, one row per mediator track (Russia, "
        "European Union, United States, No mediator / other): 1 period drawn as a bar and 5 events as markers. "
        "Highlighted: Milestone e (1 March 2023)."
    )
    assert fig.layout.title.text == "Milestones by mediator track" and fig.layout.separators == ".,"
    ru = Language("ru")
    fig = negotiation_charts.timeline(frame, "e", start="2020-01-01", end="2023-12-31", lang=ru)
    assert "1 марта 2023" in fig.layout.meta["alt"] and fig.layout.meta["language"] == "ru"
    assert any(m.endswith("Milestones by mediator track") for m in ru.missing) or fig.layout.title.text != (
        "Milestones by mediator track"
    )
    yearly = milestones.yearly_balance(frame)
    chart = negotiation_charts.balance_chart(yearly, frame, lang=Language("en"))
    assert chart.layout.meta["alt"] == (
        "Bar chart of leader-level meetings and escalations per year, 2020 to 2023: in all, leader-level meetings: 3, "
        "escalations: 2; most meetings in 2020 (1)."
    )
    assert [t.name for t in chart.data] == ["leader-level meetings", "escalations (war, clash, blockade)"]
