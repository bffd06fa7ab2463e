"""Maps: control by date, contested names, derived layers, and the map report drawn offline."""
from __future__ import annotations

import datetime as dt
import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from analysis import data
from analysis.errors import DataError
from conftest import ROOT, make_project, open_offline, rehash, run_cli
from maps import derive, figures, layers, names

LAEA = layers.EQUAL_AREA


def _stepanakert() -> Point:
    places = layers.places_in(layers.areas()).set_index("place_id")
    return places.loc["stepanakert_khankendi", "geometry"]


def test_lachin_district_on_2020_12_01_is_azerbaijani_with_the_corridor_under_russian_peacekeepers():
    row = layers.control_at("2020-12-01").set_index("area_id").loc["AZE-1735"]
    assert row["area_name"] == "Laçın"
    assert row["controller"] == "azerbaijan"
    assert row["peacekeeping"] == "russia"
    assert bool(row["partial"])
    assert "corridor" in row["note"] and "Russian peacekeepers" in row["note"]
    routes = layers.corridor_at("2020-12-01")
    assert list(routes["route_id"]) == ["2020-2022-via-lachin"]
    assert "lachin_berdzor" in routes.iloc[0]["places"]


def test_stepanakert_on_2023_09_01_lies_in_armenian_held_area_in_the_peacekeeping_zone():
    held = layers.control_at("2023-09-01")
    hit = held[held.contains(_stepanakert())]
    assert len(hit) == 1
    assert hit.iloc[0]["area_id"] == "AZE-4838"
    assert hit.iloc[0]["controller"] == "armenian_forces"
    assert hit.iloc[0]["peacekeeping"] == "russia"


def test_every_district_azerbaijani_on_2024_01_01():
    held = layers.control_at("2024-01-01")
    assert len(held) == 13
    assert set(held["controller"]) == {"azerbaijan"}


def test_areas_are_equal_area_on_unsimplified_geometry():
    table = layers.km2_over_time()
    total = layers.areas()["km2"].sum()
    assert table.sum(axis=1).round(3).eq(round(total, 3)).all()
    assert 13_000 < total < 13_500
    assert table.loc[pd.Timestamp("1994-05-12"), "armenian_forces"] == pytest.approx(11_997, abs=1)
    assert table.loc[pd.Timestamp("2020-12-01"), "armenian_forces"] == pytest.approx(2_444, abs=1)
    assert table.iloc[-1].get("armenian_forces", 0) == 0


@pytest.mark.parametrize("when", ["1990-12-31", (dt.date.today() + dt.timedelta(days=1)).isoformat(), "not a date"])
def test_dates_outside_the_record_are_rejected(when):
    with pytest.raises(layers.DateOutOfRange, match=r"before 1991-01-01|in the future|not a date"):
        layers.control_at(when)


def test_first_and_last_day_accepted():
    assert len(layers.control_at("1991-01-01")) == 13
    assert len(layers.control_at(dt.date.today().isoformat())) == 13


@pytest.mark.parametrize("style, language, place, expected", [
    ("dual", "en", "stepanakert_khankendi", "Stepanakert (Khankendi)"),
    ("dual", "az", "stepanakert_khankendi", "Xankəndi (Stepanakert)"),
    ("dual", "en", "lachin_berdzor", "Lachin (Berdzor)"),
    ("dual", "en", "shusha_shushi", "Shusha (Shushi)"),
    ("dual", "en", "hadrut", "Hadrut"),
    ("dual", "en", "sisian", "Sisian"),  # outside the districts: no former Azerbaijani name added
    ("armenian", "en", "shusha_shushi", "Shushi"),
    ("armenian", "en", "lachin_berdzor", "Berdzor"),
    ("armenian", "hy", "stepanakert_khankendi", "Ստեփանակերտ"),
    ("azerbaijani", "en", "stepanakert_khankendi", "Khankendi"),
    ("azerbaijani", "en", "shusha_shushi", "Shusha"),
    ("azerbaijani", "az", "kalbajar_karvachar", "Kəlbəcər"),
    ("azerbaijani", "hy", "stepanakert_khankendi", "Xankəndi*"),  # visible fallback: no Armenian-script form
    ("english_default", "en", "stepanakert_khankendi", "Stepanakert"),
    ("english_default", "ru", "kalbajar_karvachar", "Кельбаджар"),
    ("english_default", "ru", "askeran", "Аскеран"),
    ("english_default", "ru", "sotk_zod", "Sotk*"),  # no sourced Russian form
])
def test_label_styles(style, language, place, expected):
    places = layers.places_in(layers.areas()).set_index("place_id", drop=False)
    assert names.labels(places, style, language)[place] == expected


def test_unknown_style_and_language_rejected():
    row = {"name_en": "Stepanakert"}
    with pytest.raises(ValueError, match="unknown label style 'neutral'; choose from: dual"):
        names.label(row, "neutral")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        names.label(row, "dual", "fr")
    assert "Khankendi" in names.convention("dual", "en", "Stepanakert (Khankendi)")


def test_invalid_geometry_is_rejected(seeds_copy):
    path = seeds_copy / "geo" / "ne_admin1.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    lachin = next(f for f in doc["features"] if f["properties"]["adm1_code"] == "AZE-1735")
    lachin["geometry"] = {"type": "Polygon", "coordinates": [[[46.0, 39.5], [46.5, 40.0], [46.5, 39.5],
                                                              [46.0, 40.0], [46.0, 39.5]]]}  # a bow-tie
    path.write_text(json.dumps(doc), encoding="utf-8")
    rehash(seeds_copy)
    with pytest.raises(DataError, match=r"ne_admin1.geojson: feature \d+ has an invalid geometry: Self-intersection"):
        layers.control_at("2020-12-01")


def test_control_rules_overlap_and_unknown_area(seeds_copy):
    path = seeds_copy / "control.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("AZE-1735,Laçın,azerbaijan,russia,2020-12-01,2022-08-25",
                                 "AZE-1735,Laçın,azerbaijan,russia,2020-11-30,2022-08-25"), encoding="utf-8")
    rehash(seeds_copy)
    with pytest.raises(DataError, match="periods of AZE-1735 overlap.*starts on 2020-11-30"):
        layers.areas()
    path.write_text(text.replace("AZE-1740,", "AZE-9999,"), encoding="utf-8")
    rehash(seeds_copy)
    with pytest.raises(DataError, match="area 'AZE-9999' is not in geo/ne_admin1.geojson"):
        layers.areas()


def test_derived_layers_match_their_recipe_and_nkao_is_about_4400_km2():
    assert derive.nkao_outline(data.load_disputed_lines()) == json.loads(
        (ROOT / "seeds" / derive.NKAO_FILE).read_text(encoding="utf-8"))
    nkao = gpd.read_file(ROOT / "seeds" / derive.NKAO_FILE).to_crs(LAEA).area.iloc[0] / 1e6
    assert 4_000 < nkao < 4_600
    assert gpd.read_file(ROOT / "seeds" / derive.NKAO_FILE).contains(_stepanakert()).iloc[0]


@pytest.fixture(scope="module")
def lay():
    return figures.Layers()


def test_map_figures_stay_under_the_coordinate_budget_and_keep_dashes(lay):
    fig = figures.control_map(lay, "2021-06-01", style="dual", language="en", show_corridor=True)
    slider = figures.slider_map(lay, dict(layers.KEY_DATES))
    for f in (fig, slider):
        assert 0 < figures.coordinate_bytes(f) <= figures.MAX_COORD_BYTES
        dashes = {t.name: t.line.dash for t in f.data if t.name in ("1994 ceasefire line", "Former NKAO, c. 1991 (approx.)")}
        assert dashes == {"1994 ceasefire line": "dash", "Former NKAO, c. 1991 (approx.)": "dot"}
        note = f.layout.annotations[-1].text
        assert "not authoritative" in note and "Source:" in note
        assert f.layout.xaxis.visible is False and f.layout.yaxis.scaleanchor == "x"
        assert not any(t.type in ("scattergeo", "choropleth") for t in f.data)
    assert "Stepanakert (Khankendi)" in fig.layout.annotations[-1].text
    assert len(slider.layout.sliders[0].steps) == len(layers.KEY_DATES) and not slider.frames
    assert any(t.name == "Lachin corridor (schematic)" for t in fig.data)


MAP_TOML = """
[[reports]]
notebook = "map_karabakh"
title = "Map"

[[reports.variants]]
slug = "map-2023-09-19"
params = { as_of = "2023-09-19", label_style = "dual" }

[[reports.variants]]
slug = "map-2024-01-28-azerbaijani"
params = { as_of = "2024-01-28", label_style = "azerbaijani", export_static = true }
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("maps")
    out, static = tmp / "out", tmp / "static"
    result = run_cli("build", "--config", str(make_project(tmp, MAP_TOML)), "--out", str(out),
                     env={"KARABAKH_STATIC_DIR": str(static)})
    assert result.returncode == 0, result.stdout + result.stderr
    return out, static


@pytest.mark.slow
def test_map_variants_build_with_convention_and_disclaimer_in_footer(built):
    out, static = built
    page = (out / "map-2023-09-19.html").read_text(encoding="utf-8")
    assert "Place names follow a dual convention" in page
    assert "not authoritative" in page
    az = (out / "map-2024-01-28-azerbaijani.html").read_text(encoding="utf-8")
    assert "Place names follow Azerbaijani usage" in az
    assert "cdn.plot.ly" not in page
    assert sorted(p.suffix for p in static.iterdir()) == [".png", ".svg"]
    assert (static / "map-2024-01-28-azerbaijani-en.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
@pytest.mark.browser
def test_map_draws_offline_and_the_slider_moves(built, browser):
    out, _ = built
    result = open_offline(browser, out / "map-2023-09-19.html", settle_ms=1500)
    page = result["page"]
    assert result["plots"] == 3 and result["drawn"] == 3
    assert result["errors"] == [] and result["blocked"] == []
    fills = "el => Array.from(el.querySelectorAll('path.js-fill')).map(p => p.style.fill).join('|')"
    slider = page.locator(".kb-plot").nth(1)
    before = slider.evaluate(fills)
    page.evaluate("async id => { const gd = document.getElementById(id); const step = gd.layout.sliders[0].steps.at(-1);"
                  " await Plotly.restyle(gd, step.args[0], step.args[1]); }", slider.get_attribute("id"))
    page.wait_for_timeout(500)
    assert slider.evaluate(fills) != before
    page.close()
