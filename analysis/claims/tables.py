"""How the claims ledger is shown: the table, its headers and caption, the verdicts' names, the sentences for a
chart's description, and the article's line. Everything here is in the report's language; HTML lives here, next to
the code that fills it (``Markup.format`` escapes the values)."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from analysis.claims.transforms import VERDICTS
from analysis.i18n.language import N_, Language

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


def caveats(later, weak, *, lang: Language) -> str:
    """What a reader should weigh with the verdict: evidence dated after the article, evidence on a weak source."""
    parts = []
    if later:
        parts.append(
            lang._("evidence dated after the article ({dates})").format(dates=", ".join(lang.day(day) for day in later))
        )
    if weak:
        parts.append(lang._("rests on a weak kind of source ({kinds})").format(kinds=", ".join(weak)))
    return "; ".join(parts)


def _known(value) -> bool:
    return value is not None and not (not isinstance(value, str) and pd.isna(value)) and value != ""


def _what(r: pd.Series, lang: Language) -> str:
    """A row of evidence as a reader knows it: its title and date, or who reported it and when; its id if neither."""
    title, when = r.get("title"), r.get("date") if _known(r.get("date")) else r.get("as_of")
    if _known(title):
        return lang._("{title} ({date})").format(title=title, date=lang.date(when)) if _known(when) else str(title)
    if _known(r.get("reported_by")):
        by = str(r.get("reported_by"))
        return lang._("{title} ({date})").format(title=by, date=lang.date(when)) if _known(when) else by
    for column in ("row", "dataset"):
        if _known(r.get(column)):
            return str(r.get(column))
    return ""


def evidence_cell(rows: pd.DataFrame, *, lang: Language) -> str:
    """The evidence rows in one line, each once: what the row is (its title, else who reported it and when, else
    its id) and its publisher."""
    if rows is None or rows.empty:
        return lang._("none in the datasets")
    seen, items = set(), []
    for _, r in rows.iterrows():
        name = _what(r, lang)
        source = r.get("source_name")
        key = (r.get("dataset"), r.get("row") if _known(r.get("row")) else name)
        if key in seen:
            continue
        seen.add(key)
        if source is None or pd.isna(source):
            items.append(str(name))
        else:
            items.append(lang._("{row} ({source})").format(row=name, source=source))
    return "; ".join(items)


def ledger_table(ledger: pd.DataFrame, *, lang: Language) -> pd.DataFrame:
    """The ledger for print: claim, figure as printed, verdict, the sentence that explains it, caveats, the evidence,
    how we read the claim. Columns keep their English names (``source_url`` is shown as links); ``LEDGER_HEADINGS``
    names them."""

    def first_url(rows: pd.DataFrame):
        if rows is None or "source_url" not in rows.columns or rows["source_url"].dropna().empty:
            return pd.NA
        return rows["source_url"].dropna().iloc[0]

    def own_words(column: str) -> list:  # the claims file's own words, from the ``data`` catalog
        article = ledger.attrs.get("article", "")
        return [
            lang.cell("claims", f"{article}/{claim_id}", column, text) if isinstance(text, str) else text
            for claim_id, text in zip(ledger["claim_id"], ledger[column], strict=True)
        ]

    return pd.DataFrame(
        {
            "claim": own_words("claim"),
            "as written": ledger["printed"],
            "verdict": [
                verdict_label(v, m, lang=lang) for v, m in zip(ledger["verdict"], ledger["misprint"], strict=False)
            ],
            "why": ledger["reason"],
            "caveats": [caveats(a, w, lang=lang) for a, w in zip(ledger["later"], ledger["weak"], strict=False)],
            "evidence": ledger["evidence"].map(lambda rows: evidence_cell(rows, lang=lang)),
            "source_url": ledger["evidence"].map(first_url),
            "how we read it": own_words("reading"),
        }
    )


LEDGER_HEADINGS = {  # the ledger table's column headings, shown translated by style.table(headings=…)
    "claim": N_("claim"),
    "as written": N_("as written"),
    "verdict": N_("verdict"),
    "why": N_("why"),
    "caveats": N_("caveats"),
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
    """The explanations of the claims whose evidence includes rows of one dataset (for a chart's description)."""
    sentences = []
    for v, m, r, ev in zip(ledger["verdict"], ledger["misprint"], ledger["reason"], ledger["evidence"], strict=False):
        if ev is not None and len(ev) and (ev["dataset"] == dataset).any():
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
