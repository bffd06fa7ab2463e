"""The gazetteer's provenance: a source kind per row, a named page per name form, cited coordinates, the Lachin fix."""

from __future__ import annotations

import csv
import json
import math
import re

import pytest

from conftest import ROOT

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
