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

Contested terms (seeds/terms.csv) follow the same rule; their vocabulary lives in :mod:`analysis.i18n.terms`, which
the reports without maps use too. The footer states the convention: :func:`convention` for place names,
:func:`analysis.i18n.terms.terms_convention` for the terms.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from analysis.i18n.language import N_, Language
from analysis.i18n.terms import FALLBACK_MARK, check

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
