"""The claims ledger: verdicts are computed from the datasets, and follow them when they change.

Rules are YAML files, one per article (seeds/claims/<article_id>.yaml); the fictional article in
tests/fixtures/claims/ holds claims that are false on purpose and must come out contradicted."""

from __future__ import annotations

import csv
import shutil
import time

import pandas as pd
import pytest
import yaml

from analysis import data
from analysis.claims import tables
from analysis.claims import transforms as claims
from analysis.core.errors import DataError, KarabakhError
from analysis.data.context import ReportContext
from analysis.i18n.language import Language
from analysis.present import style

from helpers import ROOT, rehash, run_cli

ARTICLE = "afp-2024-01-28-non-aggression-pact"
SUMMIT = "ap-2025-08-08-white-house-peace-summit"
EXODUS = "ap-2023-09-29-karabakh-exodus-70-percent"
FICTIONAL = "fixture-fictional-false-claims"
FIXTURE_FILE = ROOT / "tests" / "fixtures" / "claims" / f"{FICTIONAL}.yaml"
EN = Language("en")


def milestones_fixture() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "id": ["offensive", "ceasefire", "meeting", "swap", "granada", "war-1990s", "war-2020", "one-day-war"],
            "date": pd.to_datetime(
                [
                    "2023-09-19",
                    "2023-09-20",
                    "2023-07-15",
                    "2023-12-13",
                    "2023-10-05",
                    "1991-01-01",
                    "2020-09-27",
                    "2023-09-19",
                ]
            ),
            "date_precision": ["day", "day", "day", "day", "day", "year", "day", "day"],
            "end_date": pd.to_datetime([None, None, None, None, None, "1994-05-12", "2020-11-10", None]),
            "title": [
                "Offensive",
                "Ceasefire",
                "Meeting",
                "Prisoner swap",
                "Granada no-show",
                "First war",
                "Second war",
                "One-day war",
            ],
            "kind": ["war", "ceasefire", "summit", "prisoner_exchange", "summit", "war", "war", "war"],
            "track": ["other", "russia", "eu", "bilateral", "eu", "other", "other", "other"],
            "venue": ["Karabakh", "Karabakh", "Brussels", "Border", "Granada", "", "", ""],
            "parties": ["Azerbaijan", "Russia", "Armenia;Azerbaijan;EU", "", "", "", "", ""],
            "leader_level": pd.array([False, False, True, False, False, False, False, False], dtype="boolean"),
            "source_kind": ["outlet", "outlet", "wire", "mirror", "outlet", "dataset", "dataset", "outlet"],
            "source_name": list("ABCDEFGH"),
            "source_url": [f"https://{c}.example" for c in "abcdefgh"],
        }
    )
    return frame


def displacement_fixture() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["early", "first", "later", "register", "undated", "other-party"],
            "episode": ["2023"] * 6,
            "measure": ["cumulative_arrivals"] * 3 + ["registered", "cumulative_arrivals", "cumulative_arrivals"],
            "publisher_type": ["government_am"] * 5 + ["media_az"],
            "as_of": ["2023-09-29T20:00+04:00", "2023-09-30", "2023-10-02", "2023-10-20", None, "2023-09-30"],
            "value": pd.array([93_000, 100_417, 100_520, 101_848, 100_900, 77_000], dtype="Int64"),
            "reported_by": ["Spokesperson", "Spokesperson", "Spokesperson", "Migration service", "Government", "Paper"],
            "source_kind": ["outlet"] * 6,
            "source_name": list("EFGHIJ"),
            "source_url": [f"https://{c}.example" for c in "efghij"],
        }
    )


FIXTURES = {"milestones": milestones_fixture, "displacement": displacement_fixture}


def claim_frame(check: dict, printed: str | None = None, misprint=None) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {
                "claim_id": "c",
                "claim": "a claim",
                "printed": printed,
                "reading": "how we read it",
                "misprint": misprint,
                "check": check,
                "note": None,
            }
        ]
    )
    frame.attrs["file"] = "seeds/claims/test.yaml"
    return frame


def judge_row(check: dict, printed: str | None = None, published=None, misprint=None, load=None) -> pd.Series:
    return claims.evaluate(
        claim_frame(check, printed, misprint),
        published,
        load=load or (lambda name: FIXTURES[name]()),
        ctx=ReportContext(seeds=ROOT / "seeds"),
    ).iloc[0]


def judge(check: dict, printed: str | None = None) -> claims.Verdict:
    row = judge_row(check, printed)
    return claims.Verdict(row["verdict"], row["reason"], row["evidence"])


def seed_rule(claim_id: str, article: str = ARTICLE) -> dict:
    return data.load_claims(article).set_index("claim_id").loc[claim_id, "check"]


def add_fictional_article(seeds) -> None:
    """The fictional article in a copy of the seeds: its claims file, an articles.csv row, the hashes recorded."""
    shutil.copy(FIXTURE_FILE, seeds / "claims" / FIXTURE_FILE.name)
    with (seeds / "articles.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [
                FICTIONAL,
                "FICTIONAL: test article with deliberately false claims",
                "none (fictional)",
                "2025-09-15",
                "2025-08-08-washington-summit",
                "none",
                "https://example.org/fictional-test-article",
                "Fictional, for the test suite only.",
            ]
        )
    rehash(seeds)


# --- dates ----------------------------------------------------------------------------------------------------------


def test_supported_with_its_evidence_row():
    verdict = judge(
        {"dataset": "milestones", "row": "swap", "test": "between_dates", "from": "2023-12-01", "to": "2023-12-31"}
    )
    assert verdict.verdict == "supported"
    assert list(verdict.evidence["source_url"]) == ["https://d.example"]
    assert verdict.reason == "“Prisoner swap” is dated 13 December 2023, in December 2023."


def test_contradicted():
    verdict = judge(
        {"dataset": "milestones", "row": "swap", "test": "between_dates", "from": "2023-11-01", "to": "2023-11-30"}
    )
    assert verdict.verdict == "contradicted" and "13 days outside November 2023" in verdict.reason


def test_on_date_the_day_claimed_or_how_far_off():
    assert judge({"dataset": "milestones", "row": "offensive", "test": "on_date", "date": "2023-09-19"}).reason == (
        "“Offensive” is dated 19 September 2023, the day claimed."
    )
    off = judge({"dataset": "milestones", "row": "offensive", "test": "on_date", "date": "2023-10-19"})
    assert off.verdict == "contradicted" and "30 days outside 19 October 2023" in off.reason


def test_imprecise_only_within_an_explicit_tolerance():
    rule = {
        "dataset": "milestones",
        "where": {"track": "eu", "leader_level": True},
        "test": "between_dates",
        "take": "latest",
        "from": "2023-10-01",
        "to": "2023-10-31",
    }
    rule["where"] = {"id": "meeting"}
    assert judge(rule).verdict == "contradicted"
    verdict = judge({**rule, "tolerance_days": 120})
    assert verdict.verdict == "imprecise" and "78 days outside" in verdict.reason


def test_none_between_is_supported_by_silence_and_names_the_last_meeting():
    verdict = judge(
        {
            "dataset": "milestones",
            "where": {"track": ["eu"], "leader_level": True},
            "test": "none_between",
            "from": "2023-10-01",
            "to": "2024-01-28",
            "what": "leader-level EU-track meeting",
        }
    )
    assert verdict.verdict == "supported"
    assert list(verdict.evidence["row"]) == ["meeting"]
    assert verdict.reason == (
        "No leader-level EU-track meeting falls between 1 October 2023 and 28 January 2024; "
        "the last one before was on 15 July 2023 (“Meeting”)."
    )


def test_none_between_is_contradicted_by_a_meeting_inside_the_window():
    frame = milestones_fixture()
    frame.loc[frame["id"] == "meeting", "date"] = pd.Timestamp("2023-11-20")
    rule = {"dataset": "milestones", "where": {"track": "eu"}, "test": "none_between", "from": "2023-10-01"}
    row = judge_row({**rule, "to": "2024-01-28"}, load=lambda name: frame)
    assert row["verdict"] == "contradicted" and "“Meeting” (20 November 2023)" in row["reason"]


def test_a_war_is_checked_as_a_period():
    verdict = judge(
        {
            "all": [
                {
                    "dataset": "milestones",
                    "row": "war-1990s",
                    "test": "period_overlaps",
                    "from": "1990-01-01",
                    "to": "1999-12-31",
                },
                {"dataset": "milestones", "row": "war-2020", "test": "period_overlaps", "from": "2020-01-01"}
                | {"to": "2020-12-31"},
            ]
        }
    )
    assert verdict.verdict == "supported" and list(verdict.evidence["row"]) == ["war-1990s", "war-2020"]
    assert "“First war” is recorded as a period from 1991 to 12 May 1994, overlapping the 1990s" in verdict.reason
    one_day = judge(
        {"dataset": "milestones", "row": "one-day-war", "test": "period_overlaps", "from": "2023-01-01"}
        | {"to": "2023-12-31"}
    )
    assert one_day.verdict == "contradicted" and "not as a period" in one_day.reason


# --- what a text field names, what a value equals: contradicted, not "not checkable" --------------------------------


def test_equals_can_contradict():
    rule = {"dataset": "milestones", "row": "ceasefire", "test": "equals", "field": "track"}
    assert judge({**rule, "value": "russia"}).verdict == "supported"
    verdict = judge({**rule, "value": "eu"})
    assert verdict.verdict == "contradicted"
    assert verdict.reason == "“Ceasefire” has mediation track “russia”, not “eu”."
    assert judge({**rule, "field": "leader_level", "value": False}).verdict == "supported"


def test_names_can_contradict_and_needs_every_listed_value():
    rule = {"dataset": "milestones", "row": "meeting", "test": "names", "field": "parties"}
    assert judge({**rule, "value": ["Armenia", "azerbaijan"]}).verdict == "supported"
    verdict = judge({**rule, "field": "venue", "value": "Camp David"})
    assert verdict.verdict == "contradicted"
    assert verdict.reason == "“Meeting” does not name “Camp David” in its venue (“Brussels”)."


# --- figures: more than, at least, fewer than, at most, about; counts; durations; a party's figure ------------------

ARRIVALS = {"dataset": "displacement", "where": {"episode": "2023", "measure": "cumulative_arrivals"}}


@pytest.mark.parametrize(
    ("test", "value", "verdict", "words"),
    [
        ("more_than", 100_000, "supported", "the largest count is 100,900, more than 100,000"),
        ("more_than", 500_000, "contradicted", "is 100,900, not more than 500,000"),
        ("at_least", 100_520, "supported", "at least 100,520"),
        ("fewer_than", 100_000, "contradicted", "not fewer than 100,000"),
        ("at_most", 150_000, "supported", "at most 150,000"),
    ],
)
def test_comparisons_on_the_figure_a_rule_takes(test, value, verdict, words):
    rule = {**ARRIVALS, "where": {**ARRIVALS["where"], "publisher_type": "government_am"}}
    row = judge_row({**rule, "test": test, "take": "largest", "value": value, "what": "count"})
    assert row["verdict"] == verdict
    assert words in row["reason"].replace("The largest", "the largest"), row["reason"]


def test_about_needs_a_stated_tolerance():
    rule = {"dataset": "displacement", "row": "first", "test": "about", "value": 105_000}
    assert judge({**rule, "tolerance": 0.05}).verdict == "supported"
    verdict = judge({**rule, "tolerance": 0.02})
    assert verdict.verdict == "contradicted" and "more than 2% away from 105,000" in verdict.reason


def test_a_rule_selecting_several_figures_must_say_which_counts():
    with pytest.raises(claims.RuleError, match="selects 6 rows: say which figure counts"):
        judge({**ARRIVALS, "where": {"episode": "2023"}, "test": "more_than", "value": 1})


def test_first_to_pass_takes_the_first_count_to_pass_not_the_largest_or_the_register():
    verdict = judge(
        {
            **ARRIVALS,
            "where": {**ARRIVALS["where"], "publisher_type": "government_am"},
            "test": "at_least",
            "take": "first_to_pass",
            "value": 100_000,
            "what": "count",
        }
    )
    assert list(verdict.evidence["row"]) == ["first"], "30 Sep, not the 2 Oct count nor the 20 Oct register"
    assert "100,417, as of 30 September 2023, given by Spokesperson" in verdict.reason


def test_a_share_of_two_rows():
    rule = {"dataset": "displacement", "test": "more_than", "share": {"numerator": "early", "denominator": "first"}}
    verdict = judge({**rule, "value": 0.9})
    assert verdict.verdict == "supported" and "is 92.6%, more than 90%" in verdict.reason
    assert judge({**rule, "value": 0.95}).verdict == "contradicted"


def test_count_of_rows():
    rule = {"dataset": "milestones", "where": {"kind": "war"}, "test": "count"}
    verdict = judge({**rule, "at_least": 3})
    assert verdict.verdict == "supported" and "the claim needs at least 3" in verdict.reason
    assert judge({**rule, "at_most": 2}).verdict == "contradicted"
    assert judge({**rule, "exactly": 4}).verdict == "supported"


@pytest.mark.parametrize(
    ("bounds", "verdict"),
    [
        ({"at_least": 38, "at_most": 46}, "supported"),  # "a six-week war"
        ({"at_least": 150, "at_most": 210}, "contradicted"),  # "six months"
        ({"more_than": 44}, "contradicted"),
        ({"about": 42, "tolerance": 0.05}, "supported"),
    ],
)
def test_durations_with_lower_and_upper_bounds(bounds, verdict):
    row = judge_row({"dataset": "milestones", "row": "war-2020", "test": "duration", "unit": "days", **bounds})
    assert row["verdict"] == verdict
    assert row["reason"].startswith("“Second war” runs from 27 September 2020 to 10 November 2020: 44 days")


def test_duration_between_two_rows_in_years():
    rule = {"dataset": "milestones", "test": "duration", "from_row": "war-1990s", "to_row": "offensive"}
    verdict = judge({**rule, "unit": "years", "at_least": 30, "at_most": 35})  # "nearly four decades" would fail
    assert verdict.verdict == "supported" and ": 32.7 years, within the claim's reading (30 to 35 years)" in (
        verdict.reason
    )
    assert judge({**rule, "unit": "years", "at_least": 35, "at_most": 40}).verdict == "contradicted"


def test_a_figure_attributed_to_a_party():
    rule = {**ARRIVALS, "test": "given_by", "party": "government_am"}
    verdict = judge({**rule, "value": 100_417})
    assert verdict.verdict == "supported" and verdict.reason.startswith("100,417 is a figure given by Spokesperson")
    wrong = judge({**rule, "value": 77_000})
    assert wrong.verdict == "contradicted" and "given by Paper, not by the party" in wrong.reason


# --- misprints: a flag, only for a malformed figure or when the claim says so --------------------------------------


def test_misprint_is_a_flag_on_the_verdict_not_a_verdict():
    assert "malformed_figure" not in claims.VERDICTS and "malformed_figure" not in claims._RANK
    rule = {**ARRIVALS, "test": "at_least", "take": "first_to_pass", "value": 100_000}
    row = judge_row(rule, printed="100,00")
    assert row["verdict"] == "supported" and bool(row["misprint"])
    assert row["reason"].startswith("The figure is printed as “100,00”, a misprint of 100,000; read that way")
    assert tables.verdict_label(row["verdict"], row["misprint"], lang=EN) == "supported, figure misprinted"
    off = {"dataset": "milestones", "row": "swap", "test": "between_dates", "from": "2023-11-01", "to": "2023-11-30"}
    contradicted = judge_row(off, printed="100,00")
    assert contradicted["verdict"] == "contradicted" and bool(contradicted["misprint"]), (
        "a misprint never hides or outranks a contradiction"
    )


@pytest.mark.parametrize(
    "printed", ["more than 100,000", "8 August", "1 January 2024", "19 October", "about 30 years", "more than 70%"]
)
def test_well_formed_figures_and_dates_are_not_flagged(printed):
    assert not claims.malformed(printed)
    row = judge_row({**ARRIVALS, "test": "at_least", "take": "largest", "value": 1}, printed=printed)
    assert not row["misprint"]


def test_malformed_figures_are_flagged():
    assert claims.printed_figures("more than 100,000 people") == ["100,000"]
    assert claims.printed_figures("8 August") == []
    assert claims.malformed("100,00") and claims.malformed("1,00,000") and claims.malformed("about 100,00 people")
    assert not claims.malformed("100,000") and not claims.malformed("1,000,000") and not claims.malformed("42")


def test_the_claim_can_say_misprint_and_name_the_intended_figure():
    rule = {**ARRIVALS, "test": "at_least", "take": "largest", "value": 100_000}
    row = judge_row(rule, printed="a hundred thousand", misprint=100_000)
    assert row["misprint"] and "a misprint of 100,000" in row["reason"]
    assert not judge_row(rule, printed="100,00", misprint=False)["misprint"]


# --- flags from the evidence: after the article, weak sources ------------------------------------------------------


def test_evidence_dated_after_the_article_is_flagged():
    rule = {"dataset": "milestones", "row": "swap", "test": "between_dates", "from": "2023-12-01", "to": "2023-12-31"}
    assert judge_row(rule, published="2024-01-28")["later"] == []
    row = judge_row(rule, published="2023-12-01")
    assert row["later"] == [pd.Timestamp("2023-12-13")]
    cell = tables.caveats(row["later"], row["weak"], lang=EN)
    assert "evidence dated after the article (13 December 2023)" in cell


def test_weak_sources_are_flagged_from_the_data_package(tmp_path):
    rule = {"dataset": "milestones", "row": "swap", "test": "between_dates", "from": "2023-12-01", "to": "2023-12-31"}
    assert judge_row(rule)["weak"] == ["mirror"]
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    package = (seeds / "datapackage.json").read_text(encoding="utf-8")
    (seeds / "datapackage.json").write_text(
        package.replace('"weak": true', '"weak": false'), encoding="utf-8"
    )  # no kind weak any more: no flag
    row = claims.evaluate(claim_frame(rule), None, lambda n: FIXTURES[n](), ReportContext(seeds=seeds)).iloc[0]
    assert row["weak"] == []


def test_the_summit_claims_carry_the_mirror_flag():
    _, ledger = claims.for_article(SUMMIT)
    flagged = ledger.set_index("claim_id")["weak"]
    assert flagged["signed-on-friday"] == ["mirror"] and flagged["decades-of-conflict"] == []


# --- the evidence list ------------------------------------------------------------------------------------------------


def test_evidence_lists_each_row_once_and_never_na():
    _, ledger = claims.for_article(EXODUS)
    by_id = ledger.set_index("claim_id")
    mixed = by_id.loc["forces-lay-down-weapons", "evidence"]  # a milestones row and a control row
    assert list(mixed["row"]) == ["2023-09-20-karabakh-ceasefire", "2023-09-20-karabakh-forces-disarm"]
    assert list(mixed["dataset"]) == ["milestones", "control"]
    repeated = by_id.loc["dissolve-by-end-of-year", "evidence"]  # two parts on the same row
    assert list(repeated["row"]) == ["2023-09-28-nkr-dissolution-decree"]
    table = tables.ledger_table(ledger, lang=EN)
    assert not table["evidence"].str.contains("<NA>|nan|None").any()
    disarm = data.load_control().set_index("event_id").loc["2023-09-20-karabakh-forces-disarm", "title"]
    assert f"{disarm} (20 Sep 2023)" in table.set_index("claim").iloc[5]["evidence"]  # named by title and date


# --- authoring errors: reported with file, claim and what matched nothing, never shown as JSON ---------------------


@pytest.mark.parametrize(
    ("check", "words"),
    [
        ({"dataset": "casualties", "row": "x", "test": "count", "at_least": 1}, "dataset 'casualties'"),
        ({"dataset": "milestones", "where": {"mediator": "eu"}, "test": "count", "at_least": 1}, "column 'mediator'"),
        ({"dataset": "milestones", "row": "nothing", "test": "on_date", "date": "2023-01-01"}, "row 'nothing' matches"),
        (
            {"dataset": "milestones", "where": {"track": "europe"}, "test": "count", "at_least": 1},
            "the filter track = europe matches no row of milestones",
        ),
        ({"dataset": "milestones", "row": "swap", "test": "looks_right"}, "unknown test 'looks_right'"),
        ({"test": "held_by", "place": "Atlantis", "date": "2022-01-01", "controller": "azerbaijan"}, "Atlantis"),
    ],
)
def test_a_rule_that_matches_nothing_is_an_authoring_error(check, words):
    with pytest.raises(claims.RuleError) as caught:
        judge(check)
    assert words in str(caught.value) and caught.value.file == "seeds/claims/test.yaml"
    assert "claim 'c'" in str(caught.value) and "{" not in str(caught.value).split("expected")[0].replace("{'", "")


def test_authoring_errors_stop_check_and_the_build_before_any_kernel(seeds_copy, tmp_path):
    path = seeds_copy / "claims" / f"{SUMMIT}.yaml"
    text = path.read_text(encoding="utf-8").replace("row: 2025-08-08-washington-summit", "row: 2025-08-08-summit", 1)
    path.write_text(text, encoding="utf-8")
    rehash_result = run_cli("rehash", "--seeds", str(seeds_copy))
    assert rehash_result.returncode == 1 and "nothing was recorded" in rehash_result.stderr
    message = f"seeds/claims/{SUMMIT}.yaml: claim 'signed-on-friday': row '2025-08-08-summit' matches no row"
    check = run_cli("check", "--seeds", str(seeds_copy))
    assert check.returncode == 1 and message in check.stderr and "rehash" not in check.stderr
    _record_hashes(seeds_copy)
    out = tmp_path / "out"
    started = time.perf_counter()
    result = run_cli(
        "build", "--seeds", str(seeds_copy), "--out", str(out), "--only", f"explainer-{SUMMIT}", "--only", "sources"
    )
    assert result.returncode == 1 and time.perf_counter() - started < 30
    assert result.stdout.count(message) == 1 and "executing" not in result.stdout
    assert not (out / ".build" / "kernels").exists()
    assert not (out / f"explainer-{SUMMIT}.html").exists() and not (out / "sources.html").exists()


def _record_hashes(seeds) -> None:
    """Record the hashes of files whose content is valid but whose rules are not (the build must still refuse)."""
    import json

    package = json.loads((seeds / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        path = seeds / res["path"]
        if path.is_dir():
            res["files"] = {n: f"sha256:{d}" for n, d in data.loaders.folder_hashes(path).items()}
        res["hash"] = "sha256:" + data.sha256(path)
    (seeds / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8")


def test_claims_files_are_validated_against_the_schema(seeds_copy):
    path = seeds_copy / "claims" / f"{ARTICLE}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["claims"][1]["id"] = doc["claims"][0]["id"]  # a repeated claim id
    doc["claims"][2]["check"]["test"] = "looks_right"
    del doc["claims"][3]["reading"]
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    problems = [str(p) for p in data.problems(seeds_copy)]
    label = f"seeds/claims/{ARTICLE}.yaml"
    assert any(f"{label}: claim id 'headline-proposal' is used twice" in p for p in problems), problems
    assert any(
        f"{label}: claim 'lightning-offensive-last-year', check.test: 'looks_right' is not one of" in p
        for p in problems
    )
    assert any(f"{label}: claim 'one-day-of-fighting': 'reading' is a required property" in p for p in problems)
    assert not any("sha256" in p for p in problems), "the hash is checked only once the content is valid"


def test_a_claims_file_needs_its_article(seeds_copy):
    shutil.copy(FIXTURE_FILE, seeds_copy / "claims" / FIXTURE_FILE.name)
    problems = [str(p) for p in data.problems(seeds_copy)]
    assert f"seeds/claims/{FICTIONAL}.yaml: no article '{FICTIONAL}' in seeds/articles.csv" in " ".join(problems)


def test_the_schema_is_a_data_file_described_in_the_package():
    res = data.resource("claims")
    assert res["format"] == "yaml" and res["ruleSchema"] == "claims.schema.json"
    assert (ROOT / "seeds" / res["ruleSchema"]).exists()
    assert set(res["files"]) == {p.name for p in (ROOT / "seeds" / "claims").glob("*.yaml")}
    assert not (ROOT / "seeds" / "claims.csv").exists() and not (ROOT / "drafts").exists()


# --- the articles ------------------------------------------------------------------------------------------------


def test_the_fictional_article_false_claims_come_out_contradicted(seeds_copy):
    add_fictional_article(seeds_copy)
    _, ledger = claims.for_article(FICTIONAL, ReportContext(seeds=seeds_copy))
    verdicts = dict(zip(ledger["claim_id"], ledger["verdict"], strict=True))
    flags = dict(zip(ledger["claim_id"], ledger["misprint"], strict=True))
    assert verdicts == {
        "offensive-19-october": "contradicted",
        "russia-brokered-declaration": "contradicted",
        "camp-david": "contradicted",
        "war-six-months": "contradicted",
        "half-a-million-arrivals": "contradicted",
        "shusha-armenian-2022": "contradicted",
        "more-than-100000-arrivals": "supported",
        "signed-8-august": "supported",
        "six-week-war": "supported",
        "stepanakert-azerbaijani-2024": "supported",
        "malformed-100000": "supported",
    }
    assert [c for c, flagged in flags.items() if flagged] == ["malformed-100000"]
    why = dict(zip(ledger["claim_id"], ledger["reason"], strict=True))
    assert "not “russia”" in why["russia-brokered-declaration"]
    assert "does not name “Camp David” in its venue (“White House, Washington, D.C.”)" in why["camp-david"]
    assert "was held by Azerbaijan, not held by Armenian forces" in why["shusha-armenian-2022"]
    assert not any("{" in reason or "No row of" in reason for reason in why.values()), "no JSON shown to readers"


def test_the_seed_article_ledger():
    article, ledger = claims.for_article(ARTICLE)
    assert article["published"] == pd.Timestamp("2024-01-28")
    verdicts = dict(zip(ledger["claim_id"], ledger["verdict"], strict=False))
    flags = dict(zip(ledger["claim_id"], ledger["misprint"], strict=False))
    assert verdicts["more-than-100000-fled"] == "supported" and flags["more-than-100000-fled"]
    assert verdicts["peace-deal-by-end-of-year"] == "not_checkable"
    assert set(verdicts.values()) == {"supported", "not_checkable"}
    assert sum(map(bool, flags.values())) == 1
    assert all(ledger["reading"].notna()), "each verdict says which reading it took"


@pytest.mark.parametrize(
    ("article", "not_checkable"),
    [
        (SUMMIT, {"russia-declining-influence", "series-of-us-deals"}),
        (EXODUS, {"internationally-recognized"}),
    ],
)
def test_the_ap_articles_ledgers(article, not_checkable):
    _, ledger = claims.for_article(article)
    verdicts = dict(zip(ledger["claim_id"], ledger["verdict"], strict=True))
    assert {c for c, v in verdicts.items() if v == "not_checkable"} == not_checkable
    assert {v for c, v in verdicts.items() if c not in not_checkable} == {"supported"}
    assert not ledger["misprint"].any() and ledger["claim_id"].is_unique


def test_the_70_percent_claim_names_its_denominator():
    _, ledger = claims.for_article(EXODUS)
    reason = ledger.set_index("claim_id").loc["more-than-70-percent", "reason"]
    assert "84,770" in reason and "120,000" in reason and "70.6%, more than 70%" in reason


def test_each_verdict_is_explained_in_one_plain_sentence():
    _, ledger = claims.for_article(ARTICLE)
    for claim_id, reason in zip(ledger["claim_id"], ledger["reason"], strict=False):
        assert reason and reason.lstrip("“")[0].isupper() and reason.endswith("."), claim_id
        assert reason.count(". ") == 0 and "<" not in reason, (claim_id, reason)
    why = dict(zip(ledger["claim_id"], ledger["reason"], strict=False))
    assert "the last one before was on 15 July 2023" in why["talks-on-hold-since-october"]
    assert "5 October 2023" in why["talks-on-hold-since-october"]
    assert "100,417, as of 30 September 2023" in why["more-than-100000-fled"]


def test_the_100000_evidence_is_the_first_government_count_past_100000():
    _, ledger = claims.for_article(ARTICLE)
    evidence = ledger.set_index("claim_id").loc["more-than-100000-fled", "evidence"]
    displacement = data.load_displacement().set_index("id")
    picked = displacement.loc[list(evidence["row"])]
    assert (picked["value"] >= 100_000).all() and (picked["publisher_type"] == "government_am").all()
    assert set(picked["measure"]) == {"cumulative_arrivals"}, "the border count, not the register"
    counts = displacement[
        (displacement["episode"] == "2023")
        & (displacement["measure"] == "cumulative_arrivals")
        & (displacement["publisher_type"] == "government_am")
        & (displacement["value"] >= 100_000)
    ]
    first_day = pd.to_datetime(counts["as_of"].str[:10]).min()
    assert (pd.to_datetime(picked["as_of"].str[:10]) == first_day).all()


def test_the_seed_rules_keep_their_readings():
    parts = seed_rule("talks-on-hold-since-october")["all"]
    assert parts[0]["row"] == "2023-10-05-granada-epc-without-aliyev" and parts[0]["test"] == "between_dates"
    assert parts[1]["test"] == "none_between" and "tolerance_days" not in parts[1]
    wars = seed_rule("two-wars")["all"]
    assert [p["row"] for p in wars] == ["1991-01-01-first-karabakh-war", "2020-09-27-second-karabakh-war"]
    fled = seed_rule("more-than-100000-fled")
    assert fled["take"] == "first_to_pass" and fled["value"] == 100_000 and "row" not in fled


def test_ledger_table_and_caption_carry_the_flag_and_the_sentences():
    article, ledger = claims.for_article(ARTICLE)
    table = tables.ledger_table(ledger, lang=EN).set_index("claim")
    assert "supported, figure misprinted" in set(table["verdict"])
    assert list(table["why"]) == list(ledger["reason"]) and list(table["how we read it"]) == list(ledger["reading"])
    caption = tables.ledger_caption(article["headline"], ledger, lang=EN)
    assert caption.endswith("(1 with a misprinted figure).") and "9 supported" in caption
    described = tables.ledger_sentences(ledger, "milestones", lang=EN)
    assert any("Granada" in s for s in described) and not any("100,00" in s for s in described)


def test_explainer_paragraphs_escape_data():
    story = pd.Series(
        {"headline": "<script>x</script>", "wire": "AFP", "published": pd.Timestamp("2024-01-28"), "outlets": "A & B"}
    )
    html = str(tables.article_paragraph(story, lang=EN))
    assert "<script>" not in html and "&lt;script&gt;" in html and "A &amp; B" in html


def test_every_claims_file_belongs_to_a_known_article():
    assert set(data.claim_articles()) <= set(data.load_articles()["article_id"])
    assert set(data.claim_articles()) == {ARTICLE, SUMMIT, EXODUS}


def test_a_changed_dataset_row_flips_the_verdict(seeds_copy):
    path = seeds_copy / "milestones.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("2023-12-13-prisoner-exchange,2023-12-13,", "2023-12-13-prisoner-exchange,2023-11-13,"),
        encoding="utf-8",
    )
    rehash(seeds_copy)
    _, ledger = claims.for_article(ARTICLE)
    assert dict(zip(ledger["claim_id"], ledger["verdict"], strict=False))["prisoner-swap-last-month"] == "contradicted"


def test_a_leader_meeting_after_granada_would_contradict_talks_on_hold(seeds_copy):
    path = seeds_copy / "milestones.csv"
    text = path.read_text(encoding="utf-8")
    assert "2023-07-15-brussels-michel-sixth,2023-07-15," in text
    path.write_text(
        text.replace("2023-07-15-brussels-michel-sixth,2023-07-15,", "2023-07-15-brussels-michel-sixth,2023-11-15,"),
        encoding="utf-8",
    )
    rehash(seeds_copy)
    _, ledger = claims.for_article(ARTICLE)
    row = ledger.set_index("claim_id").loc["talks-on-hold-since-october"]
    assert row["verdict"] == "contradicted" and "15 November 2023" in row["reason"]


def test_unknown_article_is_refused():
    with pytest.raises(KarabakhError, match=r"no article 'reuters-1999' .* known: afp-2024-01-28"):
        claims.for_article("reuters-1999")


def test_a_new_article_is_data_only(seeds_copy):
    """A row in articles.csv and a claims file: the explainer variant appears without touching reports.toml."""
    from analysis.build import config

    add_fictional_article(seeds_copy)
    slugs = [e["slug"] for e in config.read(ROOT / "reports.toml", seeds_copy)]
    assert f"explainer-{FICTIONAL}" in slugs and f"explainer-{FICTIONAL}-ru" in slugs
    assert "explainer-afp-2024-01-28-non-aggression-pact" in slugs
    assert len([s for s in slugs if s.startswith("explainer-")]) == 4 * 4
    assert run_cli("check", "--seeds", str(seeds_copy)).returncode == 0


def test_loading_claims_checks_the_hash(seeds_copy):
    path = seeds_copy / "claims" / f"{ARTICLE}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="sha256"):
        data.load_claims(ARTICLE, seeds_copy)


def test_notebooks_hold_no_html_strings():
    """Copy lives in markdown cells and in templates next to the code that fills them: no notebook builds HTML in a
    Python string, and none passes a whole computed text through style.prose("{text}", …)."""
    import ast
    import re

    tag = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?/?>")
    notebooks = sorted((ROOT / "notebooks").glob("*.py"))
    assert len(notebooks) >= 5
    for path in notebooks:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        strings = [
            node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
        ]
        assert not [s for s in strings if tag.search(s)], path.name
        assert not [s for s in strings if re.fullmatch(r"\s*\{\w+\}\s*", s)], path.name


def test_the_html_check_can_fail():
    import re

    tag = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?/?>")
    assert tag.search("<p>") and tag.search("<span class='kb-source'>") and tag.search("</strong>")
    assert not tag.search("1 < 2 > 0") and not tag.search("arrivals <= 100")


@pytest.mark.slow
def test_explainer_shows_the_sentences(tmp_path, execute_notebook):
    """Run the explainer in a real kernel: the ledger table and the timeline's description carry the sentences."""
    from analysis.build import config

    job = config.Job(
        slug="explainer-test",
        notebook="explainer",
        title="Explainer",
        params={"article": SUMMIT},
        notebook_path=ROOT / "notebooks" / "explainer.py",
    )
    ctx = ReportContext(seeds=ROOT / "seeds", notebook=job.notebook_path, params=job.params)
    nb = execute_notebook(job, tmp_path / "kernel.log", ctx)
    html = "\n".join(
        str(out.get("data", {}).get("text/html", "")) for cell in nb.cells for out in cell.get("outputs", [])
    )
    assert "rests on a weak kind of source (mirror)" in html and "not checkable" in html
    assert "names “White House” in its venue" in html and "No row of" not in html


def test_the_ledger_reads_only_the_report_contexts_seeds(monkeypatch):
    """No fallback to $KARABAKH_SEEDS or ./seeds once a report's context names its seeds."""
    monkeypatch.setenv("KARABAKH_SEEDS", "/nonexistent/seeds")
    story, ledger = claims.for_article(ARTICLE, ReportContext(seeds=ROOT / "seeds"))
    assert story["article_id"] == ARTICLE and len(ledger) > 0


# --- the report's language ----------------------------------------------------------------------------------------


class Bracketed(Language):
    """English, with every catalog string bracketed (date patterns aside): shows what went through the catalog."""

    def _(self, text):
        from analysis.i18n.language import DATE_PATTERNS

        return text if text in DATE_PATTERNS.values() else f"[{text}]"

    def n_(self, singular, plural, n):
        return f"[{singular if n == 1 else plural}]"


@pytest.mark.parametrize("article", [ARTICLE, SUMMIT, EXODUS])
def test_verdicts_stay_codes_and_only_what_a_reader_sees_is_translated(article):
    lang = Bracketed("en")
    story, ledger = claims.for_article(article, ReportContext(seeds=ROOT / "seeds", _lang=lang))
    assert set(ledger["verdict"]) <= set(claims.VERDICTS), "the computed codes, in every language"
    assert all(reason.startswith("[") for reason in ledger["reason"])
    table = tables.ledger_table(ledger, lang=lang)
    assert "[not checkable]" in set(table["verdict"])
    assert list(table.columns)[-2] == "source_url", "the frame keeps its column names (links)"
    html = style.table_html(table, caption="c", source="s", lang=lang, headings=tables.LEDGER_HEADINGS)
    assert html.count('<th scope="col">[') == len(table.columns), "every heading goes through the catalog"
    assert tables.ledger_caption(story["headline"], ledger, lang=lang).startswith("[Claims of")
    assert all(c == "" or c.startswith("[") for c in table["caveats"])
    assert "[(" in str(tables.article_paragraph(story, lang=lang))


def test_the_ledger_in_russian_writes_dates_and_numbers_the_russian_way():
    ctx = ReportContext(seeds=ROOT / "seeds", params={"language": "ru"})
    _, ledger = claims.for_article(ARTICLE, ctx)
    assert set(ledger["verdict"]) <= set(claims.VERDICTS)
    reasons = " ".join(ledger["reason"])
    assert "13 декабря 2023" in reasons and ctx.lang.number(100_417) in reasons
    assert "December" not in reasons and "100,417" not in reasons
