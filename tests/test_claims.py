"""The claims ledger: verdicts are computed from the datasets, and follow them when they change."""
from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from analysis import claims, data
from analysis.errors import KarabakhError
from conftest import rehash

ARTICLE = "afp-2024-01-28-non-aggression-pact"


def milestones_fixture() -> pd.DataFrame:
    frame = pd.DataFrame({
        "id": ["offensive", "ceasefire", "meeting", "swap"],
        "date": pd.to_datetime(["2023-09-19", "2023-09-20", "2023-07-15", "2023-12-13"]),
        "title": ["Offensive", "Ceasefire", "Meeting", "Prisoner swap"],
        "kind": ["war", "ceasefire", "summit", "prisoner_exchange"],
        "leader_level": pd.array([False, False, True, False], dtype="boolean"),
        "source_name": ["A", "B", "C", "D"],
        "source_url": ["https://a.example", "https://b.example", "https://c.example", "https://d.example"],
    })
    return frame


def displacement_fixture() -> pd.DataFrame:
    return pd.DataFrame({"id": ["x", "y"], "episode": ["2023", "2023"], "measure": ["cumulative_arrivals"] * 2,
                         "as_of": ["2023-09-30", "2023-10-02"], "value": pd.array([99_000, 100_520], dtype="Int64"),
                         "source_name": ["E", "F"], "source_url": ["https://e.example", "https://f.example"]})


FIXTURES = {"milestones": milestones_fixture, "displacement": displacement_fixture}


def judge(check: dict, value: str = "") -> claims.Verdict:
    frame = pd.DataFrame([{"claim_id": "c", "claim": "a claim", "claim_value": value or pd.NA,
                           "check": json.dumps(check), "note": pd.NA}])
    row = claims.evaluate(frame, load=lambda name: FIXTURES[name]()).iloc[0]
    return claims.Verdict(row["verdict"], row["reason"], row["evidence"])


def test_supported_with_its_evidence_row():
    verdict = judge({"dataset": "milestones", "where": {"id": "swap"}, "test": "date_within",
                     "from": "2023-12-01", "to": "2023-12-31"})
    assert verdict.verdict == "supported"
    assert list(verdict.evidence["source_url"]) == ["https://d.example"]


def test_contradicted():
    verdict = judge({"dataset": "milestones", "where": {"id": "swap"}, "test": "date_within",
                     "from": "2023-11-01", "to": "2023-11-30"})
    assert verdict.verdict == "contradicted" and "by 13 days" in verdict.reason


def test_imprecise_within_tolerance():
    verdict = judge({"dataset": "milestones", "where": {"leader_level": True}, "test": "latest_within",
                     "from": "2023-10-01", "to": "2023-10-31", "tolerance_days": 120})
    assert verdict.verdict == "imprecise" and "78 days outside" in verdict.reason


def test_malformed_figure_keeps_the_intended_reading():
    verdict = judge({"dataset": "displacement", "where": {"episode": ["2023"]}, "test": "max_at_least",
                     "column": "value", "value": 100_000}, value="100,00")
    assert verdict.verdict == "malformed_figure"
    assert "read as intended: supported" in verdict.reason and "100,520" in verdict.reason
    assert list(verdict.evidence["id"]) == ["y"]


def test_well_formed_figures_are_not_flagged():
    assert not claims.malformed("100,000") and not claims.malformed("1,000,000") and not claims.malformed("42")
    assert claims.malformed("100,00") and claims.malformed("1,00,000")


def test_not_checkable_by_rule_and_by_missing_rows():
    assert judge({"test": "not_checkable", "reason": "no data"}).verdict == "not_checkable"
    verdict = judge({"dataset": "milestones", "where": {"id": "nothing"}, "test": "count_at_least", "value": 1})
    assert verdict.verdict == "not_checkable" and "no row of milestones matches" in verdict.reason


def test_all_of_several_rules_takes_the_weakest():
    verdict = judge({"all": [
        {"dataset": "milestones", "where": {"id": ["offensive", "ceasefire"]}, "test": "days_between_at_most", "value": 1},
        {"dataset": "milestones", "where": {"kind": ["war"]}, "test": "count_at_least", "value": 2},
    ]})
    assert verdict.verdict == "contradicted" and "1 day(s) between" in verdict.reason


@pytest.mark.parametrize("check, words", [
    ({"dataset": "casualties", "where": {}, "test": "count_at_least", "value": 1}, "dataset 'casualties', which does not exist"),
    ({"dataset": "milestones", "where": {"mediator": "eu"}, "test": "count_at_least", "value": 1}, "column 'mediator'"),
    ({"dataset": "milestones", "where": {}, "test": "looks_right"}, "unknown test 'looks_right'"),
])
def test_bad_rules_name_the_row_and_column(check, words):
    with pytest.raises(claims.RuleError) as caught:
        judge(check)
    assert words in str(caught.value)
    assert caught.value.file == "seeds/claims.csv" and caught.value.row == 2 and caught.value.column == "check"


def test_the_seed_article_ledger():
    article, ledger = claims.for_article(ARTICLE)
    assert article["published"] == pd.Timestamp("2024-01-28")
    verdicts = dict(zip(ledger["claim_id"], ledger["verdict"]))
    assert verdicts["more-than-100000-fled"] == "malformed_figure"
    assert verdicts["prisoner-swap-last-month"] == "supported"
    assert verdicts["talks-on-hold-since-october"] == "imprecise"
    assert verdicts["peace-deal-by-end-of-year"] == "not_checkable"
    assert set(verdicts.values()) <= set(claims.VERDICTS)


def test_every_claim_belongs_to_a_known_article():
    assert set(data.load_claims()["article_id"]) <= set(data.load_articles()["article_id"])


def test_a_changed_dataset_row_flips_the_verdict(seeds_copy):
    path = seeds_copy / "milestones.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2023-12-13-prisoner-exchange,2023-12-13,", "2023-12-13-prisoner-exchange,2023-11-13,"),
                    encoding="utf-8")
    rehash(seeds_copy)
    _, ledger = claims.for_article(ARTICLE)
    assert dict(zip(ledger["claim_id"], ledger["verdict"]))["prisoner-swap-last-month"] == "contradicted"


def test_unknown_article_is_refused():
    with pytest.raises(KarabakhError, match="no article 'reuters-1999' .* known: afp-2024-01-28"):
        claims.for_article("reuters-1999")


def test_a_new_article_is_data_rows_only(seeds_copy):
    with (seeds_copy / "articles.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["fixture-2023-12-14", "Fixture: prisoners exchanged", "Fixture wire", "2023-12-14", "2023-12-13-prisoner-exchange", "Fixture outlet",
             "https://example.org/fixture", ""])
    rule = {"dataset": "milestones", "where": {"id": "2023-12-13-prisoner-exchange"}, "test": "date_within",
            "from": "2023-12-13", "to": "2023-12-13"}
    with (seeds_copy / "claims.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["fixture-swap-yesterday", "fixture-2023-12-14", "Prisoners were exchanged yesterday.", "yesterday",
             json.dumps(rule), ""])
    rehash(seeds_copy)
    article, ledger = claims.for_article("fixture-2023-12-14")
    assert article["headline"] == "Fixture: prisoners exchanged"
    assert list(ledger["verdict"]) == ["supported"]
