"""The claims ledger: each checkable claim of an article, evaluated against the current datasets.

A claim's `check` (in seeds/claims.csv) is a JSON rule: which dataset, which rows (`where`), and a test.
Verdicts are computed here, never typed into the CSV, so when a dataset row changes the verdict can change.

Rule forms::

    {"dataset": D, "where": {...}, "test": "date_within", "from": DATE, "to": DATE, "tolerance_days": N}
    {"dataset": D, "where": {...}, "test": "latest_within", "from": DATE, "to": DATE, "tolerance_days": N}
    {"dataset": D, "where": {...}, "test": "count_at_least", "value": N}
    {"dataset": D, "where": {...}, "test": "days_between_at_most", "value": N}
    {"dataset": D, "where": {...}, "test": "max_at_least", "column": C, "value": N, "tolerance": FRACTION}
    {"test": "not_checkable", "reason": TEXT}
    {"all": [rule, rule, ...]}

`where` maps a column to a value (equality), a list (any of), or {"from": …, "to": …} (an inclusive range).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from . import data
from .errors import DataError, KarabakhError

VERDICTS = ("supported", "imprecise", "contradicted", "malformed_figure", "not_checkable")
WELL_FORMED_NUMBER = re.compile(r"^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$")
DATE_COLUMNS = ("date", "as_of", "valid_from")  # the column a dataset's rows are dated by, first match wins
EVIDENCE_COLUMNS = ("id", "date", "title", "as_of", "value", "reported_by", "source_name", "source_url")


@dataclass
class Verdict:
    verdict: str
    reason: str
    evidence: pd.DataFrame = field(default_factory=pd.DataFrame)


class RuleError(DataError):
    """A claim's rule names a missing dataset or column, or is not a rule at all."""


def malformed(figure: str | None) -> bool:
    """True for a figure written with digits that no reader can take at face value, such as '100,00'."""
    if not isinstance(figure, str) or not any(ch.isdigit() for ch in figure):
        return False
    return not WELL_FORMED_NUMBER.match(figure.strip())


def evaluate(claims: pd.DataFrame, load: Callable[[str], pd.DataFrame] = data.load_table) -> pd.DataFrame:
    """Every claim with its computed verdict, reason and evidence rows (a DataFrame per claim)."""
    results = []
    for position, claim in enumerate(claims.itertuples(index=False), start=2):
        rule = _parse(claim.check, position)
        outcome = _judge(rule, load, position)
        if malformed(claim.claim_value) and outcome.verdict != "not_checkable":
            outcome = Verdict("malformed_figure",
                              f"the figure is printed as '{claim.claim_value}', which is not a well-formed number; "
                              f"read as intended: {outcome.verdict}, {outcome.reason}", outcome.evidence)
        results.append({"claim_id": claim.claim_id, "claim": claim.claim, "claim_value": claim.claim_value,
                        "verdict": outcome.verdict, "reason": outcome.reason, "evidence": outcome.evidence,
                        "note": claim.note})
    return pd.DataFrame(results, columns=["claim_id", "claim", "claim_value", "verdict", "reason", "evidence", "note"])


def for_article(article_id: str) -> tuple[pd.Series, pd.DataFrame]:
    """An article's metadata and its evaluated claims; an unknown id is refused with the known ones."""
    articles = data.load_articles()
    match = articles[articles["article_id"] == article_id]
    if match.empty:
        raise KarabakhError(f"no article '{article_id}' in seeds/articles.csv; known: {', '.join(articles['article_id'])}")
    claims = data.load_claims()
    return match.iloc[0], evaluate(claims[claims["article_id"] == article_id])


def _parse(text: str, row: int) -> Mapping[str, Any]:
    try:
        rule = json.loads(text)
    except (TypeError, json.JSONDecodeError) as exc:
        raise RuleError("seeds/claims.csv", f"the rule is not valid JSON ({exc})", row=row, column="check") from None
    if not isinstance(rule, dict):
        raise RuleError("seeds/claims.csv", "the rule must be a JSON object", row=row, column="check")
    return rule


def _judge(rule: Mapping[str, Any], load, row: int) -> Verdict:
    if "all" in rule:
        parts = [_judge(part, load, row) for part in rule["all"]]
        worst = max(parts, key=lambda v: _RANK[v.verdict])
        evidence = pd.concat([p.evidence for p in parts if not p.evidence.empty], ignore_index=True) \
            if any(not p.evidence.empty for p in parts) else pd.DataFrame()
        return Verdict(worst.verdict, "; ".join(p.reason for p in parts), evidence)
    test = rule.get("test")
    if test == "not_checkable":
        return Verdict("not_checkable", rule.get("reason", "no dataset covers this claim"))
    if test not in TESTS:
        raise RuleError("seeds/claims.csv", f"unknown test '{test}'", row=row, column="check",
                        expected="one of " + ", ".join([*TESTS, "not_checkable"]) + ", or {\"all\": [...]}")
    frame = _dataset(rule, load, row)
    rows = _select(frame, rule.get("where", {}), rule["dataset"], row)
    if rows.empty:
        return Verdict("not_checkable", f"no row of {rule['dataset']} matches {json.dumps(rule.get('where', {}))}")
    verdict, reason, decisive = TESTS[test](rows, rule)
    return Verdict(verdict, reason, _evidence(decisive))


_RANK = {"supported": 0, "imprecise": 1, "not_checkable": 2, "contradicted": 3, "malformed_figure": 4}


def _dataset(rule, load, row: int) -> pd.DataFrame:
    name = rule.get("dataset")
    names = [r["name"] for r in data.package().get("resources", []) if r.get("format") == "csv"]
    if name not in names:
        raise RuleError("seeds/claims.csv", f"the rule names dataset '{name}', which does not exist", row=row,
                        column="check", expected="one of " + ", ".join(names))
    return load(name)


def _select(frame: pd.DataFrame, where: Mapping[str, Any], dataset: str, row: int) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    for column, wanted in where.items():
        if column not in frame.columns:
            raise RuleError("seeds/claims.csv", f"the rule filters on column '{column}', which {dataset} does not have",
                            row=row, column="check", expected="one of " + ", ".join(frame.columns))
        values = frame[column]
        if isinstance(wanted, dict):
            bound = pd.Timestamp if pd.api.types.is_datetime64_any_dtype(values) else (lambda v: v)
            if "from" in wanted:
                keep &= values >= bound(wanted["from"])
            if "to" in wanted:
                keep &= values <= bound(wanted["to"])
        elif isinstance(wanted, list):
            keep &= values.isin(wanted)
        else:
            keep &= values == wanted
    return frame[keep.fillna(False)]


def _dates(rows: pd.DataFrame) -> pd.Series:
    column = next((c for c in DATE_COLUMNS if c in rows.columns), None)
    return pd.to_datetime(rows[column].astype(str).str[:10])


def _within(moment: pd.Timestamp, rule) -> tuple[str, str]:
    start, end = pd.Timestamp(rule["from"]), pd.Timestamp(rule["to"])
    when = f"{moment:%d %B %Y}"
    if start <= moment <= end:
        return "supported", f"{when} falls within {start:%d %b %Y} – {end:%d %b %Y}"
    off = (start - moment).days if moment < start else (moment - end).days
    if off <= rule.get("tolerance_days", 0):
        return "imprecise", f"{when} is {off} days outside {start:%d %b %Y} – {end:%d %b %Y}"
    return "contradicted", f"{when} is outside {start:%d %b %Y} – {end:%d %b %Y} by {off} days"


# Each test returns (verdict, reason, the rows that decided it).

def _date_within(rows, rule):
    dates = _dates(rows)
    return (*_within(dates.min(), rule), rows[dates == dates.min()])


def _latest_within(rows, rule):
    dates = _dates(rows)
    verdict, reason = _within(dates.max(), rule)
    return verdict, f"latest matching row: {reason}", rows[dates == dates.max()]


def _count_at_least(rows, rule):
    n, need = len(rows), rule["value"]
    return ("supported" if n >= need else "contradicted"), f"{n} matching rows (the claim needs at least {need})", rows


def _days_between_at_most(rows, rule):
    dates = _dates(rows)
    days = (dates.max() - dates.min()).days
    verdict = "supported" if days <= rule["value"] else "contradicted"
    reason = f"{days} day(s) between {dates.min():%d %B %Y} and {dates.max():%d %B %Y} (at most {rule['value']})"
    return verdict, reason, rows


def _max_at_least(rows, rule):
    column = rule.get("column", "value")
    top = rows[column].max()
    decisive = rows[rows[column] == top]
    need, slack = rule["value"], rule.get("tolerance", 0)
    if top >= need:
        return "supported", f"the highest figure is {int(top):,} (at least {need:,})", decisive
    if top >= need * (1 - slack):
        return "imprecise", f"the highest figure is {int(top):,}, just under {need:,}", decisive
    return "contradicted", f"the highest figure is {int(top):,}, below {need:,}", decisive


TESTS = {
    "date_within": _date_within,
    "latest_within": _latest_within,
    "count_at_least": _count_at_least,
    "days_between_at_most": _days_between_at_most,
    "max_at_least": _max_at_least,
}


def _evidence(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[[c for c in EVIDENCE_COLUMNS if c in rows.columns]].reset_index(drop=True)


def ledger_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger for print: claim, figure as written, verdict, why, and the evidence with its sources."""
    def evidence(rows: pd.DataFrame) -> str:
        if rows.empty:
            return "none in the datasets"
        key = "id" if "id" in rows.columns else rows.columns[0]
        return "; ".join(f"{r[key]} ({r['source_name']})" for _, r in rows.iterrows())

    def first_url(rows: pd.DataFrame):
        return rows["source_url"].iloc[0] if "source_url" in rows.columns and len(rows) else pd.NA

    return pd.DataFrame({
        "claim": ledger["claim"],
        "as written": ledger["claim_value"],
        "verdict": ledger["verdict"].str.replace("_", " "),
        "why": ledger["reason"],
        "evidence": ledger["evidence"].map(evidence),
        "source_url": ledger["evidence"].map(first_url),
        "how we read it": ledger["note"],
    })
