"""The claims ledger: verdicts are computed from the datasets, and follow them when they change."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from analysis import data
from analysis.claims import transforms as claims
from analysis.core.errors import KarabakhError
from analysis.i18n.language import Language
from analysis.present import style

from helpers import ROOT, rehash

ARTICLE = "afp-2024-01-28-non-aggression-pact"
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
            "leader_level": pd.array([False, False, True, False, False, False, False, False], dtype="boolean"),
            "source_name": list("ABCDEFGH"),
            "source_url": [f"https://{c}.example" for c in "abcdefgh"],
        }
    )
    return frame


def displacement_fixture() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["early", "first", "later", "register", "undated"],
            "episode": ["2023"] * 5,
            "measure": [
                "cumulative_arrivals",
                "cumulative_arrivals",
                "cumulative_arrivals",
                "registered",
                "cumulative_arrivals",
            ],
            "publisher_type": ["government_am"] * 5,
            "as_of": ["2023-09-29T20:00+04:00", "2023-09-30", "2023-10-02", "2023-10-20", None],
            "value": pd.array([93_000, 100_417, 100_520, 101_848, 100_900], dtype="Int64"),
            "reported_by": ["Spokesperson", "Spokesperson", "Spokesperson", "Migration service", "Government"],
            "source_name": list("EFGHI"),
            "source_url": [f"https://{c}.example" for c in "efghi"],
        }
    )


FIXTURES = {"milestones": milestones_fixture, "displacement": displacement_fixture}


def judge_row(check: dict, value: str = "") -> pd.Series:
    frame = pd.DataFrame(
        [
            {
                "claim_id": "c",
                "claim": "a claim",
                "claim_value": value or pd.NA,
                "check": json.dumps(check),
                "note": pd.NA,
            }
        ]
    )
    return claims.evaluate(frame, load=lambda name: FIXTURES[name]()).iloc[0]


def judge(check: dict, value: str = "") -> claims.Verdict:
    row = judge_row(check, value)
    return claims.Verdict(row["verdict"], row["reason"], row["evidence"])


def seed_rule(claim_id: str) -> dict:
    return json.loads(data.load_claims().set_index("claim_id").loc[claim_id, "check"])


def test_supported_with_its_evidence_row():
    verdict = judge(
        {
            "dataset": "milestones",
            "where": {"id": "swap"},
            "test": "date_within",
            "from": "2023-12-01",
            "to": "2023-12-31",
        }
    )
    assert verdict.verdict == "supported"
    assert list(verdict.evidence["source_url"]) == ["https://d.example"]
    assert verdict.reason == "“Prisoner swap” is dated 13 December 2023, in December 2023."


def test_contradicted():
    verdict = judge(
        {
            "dataset": "milestones",
            "where": {"id": "swap"},
            "test": "date_within",
            "from": "2023-11-01",
            "to": "2023-11-30",
        }
    )
    assert verdict.verdict == "contradicted" and "13 days outside November 2023" in verdict.reason


def test_imprecise_only_within_an_explicit_tolerance():
    rule = {
        "dataset": "milestones",
        "where": {"id": "meeting"},
        "test": "latest_within",
        "from": "2023-10-01",
        "to": "2023-10-31",
    }
    assert judge(rule).verdict == "contradicted"
    verdict = judge({**rule, "tolerance_days": 120})
    assert verdict.verdict == "imprecise" and "78 days outside" in verdict.reason


# --- "on hold since October": the event that stopped the talks, then no leader-level EU-track meeting ------------


def test_none_within_is_supported_by_silence_and_names_the_last_meeting():
    verdict = judge(
        {
            "dataset": "milestones",
            "where": {"track": ["eu"], "leader_level": True},
            "test": "none_within",
            "from": "2023-10-01",
            "to": "2024-01-28",
            "what": "leader-level EU-track meeting",
        }
    )
    assert verdict.verdict == "supported"
    assert list(verdict.evidence["id"]) == ["meeting"]
    assert verdict.reason == (
        "No leader-level EU-track meeting falls between 1 October 2023 and 28 January 2024; "
        "the last one before was on 15 July 2023 (“Meeting”)."
    )


def test_none_within_is_contradicted_by_a_meeting_inside_the_window():
    frame = milestones_fixture()
    frame.loc[frame["id"] == "meeting", "date"] = pd.Timestamp("2023-11-20")
    rule = {
        "dataset": "milestones",
        "where": {"track": ["eu"], "leader_level": True},
        "test": "none_within",
        "from": "2023-10-01",
        "to": "2024-01-28",
    }
    row = claims.evaluate(
        pd.DataFrame([{"claim_id": "c", "claim": "c", "claim_value": pd.NA, "check": json.dumps(rule), "note": pd.NA}]),
        load=lambda name: frame,
    ).iloc[0]
    assert row["verdict"] == "contradicted" and "“Meeting” (20 November 2023)" in row["reason"]


def test_talks_on_hold_rule_has_no_tolerance_and_checks_the_granada_no_show():
    rule = seed_rule("talks-on-hold-since-october")
    assert "tolerance_days" not in json.dumps(rule), "the arbitrary 120-day tolerance is gone"
    parts = rule["all"]
    assert parts[0]["where"] == {"id": "2023-10-05-granada-epc-without-aliyev"} and parts[0]["test"] == "date_within"
    assert (parts[0]["from"], parts[0]["to"]) == ("2023-10-01", "2023-10-31")
    assert parts[1]["test"] == "none_within" and parts[1]["where"] == {"track": ["eu"], "leader_level": True}
    assert (parts[1]["from"], parts[1]["to"]) == ("2023-10-01", "2024-01-28")
    on_fixture = {"all": [{**parts[0], "where": {"id": "granada"}}, parts[1]]}
    assert judge(on_fixture).verdict == "supported", "Granada in October, last leader meeting in July: supported"


# --- a misprinted figure is a flag, not a verdict ------------------------------------------------------------------


def test_misprint_is_a_flag_on_the_verdict_not_a_verdict():
    assert "malformed_figure" not in claims.VERDICTS and "malformed_figure" not in claims._RANK
    row = judge_row(
        {
            "dataset": "displacement",
            "where": {"episode": ["2023"], "measure": ["cumulative_arrivals"]},
            "test": "first_at_least",
            "column": "value",
            "value": 100_000,
        },
        value="100,00",
    )
    assert row["verdict"] == "supported" and bool(row["misprint"])
    assert row["reason"].startswith("The figure is printed as “100,00”, a misprint of 100,000; read that way")
    assert claims.verdict_label(row["verdict"], row["misprint"], lang=EN) == "supported, figure misprinted"
    contradicted = judge_row(
        {
            "dataset": "milestones",
            "where": {"id": "swap"},
            "test": "date_within",
            "from": "2023-11-01",
            "to": "2023-11-30",
        },
        value="100,00",
    )
    assert contradicted["verdict"] == "contradicted" and bool(contradicted["misprint"]), (
        "a misprint never hides or outranks a contradiction"
    )


def test_first_at_least_takes_the_first_count_to_pass_not_the_largest_or_the_register():
    verdict = judge(
        {
            "dataset": "displacement",
            "where": {"episode": ["2023"], "measure": ["cumulative_arrivals"]},
            "test": "first_at_least",
            "column": "value",
            "value": 100_000,
            "what": "count",
        }
    )
    assert list(verdict.evidence["id"]) == ["first"], "30 Sep, not the 2 Oct count nor the 20 Oct register"
    assert "100,417, as of 30 September 2023, given by Spokesperson" in verdict.reason


def test_the_100000_rule_selects_by_rule_not_by_id():
    rule = seed_rule("more-than-100000-fled")
    assert rule["test"] == "first_at_least" and rule["value"] == 100_000 and "id" not in rule["where"]
    assert rule["where"]["measure"] == ["cumulative_arrivals"] and rule["where"]["publisher_type"] == ["government_am"]


def test_well_formed_figures_are_not_flagged():
    assert not claims.malformed("100,000") and not claims.malformed("1,000,000") and not claims.malformed("42")
    assert claims.malformed("100,00") and claims.malformed("1,00,000")


# --- two wars, each a period ---------------------------------------------------------------------------------------


def test_a_war_is_checked_as_a_period():
    verdict = judge(
        {
            "all": [
                {
                    "dataset": "milestones",
                    "where": {"id": "war-1990s"},
                    "test": "period_overlaps",
                    "from": "1990-01-01",
                    "to": "1999-12-31",
                },
                {
                    "dataset": "milestones",
                    "where": {"id": "war-2020"},
                    "test": "period_overlaps",
                    "from": "2020-01-01",
                    "to": "2020-12-31",
                },
            ]
        }
    )
    assert verdict.verdict == "supported" and list(verdict.evidence["id"]) == ["war-1990s", "war-2020"]
    assert "“First war” is recorded as a period from 1991 to 12 May 1994, overlapping the 1990s" in verdict.reason
    one_day = judge(
        {
            "dataset": "milestones",
            "where": {"id": "one-day-war"},
            "test": "period_overlaps",
            "from": "2023-01-01",
            "to": "2023-12-31",
        }
    )
    assert one_day.verdict == "contradicted" and "not as a period" in one_day.reason


def test_two_wars_rule_uses_the_two_period_rows():
    rule = seed_rule("two-wars")
    assert [p["test"] for p in rule["all"]] == ["period_overlaps", "period_overlaps"]
    assert [p["where"]["id"] for p in rule["all"]] == [
        "1991-01-01-first-karabakh-war",
        "2020-09-27-second-karabakh-war",
    ]


# --- rules in general ----------------------------------------------------------------------------------------------


def test_not_checkable_by_rule_and_by_missing_rows():
    assert judge({"test": "not_checkable", "reason": "no data"}).verdict == "not_checkable"
    verdict = judge({"dataset": "milestones", "where": {"id": "nothing"}, "test": "count_at_least", "value": 1})
    assert verdict.verdict == "not_checkable" and "No row of milestones matches" in verdict.reason


def test_all_of_several_rules_takes_the_weakest():
    verdict = judge(
        {
            "all": [
                {
                    "dataset": "milestones",
                    "where": {"id": ["offensive", "ceasefire"]},
                    "test": "days_between_at_most",
                    "value": 1,
                },
                {"dataset": "milestones", "where": {"kind": ["summit"]}, "test": "count_at_least", "value": 3},
            ]
        }
    )
    assert verdict.verdict == "contradicted" and "are 1 day apart" in verdict.reason


@pytest.mark.parametrize(
    ("check", "words"),
    [
        (
            {"dataset": "casualties", "where": {}, "test": "count_at_least", "value": 1},
            "dataset 'casualties', which does not exist",
        ),
        (
            {"dataset": "milestones", "where": {"mediator": "eu"}, "test": "count_at_least", "value": 1},
            "column 'mediator'",
        ),
        ({"dataset": "milestones", "where": {}, "test": "looks_right"}, "unknown test 'looks_right'"),
    ],
)
def test_bad_rules_name_the_row_and_column(check, words):
    with pytest.raises(claims.RuleError) as caught:
        judge(check)
    assert words in str(caught.value)
    assert caught.value.file == "seeds/claims.csv" and caught.value.row == 2 and caught.value.column == "check"


# --- the seed article ----------------------------------------------------------------------------------------------


def test_the_seed_article_ledger():
    article, ledger = claims.for_article(ARTICLE)
    assert article["published"] == pd.Timestamp("2024-01-28")
    verdicts = dict(zip(ledger["claim_id"], ledger["verdict"], strict=False))
    flags = dict(zip(ledger["claim_id"], ledger["misprint"], strict=False))
    assert verdicts["more-than-100000-fled"] == "supported" and flags["more-than-100000-fled"]
    assert verdicts["prisoner-swap-last-month"] == "supported"
    assert verdicts["talks-on-hold-since-october"] == "supported"
    assert verdicts["two-wars"] == "supported"
    assert verdicts["peace-deal-by-end-of-year"] == "not_checkable"
    assert set(verdicts.values()) <= set(claims.VERDICTS)
    assert sum(map(bool, flags.values())) == 1


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
    picked = displacement.loc[list(evidence["id"])]
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


def test_two_wars_evidence_leaves_out_the_one_day_offensive():
    _, ledger = claims.for_article(ARTICLE)
    evidence = ledger.set_index("claim_id").loc["two-wars", "evidence"]
    assert list(evidence["id"]) == ["1991-01-01-first-karabakh-war", "2020-09-27-second-karabakh-war"]
    assert evidence["end_date"].notna().all()


def test_ledger_table_and_caption_carry_the_flag_and_the_sentences():
    article, ledger = claims.for_article(ARTICLE)
    table = claims.ledger_table(ledger, lang=EN).set_index("claim")
    assert "supported, figure misprinted" in set(table["verdict"])
    assert list(table["why"]) == list(ledger["reason"])
    caption = claims.ledger_caption(article["headline"], ledger, lang=EN)
    assert caption.endswith("(1 with a misprinted figure).") and "9 supported" in caption
    described = claims.ledger_sentences(ledger, "milestones", lang=EN)
    assert any("Granada" in s for s in described) and not any("100,00" in s for s in described)


def test_explainer_paragraphs_escape_data():
    story = pd.Series(
        {"headline": "<script>x</script>", "wire": "AFP", "published": pd.Timestamp("2024-01-28"), "outlets": "A & B"}
    )
    html = str(claims.article_paragraph(story, lang=EN))
    assert "<script>" not in html and "&lt;script&gt;" in html and "A &amp; B" in html


def test_every_claim_belongs_to_a_known_article():
    assert set(data.load_claims()["article_id"]) <= set(data.load_articles()["article_id"])


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


def test_a_new_article_is_data_rows_only(seeds_copy):
    with (seeds_copy / "articles.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [
                "fixture-2023-12-14",
                "Fixture: prisoners exchanged",
                "Fixture wire",
                "2023-12-14",
                "2023-12-13-prisoner-exchange",
                "Fixture outlet",
                "https://example.org/fixture",
                "",
            ]
        )
    rule = {
        "dataset": "milestones",
        "where": {"id": "2023-12-13-prisoner-exchange"},
        "test": "date_within",
        "from": "2023-12-13",
        "to": "2023-12-13",
    }
    with (seeds_copy / "claims.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [
                "fixture-swap-yesterday",
                "fixture-2023-12-14",
                "Prisoners were exchanged yesterday.",
                "yesterday",
                json.dumps(rule),
                "",
            ]
        )
    rehash(seeds_copy)
    article, ledger = claims.for_article("fixture-2023-12-14")
    assert article["headline"] == "Fixture: prisoners exchanged"
    assert list(ledger["verdict"]) == ["supported"]
    assert ledger["reason"].iloc[0].endswith("is dated 13 December 2023, the day claimed.")


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
    from analysis.data.context import ReportContext

    job = config.Job(
        slug="explainer-test",
        notebook="explainer",
        title="Explainer",
        params={"article": ARTICLE},
        notebook_path=ROOT / "notebooks" / "explainer.py",
    )
    ctx = ReportContext(seeds=ROOT / "seeds", notebook=job.notebook_path, params=job.params)
    nb = execute_notebook(job, tmp_path / "kernel.log", ctx)
    html = "\n".join(
        str(out.get("data", {}).get("text/html", "")) for cell in nb.cells for out in cell.get("outputs", [])
    )
    assert "supported, figure misprinted" in html
    assert "the last one before was on 15 July 2023" in html
    specs = [
        out["data"]["application/vnd.plotly.v1+json"]
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "application/vnd.plotly.v1+json" in out.get("data", {})
    ]
    alts = [spec["layout"]["meta"]["alt"] for spec in specs]
    assert any("Aliyev skips Granada" in alt and "Supported:" in alt for alt in alts)


def test_the_ledger_reads_only_the_report_contexts_seeds(monkeypatch):
    """No fallback to $KARABAKH_SEEDS or ./seeds once a report's context names its seeds."""
    from analysis.data.context import ReportContext

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


def test_verdicts_stay_codes_and_only_what_a_reader_sees_is_translated():
    from analysis.data.context import ReportContext

    lang = Bracketed("en")
    story, ledger = claims.for_article(ARTICLE, ReportContext(seeds=ROOT / "seeds", _lang=lang))
    assert set(ledger["verdict"]) <= set(claims.VERDICTS), "the computed codes, in every language"
    assert all(reason.startswith("[") for reason in ledger["reason"])
    table = claims.ledger_table(ledger, lang=lang)
    assert "[[supported], figure misprinted]" in set(table["verdict"]) and "[not checkable]" in set(table["verdict"])
    assert list(table.columns)[-2] == "source_url", "the frame keeps its column names (links)"
    html = style.table_html(table, caption="c", source="s", lang=lang, headings=claims.LEDGER_HEADINGS)
    assert html.count('<th scope="col">[') == len(table.columns), "every heading goes through the catalog"
    assert claims.ledger_caption(story["headline"], ledger, lang=lang).startswith("[Claims of")
    assert all(s.startswith("[") for s in claims.ledger_sentences(ledger, lang=lang))
    assert "[(" in str(claims.article_paragraph(story, lang=lang))


def test_the_ledger_in_russian_writes_dates_and_numbers_the_russian_way():
    from analysis.data.context import ReportContext

    ctx = ReportContext(seeds=ROOT / "seeds", params={"language": "ru"})
    _, ledger = claims.for_article(ARTICLE, ctx)
    assert set(ledger["verdict"]) <= set(claims.VERDICTS)
    reasons = " ".join(ledger["reason"])
    assert "13 декабря 2023" in reasons and ctx.lang.number(100_417) in reasons
    assert "December" not in reasons and "100,417" not in reasons
