"""Contested place names: one label per place for a naming convention (style) and a language.

Styles
- ``english_default``: the usual form in the chosen language (en: the wire form in places.csv's name_en).
- ``armenian`` / ``azerbaijani``: each side's form for places in the mapped districts (Nagorno-Karabakh and the
  districts around it); elsewhere the usual form in the chosen language.
- ``dual``: the usual form, then in brackets the other side's form where it differs, e.g. "Stepanakert (Khankendi)",
  "Lachin (Berdzor)"; only for places in the mapped districts. Outside them an Azerbaijani form of a town in
  Armenia is often a former or claimed name (seeds/notes/places.md), so it is not added.

Languages: en uses English forms (name_hy_latn for the Armenian side, name_az_en, the Azerbaijani name as
English-language media spell it, for the Azerbaijani side, else name_az), az the Azerbaijani Latin forms, hy the
Armenian script, ru the Russian form. The data has no Armenian-script form of Azerbaijani names and no side-specific Russian forms, and some cells
are empty for lack of a source. Then the label falls back, visibly: to the side's Latin form, else to the English
form, marked with FALLBACK_MARK.

Contested terms (seeds/terms.csv: the region's name, the 2020 war, legend labels for land held by each side, the Lachin
corridor) follow the same rule: the label style decides (english_default uses the dual form). A missing cell falls back
to the dual form of the language, then to the English dual form marked with FALLBACK_MARK. The footer states the
convention: :func:`convention` for place names, :func:`terms_convention` for the terms.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from analysis.core.conventions import LABEL_STYLES as STYLES
from analysis.core.conventions import LANGUAGES
from analysis.i18n.language import N_, Language

FALLBACK_MARK = "*"
DEFAULT_COLUMN = {"en": "name_en", "hy": "name_hy", "az": "name_az", "ru": "name_ru"}
SIDE_COLUMNS = {  # (side, language) -> columns with that side's form in that language, in order of preference
    ("armenian", "en"): ("name_hy_latn",),
    ("armenian", "az"): ("name_hy_latn",),
    ("armenian", "hy"): ("name_hy",),
    ("azerbaijani", "en"): ("name_az_en", "name_az"),
    ("azerbaijani", "az"): ("name_az",),
}
SIDE_LATIN = {"armenian": "name_hy_latn", "azerbaijani": "name_az"}
USUAL_LATIN = {"en": "name_en", "hy": "name_hy_latn", "az": "name_az", "ru": "name_en"}  # Latin key of the usual form
# The language named in the convention sentence ("the usual Russian form"); translated where it is shown.
LANGUAGE_LABELS = {"en": N_("English"), "hy": N_("Armenian"), "az": N_("Azerbaijani"), "ru": N_("Russian")}
# One whole sentence per naming convention, with and without an example label.
CONVENTIONS = {
    ("dual", True): N_(
        "Place names follow a dual convention: the usual {language} form, then in brackets the other side's form where "
        "it differs, for places in Nagorno-Karabakh and the surrounding districts, e.g. {example}. Elsewhere the usual "
        "{language} form is used."
    ),
    ("dual", False): N_(
        "Place names follow a dual convention: the usual {language} form, then in brackets the other side's form where "
        "it differs, for places in Nagorno-Karabakh and the surrounding districts. Elsewhere the usual {language} form "
        "is used."
    ),
    ("armenian", True): N_(
        "Place names follow Armenian usage ({language} forms) for places in Nagorno-Karabakh and the surrounding "
        "districts, e.g. {example}. Elsewhere the usual {language} form is used."
    ),
    ("armenian", False): N_(
        "Place names follow Armenian usage ({language} forms) for places in Nagorno-Karabakh and the surrounding "
        "districts. Elsewhere the usual {language} form is used."
    ),
    ("azerbaijani", True): N_(
        "Place names follow Azerbaijani usage ({language} forms) for places in Nagorno-Karabakh and the surrounding "
        "districts, e.g. {example}. Elsewhere the usual {language} form is used."
    ),
    ("azerbaijani", False): N_(
        "Place names follow Azerbaijani usage ({language} forms) for places in Nagorno-Karabakh and the surrounding "
        "districts. Elsewhere the usual {language} form is used."
    ),
    ("english_default", True): N_("Place names are the usual {language} forms, e.g. {example}."),
    ("english_default", False): N_("Place names are the usual {language} forms."),
}
TERM_IDS = ("region", "war_2020", "held_armenian", "held_azerbaijani", "lachin_corridor")


def check(style: str, language: str) -> None:
    if style not in STYLES:
        raise ValueError(f"unknown label style '{style}'; choose from: {', '.join(STYLES)}")
    if language not in LANGUAGES:
        raise ValueError(f"unknown language '{language}'; choose from: {', '.join(LANGUAGES)}")


def _value(row, column: str | None) -> str | None:
    value = row.get(column) if column else None
    return None if value is None or pd.isna(value) or not str(value).strip() else str(value)


def _fallback(row, *columns: str) -> str:
    for column in columns:
        value = _value(row, column)
        if value:
            return value + FALLBACK_MARK
    return str(row["name_en"]) + FALLBACK_MARK


def default_form(row, language: str) -> str:
    return _value(row, DEFAULT_COLUMN[language]) or _fallback(row, "name_en")


def side_form(row, side: str, language: str) -> str:
    for column in SIDE_COLUMNS.get((side, language), ()):
        if _value(row, column):
            return _value(row, column)
    return _fallback(row, SIDE_LATIN[side], "name_en")


def _fold(name: str) -> str:
    """A loose key for 'is this the same name?': Fuzuli/Füzuli, Lachin/Laçın, Aghdam/Ağdam compare equal.

    Used only to decide whether a bracketed alternative adds anything; never shown.
    """
    text = name.rstrip(FALLBACK_MARK).lower().replace("ə", "a").replace("ı", "i")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.replace("e", "a").replace("y", "i").replace("x", "k").replace("c", "j").replace("h", "")


def label(row, style: str, language: str = "en", *, in_districts: bool = True) -> str:
    """The label of one place (a row of places.csv) in a style and language."""
    check(style, language)
    usual = default_form(row, language)
    if style == "english_default" or not in_districts:
        return usual
    if style in ("armenian", "azerbaijani"):
        return side_form(row, style, language)
    # Compare in Latin letters: the usual form's Latin counterpart against each side's Latin form.
    has_usual = _value(row, DEFAULT_COLUMN[language]) is not None
    seen = [
        _fold(
            _value(row, USUAL_LATIN[language])
            if has_usual and _value(row, USUAL_LATIN[language])
            else str(row["name_en"])
        )
    ]
    others = []
    for side in ("armenian", "azerbaijani"):
        latin = _value(row, SIDE_LATIN[side])
        if latin and _fold(latin) not in seen:
            seen.append(_fold(latin))
            others.append(side_form(row, side, language))
    return f"{usual} ({' / '.join(others)})" if others else usual


def labels(places: pd.DataFrame, style: str, language: str = "en") -> pd.Series:
    """Labels for every place of a gazetteer frame; uses its `in_districts` column when present."""
    check(style, language)
    inside = places["in_districts"] if "in_districts" in places else pd.Series(True, index=places.index)
    return pd.Series(
        [
            label(row, style, language, in_districts=bool(flag))
            for (_, row), flag in zip(places.iterrows(), inside, strict=False)
        ],
        index=places.index,
        dtype="string",
    )


def convention(lang: Language, example: str | None = None) -> str:
    """The sentence that states the naming convention of place names (for the map and the report footer), in the
    report's language and for its label style (``lang.label_style``); ``example`` is a label shown as an instance."""
    style, language = lang.label_style, lang.code
    check(style, language)
    sentence = lang._(CONVENTIONS[(style, bool(example))]).format(
        language=lang._(LANGUAGE_LABELS[language]), example=example or ""
    )
    fallback = lang._(
        "A name marked {mark} has no sourced form in this convention and language; the Latin or English form is shown "
        "instead."
    ).format(mark=FALLBACK_MARK)
    return f"{sentence} {fallback}"


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
    A notebook hands them to its Language: ``lang.terms = names.side_terms(data.load_terms(ctx), lang)``."""
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
