"""The gazetteer's provenance: a source kind per row, a named page per name form, cited coordinates, the Lachin fix."""

from __future__ import annotations

import csv
import json
import math
import re

import pytest

from analysis.i18n import terms as contested

from helpers import ROOT

SEEDS = ROOT / "seeds"
NAME_COLUMNS = ("name_en", "name_hy", "name_hy_latn", "name_az", "name_az_en", "name_ru")
SCRIPT = {  # letters each column may use (spaces, hyphens, apostrophes and dots are allowed everywhere)
    "name_hy": r"\u0531-\u0587",
    "name_ru": r"\u0400-\u04FF",
    "name_en": r"A-Za-z",
    "name_hy_latn": r"A-Za-z",
    "name_az_en": r"A-Za-z",
    "name_az": r"A-Za-zÇçĞğİıÖöŞşÜüƏə",
}


@pytest.fixture(scope="module")
def places() -> dict[str, dict[str, str]]:
    with open(SEEDS / "places.csv", encoding="utf-8", newline="") as f:
        return {row["place_id"]: row for row in csv.DictReader(f)}


def _km(a: dict[str, str], b: dict[str, str]) -> float:
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def test_at_most_a_tenth_of_rows_rest_on_a_weak_page(places):
    kinds = json.loads((SEEDS / "datapackage.json").read_text(encoding="utf-8"))["sourceKinds"]
    weak = {k["name"] for k in kinds if k["weak"]}
    assert {row["source_kind"] for row in places.values()} <= {k["name"] for k in kinds}
    weak_rows = [pid for pid, row in places.items() if row["source_kind"] in weak]
    assert len(weak_rows) <= 0.1 * len(places), weak_rows


@pytest.mark.parametrize("column", NAME_COLUMNS)
def test_every_name_form_is_in_its_script_and_named_in_the_note(places, column):
    allowed = re.compile(rf"[{SCRIPT[column]} .'’\-]+")
    for pid, row in places.items():
        value = row[column]
        if not value:
            continue
        assert allowed.fullmatch(value), f"{pid}.{column} = {value!r} is not in the expected script"
        assert re.search(rf"{column}(?![_a-z])", row["note"]), f"{pid}: the note does not say where {column} comes from"


def test_coordinates_name_their_page(places):
    for pid, row in places.items():
        assert bool(row["coord_url"]) == (row["coord_source"] == "coord_url"), pid


def test_lachin_is_the_town_not_the_geonames_point_near_zabukh(places):
    lachin, zabukh, sus = places["lachin_berdzor"], places["zabukh_aghavno"], places["sus"]
    assert _km(lachin, {"lat": "39.6408", "lon": "46.5469"}) < 1
    assert _km(lachin, {"lat": "39.59881", "lon": "46.55045"}) > 4  # the GeoNames cities1000 "Lacin" point
    assert 4 < _km(lachin, zabukh) < 7
    assert 2 < _km(lachin, sus) < 5


def test_places_the_maps_need_are_present(places):
    assert {"horadiz", "sus", "madagiz_sugovushan", "jabrayil"} <= set(places)
    assert places["jabrayil"]["name_hy"] == "Ջրական"
    assert places["madagiz_sugovushan"]["name_az"] == "Suqovuşan"


# --- contested terms (seeds/terms.csv, analysis.i18n.terms.term) ---------------------------------------------------------------

TERM_SCRIPT = {"hy": r"\u0531-\u0587", "ru": r"\u0400-\u04FF", "en": r"A-Za-z", "az": r"A-Za-zÇçĞğİıÖöŞşÜüƏə"}


@pytest.fixture(scope="module")
def terms():
    from analysis import data

    return data.load_terms()


def _terms_frame(*rows):
    import pandas as pd

    return pd.DataFrame(rows, columns=["term_id", "language", "label_style", "text"])


def test_every_term_has_an_english_dual_form_so_the_fallback_ends(terms):

    english = terms[(terms["language"] == "en") & (terms["label_style"] == "dual")]
    assert set(english["term_id"]) == set(contested.TERM_IDS)


def test_every_term_is_written_in_its_language_script_and_weak_rows_say_why(terms):
    kinds = json.loads((SEEDS / "datapackage.json").read_text(encoding="utf-8"))["sourceKinds"]
    weak = {k["name"] for k in kinds if k["weak"]}
    for row in terms.itertuples():
        letters = TERM_SCRIPT[row.language] + ("IV" if row.language == "az" else "")
        assert re.fullmatch(rf"[{letters}0-9 .'’-]+", row.text), (row.term_id, row.language, row.label_style, row.text)
        assert row.text[0].isupper() or row.text[0].isdigit(), row.text
    assert terms["source_kind"].isin(weak).mean() <= 0.10
    assert (terms.loc[terms["source_kind"].isin(weak), "note"].str.contains("mirror")).all()


def test_term_follows_the_label_style_and_english_default_uses_the_dual_form():
    from analysis.i18n.language import Language

    table = _terms_frame(
        ("region", "en", "dual", "Nagorno-Karabakh"),
        ("region", "en", "armenian", "Artsakh"),
        ("region", "en", "azerbaijani", "Karabakh"),
        ("region", "ru", "dual", "Нагорный Карабах"),
        ("region", "ru", "armenian", "Арцах"),
    )
    assert contested.term(table, "region", Language("en", "armenian")) == "Artsakh"
    assert contested.term(table, "region", Language("en", "azerbaijani")) == "Karabakh"
    assert contested.term(table, "region", Language("en", "english_default")) == "Nagorno-Karabakh"
    assert contested.term(table, "region", Language("ru", "armenian")) == "Арцах"
    assert contested.term(table, "region", Language("ru", "english_default")) == "Нагорный Карабах"


def test_a_missing_term_falls_back_to_the_dual_form_then_to_english_marked():
    from analysis.i18n.language import Language

    table = _terms_frame(
        ("war_2020", "en", "dual", "Second Nagorno-Karabakh War"),
        ("war_2020", "hy", "dual", "44-օրյա պատերազմ"),
    )
    assert contested.term(table, "war_2020", Language("hy", "azerbaijani")) == "44-օրյա պատերազմ"
    assert (
        contested.term(table, "war_2020", Language("ru", "azerbaijani"))
        == "Second Nagorno-Karabakh War" + contested.FALLBACK_MARK
    )
    assert contested.term(table, "war_2020", Language("en", "armenian")) == "Second Nagorno-Karabakh War"
    with pytest.raises(ValueError, match="unknown term 'war'; choose from: region"):
        contested.term(table, "war", Language("en"))
    with pytest.raises(ValueError, match="no English dual form"):
        contested.term(table, "region", Language("en"))


def test_the_real_table_gives_each_side_its_own_words(terms):
    from analysis.i18n.language import Language

    assert contested.term(terms, "region", Language("hy", "armenian")) == "Արցախ"
    assert contested.term(terms, "war_2020", Language("az", "azerbaijani")) == "Vətən müharibəsi"
    assert contested.term(terms, "lachin_corridor", Language("ru", "dual")) == "Лачинский коридор"
    assert contested.term(terms, "held_armenian", Language("en", "azerbaijani")) == "Occupied by Armenia"


def test_the_terms_sentence_names_the_forms_and_flags_an_english_fallback(terms):
    from analysis.i18n.language import Language

    english = contested.terms_convention(terms, Language("en", "dual"))
    assert english.startswith("Contested terms follow the same convention: “Nagorno-Karabakh”")
    assert contested.FALLBACK_MARK not in english
    table = terms[~((terms["language"] == "ru") & (terms["term_id"] == "region"))]
    russian = contested.terms_convention(table, Language("ru", "armenian"))
    assert "«Nagorno-Karabakh*»" in russian and "отмеченного знаком *" in russian  # the sentence is translated


def test_the_place_name_convention_is_one_sentence_per_style(terms):
    from analysis.i18n.language import Language
    from maps import names

    dual = names.convention(Language("en", "dual"), "Stepanakert (Khankendi)")
    assert "the usual English form, then in brackets" in dual and "e.g. Stepanakert (Khankendi)." in dual
    plain = names.convention(Language("en", "english_default"))
    assert plain.startswith("Place names are the usual English forms. A name marked *") and "Elsewhere" not in plain
    assert "Azerbaijani usage (English forms)" in names.convention(Language("en", "azerbaijani"), "Khankendi")


def test_a_side_convention_names_the_2020_war_its_own_way_in_labels(terms):
    from analysis.displacement import text
    from analysis.i18n.language import Language

    az = Language("az")  # by its own press's usage: the Azerbaijani convention
    az.terms = contested.side_terms(terms, az)
    assert text.label(text.EPISODE_LABELS, "2020", az) == "Vətən müharibəsi"
    assert "Vətən müharibəsi" in contested.neutral_terms_note(az)
    en = Language("en", "dual")
    en.terms = contested.side_terms(terms, en)
    assert en.terms == {} and text.label(text.EPISODE_LABELS, "2020", en) == "2020 war"
    assert contested.neutral_terms_note(en).startswith("This report uses neutral wording")
    hy = Language("hy")
    hy.terms = contested.side_terms(terms, hy)
    assert text.label(text.EPISODE_LABELS, "2020", hy) == "44-օրյա պատերազմ"
