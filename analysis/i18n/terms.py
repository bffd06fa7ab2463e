"""Contested terms (seeds/terms.csv: the region's name, the 2020 war, legend labels for land held by each side, the
Lachin corridor) in a report's language and naming convention.

The label style decides, as for place names (english_default uses the dual form). A missing cell falls back to the
dual form of the language, then to the English dual form marked with FALLBACK_MARK. Every report sets its
Language's terms from here (``analysis.report.start``); the footer states which forms it used.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.conventions import LABEL_STYLES, LANGUAGES
from analysis.i18n.language import Language

FALLBACK_MARK = "*"
TERM_IDS = ("region", "war_2020", "held_armenian", "held_azerbaijani", "lachin_corridor")


def check(style: str, language: str) -> None:
    if style not in LABEL_STYLES:
        raise ValueError(f"unknown label style '{style}'; choose from: {', '.join(LABEL_STYLES)}")
    if language not in LANGUAGES:
        raise ValueError(f"unknown language '{language}'; choose from: {', '.join(LANGUAGES)}")


def _term_style(style: str) -> str:
    """The terms' style for a label style: english_default uses the neutral (dual) forms."""
    return "dual" if style == "english_default" else style


def term(terms: pd.DataFrame, term_id: str, lang: Language) -> str:
    """The text of a contested term (a term_id of seeds/terms.csv) in the report's language and label style.

    A missing cell falls back to the dual form of the language, then to the English dual form marked with
    FALLBACK_MARK."""
    check(lang.label_style, lang.code)
    if term_id not in TERM_IDS:
        raise ValueError(f"unknown term '{term_id}'; choose from: {', '.join(TERM_IDS)}")
    rows = terms[terms["term_id"] == term_id]
    for language, style, mark in (
        (lang.code, _term_style(lang.label_style), ""),
        (lang.code, "dual", ""),
        ("en", "dual", FALLBACK_MARK),
    ):
        hit = rows[(rows["language"] == language) & (rows["label_style"] == style)]
        if len(hit):
            return str(hit["text"].iloc[0]) + mark
    raise ValueError(f"term '{term_id}' has no English dual form in the terms table")


def side_terms(terms: pd.DataFrame, lang: Language) -> dict[str, str]:
    """The contested terms a report in the Armenian or Azerbaijani convention uses as labels: that side's sourced
    forms in the report's language, by term_id (none in the dual convention: the kit's neutral wording stands).
    A notebook hands them to its Language: ``lang.terms = terms.side_terms(data.load_terms(ctx), lang)``."""
    style = _term_style(lang.label_style)
    if style == "dual":
        return {}
    rows = terms[(terms["language"] == lang.code) & (terms["label_style"] == style)]
    return dict(zip(rows["term_id"], rows["text"].astype(str), strict=True))


def side_term(terms: pd.DataFrame, term_id: str, lang: Language, neutral: str) -> str:
    """A contested term as a label (a map legend): that side's sourced form in the report's language (see
    :func:`side_terms`), else ``neutral``, the kit's own wording (already translated)."""
    return side_terms(terms, lang).get(term_id, neutral)


def terms_convention(terms: pd.DataFrame, lang: Language, shown: dict[str, str] | None = None) -> str:
    """The sentence that states which forms of the contested terms the report uses (for the report footer);
    ``shown`` gives the forms the report actually draws where they differ from :func:`term` (the map legend's)."""
    forms = {key: term(terms, key, lang) for key in TERM_IDS} | (shown or {})
    sentence = lang._(
        "Contested terms follow the same convention: “{region}”, “{war}”, “{held_armenian}” and “{held_azerbaijani}” "
        "on map legends, “{corridor}”."
    ).format(
        region=forms["region"],
        war=forms["war_2020"],
        held_armenian=forms["held_armenian"],
        held_azerbaijani=forms["held_azerbaijani"],
        corridor=forms["lachin_corridor"],
    )
    if any(text.endswith(FALLBACK_MARK) for text in forms.values()):
        sentence += " " + lang._(
            "A term marked {mark} has no sourced form in this language; the English form is shown instead."
        ).format(mark=FALLBACK_MARK)
    return sentence


def neutral_terms_note(lang: Language) -> str:
    """The footer sentence of a report without maps: its sentences word contested things neutrally, and its labels
    follow the naming convention where the data has the convention's form (``lang.terms``)."""
    if "war_2020" in lang.terms:
        return lang._(
            "Labels that name the 2020 war follow the naming convention (“{war}”); the report's sentences use "
            "neutral wording for contested terms (Nagorno-Karabakh, the 2020 war, held by)."
        ).format(war=lang.terms["war_2020"])
    return lang._(
        "This report uses neutral wording for contested terms (Nagorno-Karabakh, the 2020 war, held by), whatever "
        "its naming convention; the maps follow the convention."
    )
