"""The claims ledger: each checkable claim of an article, evaluated against the current datasets.

A claim's `check` (in seeds/claims.csv) is a JSON rule: which dataset, which rows (`where`), and a test.
Verdicts are computed here, never typed into the CSV, so when a dataset row changes the verdict can change.

Rule forms::

    {"dataset": D, "where": {...}, "test": "date_within", "from": DATE, "to": DATE, "tolerance_days": N}
    {"dataset": D, "where": {...}, "test": "latest_within", "from": DATE, "to": DATE, "tolerance_days": N}
    {"dataset": D, "where": {...}, "test": "none_within", "from": DATE, "to": DATE}
    {"dataset": D, "where": {...}, "test": "count_at_least", "value": N}
    {"dataset": D, "where": {...}, "test": "days_between_at_most", "value": N}
    {"dataset": D, "where": {...}, "test": "period_overlaps", "from": DATE, "to": DATE}
    {"dataset": D, "where": {...}, "test": "first_at_least", "column": C, "value": N}
    {"dataset": D, "where": {...}, "test": "max_at_least", "column": C, "value": N, "tolerance": FRACTION}
    {"test": "not_checkable", "reason": TEXT}
    {"all": [rule, rule, ...]}

Any rule may name what its rows are (`"what": "leader-level EU-track meetings"`) for the explanation.
`where` maps a column to a value (equality), a list (any of), or {"from": …, "to": …} (an inclusive range).

Every verdict comes with one plain sentence built from its evidence rows by the templates below (plain text:
it is escaped wherever it is shown). A figure printed wrongly, such as "100,00", does not change the verdict:
it is a flag (`misprint`) shown next to it ("supported, figure misprinted").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup

from . import data
from .context import ReportContext, context_of
from .errors import DataError, KarabakhError

VERDICTS = ("supported", "imprecise", "contradicted", "not_checkable")
WELL_FORMED_NUMBER = re.compile(r"^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$")
DATE_COLUMNS = ("date", "as_of", "valid_from")  # the column a dataset's rows are dated by, first match wins
EVIDENCE_COLUMNS = (
    "id",
    "date",
    "end_date",
    "title",
    "as_of",
    "value",
    "reported_by",
    "source_kind",
    "source_name",
    "source_url",
)
WEAK_KINDS = ("mirror", "encyclopedia", "partisan_or_blog")


@dataclass
class Verdict:
    verdict: str
    reason: str
    evidence: pd.DataFrame = field(default_factory=pd.DataFrame)


class RuleError(DataError):
    """A claim's rule names a missing dataset or column, or is not a rule at all."""


# --- the sentences ----------------------------------------------------------------------------------------------
# One clause per test, filled from the evidence rows; a rule with several parts joins its clauses with "; ".
# Plain text (autoescape off): the table and the chart description escape it when they show it.

_TEXT = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
CLAUSES = {
    name: _TEXT.from_string(source)
    for name, source in {
        "date_within": (
            "“{{ title }}” is dated {{ when }}, "
            "{% if verdict == 'supported' %}{{ window.within }}{% else %}{{ off }} days outside {{ window.span }}{% endif %}"
        ),
        "latest_within": (
            "the latest {{ what }} is “{{ title }}” on {{ when }}, "
            "{% if verdict == 'supported' %}{{ window.within }}{% else %}{{ off }} days outside {{ window.span }}{% endif %}"
        ),
        "none_within": (
            "{% if inside %}{{ inside|length }} {{ what }} fall{{ '' if inside|length > 1 else 's' }} "
            "{{ window.between }}: {{ inside|join(', ') }}"
            "{% else %}no {{ what }} falls {{ window.between }}"
            "{% if last %}; the last one before was on {{ last.when }} (“{{ last.title }}”){% endif %}{% endif %}"
        ),
        "count_at_least": (
            "the data hold {{ n }} {{ what }}{% if n %}, from {{ first }} to {{ last }}{% endif %} "
            "(the claim needs at least {{ need }})"
        ),
        "days_between_at_most": (
            "“{{ first_title }}” ({{ first }}) and “{{ last_title }}” ({{ last }}) are {{ days }} "
            "day{{ '' if days == 1 else 's' }} apart (the claim allows at most {{ most }})"
        ),
        "period_overlaps": (
            "{% if not ended %}“{{ title }}” is recorded as a single day ({{ start }}), not as a period"
            "{% else %}“{{ title }}” is recorded as a period from {{ start }} to {{ end }}, "
            "{% if verdict == 'supported' %}overlapping{% else %}outside{% endif %} {{ window.span }}{% endif %}"
        ),
        "first_at_least": (
            "{% if found %}the first {{ what }} at or above {{ need }} was {{ value }}, as of {{ when }}"
            "{% if reporter %}, given by {{ reporter }}{% endif %}"
            "{% else %}no {{ what }} reaches {{ need }}; the highest is {{ value }}{% endif %}"
        ),
        "max_at_least": (
            "the highest {{ what }} is {{ value }}{% if when %}, as of {{ when }}{% endif %}, "
            "{{ 'at least' if verdict == 'supported' else 'below' }} {{ need }}"
        ),
        "no_rows": "no row of {{ dataset }} matches {{ where }}",
    }.items()
}
SENTENCE = _TEXT.from_string(
    "{% if misprint %}The figure is printed as “{{ printed }}”, a misprint{% if intended %} of {{ intended }}{% endif %}; "
    "read that way, {{ body }}"
    "{% else %}{{ body[:1]|upper }}{{ body[1:] }}{% endif %}."
)


def _say(test: str, **values) -> str:
    return CLAUSES[test].render(**values)


def sentence(clauses: list[str], printed: str | None = None, intended: str | None = None) -> str:
    """One plain sentence from a verdict's clauses (and the flag for a misprinted figure)."""
    body = "; ".join(c.rstrip(".") for c in clauses if c)
    return SENTENCE.render(body=body, misprint=bool(printed), printed=printed or "", intended=intended or "")


# --- evaluation -------------------------------------------------------------------------------------------------


def malformed(figure: str | None) -> bool:
    """True for a figure written with digits that no reader can take at face value, such as '100,00'."""
    if not isinstance(figure, str) or not any(ch.isdigit() for ch in figure):
        return False
    return not WELL_FORMED_NUMBER.match(figure.strip())


def evaluate(
    claims: pd.DataFrame,
    load: Callable[[str], pd.DataFrame] | None = None,
    where: ReportContext | None = None,
) -> pd.DataFrame:
    """Every claim with its computed verdict, the misprint flag, a one-sentence reason and its evidence rows.
    Datasets come from the report context's seeds (``load`` may stand in for the loader, in tests)."""
    ctx = context_of(where)
    load = load or (lambda name: data.load_table(name, ctx))
    results = []
    for position, claim in enumerate(claims.itertuples(index=False), start=2):
        rule = _parse(claim.check, position)
        clauses, outcome = _judge(rule, load, position, ctx.seeds)
        misprint = malformed(claim.claim_value) and outcome.verdict != "not_checkable"
        intended = f"{rule['value']:,}" if isinstance(rule.get("value"), (int, float)) else None
        reason = sentence(clauses, claim.claim_value if misprint else None, intended)
        results.append(
            {
                "claim_id": claim.claim_id,
                "claim": claim.claim,
                "claim_value": claim.claim_value,
                "verdict": outcome.verdict,
                "misprint": misprint,
                "reason": reason,
                "evidence": outcome.evidence,
                "note": claim.note,
            }
        )
    return pd.DataFrame(
        results, columns=["claim_id", "claim", "claim_value", "verdict", "misprint", "reason", "evidence", "note"]
    )


def for_article(article_id: str, where: ReportContext | None = None) -> tuple[pd.Series, pd.DataFrame]:
    """An article's metadata and its evaluated claims; an unknown id is refused with the known ones."""
    ctx = context_of(where)
    articles = data.load_articles(ctx)
    match = articles[articles["article_id"] == article_id]
    if match.empty:
        raise KarabakhError(
            f"no article '{article_id}' in seeds/articles.csv; known: {', '.join(articles['article_id'])}"
        )
    claims = data.load_claims(ctx)
    return match.iloc[0], evaluate(claims[claims["article_id"] == article_id], where=ctx)


def _parse(text: str, row: int) -> Mapping[str, Any]:
    try:
        rule = json.loads(text)
    except (TypeError, json.JSONDecodeError) as exc:
        raise RuleError("seeds/claims.csv", f"the rule is not valid JSON ({exc})", row=row, column="check") from None
    if not isinstance(rule, dict):
        raise RuleError("seeds/claims.csv", "the rule must be a JSON object", row=row, column="check")
    return rule


# The weakest part decides a rule with several parts. A misprint is not a verdict: see `evaluate`.
_RANK = {"supported": 0, "imprecise": 1, "not_checkable": 2, "contradicted": 3}


def _judge(rule: Mapping[str, Any], load, row: int, seeds) -> tuple[list[str], Verdict]:
    if "all" in rule:
        parts = [_judge(part, load, row, seeds) for part in rule["all"]]
        worst = max((v for _, v in parts), key=lambda v: _RANK[v.verdict])
        frames = [v.evidence for _, v in parts if not v.evidence.empty]
        evidence = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        return [c for clauses, _ in parts for c in clauses], Verdict(worst.verdict, "", evidence)
    test = rule.get("test")
    if test == "not_checkable":
        reason = rule.get("reason", "no dataset covers this claim")
        return [reason], Verdict("not_checkable", reason)
    if test not in TESTS:
        raise RuleError(
            "seeds/claims.csv",
            f"unknown test '{test}'",
            row=row,
            column="check",
            expected="one of " + ", ".join([*TESTS, "not_checkable"]) + ', or {"all": [...]}',
        )
    frame = _dataset(rule, load, row, seeds)
    rows = _select(frame, rule.get("where", {}), rule["dataset"], row)
    if rows.empty and test != "none_within":
        clause = _say("no_rows", dataset=rule["dataset"], where=json.dumps(rule.get("where", {})))
        return [clause], Verdict("not_checkable", clause)
    verdict, clause, decisive = TESTS[test](rows, rule, frame)
    return [clause], Verdict(verdict, clause, _evidence(decisive))


def _dataset(rule, load, row: int, seeds) -> pd.DataFrame:
    name = rule.get("dataset")
    names = [r["name"] for r in data.package(seeds).get("resources", []) if r.get("format") == "csv"]
    if name not in names:
        raise RuleError(
            "seeds/claims.csv",
            f"the rule names dataset '{name}', which does not exist",
            row=row,
            column="check",
            expected="one of " + ", ".join(names),
        )
    return load(name)


def _select(frame: pd.DataFrame, where: Mapping[str, Any], dataset: str, row: int) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    for column, wanted in where.items():
        if column not in frame.columns:
            raise RuleError(
                "seeds/claims.csv",
                f"the rule filters on column '{column}', which {dataset} does not have",
                row=row,
                column="check",
                expected="one of " + ", ".join(frame.columns),
            )
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
    return pd.to_datetime(rows[column].astype("string").str[:10], errors="coerce")


def _day(moment, precision: str | None = None) -> str:
    """A date as people write it: '15 July 2023', or '1991' for a date known to the year."""
    fmt = {"year": "%Y", "month": "%B %Y"}.get(precision or "day", "%-d %B %Y")
    return pd.Timestamp(moment).strftime(fmt)


def _when(row: pd.Series, moment=None) -> str:
    precision = row.get("date_precision") if "date_precision" in row.index else None
    return _day(moment if moment is not None else _dates(row.to_frame().T).iloc[0], precision)


def _window(rule) -> dict[str, str]:
    """A rule's date range in words: 'in October 2023', 'on 28 January 2024', 'between 1 October 2023 and …'."""
    start, end = pd.Timestamp(rule["from"]), pd.Timestamp(rule["to"])
    if start == end:
        span = _day(start)
        within = "the day claimed"
    elif start.is_month_start and end == start + pd.offsets.MonthEnd(0):
        span = f"{start:%B %Y}"
        within = f"in {span}"
    elif (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        span = (
            f"{start:%Y}"
            if start.year == end.year
            else (
                f"the {start.year}s" if start.year % 10 == 0 and end.year == start.year + 9 else f"{start:%Y}–{end:%Y}"
            )
        )
        within = f"in {span}"
    else:
        span = f"{_day(start)} – {_day(end)}"
        within = f"within {span}"
    return {"span": span, "within": within, "between": f"between {_day(start)} and {_day(end)}"}


def _title(row: pd.Series) -> str:
    for column in ("title", "id"):
        if column in row.index and pd.notna(row[column]):
            return str(row[column])
    return "the row"


def _what(rule, default: str) -> str:
    return rule.get("what", default)


def _off(moment: pd.Timestamp, rule) -> tuple[str, int]:
    start, end = pd.Timestamp(rule["from"]), pd.Timestamp(rule["to"])
    if start <= moment <= end:
        return "supported", 0
    off = (start - moment).days if moment < start else (moment - end).days
    return ("imprecise" if off <= rule.get("tolerance_days", 0) else "contradicted"), off


# Each test returns (verdict, clause, the rows that decided it).


def _date_within(rows, rule, frame):
    dates = _dates(rows)
    first = rows[dates == dates.min()]
    verdict, off = _off(dates.min(), rule)
    row = first.iloc[0]
    return (
        verdict,
        _say(
            "date_within",
            title=_title(row),
            when=_when(row, dates.min()),
            verdict=verdict,
            off=off,
            window=_window(rule),
        ),
        first,
    )


def _latest_within(rows, rule, frame):
    dates = _dates(rows)
    latest = rows[dates == dates.max()]
    verdict, off = _off(dates.max(), rule)
    row = latest.iloc[0]
    return (
        verdict,
        _say(
            "latest_within",
            what=_what(rule, "matching row"),
            title=_title(row),
            when=_when(row, dates.max()),
            verdict=verdict,
            off=off,
            window=_window(rule),
        ),
        latest,
    )


def _none_within(rows, rule, frame):
    """Supported when no matching row falls in [from, to]; the evidence is the last one before `from`."""
    dates = _dates(rows)
    start, end = pd.Timestamp(rule["from"]), pd.Timestamp(rule["to"])
    inside = rows[(dates >= start) & (dates <= end)]
    what = _what(rule, "matching row")
    if len(inside):
        named = [f"“{_title(r)}” ({_when(r)})" for _, r in inside.iterrows()]
        return "contradicted", _say("none_within", what=what, inside=named, window=_window(rule), last=None), inside
    before = rows[dates < start]
    last = None
    if len(before):
        latest = _dates(before).max()
        before = before[_dates(before) == latest]
        row = before.iloc[0]
        last = {"when": _when(row, latest), "title": _title(row)}
    return "supported", _say("none_within", what=what, inside=[], window=_window(rule), last=last), before


def _count_at_least(rows, rule, frame):
    n, need = len(rows), rule["value"]
    dates = _dates(rows)
    verdict = "supported" if n >= need else "contradicted"
    return (
        verdict,
        _say(
            "count_at_least",
            n=n,
            need=need,
            what=_what(rule, "matching rows"),
            first=_day(dates.min()) if n else "",
            last=_day(dates.max()) if n else "",
        ),
        rows,
    )


def _days_between_at_most(rows, rule, frame):
    dates = _dates(rows)
    days = (dates.max() - dates.min()).days
    verdict = "supported" if days <= rule["value"] else "contradicted"
    first, last = rows[dates == dates.min()].iloc[0], rows[dates == dates.max()].iloc[-1]
    return (
        verdict,
        _say(
            "days_between_at_most",
            first_title=_title(first),
            first=_day(dates.min()),
            last_title=_title(last),
            last=_day(dates.max()),
            days=days,
            most=rule["value"],
        ),
        rows,
    )


def _period_overlaps(rows, rule, frame):
    """Every matching row must be a period (an end date) that overlaps [from, to]: a war, not a day of fighting."""
    start, end = pd.Timestamp(rule["from"]), pd.Timestamp(rule["to"])
    clauses, verdict = [], "supported"
    for _, row in rows.iterrows():
        begin = _dates(row.to_frame().T).iloc[0]
        finish = row.get("end_date") if "end_date" in row.index else pd.NaT
        ended = pd.notna(finish)
        ok = ended and begin <= end and pd.Timestamp(finish) >= start
        verdict = verdict if ok else "contradicted"
        clauses.append(
            _say(
                "period_overlaps",
                title=_title(row),
                ended=ended,
                start=_when(row, begin),
                end=_day(finish) if ended else "",
                verdict="supported" if ok else "contradicted",
                window=_window(rule),
            )
        )
    return verdict, "; ".join(clauses), rows


def _strongest_first(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows citing a strong kind of page before rows resting on a mirror, an encyclopedia or a blog."""
    if "source_kind" not in rows.columns:
        return rows
    weak = rows["source_kind"].isin(WEAK_KINDS).astype(int)
    return rows.assign(_weak=weak.values).sort_values(["_weak"], kind="stable").drop(columns="_weak")


def _first_at_least(rows, rule, frame):
    """The earliest dated row whose figure reaches the value (all rows of that day that do), not the largest."""
    column, need = rule.get("column", "value"), rule["value"]
    dates = _dates(rows)
    dated = rows[dates.notna()]
    reached = dated[dated[column] >= need]
    what = _what(rule, "figure")
    if reached.empty:
        return (
            "contradicted",
            _say(
                "first_at_least",
                found=False,
                what=what,
                need=f"{need:,}",
                value=f"{int(dated[column].max()):,}" if len(dated) else "none",
            ),
            dated,
        )
    day = _dates(reached).min()
    first = _strongest_first(reached[_dates(reached) == day])
    values = sorted({int(v) for v in first[column]})
    reporter = (
        first["reported_by"].dropna().iloc[0]
        if "reported_by" in first.columns and first["reported_by"].notna().any()
        else ""
    )
    return (
        "supported",
        _say(
            "first_at_least",
            found=True,
            what=what,
            need=f"{need:,}",
            value=" or ".join(f"{v:,}" for v in values),
            when=_day(day),
            reporter=reporter,
        ),
        first,
    )


def _max_at_least(rows, rule, frame):
    column = rule.get("column", "value")
    top = rows[column].max()
    decisive = rows[rows[column] == top]
    need, slack = rule["value"], rule.get("tolerance", 0)
    verdict = "supported" if top >= need else "imprecise" if top >= need * (1 - slack) else "contradicted"
    dates = _dates(decisive)
    return (
        verdict,
        _say(
            "max_at_least",
            what=_what(rule, "figure"),
            value=f"{int(top):,}",
            need=f"{need:,}",
            verdict=verdict,
            when=_day(dates.min()) if dates.notna().any() else "",
        ),
        decisive,
    )


TESTS = {
    "date_within": _date_within,
    "latest_within": _latest_within,
    "none_within": _none_within,
    "count_at_least": _count_at_least,
    "days_between_at_most": _days_between_at_most,
    "period_overlaps": _period_overlaps,
    "first_at_least": _first_at_least,
    "max_at_least": _max_at_least,
}


def _evidence(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[[c for c in EVIDENCE_COLUMNS if c in rows.columns]].reset_index(drop=True)


# --- how the ledger is shown ------------------------------------------------------------------------------------


def verdict_label(verdict: str, misprint: bool) -> str:
    """'supported', or 'supported, figure misprinted' when the figure was printed wrongly."""
    label = verdict.replace("_", " ")
    return f"{label}, figure misprinted" if misprint else label


def ledger_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger for print: claim, figure as written, verdict, the sentence that explains it, the evidence."""

    def evidence(rows: pd.DataFrame) -> str:
        if rows.empty:
            return "none in the datasets"
        key = "id" if "id" in rows.columns else rows.columns[0]
        return "; ".join(f"{r[key]} ({r['source_name']})" for _, r in rows.iterrows())

    def first_url(rows: pd.DataFrame):
        return rows["source_url"].iloc[0] if "source_url" in rows.columns and len(rows) else pd.NA

    return pd.DataFrame(
        {
            "claim": ledger["claim"],
            "as written": ledger["claim_value"],
            "verdict": [verdict_label(v, m) for v, m in zip(ledger["verdict"], ledger["misprint"], strict=False)],
            "why": ledger["reason"],
            "evidence": ledger["evidence"].map(evidence),
            "source_url": ledger["evidence"].map(first_url),
            "how we read it": ledger["note"],
        }
    )


LEDGER_SUMMARY = _TEXT.from_string(
    "Claims of “{{ headline }}” checked against the data: "
    "{% for label, n in counts %}{{ n }} {{ label }}{{ ', ' if not loop.last }}{% endfor %}"
    "{% if misprinted %} ({{ misprinted }} with a misprinted figure){% endif %}."
)


def ledger_caption(headline: str, ledger: pd.DataFrame) -> str:
    """The ledger table's caption: what was checked and how many claims got each verdict (plain text)."""
    counts = [
        (v.replace("_", " "), int((ledger["verdict"] == v).sum())) for v in VERDICTS if (ledger["verdict"] == v).any()
    ]
    return LEDGER_SUMMARY.render(headline=headline, counts=counts, misprinted=int(ledger["misprint"].sum()))


def ledger_sentences(ledger: pd.DataFrame, dataset: str = "milestones") -> list[str]:
    """The explanations of the claims checked against one dataset (for a chart's description)."""
    keep = [
        ("id" in ev.columns and "title" in ev.columns) if dataset == "milestones" else ("as_of" in ev.columns)
        for ev in ledger["evidence"]
    ]
    return [
        f"{verdict_label(v, m).capitalize()}: {r}"
        for v, m, r, k in zip(ledger["verdict"], ledger["misprint"], ledger["reason"], keep, strict=False)
        if k
    ]


# Paragraphs of the explainer: HTML lives here, next to the code that fills it; Markup.format escapes the values.
ARTICLE_PARAGRAPH = Markup("<p><strong>{headline}</strong> ({wire}, {date}; carried by {outlets}).</p>")


def article_paragraph(story: pd.Series) -> Markup:
    """The article in one line: headline, wire, date, outlets."""
    return ARTICLE_PARAGRAPH.format(
        headline=story["headline"], wire=story["wire"], date=f"{story['published']:%d %B %Y}", outlets=story["outlets"]
    )
