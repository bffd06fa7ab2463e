"""Maps: territories cut from the lines of contact, who held what on any date, contested names, the map report."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from analysis import data
from analysis.core.errors import DataError
from analysis.i18n.language import Language
from analysis.present import style
from maps import __main__ as maps_cli
from maps import basemap as base
from maps import derive, figures, layers, names

from helpers import ROOT, make_project, rehash, reports_toml, run_cli

LAEA = layers.EQUAL_AREA
EN = Language("en", "dual")
FACTS = list(csv.DictReader((ROOT / "tests" / "fixtures" / "held_by_facts.csv").open(encoding="utf-8")))


def _km2(geom, crs="EPSG:4326") -> float:
    return float(gpd.GeoSeries([geom], crs=crs).to_crs(LAEA).area.iloc[0] / 1e6)


def _changes() -> list[str]:
    return list(layers.change_dates())


# --- who held what: facts from sources -------------------------------------------------------------------------


def test_the_fixture_holds_enough_sourced_facts():
    assert len(FACTS) >= 25
    assert all(f["source_url"].startswith("http") and f["source_name"] and f["source_kind"] for f in FACTS)


@pytest.mark.parametrize("fact", FACTS, ids=[f"{f['fact_id']}-{f['place_id'] or 'point'}-{f['date']}" for f in FACTS])
def test_held_by_agrees_with_a_sourced_fact(fact):
    where = {"place": fact["place_id"]} if fact["place_id"] else {"lat": float(fact["lat"]), "lon": float(fact["lon"])}
    answer = layers.held_by(fact["date"], **where)
    assert answer["controller"] == fact["controller"], (fact["note"], answer)
    if fact["peacekeeping"]:
        assert answer["peacekeeping"] == fact["peacekeeping"], (fact["note"], answer)


@pytest.mark.parametrize("name", ["Shusha", "Shushi", "Şuşa", "Շուշի", "Шуша", "shusha_shushi", "SUSA"])
def test_a_place_is_found_under_any_of_its_names(name):
    assert layers.find_place(name)["place_id"] == "shusha_shushi"


def test_an_unknown_place_lists_the_closest_names():
    with pytest.raises(layers.UnknownPlace, match=r"no place called 'Shushaa'.*closest: .*Shusha"):
        layers.held_by("2020-11-10", place="Shushaa")


@pytest.mark.parametrize(
    ("when", "words"),
    [
        ("1987-06-01", "before the record starts on 1992-01-01"),
        ("2031-01-01", "after the last change in the data (2024-06-13"),
        ("2020-02-30", "not a date"),
        ("yesterday", "not a date"),
        ("2020", "not a date"),
    ],
)
def test_dates_outside_the_record_are_refused_with_the_reason(when, words):
    with pytest.raises(layers.DateOutOfRange, match=words.replace("(", r"\(")):
        layers.control_at(when)


def test_a_point_outside_the_study_area_is_not_guessed():
    with pytest.raises(layers.OutsideStudyArea, match=r"Yerevan .* outside the study area"):
        layers.held_by("2000-01-01", place="Yerevan")
    with pytest.raises(layers.OutsideStudyArea, match=r"41\.0000 N, 45\.0000 E lies outside"):
        layers.held_by("2000-01-01", lat=41.0, lon=45.0)


def _maps_cli(*args):
    return subprocess.run([sys.executable, "-m", "maps", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_the_held_by_command_answers_in_text_and_json(capsys):
    text = _maps_cli("held-by", "--date", "2020-11-10", "--place", "Shushi")
    assert text.returncode == 0, text.stderr
    assert "Shusha on 2020-11-10: held by Azerbaijan" in text.stdout and "source" in text.stdout
    assert maps_cli.main(["held-by", "--date", "2022-01-01", "--place", "Berdzor", "--json"]) == 0  # in-process
    answer = json.loads(capsys.readouterr().out)
    assert {k: answer[k] for k in ("controller", "peacekeeping")} == {
        "controller": "armenian_forces",
        "peacekeeping": "russia",
    }
    assert set(answer) >= {"controller", "peacekeeping", "precision", "area_id", "source_name", "source_url"}
    assert answer["source_url"].startswith("http")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--date", "1980-01-01", "--place", "Shusha"], "before the record starts"),
        (["--date", "2020-11-10", "--place", "Atlantis"], "no place called 'Atlantis'"),
        (["--date", "2020-11-10", "--lat", "40.18", "--lon", "44.51"], "outside the study area"),
        (["--date", "2020-11-10", "--lat", "40.18"], "--lat needs --lon"),
    ],
)
def test_the_held_by_command_refuses_bad_input_clearly(args, words, capsys):
    """In-process through the command's own entry point (the subprocess test above covers `python -m maps`)."""
    try:
        code = maps_cli.main(["held-by", *args])
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert words in err and "Traceback" not in err


# --- the territories: invariants on every date where control changes -------------------------------------------


@pytest.fixture(scope="module")
def outlines():
    v4 = data.load_geo("disputed_areas")
    v5 = data.load_karabakh_v5()
    area_94 = v4[v4["brk_name"] == "Nagorno-Karabakh"].geometry.union_all()
    area_20 = v5[v5.geom_type.isin(["Polygon", "MultiPolygon"])].geometry.union_all()
    return {"study": layers.study_area(), "1994": area_94, "2020": area_20}


@pytest.mark.parametrize("day", _changes())
def test_territories_tile_the_study_area_without_overlap_on_every_change(day, outlines):
    held = layers.control_at(day)
    assert held["piece_id"].is_unique
    projected = held.to_crs(LAEA)
    union = projected.geometry.union_all()
    assert projected.area.sum() / 1e6 - union.area / 1e6 < 0.01, "territories overlap"
    assert abs(_km2(outlines["study"]) - union.area / 1e6) < 0.5, "territories leave a gap"
    assert set(held["controller"]) <= {"armenian_forces", "azerbaijan"}


def test_on_12_may_1994_the_armenian_held_area_is_the_1994_outline(outlines):
    held = layers.control_at("1994-05-12")
    armenian = held[held["controller"] == "armenian_forces"].geometry.union_all()
    expected = _km2(outlines["1994"].intersection(outlines["study"]))
    assert _km2(armenian) == pytest.approx(expected, rel=0.01)
    assert _km2(armenian.symmetric_difference(outlines["1994"])) < 0.01 * expected


def test_on_2_december_2020_it_is_the_2020_outline_minus_shusha(outlines):
    held = layers.control_at("2020-12-02")
    armenian = held[held["controller"] == "armenian_forces"].geometry.union_all()
    shusha = layers.find_place("Shusha")
    assert not armenian.contains(shapely.Point(float(shusha["lon"]), float(shusha["lat"])))
    assert _km2(armenian) == pytest.approx(_km2(outlines["2020"]), rel=0.03)
    assert set(held.loc[held["peacekeeping"] == "russia", "controller"]) == {"armenian_forces"}


def test_after_20_september_2023_nothing_is_armenian_held_and_the_zone_ends_in_june_2024():
    for day in ("2023-09-20", "2024-01-28", "2024-06-12", "2024-06-13"):
        assert set(layers.control_at(day)["controller"]) == {"azerbaijan"}
    assert (layers.control_at("2024-06-12")["peacekeeping"] == "russia").any()
    assert layers.control_at("2024-06-13")["peacekeeping"].isna().all()


def test_the_km2_series_is_computed_from_the_territories_and_ends_at_the_last_change():
    table = layers.km2_over_time()
    assert list(table.index.strftime("%Y-%m-%d")) == _changes()
    assert table.index.max() == pd.Timestamp("2024-06-13")
    total = layers.territories().drop_duplicates("piece_id")["km2"].sum()
    assert table.sum(axis=1).round(3).eq(round(total, 3)).all()
    assert table.loc["1994-05-12", "armenian_forces"] == pytest.approx(11_927, abs=5)
    assert table.loc["2020-12-01", "armenian_forces"] < 3_136
    assert table.iloc[-1]["armenian_forces"] == 0


def test_every_period_names_its_source_and_precision():
    held = layers.territories()
    assert held["source_url"].str.startswith("http").all() and held["source_name"].notna().all()
    assert set(held["precision"]) == {"line_of_contact", "district_cut", "approximate"}
    cuts = held[held["zone"].isin(["shusha_2020", "khojaly_1992", "talish_2020", "horadiz_1993"])]
    assert (
        cuts.loc[cuts["valid_from"] > pd.Timestamp("1994-05-12"), "precision"].isin(["approximate", "line_of_contact"])
    ).all()


def test_the_territories_file_is_what_derive_makes_from_the_events():
    pieces = derive.territory_pieces(
        data.load_admin1(),
        data.load_geo("disputed_areas"),
        data.load_karabakh_v5(),
        data.load_nkao(),
        data.load_places(),
    )
    made = json.loads(derive.territories(pieces, data.load_control()).to_json(na="null", drop_id=True))
    stored = json.loads((ROOT / "seeds" / derive.TERRITORIES_FILE).read_text(encoding="utf-8"))
    assert made == stored


def test_a_bad_selector_or_an_uncovered_territory_names_the_row(seeds_copy):
    path = seeds_copy / "control.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    broken = text.replace(rows[3]["territory"], "district=AZE-1739", 1)
    path.write_text(broken, encoding="utf-8")
    rehash(seeds_copy)
    with pytest.raises(
        DataError,
        match=r"control.csv, row \d+, column 'territory': 'district=AZE-1739' is not a "
        r"territory selector",
    ):
        derive.write(seeds_copy)
    start_rows = [r for r in rows if r["date"] == rows[0]["date"]]
    late = text.replace(
        f"{start_rows[0]['event_id']},{start_rows[0]['date']}", f"{start_rows[0]['event_id']},1992-01-02", 1
    )
    path.write_text(late, encoding="utf-8")
    rehash(seeds_copy)
    with pytest.raises(DataError, match="is first named on 1992-01-02, after the record starts"):
        derive.write(seeds_copy)


def test_a_selector_typo_or_an_event_that_selects_nothing_names_the_row(seeds_copy):
    path = seeds_copy / "control.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("zone=v4only unit=AZE-1740", "zone=v4onyl unit=AZE-1740", 1), encoding="utf-8")
    rehash(seeds_copy)
    with pytest.raises(DataError, match=r"column 'territory': zone=v4onyl names no territory"):
        derive.write(seeds_copy)
    path.write_text(text.replace("zone=v4only unit=AZE-1740", "zone=outside unit=AZE-1740", 1), encoding="utf-8")
    rehash(seeds_copy)
    with pytest.raises(DataError, match="'zone=outside unit=AZE-1740' selects no territory"):
        derive.write(seeds_copy)


def test_invalid_geometry_in_an_input_layer_is_rejected(seeds_copy):
    path = seeds_copy / "geo" / "ne_admin1.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    lachin = next(f for f in doc["features"] if f["properties"]["adm1_code"] == "AZE-1735")
    lachin["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[46.0, 39.5], [46.5, 40.0], [46.5, 39.5], [46.0, 40.0], [46.0, 39.5]]],
    }  # a bow-tie
    path.write_text(json.dumps(doc), encoding="utf-8")
    rehash(seeds_copy)
    with pytest.raises(DataError, match=r"ne_admin1.geojson: feature \d+ has an invalid geometry: Self-intersection"):
        derive.write(seeds_copy)


def test_derived_nkao_outline_matches_its_recipe_and_is_about_4400_km2():
    assert derive.nkao_outline(data.load_disputed_lines()) == json.loads(
        (ROOT / "seeds" / derive.NKAO_FILE).read_text(encoding="utf-8")
    )
    nkao = gpd.read_file(ROOT / "seeds" / derive.NKAO_FILE)
    assert 4_000 < nkao.to_crs(LAEA).area.iloc[0] / 1e6 < 4_600
    stepanakert = layers.find_place("Stepanakert")
    assert nkao.contains(shapely.Point(float(stepanakert["lon"]), float(stepanakert["lat"]))).iloc[0]


# --- names ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "language", "place", "expected"),
    [
        ("dual", "en", "stepanakert_khankendi", "Stepanakert (Khankendi)"),
        ("dual", "az", "stepanakert_khankendi", "Xankəndi (Stepanakert)"),
        ("dual", "en", "lachin_berdzor", "Lachin (Berdzor)"),
        ("dual", "en", "shusha_shushi", "Shusha (Shushi)"),
        ("dual", "en", "hadrut", "Hadrut"),
        ("dual", "en", "sisian", "Sisian (Qarakilsə)"),  # the Azerbaijani side's name shown, as Sotk (Zod)
        ("armenian", "en", "shusha_shushi", "Shushi"),
        ("armenian", "en", "lachin_berdzor", "Berdzor"),
        ("armenian", "hy", "stepanakert_khankendi", "Ստեփանակերտ"),
        ("azerbaijani", "en", "stepanakert_khankendi", "Khankendi"),
        ("azerbaijani", "en", "shusha_shushi", "Shusha"),
        ("azerbaijani", "az", "kalbajar_karvachar", "Kəlbəcər"),
        ("english_default", "en", "stepanakert_khankendi", "Stepanakert"),
        ("english_default", "ru", "kalbajar_karvachar", "Кельбаджар"),
        ("english_default", "ru", "askeran", "Аскеран"),
        ("english_default", "hy", "barda", "Բարդա"),  # Caliber.az (Armenian edition), in a road name
        ("english_default", "az", "sisian", "Qarakilsə"),  # the Defence Ministry's name (Publika.az, Yeni Çağ)
    ],
)
def test_label_styles(style, language, place, expected):
    places = layers.places_in().set_index("place_id", drop=False)
    assert names.labels(places, style, language)[place] == expected


def test_a_missing_name_form_falls_back_visibly():
    row = {
        "name_en": "Somewhere",
        "name_hy": None,
        "name_hy_latn": None,
        "name_az": "Somewhere-az",
        "name_az_en": None,
        "name_ru": None,
        "in_study_area": True,
    }
    assert names.label(row, "english_default", "ru").endswith("*")


def test_unknown_style_and_language_rejected():
    row = {"name_en": "Stepanakert"}
    with pytest.raises(ValueError, match="unknown label style 'neutral'; choose from: dual"):
        names.label(row, "neutral")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        names.label(row, "dual", "fr")
    assert "Khankendi" in names.convention(Language("en", "dual"), "Stepanakert (Khankendi)")


# --- the figures: fill and lines agree -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def basemap():
    return base.Basemap()


@pytest.mark.parametrize("day", ["1994-05-12", "2020-11-10", "2020-12-02", "2023-09-19"])
def test_every_line_of_contact_drawn_separates_the_two_sides(basemap, day):
    held = basemap.held(day)
    sides = {
        c: shapely.union_all([basemap.pieces_m[p] for p in held.loc[held["controller"] == c, "piece_id"]])
        for c in figures.CONTROLLER
    }
    drawn = [g for g in basemap.front_lines(day).values() if not g.is_empty]
    assert drawn, f"no line of contact drawn on {day}"
    for line in drawn:
        for part in getattr(line, "geoms", [line]):
            for x, y in list(part.coords)[::3]:
                probe = shapely.Point(x * 1000, y * 1000).buffer(1_500)
                assert probe.intersects(sides["armenian_forces"]) and probe.intersects(sides["azerbaijan"]), (
                    f"a line drawn on {day} runs through one side's fill at ({x}, {y}) km"
                )


def test_lines_show_only_while_they_are_the_front(basemap):
    assert basemap.front_lines("1994-05-12")["2020"].is_empty
    assert not basemap.front_lines("2000-01-01")["1994"].is_empty
    assert basemap.front_lines("2020-12-02")["1994"].is_empty
    assert not basemap.front_lines("2020-12-02")["2020"].is_empty
    assert all(g.is_empty for g in basemap.front_lines("2023-10-01").values())


def test_the_lines_of_a_date_are_worked_out_once_per_content_of_their_files(basemap, seeds_copy):
    assert base.Basemap().front_lines("2000-01-01") is basemap.front_lines("2000-01-01"), "a warm kernel reuses"
    path = seeds_copy / "geo" / "ne_v5_karabakh.geojson"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # same lines, other bytes
    rehash(seeds_copy)
    other = base.Basemap(seeds_copy)
    assert other.front_lines("2000-01-01") is not basemap.front_lines("2000-01-01"), "new content, new lines"


def test_district_boundaries_are_drawn_as_whole_runs_not_one_piece_per_shared_edge(basemap):
    """Each part is a separate path in the map's image, with its own style: parts that meet end to end where no
    third line does are one run."""
    runs = shapely.line_merge(basemap.district_lines)
    assert len(runs.geoms) == len(basemap.district_lines.geoms), "some boundary parts could still be joined"


def test_map_figures_stay_under_the_coordinate_budget(basemap):
    fig = figures.control_map(basemap, "2021-06-01", lang=EN, show_corridor=True)
    slider = figures.slider_map(basemap, layers.change_dates(), start="2021-06-01", lang=EN)
    for f in (fig, slider):
        assert 0 < figures.coordinate_bytes(f) <= figures.MAX_COORD_BYTES
        dashes = {
            t.name: t.line.dash
            for t in f.data
            if t.name in ("1994 ceasefire line (Natural Earth)", "Former NKAO, c. 1991 (approx.)")
        }
        assert dashes == {"1994 ceasefire line (Natural Earth)": "dash", "Former NKAO, c. 1991 (approx.)": "dot"}
        note = f.layout.annotations[-1].text
        assert "not authoritative" in note and "Source:" in note
        assert f.layout.xaxis.visible is False and f.layout.yaxis.scaleanchor == "x"
        assert not any(t.type in ("scattergeo", "choropleth") for t in f.data)
        assert not f.frames
    assert "Stepanakert (Khankendi)" in fig.layout.annotations[-1].text.replace("<br>", " ")
    assert len(slider.layout.sliders[0].steps) == len(_changes())
    assert any(t.name == "Lachin corridor (schematic)" for t in fig.data)


def test_precision_is_visible_and_the_hover_names_dates_and_source(basemap):
    fig = figures.control_map(basemap, "2020-11-10", lang=EN, show_corridor=False)
    pieces = [t for t in fig.data if t.hoveron == "fills"]
    hovers = " ".join(t.customdata[0] for t in pieces)
    assert "edges drawn by hand" in hovers and "edges approximated by district boundaries" in hovers
    assert "Shusha taken by Azerbaijan" in hovers and "Source:" in hovers and "to " in hovers
    fills = {t.fillcolor.lower() for t in pieces}
    assert figures._lighter(figures.PALETTE["sky"], 0.5) in fills and figures.PALETTE["orange"].lower() in fills
    assert any(t.fillpattern.shape == "." for t in pieces) and any(t.fillpattern.shape == "/" for t in pieces)
    assert "10 November 2020" in fig.layout.meta["alt"] and "km²" in fig.layout.meta["alt"]


def test_no_map_output_depends_on_the_day_it_is_built(basemap):
    chart = figures.area_chart(layers.km2_over_time(), lang=EN)
    assert pd.Timestamp(chart.layout.xaxis.range[1]) == pd.Timestamp("2024-06-13")
    assert "today" not in chart.layout.meta["alt"]
    source = (ROOT / "maps" / "layers.py").read_text() + (ROOT / "maps" / "figures.py").read_text()
    assert "today" not in source and "now(" not in source


def test_the_maps_speak_the_report_language(basemap):
    ru = Language("ru")
    fig = figures.control_map(basemap, "2020-11-10", lang=ru, show_corridor=True)
    assert "10 ноября 2020" in fig.layout.title.text.replace("<br>", " ") and fig.layout.separators == ru.separators
    assert fig.layout.meta["language"] == "ru"
    hovers = " ".join(t.customdata[0] for t in fig.data if t.hoveron == "fills")
    assert "10 нояб. 2020 г." in hovers and "7\u00a0689 км²" in fig.layout.meta["alt"]
    slider = figures.slider_map(basemap, layers.change_dates(), start="2020-11-10", lang=ru)
    assert slider.layout.sliders[0].steps[0].label == "1 янв. 1992 г."
    chart = figures.area_chart(layers.km2_over_time(), lang=ru)
    assert "16\u00a0943 км²" in chart.layout.meta["alt"] and "13 июня 2024" in chart.layout.meta["alt"]
    # Every column of the territory table has a heading, shown in words: "territory", "km²"; in Russian from the catalog.
    table = figures.territory_table(basemap.held("2020-11-10"), ru, basemap.held_labels(ru))
    assert set(table.columns) <= set(figures.TABLE_HEADINGS)
    english = style.table_html(table, caption="c", source="s", lang=EN, headings=figures.TABLE_HEADINGS)
    assert '<th scope="col">territory</th>' in english and '<th scope="col">km²</th>' in english
    russian = style.table_html(table, caption="c", source="s", lang=ru, headings=figures.TABLE_HEADINGS)
    assert f'<th scope="col">{ru._("territory")}</th>' in russian and ru._("territory") != "territory"


# --- the report ----------------------------------------------------------------------------------------------------

STATIC_TOML = reports_toml("maps-static")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A map that asks for print exports, built here with its own static folder: (out, static)."""
    tmp = tmp_path_factory.mktemp("maps")
    out, static = tmp / "out", tmp / "static"
    result = run_cli(
        "build",
        "--config",
        str(make_project(tmp, STATIC_TOML)),
        "--out",
        str(out),
        env={"KARABAKH_STATIC_DIR": str(static)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out, static


@pytest.mark.slow
@pytest.mark.slow
def test_map_variants_build_with_convention_and_disclaimer_in_footer(report_matrix, built):
    out, static = built
    page = (report_matrix / "map-2023-09-19.html").read_text(encoding="utf-8")
    assert "Place names follow a dual convention" in page
    assert "not authoritative" in page
    az = (out / "map-2024-01-28-azerbaijani.html").read_text(encoding="utf-8")
    assert "Place names follow Azerbaijani usage" in az
    assert "cdn.plot.ly" not in page
    assert len(page.encode()) < 650_000  # the map JSON, its narrow layout for phones and the embed snippets
    assert not (report_matrix / "static").exists(), "no report in reports.toml asks for print exports"
    assert sorted(p.suffix for p in static.iterdir()) == [".png", ".svg"]
    assert (static / "map-2024-01-28-azerbaijani-en.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.browser
@pytest.mark.slow
def test_map_draws_offline_and_the_slider_moves(report_matrix, tab):
    result = tab.open(report_matrix / "map-2023-09-19.html")
    page = result["page"]
    assert result["plots"] == 3 and result["drawn"] == 3
    assert result["errors"] == [] and result["blocked"] == []
    fills = "el => Array.from(el.querySelectorAll('path.js-fill')).map(p => p.style.fill).join('|')"
    slider = page.locator(".kb-plot").nth(1)
    before = slider.evaluate(fills)
    page.evaluate(
        "async id => { const gd = document.getElementById(id); const step = gd.layout.sliders[0].steps[0];"
        " await Plotly.restyle(gd, step.args[0], step.args[1]); }",
        slider.get_attribute("id"),
    )
    page.wait_for_function(
        "([id, before]) => Array.from(document.getElementById(id).querySelectorAll("
        "'path.js-fill')).map(p => p.style.fill).join('|') !== before",
        arg=[slider.get_attribute("id"), before],
    )
    assert slider.evaluate(fills) != before


@pytest.mark.parametrize(
    ("when", "day", "says"),
    [
        ("2020-11-10", "2020-11-10", None),
        ("1988-02-20", "1992-01-01", "from 1 January 1992"),
        ("2025-08-08", "2024-06-13", "up to its last change, 13 June 2024"),
    ],
)
def test_a_story_dated_outside_the_record_maps_the_nearest_recorded_state_and_says_so(when, day, says):
    shown, sentence = layers.within_record(when)
    assert shown == day
    assert sentence is None if says is None else says in sentence
    _, russian = layers.within_record(when, lang=Language("ru"))
    assert russian is None if says is None else any(m in russian for m in ("1 января 1992", "13 июня 2024"))


def test_the_lines_of_contact_kept_for_reuse_are_bounded(basemap, monkeypatch):
    """A warm kernel keeps the lines of at most FRONTS_KEPT dates: the oldest is forgotten, a reused one stays."""
    monkeypatch.setattr(base, "FRONTS_KEPT", 2)
    monkeypatch.setattr(base, "_FRONTS", type(base._FRONTS)())
    first = basemap.front_lines("2000-01-01")
    basemap.front_lines("2021-01-01")
    assert basemap.front_lines("2000-01-01") is first  # reused, so now the most recent
    basemap.front_lines("2022-01-01")
    assert len(base._FRONTS) == 2 and basemap.front_lines("2000-01-01") is first
    assert (basemap._data_key, "2021-01-01") not in base._FRONTS
