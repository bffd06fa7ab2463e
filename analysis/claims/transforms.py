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

Every verdict comes with one plain sentence built from its evidence rows by the tests below, in the report's
language (plain text: it is escaped wherever it is shown). The verdicts themselves stay codes (``VERDICTS``); only
their names are translated, where they are shown. A figure printed wrongly, such as "100,00", does not change the
verdict: it is a flag (`misprint`) shown next to it ("supported, figure misprinted").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from markupsafe import Markup

from analysis import data
from analysis.core.errors import DataError, KarabakhError
from analysis.data.context import ReportContext, context_of
from analysis.i18n.language import N_, Language, N_plural

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
# Each clause is a whole catalog entry in the report's language. Plain text: the table and the chart description
# escape it when they show it.


def sentence(clauses: list[str], printed: str | None = None, intended: str | None = None, *, lang: Language) -> str:
    """One plain sentence from a verdict's clauses (and the flag for a misprinted figure)."""
    body = "; ".join(c.rstrip(".") for c in clauses if c)
    if printed and intended:
        text = lang._("The figure is printed as “{printed}”, a misprint of {intended}; read that way, {body}.")
        return text.format(printed=printed, intended=intended, body=body)
    if printed:
        return lang._("The figure is printed as “{printed}”, a misprint; read that way, {body}.").format(
            printed=printed, body=body
        )
    return lang._("{sentence}.").format(sentence=body[:1].upper() + body[1:])


def _figure(value, lang: Language) -> str:
    """A number from a rule or a dataset, with the language's separators ('100,000'; decimals kept)."""
    if isinstance(value, float) and not value.is_integer():
        return lang.number(value, digits=len(repr(value).partition(".")[2]) or 1)
    return lang.number(value)


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
    Datasets come from the report context's seeds (``load`` may stand in for the loader, in tests); the reasons are
    written in the context's language. The verdict column holds the codes of ``VERDICTS`` in every language."""
    ctx = context_of(where)
    lang = ctx.lang
    load = load or (lambda name: data.load_table(name, ctx))
    results = []
    for position, claim in enumerate(claims.itertuples(index=False), start=2):
        rule = _parse(claim.check, position)
        clauses, outcome = _judge(rule, load, position, ctx.seeds, lang)
        misprint = malformed(claim.claim_value) and outcome.verdict != "not_checkable"
        intended = _figure(rule["value"], lang) if isinstance(rule.get("value"), (int, float)) else None
        reason = sentence(clauses, claim.claim_value if misprint else None, intended, lang=lang)
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


def _judge(rule: Mapping[str, Any], load, row: int, seeds, lang: Language) -> tuple[list[str], Verdict]:
    if "all" in rule:
        parts = [_judge(part, load, row, seeds, lang) for part in rule["all"]]
        worst = max((v for _, v in parts), key=lambda v: _RANK[v.verdict])
        frames = [v.evidence for _, v in parts if not v.evidence.empty]
        evidence = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        return [c for clauses, _ in parts for c in clauses], Verdict(worst.verdict, "", evidence)
    test = rule.get("test")
    if test == "not_checkable":
        reason = rule["reason"] if "reason" in rule else lang._("no dataset covers this claim")
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
        clause = lang._("no row of {dataset} matches {where}").format(
            dataset=rule["dataset"], where=json.dumps(rule.get("where", {}))
        )
        return [clause], Verdict("not_checkable", clause)
    verdict, clause, decisive = TESTS[test](rows, rule, lang)
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


def _when(row: pd.Series, lang: Language, moment=None) -> str:
    """A row's date as people write it: '15 July 2023', 'July 2023', or '1991' for a date known to the year."""
    moment = moment if moment is not None else _dates(row.to_frame().T).iloc[0]
    return lang.date(moment, row.get("date_precision"), long=True)


def _window(rule, lang: Language) -> dict[str, str]:
    """A rule's date range: how the claim places it (``kind``: 'day', 'in' a month, year or decade, or 'within' a
    range), the range in words (``span``: '28 January 2024', 'October 2023', 'the 1990s', '1 October 2023 – …'),
    and its first and last days in words."""
    start, end = pd.Timestamp(rule["from"]), pd.Timestamp(rule["to"])
    if start == end:
        kind, span = "day", lang.day(start)
    elif start.is_month_start and end == start + pd.offsets.MonthEnd(0):
        kind, span = "in", lang.date(start, "month", long=True)
    elif (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        kind = "in"
        if start.year == end.year:
            span = lang.date(start, "year")
        elif start.year % 10 == 0 and end.year == start.year + 9:
            span = lang._("the {decade}s").format(decade=start.year)
        else:
            span = lang._("{first_year}–{last_year}").format(first_year=start.year, last_year=end.year)
    else:
        kind = "within"
        span = lang._("{first_day} – {last_day}").format(first_day=lang.day(start), last_day=lang.day(end))
    return {"kind": kind, "span": span, "start": lang.day(start), "end": lang.day(end)}


def _title(row: pd.Series, lang: Language) -> str:
    for column in ("title", "id"):
        if column in row.index and pd.notna(row[column]):
            return str(row[column])
    return lang._("the row")


def _what(rule, default: str, lang: Language) -> str:
    """What the rule's rows are, as the rule names them (data), or the default (marked with N_ by the caller)."""
    return rule["what"] if "what" in rule else lang._(default)


def _off(moment: pd.Timestamp, rule) -> tuple[str, int]:
    start, end = pd.Timestamp(rule["from"]), pd.Timestamp(rule["to"])
    if start <= moment <= end:
        return "supported", 0
    off = (start - moment).days if moment < start else (moment - end).days
    return ("imprecise" if off <= rule.get("tolerance_days", 0) else "contradicted"), off


# Each test returns (verdict, clause, the rows that decided it).


# The clause that places a row's date against the claim's window: by how far outside it falls, or, when inside, by
# the kind of window (a day, "in" a month or year, "within" a range).
DATED = {
    "off": N_plural(
        "“{title}” is dated {when}, {off} day outside {span}", "“{title}” is dated {when}, {off} days outside {span}"
    ),
    "day": N_("“{title}” is dated {when}, the day claimed"),
    "in": N_("“{title}” is dated {when}, in {span}"),
    "within": N_("“{title}” is dated {when}, within {span}"),
}
LATEST = {
    "off": N_plural(
        "the latest {what} is “{title}” on {when}, {off} day outside {span}",
        "the latest {what} is “{title}” on {when}, {off} days outside {span}",
    ),
    "day": N_("the latest {what} is “{title}” on {when}, the day claimed"),
    "in": N_("the latest {what} is “{title}” on {when}, in {span}"),
    "within": N_("the latest {what} is “{title}” on {when}, within {span}"),
}


def _placed(clauses: dict, rows: pd.DataFrame, moment, rule, lang: Language, **values):
    """(verdict, clause, the rows dated ``moment``) for the row dated ``moment`` against the claim's window."""
    verdict, off = _off(moment, rule)
    chosen = rows[_dates(rows) == moment]
    row, window = chosen.iloc[0], _window(rule, lang)
    values |= {"title": _title(row, lang), "when": _when(row, lang, moment), "span": window["span"]}
    if verdict != "supported":
        return verdict, lang.n_(*clauses["off"], off).format(off=lang.number(off), **values), chosen
    kind = window["kind"] if window["kind"] in ("day", "in") else "within"
    return verdict, lang._(clauses[kind]).format(**values), chosen


def _date_within(rows, rule, lang: Language):
    return _placed(DATED, rows, _dates(rows).min(), rule, lang)


def _latest_within(rows, rule, lang: Language):
    return _placed(LATEST, rows, _dates(rows).max(), rule, lang, what=_what(rule, N_("matching row"), lang))


def _none_within(rows, rule, lang: Language):
    """Supported when no matching row falls in [from, to]; the evidence is the last one before `from`."""
    dates = _dates(rows)
    start, end = pd.Timestamp(rule["from"]), pd.Timestamp(rule["to"])
    inside = rows[(dates >= start) & (dates <= end)]
    window = _window(rule, lang)
    what = _what(rule, N_("matching row"), lang)
    if len(inside):
        named = [
            lang._("“{title}” ({date})").format(title=_title(r, lang), date=_when(r, lang))
            for _, r in inside.iterrows()
        ]
        text = lang.n_(
            "{n} {what} falls between {start} and {end}: {rows}",
            "{n} {what} fall between {start} and {end}: {rows}",
            len(inside),
        )
        clause = text.format(
            n=lang.number(len(inside)), what=what, start=window["start"], end=window["end"], rows=", ".join(named)
        )
        return "contradicted", clause, inside
    before = rows[dates < start]
    if not len(before):
        clause = lang._("no {what} falls between {start} and {end}").format(
            what=what, start=window["start"], end=window["end"]
        )
        return "supported", clause, before
    latest = _dates(before).max()
    before = before[_dates(before) == latest]
    row = before.iloc[0]
    clause = lang._("no {what} falls between {start} and {end}; the last one before was on {when} (“{title}”)").format(
        what=what, start=window["start"], end=window["end"], when=_when(row, lang, latest), title=_title(row, lang)
    )
    return "supported", clause, before


def _count_at_least(rows, rule, lang: Language):
    n, need = len(rows), rule["value"]
    dates = _dates(rows)
    verdict = "supported" if n >= need else "contradicted"
    values = {"n": lang.number(n), "need": _figure(need, lang), "what": _what(rule, N_("matching rows"), lang)}
    if n:
        text = lang._("the data hold {n} {what}, from {first} to {last} (the claim needs at least {need})")
        clause = text.format(first=lang.day(dates.min()), last=lang.day(dates.max()), **values)
    else:
        clause = lang._("the data hold {n} {what} (the claim needs at least {need})").format(**values)
    return verdict, clause, rows


def _days_between_at_most(rows, rule, lang: Language):
    dates = _dates(rows)
    days = (dates.max() - dates.min()).days
    verdict = "supported" if days <= rule["value"] else "contradicted"
    first, last = rows[dates == dates.min()].iloc[0], rows[dates == dates.max()].iloc[-1]
    text = lang.n_(
        "“{first_title}” ({first}) and “{last_title}” ({last}) are {days} day apart (the claim allows at most {most})",
        "“{first_title}” ({first}) and “{last_title}” ({last}) are {days} days apart (the claim allows at most {most})",
        days,
    )
    clause = text.format(
        first_title=_title(first, lang),
        first=lang.day(dates.min()),
        last_title=_title(last, lang),
        last=lang.day(dates.max()),
        days=lang.number(days),
        most=_figure(rule["value"], lang),
    )
    return verdict, clause, rows


def _period_overlaps(rows, rule, lang: Language):
    """Every matching row must be a period (an end date) that overlaps [from, to]: a war, not a day of fighting."""
    start, end = pd.Timestamp(rule["from"]), pd.Timestamp(rule["to"])
    window = _window(rule, lang)
    clauses, verdict = [], "supported"
    for _, row in rows.iterrows():
        begin = _dates(row.to_frame().T).iloc[0]
        finish = row.get("end_date") if "end_date" in row.index else pd.NaT
        ended = pd.notna(finish)
        ok = ended and begin <= end and pd.Timestamp(finish) >= start
        verdict = verdict if ok else "contradicted"
        values = {"title": _title(row, lang), "start": _when(row, lang, begin)}
        if not ended:
            text = lang._("“{title}” is recorded as a single day ({start}), not as a period")
        elif ok:
            text = lang._("“{title}” is recorded as a period from {start} to {end}, overlapping {span}")
        else:
            text = lang._("“{title}” is recorded as a period from {start} to {end}, outside {span}")
        end_day = lang.day(finish) if ended else ""
        clauses.append(text.format(end=end_day, span=window["span"], **values))
    return verdict, "; ".join(clauses), rows


def _strongest_first(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows citing a strong kind of page before rows resting on a mirror, an encyclopedia or a blog."""
    if "source_kind" not in rows.columns:
        return rows
    weak = rows["source_kind"].isin(WEAK_KINDS).astype(int)
    return rows.assign(_weak=weak.values).sort_values(["_weak"], kind="stable").drop(columns="_weak")


def _either(values: list[str], lang: Language) -> str:
    """'100,417' or '100,417 or 100,520'."""
    text = values[0]
    for value in values[1:]:
        text = lang._("{first} or {second}").format(first=text, second=value)
    return text


def _first_at_least(rows, rule, lang: Language):
    """The earliest dated row whose figure reaches the value (all rows of that day that do), not the largest."""
    column, need = rule.get("column", "value"), rule["value"]
    dates = _dates(rows)
    dated = rows[dates.notna()]
    reached = dated[dated[column] >= need]
    what = _what(rule, N_("figure"), lang)
    if reached.empty:
        highest = _figure(int(dated[column].max()), lang) if len(dated) else lang._("none")
        clause = lang._("no {what} reaches {need}; the highest is {value}").format(
            what=what, need=_figure(need, lang), value=highest
        )
        return "contradicted", clause, dated
    day = _dates(reached).min()
    first = _strongest_first(reached[_dates(reached) == day])
    values = sorted({int(v) for v in first[column]})
    reporter = (
        first["reported_by"].dropna().iloc[0]
        if "reported_by" in first.columns and first["reported_by"].notna().any()
        else ""
    )
    found = {
        "what": what,
        "need": _figure(need, lang),
        "value": _either([_figure(v, lang) for v in values], lang),
        "when": lang.day(day),
    }
    if reporter:
        text = lang._("the first {what} at or above {need} was {value}, as of {when}, given by {reporter}")
        return "supported", text.format(reporter=reporter, **found), first
    text = lang._("the first {what} at or above {need} was {value}, as of {when}")
    return "supported", text.format(**found), first


def _max_at_least(rows, rule, lang: Language):
    column = rule.get("column", "value")
    top = rows[column].max()
    decisive = rows[rows[column] == top]
    need, slack = rule["value"], rule.get("tolerance", 0)
    verdict = "supported" if top >= need else "imprecise" if top >= need * (1 - slack) else "contradicted"
    dates = _dates(decisive)
    values = {"what": _what(rule, N_("figure"), lang), "value": _figure(int(top), lang), "need": _figure(need, lang)}
    if dates.notna().any():
        if verdict == "supported":
            text = lang._("the highest {what} is {value}, as of {when}, at least {need}")
        else:
            text = lang._("the highest {what} is {value}, as of {when}, below {need}")
        return verdict, text.format(when=lang.day(dates.min()), **values), decisive
    if verdict == "supported":
        text = lang._("the highest {what} is {value}, at least {need}")
    else:
        text = lang._("the highest {what} is {value}, below {need}")
    return verdict, text.format(**values), decisive


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

# The verdicts' names as a reader sees them; the ledger keeps the codes of VERDICTS in every language.
VERDICT_NAMES = {
    "supported": N_("supported"),
    "imprecise": N_("imprecise"),
    "contradicted": N_("contradicted"),
    "not_checkable": N_("not checkable"),
}


def verdict_label(verdict: str, misprint: bool, *, lang: Language) -> str:
    """'supported', or 'supported, figure misprinted' when the figure was printed wrongly, in the report's
    language."""
    label = lang._(VERDICT_NAMES[verdict])
    return lang._("{verdict}, figure misprinted").format(verdict=label) if misprint else label


def ledger_table(ledger: pd.DataFrame, *, lang: Language) -> pd.DataFrame:
    """The ledger for print: claim, figure as written, verdict, the sentence that explains it, the evidence.
    Columns keep their English names (``source_url`` is shown as links); :func:`ledger_headers` translates them."""

    def evidence(rows: pd.DataFrame) -> str:
        if rows.empty:
            return lang._("none in the datasets")
        key = "id" if "id" in rows.columns else rows.columns[0]
        return "; ".join(
            lang._("{row} ({source})").format(row=r[key], source=r["source_name"]) for _, r in rows.iterrows()
        )

    def first_url(rows: pd.DataFrame):
        return rows["source_url"].iloc[0] if "source_url" in rows.columns and len(rows) else pd.NA

    return pd.DataFrame(
        {
            "claim": ledger["claim"],
            "as written": ledger["claim_value"],
            "verdict": [
                verdict_label(v, m, lang=lang) for v, m in zip(ledger["verdict"], ledger["misprint"], strict=False)
            ],
            "why": ledger["reason"],
            "evidence": ledger["evidence"].map(evidence),
            "source_url": ledger["evidence"].map(first_url),
            "how we read it": ledger["note"],
        }
    )


LEDGER_HEADINGS = {  # the ledger table's column headings, shown translated by style.table(headings=…)
    "claim": N_("claim"),
    "as written": N_("as written"),
    "verdict": N_("verdict"),
    "why": N_("why"),
    "evidence": N_("evidence"),
    "source_url": N_("source (link)"),
    "how we read it": N_("how we read it"),
}


def _verdict_count(verdict: str, n: int, lang: Language) -> str:
    if verdict == "supported":
        text = lang.n_("{n} supported", "{n} supported", n)
    elif verdict == "imprecise":
        text = lang.n_("{n} imprecise", "{n} imprecise", n)
    elif verdict == "contradicted":
        text = lang.n_("{n} contradicted", "{n} contradicted", n)
    else:
        text = lang.n_("{n} not checkable", "{n} not checkable", n)
    return text.format(n=lang.number(n))


def ledger_caption(headline: str, ledger: pd.DataFrame, *, lang: Language) -> str:
    """The ledger table's caption: what was checked and how many claims got each verdict (plain text)."""
    counts = ", ".join(
        _verdict_count(v, int((ledger["verdict"] == v).sum()), lang) for v in VERDICTS if (ledger["verdict"] == v).any()
    )
    misprinted = int(ledger["misprint"].sum())
    if misprinted:
        flagged = lang.n_("{n} with a misprinted figure", "{n} with a misprinted figure", misprinted)
        text = lang._("Claims of “{headline}” checked against the data: {counts} ({misprinted}).")
        return text.format(headline=headline, counts=counts, misprinted=flagged.format(n=lang.number(misprinted)))
    return lang._("Claims of “{headline}” checked against the data: {counts}.").format(headline=headline, counts=counts)


def ledger_sentences(ledger: pd.DataFrame, dataset: str = "milestones", *, lang: Language) -> list[str]:
    """The explanations of the claims checked against one dataset (for a chart's description)."""
    keep = [
        ("id" in ev.columns and "title" in ev.columns) if dataset == "milestones" else ("as_of" in ev.columns)
        for ev in ledger["evidence"]
    ]
    sentences = []
    for v, m, r, k in zip(ledger["verdict"], ledger["misprint"], ledger["reason"], keep, strict=False):
        if k:
            label = verdict_label(v, m, lang=lang)
            sentences.append(lang._("{verdict}: {reason}").format(verdict=label[:1].upper() + label[1:], reason=r))
    return sentences


# Paragraphs of the explainer: HTML lives here, next to the code that fills it; Markup.format escapes the values.
ARTICLE_PARAGRAPH = Markup("<p><strong>{headline}</strong> {details}</p>")


def article_paragraph(story: pd.Series, *, lang: Language) -> Markup:
    """The article in one line: headline, wire, date, outlets."""
    details = lang._("({wire}, {date}; carried by {outlets}).").format(
        wire=story["wire"], date=lang.day(story["published"]), outlets=story["outlets"]
    )
    return ARTICLE_PARAGRAPH.format(headline=story["headline"], details=details)
