"""The claims ledger: each checkable claim of an article, evaluated against the current datasets.

An article's claims are a YAML file, seeds/claims/<article_id>.yaml, read by :func:`analysis.data.load_claims` and
checked against seeds/claims.schema.json; README.md ("Claims") shows every test with an example. Each claim has a
rule (``check``): which rows (a dataset and its ``row`` ids, or a ``where`` filter) and a ``test``. Verdicts are
computed here, never typed into the files, so when a dataset row changes the verdict can change.

A rule that matches nothing (an unknown row id, a filter no row passes, a place the gazetteer does not know) is an
authoring error, a :class:`RuleError` naming the file, the claim and what matched nothing: the build and
`python -m analysis check` report it before any report runs (:func:`rule_problems`); a reader never sees it.

Every verdict comes with one plain sentence built from its evidence rows, in the report's language (plain text: it
is escaped wherever it is shown), the reading it took (the claim's ``reading``), and two flags from its evidence:
``later`` (the dates of evidence rows dated after the article) and ``weak`` (the weak kinds of source it rests on,
as seeds/datapackage.json's ``sourceKinds`` marks them). A figure printed wrongly, such as "100,00", does not change
the verdict either: it is a flag (``misprint``). The verdicts themselves stay codes (``VERDICTS``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis import data
from analysis.core.errors import DataError, KarabakhError
from analysis.data.context import ReportContext, context_of
from analysis.i18n.language import N_, Language, N_plural

VERDICTS = ("supported", "imprecise", "contradicted", "not_checkable")
WELL_FORMED_NUMBER = re.compile(r"^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$")
NUMBER_IN_TEXT = re.compile(r"\d[\d,.]*\d|\d")
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
]
DATE_IN_TEXT = re.compile(r"\b(" + "|".join(MONTHS) + r")\b|\d{4}-\d{2}-\d{2}", re.IGNORECASE)
DATE_COLUMNS = ("date", "as_of", "valid_from")  # the column a dataset's rows are dated by, first match wins
EVIDENCE_COLUMNS = [
    "dataset",
    "row",
    "date",
    "end_date",
    "title",
    "value",
    "reported_by",
    "source_kind",
    "source_name",
    "source_url",
]
LEDGER_COLUMNS = [
    "claim_id",
    "claim",
    "printed",
    "reading",
    "verdict",
    "misprint",
    "reason",
    "evidence",
    "later",
    "weak",
    "note",
]
UNIT_DAYS = {"days": 1.0, "weeks": 7.0, "months": 365.25 / 12, "years": 365.25}


@dataclass
class Verdict:
    verdict: str
    reason: str
    evidence: pd.DataFrame = field(default_factory=pd.DataFrame)


class RuleError(DataError):
    """A claim's rule matches nothing, or names a missing dataset, column or place: an authoring error."""


@dataclass
class _Claim:
    """What a rule is evaluated with: where it is written (for errors), the datasets and the report's language."""

    file: str
    claim_id: str
    load: Callable[[str], pd.DataFrame]
    ctx: ReportContext
    lang: Language

    def error(self, problem: str, expected: str | None = None) -> RuleError:
        return RuleError(self.file, f"claim '{self.claim_id}': {problem}", expected=expected)


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
        return lang.number(value, digits=min(len(repr(value).partition(".")[2]), 3) or 1)
    return lang.number(value)


# --- misprints ----------------------------------------------------------------------------------------------------


def printed_figures(phrase: str | None) -> list[str]:
    """The numbers written with digits in a printed phrase ('more than 100,000' → ['100,000']); none in a date
    ('8 August', '1 January 2024'), which is not a figure."""
    if not isinstance(phrase, str) or DATE_IN_TEXT.search(phrase):
        return []
    return NUMBER_IN_TEXT.findall(phrase)


def malformed(phrase: str | None) -> bool:
    """True when a figure in the printed phrase is written so that no reader can take it at face value ('100,00')."""
    return any(not WELL_FORMED_NUMBER.match(figure) for figure in printed_figures(phrase))


def _misprinted(printed, flag) -> bool:
    """The claim's own ``misprint`` (true, or the intended figure) decides; without it, a malformed figure does."""
    if isinstance(flag, bool):
        return flag
    if isinstance(flag, (int, float)) and not pd.isna(flag):
        return True
    return malformed(printed)


# --- evaluation -------------------------------------------------------------------------------------------------


def evaluate(
    claims: pd.DataFrame,
    published=None,
    load: Callable[[str], pd.DataFrame] | None = None,
    ctx: ReportContext | None = None,
) -> pd.DataFrame:
    """Every claim with its computed verdict, a one-sentence reason, its evidence rows and its flags (misprint,
    evidence dated after ``published``, weak kinds of source). Datasets come from the report context's seeds
    (``load`` may stand in for the loader, in tests); the reasons are written in the context's language. The verdict
    column holds the codes of ``VERDICTS`` in every language."""
    ctx = context_of(ctx)
    lang = ctx.lang
    load = load or (lambda name: data.load_table(name, ctx))
    file = claims.attrs.get("file", "seeds/claims")
    published = pd.Timestamp(published) if published is not None and not pd.isna(published) else None
    weak_kinds = _weak_kinds(ctx)
    results = []
    for claim in claims.to_dict("records"):
        where = _Claim(file, claim["claim_id"], load, ctx, lang)
        clauses, outcome = _judge(claim["check"], where)
        evidence = _dedup(outcome.evidence)
        printed = claim.get("printed")
        printed = None if printed is None or pd.isna(printed) else str(printed)
        flag = claim.get("misprint")
        misprint = _misprinted(printed, flag) and outcome.verdict != "not_checkable"
        intended = flag if isinstance(flag, (int, float)) and not isinstance(flag, bool) else None
        if intended is None:
            intended = _rule_value(claim["check"])
        reason = sentence(
            clauses, printed if misprint else None, _figure(intended, lang) if intended is not None else None, lang=lang
        )
        later = []
        if published is not None and len(evidence):
            later = sorted({d for d in evidence["date"].dropna() if d.normalize() > published})
        weak = []
        if len(evidence) and "source_kind" in evidence.columns:
            weak = sorted({k for k in evidence["source_kind"].dropna() if k in weak_kinds})
        results.append(
            {
                "claim_id": claim["claim_id"],
                "claim": claim["claim"],
                "printed": printed,
                "reading": claim.get("reading"),
                "verdict": outcome.verdict,
                "misprint": misprint,
                "reason": reason,
                "evidence": evidence,
                "later": later,
                "weak": weak,
                "note": claim.get("note"),
            }
        )
    return pd.DataFrame(results, columns=LEDGER_COLUMNS)


def for_article(article_id: str, ctx: ReportContext | None = None) -> tuple[pd.Series, pd.DataFrame]:
    """An article's metadata and its evaluated claims; an unknown id is refused with the known ones."""
    ctx = context_of(ctx)
    articles = data.load_articles(ctx)
    match = articles[articles["article_id"] == article_id]
    if match.empty:
        raise KarabakhError(
            f"no article '{article_id}' in seeds/articles.csv; known: {', '.join(articles['article_id'])}"
        )
    story = match.iloc[0]
    ledger = evaluate(data.load_claims(article_id, ctx), story["published"], ctx=ctx)
    ledger.attrs["article"] = article_id  # the claims' own words are translated by <article_id>/<claim id>
    return story, ledger


def rule_problems(
    ctx: ReportContext | None = None, load: Callable[[str], pd.DataFrame] | None = None, *, verify_hash: bool = True
) -> list[DataError]:
    """Every authoring error in the claims of every article (a RuleError each): what the build and `check` report
    before any report runs. `check` and `rehash` read the files without their sha256 check (``verify_hash=False``,
    ``load``), as they run before the hashes are recorded; a dataset whose hash is stale is then left to the hash
    check (a held_by rule reads the gazetteer and the territories through their own loaders)."""
    ctx = context_of(ctx)
    found: list[DataError] = []
    for article_id in data.claim_articles(ctx):
        try:
            claims = data.load_claims(article_id, ctx, verify_hash=verify_hash)
        except DataError as exc:
            found.append(exc)
            continue
        for position in range(len(claims)):
            one = claims.iloc[[position]].copy()
            one.attrs.update(claims.attrs)
            try:
                evaluate(one, None, load, ctx)
            except RuleError as exc:
                found.append(exc)
            except DataError as exc:
                if verify_hash:
                    found.append(exc)
    return found


def _weak_kinds(ctx: ReportContext) -> set[str]:
    """The kinds of source seeds/datapackage.json marks weak (``sourceKinds``)."""
    try:
        kinds = data.package(ctx.seeds).get("sourceKinds", [])
    except DataError:
        return set()
    return {kind["name"] for kind in kinds if kind.get("weak")}


def _rule_value(rule: Mapping[str, Any]):
    """The figure a rule tests (for the misprint sentence): its numeric ``value``, or the first part's."""
    if "all" in rule:
        return next((v for v in map(_rule_value, rule["all"]) if v is not None), None)
    value = rule.get("value")
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


# The weakest part decides a rule with several parts. A misprint is not a verdict: see `evaluate`.
_RANK = {"supported": 0, "imprecise": 1, "not_checkable": 2, "contradicted": 3}


def _judge(rule: Mapping[str, Any], claim: _Claim) -> tuple[list[str], Verdict]:
    if "all" in rule:
        parts = [_judge(part, claim) for part in rule["all"]]
        worst = max((v for _, v in parts), key=lambda v: _RANK[v.verdict])
        frames = [v.evidence for _, v in parts if not v.evidence.empty]
        evidence = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=EVIDENCE_COLUMNS)
        return [c for clauses, _ in parts for c in clauses], Verdict(worst.verdict, "", evidence)
    test = rule.get("test")
    if test == "not_checkable":
        reason = str(rule.get("reason") or claim.lang._("no dataset covers this claim"))
        return [reason], Verdict("not_checkable", reason, pd.DataFrame(columns=EVIDENCE_COLUMNS))
    if test not in TESTS:
        raise claim.error(f"unknown test '{test}'", "one of " + ", ".join([*TESTS, "not_checkable"]))
    verdict, clause, decisive = TESTS[test](rule, claim)
    return [clause], Verdict(verdict, clause, decisive)


# --- which rows -----------------------------------------------------------------------------------------------------


def _dataset(rule, claim: _Claim) -> pd.DataFrame:
    name = rule.get("dataset")
    names = [r["name"] for r in data.package(claim.ctx.seeds).get("resources", []) if r.get("format") == "csv"]
    if name not in names:
        raise claim.error(f"the rule names dataset '{name}', which does not exist", "one of " + ", ".join(names))
    frame = claim.load(name).copy()
    frame.attrs["dataset"] = name
    frame.attrs["key"] = _key(name, frame, claim)
    return frame


def _key(name: str, frame: pd.DataFrame, claim: _Claim) -> str:
    """The column that names a row of the dataset (its primary key)."""
    try:
        key = data.resource(name, claim.ctx.seeds).get("schema", {}).get("primaryKey") or []
    except DataError:
        key = []
    key = key[0] if isinstance(key, list) and key else key or ("id" if "id" in frame.columns else frame.columns[0])
    return key if key in frame.columns else frame.columns[0]


def _rows(rule, claim: _Claim, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows a rule names (``row``) or selects (``where``); a rule that matches nothing is an authoring error."""
    frame = _dataset(rule, claim) if frame is None else frame
    name, key = frame.attrs["dataset"], frame.attrs["key"]
    if "row" in rule:
        wanted = rule["row"] if isinstance(rule["row"], list) else [rule["row"]]
        missing = [w for w in wanted if not (frame[key] == str(w)).any()]
        if missing:
            raise claim.error(
                f"row '{missing[0]}' matches no row of {name} (column {key})", f"an existing {key} of {name}"
            )
        rows = pd.concat([frame[frame[key] == str(w)] for w in wanted])
    else:
        rows = frame
    if "where" in rule:
        rows = _select(rows, rule["where"], claim)
        if rows.empty:
            raise claim.error(
                f"the filter {_plain_filter(rule['where'])} matches no row of {name}",
                "a filter that at least one row passes (check the spelling of each value)",
            )
    elif "row" not in rule:
        raise claim.error("the rule names no rows", "`row: <id>` or `where: {column: value}`")
    return rows


def _plain_filter(where: Mapping[str, Any]) -> str:
    return ", ".join(f"{column} = {value}" for column, value in where.items())


def _select(frame: pd.DataFrame, where: Mapping[str, Any], claim: _Claim) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    for column, wanted in where.items():
        if column not in frame.columns:
            raise claim.error(
                f"the rule filters on column '{column}', which {frame.attrs['dataset']} does not have",
                "one of " + ", ".join(frame.columns),
            )
        values = frame[column]
        as_value = _caster(values)
        if isinstance(wanted, dict):
            if "from" in wanted:
                keep &= values >= as_value(wanted["from"])
            if "to" in wanted:
                keep &= values <= as_value(wanted["to"])
        elif isinstance(wanted, list):
            keep &= values.isin([as_value(w) for w in wanted])
        else:
            keep &= values == as_value(wanted)
    return frame[keep.fillna(False).astype(bool)]


def _caster(values: pd.Series):
    """How a value written in a rule compares with a column: a date, a number, a boolean or text."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return pd.Timestamp
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
        return lambda v: v
    return lambda v: str(v).lower() if isinstance(v, bool) else str(v)


def _dates(rows: pd.DataFrame, column: str | None = None) -> pd.Series:
    column = column or next((c for c in DATE_COLUMNS if c in rows.columns), None)
    if column is None:
        return pd.Series(pd.NaT, index=rows.index, dtype="datetime64[ns]")
    return pd.to_datetime(rows[column].astype("string").str[:10], errors="coerce")


def _when(row: pd.Series, lang: Language, moment=None) -> str:
    """A row's date as people write it: '15 July 2023', 'July 2023', or '1991' for a date known to the year."""
    moment = moment if moment is not None else _dates(row.to_frame().T).iloc[0]
    return lang.date(moment, row.get("date_precision"), long=True)


def _window(rule, lang: Language) -> dict[str, str]:
    """A rule's date range: how the claim places it (``kind``: 'day', 'in' a month, year or decade, or 'within' a
    range), the range in words (``span``: '28 January 2024', 'October 2023', 'the 1990s', '1 October 2023 – …'),
    and its first and last days in words."""
    start, end = _span(rule)
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


def _span(rule) -> tuple[pd.Timestamp, pd.Timestamp]:
    if "date" in rule:
        return pd.Timestamp(rule["date"]), pd.Timestamp(rule["date"])
    return pd.Timestamp(rule["from"]), pd.Timestamp(rule["to"])


def _title(row: pd.Series, lang: Language) -> str:
    """How a row is named in a sentence: its title (a milestone's or a control event's, in the report's language);
    a figure by who gave it; else its id."""
    if "title" in row.index and pd.notna(row["title"]):
        for dataset, key in (("milestones", "id"), ("control", "event_id")):
            if key in row.index and pd.notna(row[key]):
                return lang.cell(dataset, str(row[key]), "title", str(row["title"]))
    for column in ("title", "reported_by", "id", "event_id"):
        if column in row.index and pd.notna(row[column]):
            return str(row[column])
    return lang._("the row")


def _what(rule, default: str, lang: Language) -> str:
    """What the rule's rows are, as the rule names them (data), or the default (marked with N_ by the caller)."""
    return rule["what"] if "what" in rule else lang._(default)


def _off(moment: pd.Timestamp, rule) -> tuple[str, int]:
    start, end = _span(rule)
    if start <= moment <= end:
        return "supported", 0
    off = (start - moment).days if moment < start else (moment - end).days
    return ("imprecise" if off <= rule.get("tolerance_days", 0) else "contradicted"), off


# --- the tests: each returns (verdict, clause, the evidence rows) ---------------------------------------------------

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


def _placed(clauses: dict, rows: pd.DataFrame, moment, rule, claim: _Claim, **values):
    """(verdict, clause, the rows dated ``moment``) for the row dated ``moment`` against the claim's window."""
    lang = claim.lang
    verdict, off = _off(moment, rule)
    chosen = rows[_dates(rows, rule.get("field")) == moment]
    row, window = chosen.iloc[0], _window(rule, lang)
    values |= {"title": _title(row, lang), "when": _when(row, lang, moment), "span": window["span"]}
    evidence = _evidence(chosen, claim)
    if verdict != "supported":
        return verdict, lang.n_(*clauses["off"], off).format(off=lang.number(off), **values), evidence
    kind = window["kind"] if window["kind"] in ("day", "in") else "within"
    return verdict, lang._(clauses[kind]).format(**values), evidence


def _dated_rows(rule, claim: _Claim) -> tuple[pd.DataFrame, pd.Series]:
    rows = _rows(rule, claim)
    dates = _dates(rows, rule.get("field"))
    if dates.isna().all():
        raise claim.error(f"no row the rule selects in {rows.attrs['dataset']} has a date", "rows with a date")
    return rows, dates


def _on_date(rule, claim: _Claim):
    rows, dates = _dated_rows(rule, claim)
    return _placed(DATED, rows, dates.min(), rule, claim)


def _between_dates(rule, claim: _Claim):
    rows, dates = _dated_rows(rule, claim)
    if rule.get("take") == "latest":
        return _placed(LATEST, rows, dates.max(), rule, claim, what=_what(rule, N_("matching row"), claim.lang))
    return _placed(DATED, rows, dates.min(), rule, claim)


def _none_between(rule, claim: _Claim):
    """Supported when no selected row falls in [from, to]; the evidence is the last one before `from`."""
    lang = claim.lang
    rows = _rows(rule, claim)
    dates = _dates(rows)
    start, end = _span(rule)
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
        return "contradicted", clause, _evidence(inside, claim)
    before = rows[dates < start]
    if not len(before):
        clause = lang._("no {what} falls between {start} and {end}").format(
            what=what, start=window["start"], end=window["end"]
        )
        return "supported", clause, _evidence(before, claim)
    latest = _dates(before).max()
    before = before[_dates(before) == latest]
    row = before.iloc[0]
    clause = lang._("no {what} falls between {start} and {end}; the last one before was on {when} (“{title}”)").format(
        what=what, start=window["start"], end=window["end"], when=_when(row, lang, latest), title=_title(row, lang)
    )
    return "supported", clause, _evidence(before, claim)


def _period_overlaps(rule, claim: _Claim):
    """Every selected row must be a period (an end date) that overlaps [from, to]: a war, not a day of fighting."""
    lang = claim.lang
    rows = _rows(rule, claim)
    start, end = _span(rule)
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
    return verdict, "; ".join(clauses), _evidence(rows, claim)


# Names of the columns a rule tests, as a reader sees them (values stay data, in English).
FIELD_NAMES = {
    "venue": N_("venue"),
    "track": N_("mediation track"),
    "kind": N_("kind of event"),
    "parties": N_("parties"),
    "leader_level": N_("leader-level flag"),
    "summary": N_("summary"),
    "controller": N_("controller"),
    "title": N_("title"),
    "publisher_type": N_("publisher"),
    "reported_by": N_("source of the figure"),
    "source_name": N_("publisher"),
    "measure": N_("measure"),
}


def _field(rule, rows: pd.DataFrame, claim: _Claim) -> str:
    column = rule.get("field", "value")
    if column not in rows.columns:
        raise claim.error(
            f"the rule tests column '{column}', which {rows.attrs.get('dataset', 'the dataset')} does not have",
            "one of " + ", ".join(rows.columns),
        )
    return column


def _field_name(column: str, lang: Language) -> str:
    return lang._(FIELD_NAMES[column]) if column in FIELD_NAMES else column


def _shown(value, lang: Language) -> str:
    if isinstance(value, bool) or (hasattr(value, "dtype") and pd.api.types.is_bool_dtype(value.dtype)):
        return lang._("yes") if bool(value) else lang._("no")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _figure(value, lang)
    return str(value)


def _same(actual, wanted) -> bool:
    if actual is None or actual is pd.NA or (isinstance(actual, float) and pd.isna(actual)):
        return False
    if isinstance(wanted, bool) or isinstance(actual, bool):
        return str(actual).lower() == str(wanted).lower()
    if isinstance(wanted, (int, float)):
        try:
            return float(actual) == float(wanted)
        except (TypeError, ValueError):
            return False
    return str(actual).strip().casefold() == str(wanted).strip().casefold()


def _equals(rule, claim: _Claim):
    """Each selected row's ``field`` holds ``value`` (text compared without regard to case)."""
    lang = claim.lang
    rows = _rows(rule, claim)
    column = _field(rule, rows, claim)
    clauses, verdict = [], "supported"
    for _, row in rows.iterrows():
        values = {
            "title": _title(row, lang),
            "field": _field_name(column, lang),
            "actual": _shown(row[column], lang) if pd.notna(row[column]) else lang._("nothing"),
            "value": _shown(rule["value"], lang),
        }
        if _same(row[column], rule["value"]):
            clauses.append(lang._("“{title}” has {field} “{actual}”, as claimed").format(**values))
        else:
            verdict = "contradicted"
            clauses.append(lang._("“{title}” has {field} “{actual}”, not “{value}”").format(**values))
    return verdict, "; ".join(clauses), _evidence(rows, claim)


def _names(rule, claim: _Claim):
    """Each selected row's ``field`` names ``value`` (or every one of a list), case-insensitively."""
    lang = claim.lang
    rows = _rows(rule, claim)
    column = _field(rule, rows, claim)
    wanted = rule["value"] if isinstance(rule["value"], list) else [rule["value"]]
    clauses, verdict = [], "supported"
    for _, row in rows.iterrows():
        text = str(row[column]) if pd.notna(row[column]) else ""
        missing = [str(w) for w in wanted if str(w).casefold() not in text.casefold()]
        values = {"title": _title(row, lang), "field": _field_name(column, lang), "actual": text}
        if missing:
            verdict = "contradicted"
            clauses.append(
                lang._("“{title}” does not name {missing} in its {field} (“{actual}”)").format(
                    missing=", ".join(f"“{m}”" for m in missing), **values
                )
            )
        else:
            clauses.append(
                lang._("“{title}” names {value} in its {field}").format(
                    value=", ".join(f"“{w}”" for w in wanted), **values
                )
            )
    return verdict, "; ".join(clauses), _evidence(rows, claim)


# --- figures: more than, at least, fewer than, at most, about -------------------------------------------------------

COMPARE = {
    "more_than": lambda v, need, tol: v > need,
    "at_least": lambda v, need, tol: v >= need,
    "fewer_than": lambda v, need, tol: v < need,
    "at_most": lambda v, need, tol: v <= need,
    "about": lambda v, need, tol: abs(v - need) <= tol * abs(need),
}
# (the clause when the figure passes, when it does not): {subject} is the figure's description, {value} the figure,
# {need} the claim's figure, {tolerance} the allowed margin as a percentage.
RELATION = {
    "more_than": (N_("{subject} is {value}, more than {need}"), N_("{subject} is {value}, not more than {need}")),
    "at_least": (N_("{subject} is {value}, at least {need}"), N_("{subject} is {value}, below {need}")),
    "fewer_than": (N_("{subject} is {value}, fewer than {need}"), N_("{subject} is {value}, not fewer than {need}")),
    "at_most": (N_("{subject} is {value}, at most {need}"), N_("{subject} is {value}, above {need}")),
    "about": (
        N_("{subject} is {value}, within {tolerance} of {need}"),
        N_("{subject} is {value}, more than {tolerance} away from {need}"),
    ),
}
SUBJECT = {
    "largest": N_("the largest {what}"),
    "smallest": N_("the smallest {what}"),
    "earliest": N_("the earliest {what}"),
    "latest": N_("the latest {what}"),
    None: N_("the {what}"),
}


def _compare(test: str):
    def check(rule, claim: _Claim):
        if "share" in rule:
            return _share(test, rule, claim)
        rows = _rows(rule, claim)
        column = _field(rule, rows, claim)
        take = rule.get("take")
        if take == "first_to_pass":
            return _first_to_pass(test, rule, rows, column, claim)
        rows = rows[rows[column].notna()]
        if rows.empty:
            raise claim.error(f"no row the rule selects has a figure in '{column}'", "rows with a figure")
        if len(rows) > 1 and take is None:
            raise claim.error(
                f"the rule selects {len(rows)} rows: say which figure counts",
                "take: largest, smallest, earliest, latest or first_to_pass",
            )
        dates = _dates(rows)
        if take == "largest":
            chosen = rows[rows[column] == rows[column].max()]
        elif take == "smallest":
            chosen = rows[rows[column] == rows[column].min()]
        elif take in ("earliest", "latest"):
            moment = dates.min() if take == "earliest" else dates.max()
            chosen = rows[dates == moment]
        else:
            chosen = rows
        value = float(chosen[column].iloc[0])
        ok = COMPARE[test](value, float(rule["value"]), float(rule.get("tolerance", 0)))
        return (
            ("supported" if ok else "contradicted"),
            _figure_clause(test, rule, chosen, value, ok, claim),
            (_evidence(chosen, claim)),
        )

    return check


def _figure_clause(test: str, rule, chosen: pd.DataFrame, value: float, ok: bool, claim: _Claim) -> str:
    lang = claim.lang
    row = chosen.iloc[0]
    take = rule.get("take")
    if take is None:
        subject = lang._("the figure of “{title}”").format(title=_title(row, lang))
    else:
        subject = lang._(SUBJECT[take]).format(what=_what(rule, N_("figure"), lang))
    shown = _figure(int(value) if float(value).is_integer() else value, lang)
    moment = _dates(chosen).min()
    if pd.notna(moment):
        shown = lang._("{value}, as of {when}").format(value=shown, when=lang.day(moment))
    text = lang._(RELATION[test][0 if ok else 1])
    return text.format(
        subject=subject,
        value=shown,
        need=_figure(rule["value"], lang),
        tolerance=lang.percent(float(rule.get("tolerance", 0))),
    )


def _share(test: str, rule, claim: _Claim):
    """A share computed from two rows (``share: {numerator: id, denominator: id}``) against ``value`` (0.70)."""
    lang = claim.lang
    frame = _dataset(rule, claim)
    parts = []
    for part in ("numerator", "denominator"):
        rows = _rows({"row": rule["share"][part]}, claim, frame)
        parts.append(rows.iloc[[0]])
    column = _field(rule, parts[0], claim)
    top, bottom = float(parts[0][column].iloc[0]), float(parts[1][column].iloc[0])
    if not bottom:
        raise claim.error("the share's denominator is zero", "a denominator row with a figure")
    share = top / bottom
    ok = COMPARE[test](share, float(rule["value"]), float(rule.get("tolerance", 0)))
    values = {
        "numerator": _figure(int(top) if top.is_integer() else top, lang),
        "numerator_title": _title(parts[0].iloc[0], lang),
        "denominator": _figure(int(bottom) if bottom.is_integer() else bottom, lang),
        "denominator_title": _title(parts[1].iloc[0], lang),
    }
    subject = lang._("{numerator} (“{numerator_title}”) out of {denominator} (“{denominator_title}”)").format(**values)
    text = lang._(RELATION[test][0 if ok else 1])
    clause = text.format(
        subject=subject,
        value=lang.percent(share, 1),
        need=lang.percent(float(rule["value"])),
        tolerance=lang.percent(float(rule.get("tolerance", 0))),
    )
    return ("supported" if ok else "contradicted"), clause, _evidence(pd.concat(parts), claim)


def _strongest_first(rows: pd.DataFrame, claim: _Claim) -> pd.DataFrame:
    """Rows citing a strong kind of page before rows resting on a weak kind (a mirror, an encyclopedia, a blog)."""
    if "source_kind" not in rows.columns:
        return rows
    weak = rows["source_kind"].isin(_weak_kinds(claim.ctx)).astype(int)
    return rows.assign(_weak=weak.values).sort_values(["_weak"], kind="stable").drop(columns="_weak")


def _either(values: list[str], lang: Language) -> str:
    """'100,417' or '100,417 or 100,520'."""
    text = values[0]
    for value in values[1:]:
        text = lang._("{first} or {second}").format(first=text, second=value)
    return text


def _first_to_pass(test: str, rule, rows: pd.DataFrame, column: str, claim: _Claim):
    """The earliest dated row whose figure passes (all rows of that day that do), not the largest."""
    lang = claim.lang
    need = rule["value"]
    dates = _dates(rows)
    dated = rows[dates.notna() & rows[column].notna()]
    passing = dated[[COMPARE[test](float(v), float(need), float(rule.get("tolerance", 0))) for v in dated[column]]]
    what = _what(rule, N_("figure"), lang)
    if passing.empty:
        top = dated[dated[column] == dated[column].max()] if len(dated) else dated
        highest = _figure(int(top[column].iloc[0]), lang) if len(top) else lang._("none")
        clause = lang._("no {what} passes {need}; the highest is {value}").format(
            what=what, need=_figure(need, lang), value=highest
        )
        if test == "at_least":
            clause = lang._("no {what} reaches {need}; the highest is {value}").format(
                what=what, need=_figure(need, lang), value=highest
            )
        return "contradicted", clause, _evidence(top, claim)
    day = _dates(passing).min()
    first = _strongest_first(passing[_dates(passing) == day], claim)
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
    if test == "at_least":
        with_reporter = N_("the first {what} at or above {need} was {value}, as of {when}, given by {reporter}")
        plain = N_("the first {what} at or above {need} was {value}, as of {when}")
    else:
        with_reporter = N_("the first {what} to pass {need} was {value}, as of {when}, given by {reporter}")
        plain = N_("the first {what} to pass {need} was {value}, as of {when}")
    if reporter:
        return "supported", lang._(with_reporter).format(reporter=reporter, **found), _evidence(first, claim)
    return "supported", lang._(plain).format(**found), _evidence(first, claim)


# --- counts, durations, places, attributions --------------------------------------------------------------------


def _count(rule, claim: _Claim):
    lang = claim.lang
    rows = _rows(rule, claim)
    n = len(rows)
    dates = _dates(rows)
    if "exactly" in rule:
        need, ok, bound = rule["exactly"], n == rule["exactly"], N_("(the claim says {need})")
    elif "at_most" in rule:
        need, ok, bound = rule["at_most"], n <= rule["at_most"], N_("(the claim allows at most {need})")
    else:
        need, ok, bound = rule["at_least"], n >= rule["at_least"], N_("(the claim needs at least {need})")
    if "at_least" in rule and "at_most" in rule:
        ok = rule["at_least"] <= n <= rule["at_most"]
    values = {"n": lang.number(n), "what": _what(rule, N_("matching rows"), lang)}
    if dates.notna().any():
        text = lang._("the data hold {n} {what}, from {first} to {last}").format(
            first=lang.day(dates.min()), last=lang.day(dates.max()), **values
        )
    else:
        text = lang._("the data hold {n} {what}").format(**values)
    clause = f"{text} {lang._(bound).format(need=_figure(need, lang))}"
    return ("supported" if ok else "contradicted"), clause, _evidence(rows, claim)


UNITS = {
    "days": N_plural("{n} day", "{n} days"),
    "weeks": N_plural("{n} week", "{n} weeks"),
    "months": N_plural("{n} month", "{n} months"),
    "years": N_plural("{n} year", "{n} years"),
}


def _amount(value: float, unit: str, lang: Language) -> str:
    whole = float(value).is_integer()
    shown = lang.number(value) if whole else lang.number(value, digits=1)
    return lang.n_(*UNITS[unit], int(value) if whole else 2).format(n=shown)


def _bounds(rule, lang: Language) -> str:
    unit = rule["unit"]
    if "about" in rule:
        return lang._("about {amount} (within {tolerance})").format(
            amount=_amount(rule["about"], unit, lang), tolerance=lang.percent(float(rule.get("tolerance", 0.1)))
        )
    low = rule.get("at_least", rule.get("more_than"))
    high = rule.get("at_most", rule.get("fewer_than"))
    if low is not None and high is not None:
        return lang._("{low} to {high}").format(low=lang.number(low), high=_amount(high, unit, lang))
    if "at_least" in rule:
        return lang._("at least {amount}").format(amount=_amount(rule["at_least"], unit, lang))
    if "more_than" in rule:
        return lang._("more than {amount}").format(amount=_amount(rule["more_than"], unit, lang))
    if "at_most" in rule:
        return lang._("at most {amount}").format(amount=_amount(rule["at_most"], unit, lang))
    return lang._("fewer than {amount}").format(amount=_amount(rule["fewer_than"], unit, lang))


def _duration(rule, claim: _Claim):
    """The time between two moments: a row's date and end date (``row``), or two rows' dates (``from_row``,
    ``to_row``), or a row's date and a date (``from_row``, ``to``), in ``unit``, against the claim's bounds."""
    lang = claim.lang
    frame = _dataset(rule, claim)
    if "row" in rule:
        rows = _rows({"row": rule["row"]}, claim, frame)
        row = rows.iloc[0]
        if "end_date" not in rows.columns or pd.isna(row.get("end_date")):
            raise claim.error(f"row '{rule['row']}' has no end_date", "a row recorded as a period, or from_row/to_row")
        start, end = _dates(rows).iloc[0], pd.Timestamp(row["end_date"])
        span = lang._("“{title}” runs from {first} to {last}").format(
            title=_title(row, lang), first=_when(row, lang, start), last=lang.day(end)
        )
        evidence = rows
    else:
        first = _rows({"row": rule["from_row"]}, claim, frame)
        start = _dates(first).iloc[0]
        if "to_row" in rule:
            last = _rows({"row": rule["to_row"]}, claim, frame)
            end = _dates(last).iloc[0]
            span = lang._("from “{first_title}” ({first}) to “{last_title}” ({last})").format(
                first_title=_title(first.iloc[0], lang),
                first=_when(first.iloc[0], lang, start),
                last_title=_title(last.iloc[0], lang),
                last=_when(last.iloc[0], lang, end),
            )
            evidence = pd.concat([first, last])
        elif "to" in rule:
            end = pd.Timestamp(rule["to"])
            span = lang._("from “{first_title}” ({first}) to {last}").format(
                first_title=_title(first.iloc[0], lang), first=_when(first.iloc[0], lang, start), last=lang.day(end)
            )
            evidence = first
        else:
            raise claim.error("the duration has a start (from_row) but no end", "to_row: <id> or to: YYYY-MM-DD")
    unit = rule["unit"]
    amount = (end - start).days / UNIT_DAYS[unit]
    amount = round(amount) if unit == "days" else round(amount, 1)
    ok = True
    if "at_least" in rule:
        ok &= amount >= rule["at_least"]
    if "more_than" in rule:
        ok &= amount > rule["more_than"]
    if "at_most" in rule:
        ok &= amount <= rule["at_most"]
    if "fewer_than" in rule:
        ok &= amount < rule["fewer_than"]
    if "about" in rule:
        ok &= abs(amount - rule["about"]) <= float(rule.get("tolerance", 0.1)) * rule["about"]
    text = (
        N_("{span}: {amount}, within the claim's reading ({bounds})")
        if ok
        else N_("{span}: {amount}, not {bounds} as the claim reads it")
    )
    clause = lang._(text).format(span=span, amount=_amount(amount, unit, lang), bounds=_bounds(rule, lang))
    return ("supported" if ok else "contradicted"), clause, _evidence(evidence, claim)


HELD = {"azerbaijan": N_("held by Azerbaijan"), "armenian_forces": N_("held by Armenian forces")}


def _held_by(rule, claim: _Claim):
    """Who held a place of places.csv on a date (maps.layers.held_by), against the claimed controller."""
    from maps import layers

    lang = claim.lang
    try:
        answer = layers.held_by(rule["date"], place=rule["place"], where=claim.ctx)
    except (layers.UnknownPlace, layers.DateOutOfRange, layers.OutsideStudyArea) as exc:
        raise claim.error(f"held_by at '{rule['place']}' on {rule['date']}: {exc}") from None
    control = _dataset({"dataset": "control"}, claim)
    rows = control[control["event_id"] == answer.get("event_id")]
    actual = answer["controller"]
    values = {
        "place": answer["place"] or rule["place"],
        "date": lang.day(rule["date"]),
        "held": lang._(HELD[actual]) if actual in HELD else actual,
        "claimed": lang._(HELD[rule["controller"]]) if rule["controller"] in HELD else rule["controller"],
        "event": answer["event"],
    }
    if actual == rule["controller"]:
        clause = lang._("on {date} {place} was {held}, as claimed (“{event}”)").format(**values)
        return "supported", clause, _evidence(rows, claim)
    clause = lang._("on {date} {place} was {held}, not {claimed} (“{event}”)").format(**values)
    return "contradicted", clause, _evidence(rows, claim)


PARTY_FIELD = "publisher_type"


def _given_by(rule, claim: _Claim):
    """A figure attributed to a party (``party``: a publisher_type, e.g. government_am): supported when a selected
    row from that party gives it; contradicted when only others give it."""
    lang = claim.lang
    rows = _rows(rule, claim)
    column = _field(rule, rows, claim)
    if PARTY_FIELD not in rows.columns:
        raise claim.error(f"{rows.attrs['dataset']} has no column '{PARTY_FIELD}' to attribute a figure")
    if not (rows[PARTY_FIELD] == rule["party"]).any():
        raise claim.error(f"no row the rule selects is from '{rule['party']}'", f"a {PARTY_FIELD} of the rows")
    same = rows[[_same(v, rule["value"]) for v in rows[column]]]
    by_party = same[same[PARTY_FIELD] == rule["party"]]
    figure = _figure(rule["value"], lang)
    if len(by_party):
        first = by_party[_dates(by_party) == _dates(by_party).min()] if _dates(by_party).notna().any() else by_party
        reporters = sorted(set(by_party["reported_by"].dropna())) if "reported_by" in by_party.columns else []
        clause = lang._("{figure} is a figure given by {reporter}, as of {when}").format(
            figure=figure,
            reporter=_either(reporters, lang) if reporters else rule["party"],
            when=lang.day(_dates(first).min()) if _dates(first).notna().any() else lang._("an unknown date"),
        )
        return "supported", clause, _evidence(by_party, claim)
    if len(same):
        others = sorted(set(same["reported_by"].dropna())) if "reported_by" in same.columns else []
        clause = lang._("{figure} is given by {others}, not by the party the claim names").format(
            figure=figure, others=_either(others, lang) if others else lang._("other sources")
        )
        return "contradicted", clause, _evidence(same, claim)
    clause = lang._("the data hold no figure of {figure} from the party the claim names").format(figure=figure)
    return "not_checkable", clause, pd.DataFrame(columns=EVIDENCE_COLUMNS)


TESTS = {
    "on_date": _on_date,
    "between_dates": _between_dates,
    "none_between": _none_between,
    "period_overlaps": _period_overlaps,
    "equals": _equals,
    "names": _names,
    **{test: _compare(test) for test in COMPARE},
    "count": _count,
    "duration": _duration,
    "held_by": _held_by,
    "given_by": _given_by,
}


# --- evidence -------------------------------------------------------------------------------------------------------


def _evidence(rows: pd.DataFrame, claim: _Claim) -> pd.DataFrame:
    """The rows a verdict rests on, in one shape whatever their dataset: the dataset, the row's id, its date and
    source."""
    if rows is None or rows.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    key = rows.attrs.get("key") or next((c for c in ("id", "event_id") if c in rows.columns), rows.columns[0])
    out = pd.DataFrame(
        {
            "dataset": rows.attrs.get("dataset", ""),
            "row": rows[key].astype("string").values,
            "date": _dates(rows).values,
        }
    )
    for column in EVIDENCE_COLUMNS[3:]:
        out[column] = rows[column].values if column in rows.columns else pd.NA
    return out[EVIDENCE_COLUMNS]


def _dedup(evidence: pd.DataFrame) -> pd.DataFrame:
    """Each row once, even when several parts of a rule rest on it."""
    if evidence is None or evidence.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    return evidence.drop_duplicates(subset=["dataset", "row"]).reset_index(drop=True)
