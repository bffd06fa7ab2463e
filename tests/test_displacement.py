"""Displacement: flows from running counts, inconsistencies, ranges, shares, the dataset, parameters, the report."""

from __future__ import annotations

import ast
import json
import numbers
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder

from analysis import data
from analysis.build import config
from analysis.core.errors import DataError, ParameterError
from analysis.displacement import charts
from analysis.displacement import tables as displacement_tables
from analysis.displacement import text as displacement_text
from analysis.displacement import transforms as displacement
from analysis.i18n import language as i18n
from analysis.i18n.language import Language
from analysis.params.rules import for_notebook
from analysis.present import style

from helpers import ROOT, make_project, rehash, report_entry, run_cli

T0 = pd.Timestamp("2023-09-26 08:00")
EN = Language("en")


def figures(*rows: dict) -> pd.DataFrame:
    """A small displacement frame: one running count (Armenian government, 2023) unless a row says otherwise."""
    base = {
        "episode": "2023",
        "group": "karabakh_armenians",
        "origin": "Nagorno-Karabakh",
        "destination": "Armenia",
        "measure": "cumulative_arrivals",
        "value_low": pd.NA,
        "value_high": pd.NA,
        "as_of_precision": "hour",
        "reported_by": "Government of Armenia",
        "publisher_type": "government_am",
        "party_to_conflict": True,
    }
    frame = pd.DataFrame([{**base, "source_name": f"Outlet {r['id']}", **r} for r in rows])
    for col in ("value", "value_low", "value_high"):
        frame[col] = frame[col].astype("Int64")
    frame["party_to_conflict"] = frame["party_to_conflict"].astype("boolean")
    return frame


def at(hours: float) -> pd.Timestamp:
    return T0 + pd.Timedelta(hours=hours)


# --- flows --------------------------------------------------------------------------------------------------


def test_flows_on_uneven_steps():
    points = pd.DataFrame({"moment": [at(0), at(2), at(5), at(6)], "value": [1000, 1100, 1400, 1500]})
    out = displacement.flows(points)
    assert list(out["hours"]) == [2, 3, 1]
    assert list(out["arrivals"]) == [100, 300, 100]
    assert list(out["per_hour"]) == [50, 100, 100]
    assert not out["falls"].any()


def test_flows_sort_by_time_and_flag_a_falling_count():
    points = pd.DataFrame({"moment": [at(4), at(0), at(1)], "value": [150, 100, 80]})
    out = displacement.flows(points)
    assert list(out["start"]) == [at(0), at(1)]
    assert list(out["arrivals"]) == [-20, 70]
    assert list(out["falls"]) == [True, False]
    assert pd.isna(out["per_hour"].iloc[0])  # a fall is an inconsistency, not negative arrivals
    assert out["per_hour"].iloc[1] == pytest.approx(70 / 3)


def test_one_figure_per_moment_by_a_fixed_rule_and_nothing_lost():
    rows = figures(
        {"id": "a-0700", "moment": at(-1), "value": 4250},  # same figure, another hour
        {"id": "b-0800", "moment": at(0), "value": 4250},
        {"id": "c-0800", "moment": at(0), "value": 4250},
        {"id": "d-day", "moment": T0.normalize(), "as_of_precision": "day", "value": 4250},  # same figure, day only
        {"id": "e-1000", "moment": at(2), "value": 5200},  # a contradiction at 10:00
        {"id": "f-1000", "moment": at(2), "value": 5000},
        {"id": "g-1000", "moment": at(2), "value": 5000},
        {"id": "h-1200", "moment": at(4), "value": 6100},  # a tie at 12:00: the lower
        {"id": "i-1200", "moment": at(4), "value": 6000},
        {"id": "j-day", "moment": pd.Timestamp("2023-09-27"), "as_of_precision": "day", "value": 9000},  # a tie in a
        {"id": "k-day", "moment": pd.Timestamp("2023-09-27"), "as_of_precision": "day", "value": 9500},  # day: higher
    )
    picked = displacement.pick_per_moment(rows)
    assert list(picked["id"]) == ["b-0800", "f-1000", "i-1200", "k-day"]
    assert list(picked["value"]) == [4250, 5000, 6000, 9500]
    assert list(picked["outlets"]) == [2, 2, 1, 1]
    assert picked["set_aside"].tolist() == ["a-0700; d-day", "e-1000", "h-1200", "j-day"]
    assert picked["agreeing"].tolist() == ["c-0800", "g-1000", "", ""]
    listed = [i for col in ("id", "agreeing", "set_aside") for text in picked[col] if text for i in text.split("; ")]
    assert sorted(listed) == sorted(rows["id"])  # every row kept, agreeing or set aside, exactly once


# --- inconsistencies ----------------------------------------------------------------------------------------


def test_inconsistencies_are_detected_with_ids_and_messages():
    rows = figures(
        {"id": "r1", "moment": at(0), "value": 13550},
        {"id": "r2", "moment": at(12), "value": 28120},
        {"id": "r3", "moment": at(24), "value": 19000},  # falls below r2
        {"id": "r4", "moment": at(26), "value": 42500},
        {"id": "r5", "moment": at(26), "value": 42100},  # a second figure for the same hour
        {"id": "r6", "moment": at(27), "value": 42500},  # r4's figure, an hour later
        {"id": "r7", "moment": T0.normalize(), "as_of_precision": "day", "value": 19500},  # same day as r1: no order
    )
    found = displacement_tables.inconsistencies_table(rows, lang=EN)
    by_kind = dict(iter(found.groupby("kind")))  # a GroupBy has .keys, so dict() would take it for a mapping
    assert set(by_kind) == {"falls", "conflict", "hour"}
    # the figures are named as a reader finds them in the table of every figure: figure, date, source (no ids)
    assert by_kind["falls"]["ids"].tolist() == [
        "28,120, 26 Sep 2023, 20:00 (Outlet r2); 19,000, 27 Sep 2023, 08:00 (Outlet r3)"
    ]
    assert "falls from 28,120" in by_kind["falls"]["message"].iloc[0]
    assert [cell.count("(Outlet r") for cell in by_kind["conflict"]["ids"]] == [2]
    assert "(Outlet r4)" in by_kind["conflict"]["ids"].iloc[0] and "(Outlet r5)" in by_kind["conflict"]["ids"].iloc[0]
    assert "42,100 (Outlet r5); 42,500 (Outlet r4)" in by_kind["conflict"]["message"].iloc[0]
    assert "(Outlet r4)" in by_kind["hour"]["ids"].iloc[0] and "(Outlet r6)" in by_kind["hour"]["ids"].iloc[0]


def test_known_disagreements_in_the_data_are_found():
    found = displacement.inconsistencies(data.load_displacement())
    # The 2015 census: the preliminary total (150,932) and the final result (145,053) are both published.
    census = found[found["ids"].str.contains("2023-stock-2015-census-prelim-armedia-150932")]
    assert census["kind"].tolist() == ["conflict"]
    table = displacement_tables.inconsistencies_table(data.load_displacement(), lang=EN).loc[census.index]
    assert "145,053" in table["message"].iloc[0] and "150,932" in table["ids"].iloc[0]  # the figures, not ids


def test_the_2023_government_count_rises_and_every_outlet_agrees_on_the_hour():
    # M24's 42,500 "by 07:00" and 47,115 "at 11:00" were Moscow time; in Yerevan time they are 08:00 and 12:00, the
    # hours the other outlets give. UNHCR's 19,000 refers to 26 Sept, not 27 Sept (its repost's date).
    frame = data.load_displacement()
    found = displacement_tables.inconsistencies_table(frame[frame["episode"] == "2023"], lang=EN)
    government = found[found["series"].str.startswith("Armenian government")]
    assert not len(government[government["kind"].isin(["hour", "falls"])]), government.to_string()
    moment = frame.set_index("id")["moment"]
    assert moment["2023-am-pm-spox-2023-09-27t0800-m24"] == pd.Timestamp("2023-09-27 08:00")
    assert moment["2023-am-pm-spox-2023-09-27t1200-m24"] == pd.Timestamp("2023-09-27 12:00")
    assert moment["2023-am-gov-19000-unhcr-devdiscourse"] == pd.Timestamp("2023-09-26")
    counts = displacement.running_counts(
        frame[(frame["episode"] == "2023") & (frame["publisher_type"] == "government_am")]
    )
    for measure, series in counts.groupby("measure"):
        timed = series[series["as_of_precision"] == "hour"].sort_values("moment")
        assert timed["value"].is_monotonic_increasing, measure


def test_party_figures_follow_the_definition_on_every_row():
    frame = data.load_displacement()
    governments = frame["publisher_type"].isin(["government_am", "government_az"])
    assert frame.loc[governments, "party_to_conflict"].all()
    assert frame["party_side"].notna().eq(frame["party_to_conflict"]).all()  # a side exactly for party figures
    az = frame["publisher_type"] == "government_az"
    assert (frame.loc[az, "party_side"] == "azerbaijani").all()
    assert (frame.loc[frame["publisher_type"] == "government_am", "party_side"] == "armenian").all()
    aligned = ["2023-stock-az-media-trend-40000", "1988-94-karabakhorg-azk-600000", "1988-94-azernews-azc-1000000"]
    rows = frame.set_index("id").loc[aligned]
    assert rows["party_to_conflict"].all() and (rows["party_side"] == "azerbaijani").all()
    assert {displacement.side(r) for _, r in rows.reset_index().iterrows()} == {"azerbaijani"}
    assert frame.loc[frame["source_kind"] == "official_party", "party_to_conflict"].all()


def test_weak_sources_stay_under_a_tenth_and_say_why():
    frame = data.load_displacement()
    weak = frame[frame["source_kind"].isin(["mirror", "encyclopedia", "partisan_or_blog"])]
    assert len(weak) <= 0.10 * len(frame)
    assert weak["note"].str.contains("WEAK SOURCE KEPT").all(), weak["id"].tolist()


def test_return_figures_are_never_drawn_so_never_joined_into_one_line():
    # Azerbaijani "return" figures count different scopes (one village, one town, several districts): a chart must
    # not connect them. No chart draws return figures at all; marking each with a unique value proves it.
    frame = data.load_displacement()
    returned = frame["measure"] == "returned"
    azerbaijani = frame[returned & (frame["group"] == "azerbaijanis_from_karabakh_and_districts")]
    assert azerbaijani["destination"].nunique() > 1
    series = displacement.running_counts(azerbaijani, "returned")
    assert (series.groupby(displacement.SERIES)["destination"].nunique() == 1).all()  # one scope per series
    marked = frame.copy()
    sentinels = pd.Series(range(900_000_001, 900_000_001 + int(returned.sum())), index=frame.index[returned])
    marked.loc[returned, "value"] = sentinels.astype("Int64")
    figures = [
        charts.exodus_chart(marked, data.load_milestones(), lang=EN),
        charts.sources_dot_plot(marked, lang=EN),
        charts.episodes_chart(marked, lang=EN),
    ]
    drawn = set()
    for fig in figures:
        for trace in fig.data:
            for axis in ("x", "y"):
                values = getattr(trace, axis, None)
                if values is not None:
                    drawn.update(float(v) for v in values if isinstance(v, numbers.Number))
    assert not drawn & set(sentinels)


# --- ranges and shares --------------------------------------------------------------------------------------


def test_range_per_group_marks_party_figures():
    rows = figures(
        {
            "id": "un",
            "measure": "total_displaced",
            "moment": pd.Timestamp("1994-01-01"),
            "as_of_precision": "year",
            "value": 300000,
            "publisher_type": "un_agency",
            "party_to_conflict": False,
        },
        {
            "id": "ngo",
            "measure": "total_displaced",
            "moment": pd.Timestamp("1994-01-01"),
            "as_of_precision": "year",
            "value": pd.NA,
            "value_low": 340000,
            "value_high": 360000,
            "publisher_type": "ngo",
            "party_to_conflict": False,
        },
        {
            "id": "gov",
            "measure": "total_displaced",
            "moment": pd.Timestamp("1992-01-01"),
            "as_of_precision": "year",
            "value": 500000,
        },
        {"id": "count", "moment": at(0), "value": 10},  # a running count is not an estimate: left out
    ).assign(episode="1988_1994", group="armenians_from_azerbaijan")
    out = displacement.ranges(rows)
    assert len(out) == 1
    row = out.iloc[0]
    assert (row["figures"], row["party_figures"]) == (3, 1)
    assert (row["low"], row["high"]) == (300000, 500000)
    assert not row["low_party"] and row["high_party"]
    assert (row["neutral_low"], row["neutral_high"]) == (300000, 360000)


def test_shares_under_each_population_estimate():
    frame = data.load_displacement()
    shares = displacement.population_shares(frame)
    assert set(shares["estimate_id"]) == set(frame[(frame["episode"] == "2023") & (frame["measure"] == "stock")]["id"])
    government = shares[
        (shares["estimate_id"] == "2023-stock-am-fm-mirzoyan-120000") & (shares["count_by"] == "Armenian government")
    ].iloc[0]
    assert government["count"] == 100632  # the last count in the data (4 Oct 2023)
    assert government["share"] == pytest.approx(100632 / 120000)
    assert (shares[shares["estimate"] <= 40000]["share"] > 1).all()  # these estimates are below the arrivals


def test_declared_default_estimate_is_the_most_cited():
    declared = {p.name: p.default for p in for_notebook("displacement").params}
    assert declared["population_estimate"] == displacement.most_cited_estimate(data.load_displacement())


def test_notebook_parameters_cell_mirrors_the_declaration():
    text = (ROOT / "notebooks" / "displacement.py").read_text(encoding="utf-8")
    cell = text.split('# %% tags=["parameters"]')[1].split("# %%")[0]
    values = {node.targets[0].id: ast.literal_eval(node.value) for node in ast.parse(cell).body}
    assert values.pop("report_context") is None
    assert values == for_notebook("displacement").defaults()


# --- the words (analysis/displacement/templates, filled by displacement_text) --------------------------------------


def test_story_sentences_come_from_templates_as_escaped_html():
    rows = figures(
        {"id": "a", "moment": at(0), "value": 1000},
        {"id": "b", "moment": at(2), "value": 1400},
        {"id": "c", "moment": at(3), "value": 1500, "publisher_type": "un_agency", "party_to_conflict": False},
    )
    assert displacement_text.exodus_story(rows, lang=EN) == (
        "<p>The count of the Armenian government went from 1,000 (26 Sep 2023, 08:00) to 1,400 (26 Sep 2023, 10:00). "
        "The UN agencies gave one count: 1,500 (26 Sep 2023, 11:00). Between two timed counts, the fastest pace was "
        "about 200 people an hour, from 26 Sep 2023, 08:00 to 26 Sep 2023, 10:00.</p>"
    )
    none = "<p>No running count of arrivals is shown in this version.</p>"
    assert displacement_text.exodus_story(rows.iloc[0:0], lang=EN) == none
    overview = displacement_text.overview(rows, 0, lang=EN)
    assert overview.startswith("<p>This report shows 3 published figures from 3 sources. 2 of")
    assert "hidden in this version: 3 of them." in displacement_text.overview(rows, 3, lang=EN)
    missing = displacement_text.share_story(pd.DataFrame(columns=["estimate_id"]), "<x> & y", lang=EN)
    assert missing.startswith("<p>The chosen population estimate (&lt;x&gt; &amp; y) comes from a party")


def test_the_share_story_names_the_estimate_and_flags_an_impossible_share():
    shares = displacement.population_shares(data.load_displacement())
    text = displacement_text.share_story(shares, "2023-stock-am-fm-mirzoyan-120000", lang=EN)
    assert text.startswith("<p>Against the estimate of 120,000 people before the offensive (")
    assert "the final count of the Armenian government, 100,632, is 84% of it" in text
    impossible = shares[shares["share"] > 1]["estimate_id"].iloc[0]
    assert "so the estimate cannot be right.</p>" in displacement_text.share_story(shares, impossible, lang=EN)


def test_the_exodus_chart_description_is_written_from_its_counts():
    rows = figures({"id": "a", "moment": at(0), "value": 1000}, {"id": "b", "moment": at(2), "value": 1400})
    fig = charts.exodus_chart(rows, pd.DataFrame(columns=["id", "date", "end_date"]), lang=EN)
    assert fig.layout.meta["alt"] == (
        "Line chart of running counts of people arriving in Armenia from Nagorno-Karabakh in 2023. Armenian "
        "government: 2 counts (2 with a time), from 1,000 (26 Sep 2023, 08:00) to 1,400 (26 Sep 2023, 10:00). Bars "
        "give arrivals per hour between timed counts; the fastest was 200 an hour between 26 Sep 2023, 08:00 and "
        "26 Sep 2023, 10:00. Shaded days: 26 Sep: last count, 1,400."
    )
    empty = charts.exodus_chart(rows.iloc[0:0], pd.DataFrame(columns=["id", "date", "end_date"]), lang=EN)
    assert empty.layout.meta["alt"] == "Chart of the 2023 exodus with no running counts in this version of the report."


def test_every_template_is_used_and_every_section_has_one():
    templates = {p.name for p in displacement_text.TEMPLATES.glob("*.j2")}
    assert {f"section_{name}.html.j2" for name in displacement_text.SECTIONS} <= templates
    code = Path(displacement_text.__file__).read_text(encoding="utf-8")
    for name in templates - {f"section_{name}.html.j2" for name in displacement_text.SECTIONS}:
        assert f'"{name}"' in code, name
    for name in displacement_text.SECTIONS:
        assert displacement_text.section(name, lang=EN).startswith("<h2>")
    with pytest.raises(ValueError, match="no section 'nope'"):
        displacement_text.section("nope", lang=EN)


def test_tables_write_dates_as_precisely_as_their_source():
    table = displacement_tables.figures_table(
        figures({"id": "a", "moment": at(0), "value": 1000, "note": "", "source_url": "https://example.org/a"}), lang=EN
    )
    assert table.iloc[0]["as of"] == "26 Sep 2023, 08:00" and table.iloc[0]["figure"] == "1,000"


# --- other languages ----------------------------------------------------------------------------------------


class Recording(Language):
    """Russian formats; every interface string it is asked for is written down and shown between «»."""

    def __init__(self):
        super().__init__("ru")
        self.asked: set[str] = set()

    def _(self, text: str) -> str:
        self.asked.add(text)
        return f"«{text}»"

    def n_(self, singular: str, plural: str, n: int) -> str:
        self.asked.add(singular)
        return f"«{singular if n == 1 else plural}»"


def displacement_words(lang: Language) -> list[str]:
    """Everything the displacement report writes, in ``lang``."""
    frame, milestones = data.load_displacement(), data.load_milestones()
    shares = displacement.population_shares(frame)
    out = [displacement_text.section(name, lang=lang) for name in displacement_text.SECTIONS]
    out += [displacement_text.overview(frame, hidden, lang=lang) for hidden in (0, 3)]
    out += [
        displacement_text.exodus_story(frame, lang=lang),
        displacement_text.exodus_story(frame.iloc[0:0], lang=lang),
    ]
    out += [displacement_text.share_story(shares, e, lang=lang) for e in ("", *shares["estimate_id"].unique())]
    for fig in (
        charts.exodus_chart(frame, milestones, lang=lang),
        charts.exodus_chart(frame.iloc[0:0], milestones, lang=lang),
        charts.sources_dot_plot(frame, lang=lang),
        charts.episodes_chart(frame, lang=lang),
        charts.episodes_chart(frame[frame["episode"] == "2023"], lang=lang),
    ):
        out.append(json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder, ensure_ascii=False))
    for table in (
        displacement_tables.figures_table(frame, lang=lang),
        displacement_tables.ranges_table(frame, lang=lang),
        displacement_tables.shares_table(shares, lang=lang),
        displacement_tables.inconsistencies_table(frame, lang=lang),
    ):
        out.append(table.to_json(force_ascii=False))
    out.append(str([lang._(heading) for heading in displacement_tables.HEADINGS.values()]))
    return out


def test_every_string_the_report_asks_to_translate_is_extracted_for_the_catalog():
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

    keywords = dict(DEFAULT_KEYWORDS, n_=(1, 2), N_=None)
    files = [
        ("python", Path(module.__file__))
        for module in (displacement, charts, displacement_tables, displacement_text, i18n, style)
    ]
    files += [("jinja2.ext:babel_extract", path) for path in displacement_text.TEMPLATES.glob("*.j2")]
    extracted = set()
    for method, path in files:
        for _, message, _, _ in extract_from_file(method, str(path), keywords=keywords):
            extracted.update([message] if isinstance(message, str) else message)
    lang = Recording()
    displacement_words(lang)
    assert lang.asked and not lang.asked - extracted, sorted(lang.asked - extracted)


def test_a_russian_report_writes_numbers_dates_and_shares_the_russian_way():
    ru = Language("ru")
    words = " ".join(displacement_words(ru))
    assert ru.number(100632) in words and ru.number(100632) != "100,632"
    assert ru.percent(100632 / 120000) in words
    assert "сент." in words  # months from the locale
    # the English environment is untouched by the Russian one
    assert "100,632" in displacement_text.exodus_story(data.load_displacement(), lang=EN)


# --- the dataset --------------------------------------------------------------------------------------------


def test_the_dataset_validates_and_every_row_is_dated_as_precisely_as_its_source():
    frame = data.load_displacement()
    assert frame["as_of_precision"].notna().all()
    assert frame["source_url"].str.match(r"https?://").all() and frame["source_name"].notna().all()
    unknown = frame["as_of_precision"] == "unknown"
    assert frame.loc[unknown, "moment"].isna().all() and frame.loc[~unknown, "moment"].notna().all()
    timed = frame[frame["as_of_precision"] == "hour"]
    assert timed["as_of"].str.endswith("+04:00").all()


@pytest.mark.parametrize(
    ("as_of", "precision", "problem"),
    [
        ("2023-09", "month", "breaks the column's rule"),  # schema: first day of the month
        ("2023-09-26T20:00+03:00", "hour", "breaks the column's rule"),  # schema: Yerevan time only
        ("2023-09-26T20:00+04:00", "day", "does not fit as_of_precision"),
        ("2023-09-26", "month", "does not fit as_of_precision"),
    ],
)
def test_a_badly_dated_row_is_rejected_with_its_row(seeds_copy, as_of, precision, problem):
    path = seeds_copy / "displacement.csv"
    text = path.read_text(encoding="utf-8")
    row = "2023-am-gov-2023-09-26t2000-abaka"
    line = next(line for line in text.splitlines() if line.startswith(row + ","))
    path.write_text(
        text.replace(line, line.replace("2023-09-26T20:00+04:00,hour", f"{as_of},{precision}")), encoding="utf-8"
    )
    rehash(seeds_copy)
    number = text.splitlines().index(line) + 1
    with pytest.raises(DataError, match=re.escape(problem)) as err:
        data.load_displacement()
    assert f"row {number}" in str(err.value) and "'as_of'" in str(err.value)


# --- parameters ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"episode": "2019"}, "'2019' is not allowed; choose from: 1988_1994, 2020, 2023, all"),
        ({"population_estimate": "2023-am-gov-2023-09-24t1800-tass"}, "is not allowed; choose from: 2023-stock-"),
        ({"include_party_figures": "yes"}, "got 'yes', expected true or false"),
        ({"export_static": 1}, "got 1, expected true or false"),
        ({"episodes": "all"}, "unknown parameter; this notebook takes: episode"),
    ],
)
def test_bad_parameters_are_rejected_with_a_clear_message(given, message):
    with pytest.raises(ParameterError, match=re.escape(message)):
        for_notebook("displacement").validate(given)


def test_a_bad_variant_is_reported_before_anything_runs(tmp_path):
    toml = report_entry("displacement", "d-bad", '{ episode = "2019" }')
    result = run_cli("build", "--list", "--config", str(make_project(tmp_path, toml)))
    assert result.returncode == 1
    assert "d-bad\tINVALID" in result.stdout and "parameter 'episode': '2019' is not allowed" in result.stdout


# --- the report ---------------------------------------------------------------------------------------------

VARIANTS = {  # slug: (params, figures expected); the first three are reports.toml's own
    "displacement-2023-exodus": ('{ episode = "2023" }', 2),
    "displacement-1988-1994": ('{ episode = "1988_1994" }', 2),
    "displacement-all-episodes": ('{ episode = "all" }', 3),
    "displacement-2023-no-party-static": (
        '{ episode = "2023", include_party_figures = false, export_static = true }',
        2,
    ),
}
STATIC = "displacement-2023-no-party-static"


@pytest.fixture(scope="module")
def built(report_matrix, tmp_path_factory) -> tuple[dict[str, Path], Path]:
    """Each variant's page: reports.toml's from the session's matrix; the one that asks for print exports is built
    here, with its static folder. Returns (slug -> page, static folder)."""
    tmp = tmp_path_factory.mktemp("displacement")
    toml = report_entry("displacement", STATIC, VARIANTS[STATIC][0], title="Displacement")
    static = tmp / "static"
    result = run_cli(
        "build",
        "--config",
        str(make_project(tmp, toml)),
        "--out",
        str(tmp / "out"),
        env={"KARABAKH_STATIC_DIR": str(static)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pages = {slug: (tmp / "out" if slug == STATIC else report_matrix) / f"{slug}.html" for slug in VARIANTS}
    return pages, static


def test_the_variants_checked_in_the_matrix_are_the_ones_reports_toml_builds():
    jobs = {job.slug: job for job in config.jobs(ROOT / "reports.toml")[0]}
    for slug, (params, _) in VARIANTS.items():
        if slug != STATIC:
            resolved = for_notebook("displacement").validate(tomllib.loads(f"p = {params}")["p"])
            assert (jobs[slug].notebook, jobs[slug].params) == ("displacement", resolved), slug


@pytest.mark.slow
@pytest.mark.parametrize("slug", VARIANTS)
@pytest.mark.slow
def test_each_variant_executes_with_its_figures(built, slug):
    pages, _ = built
    html = pages[slug].read_text(encoding="utf-8")
    assert html.count('class="kb-plot"') == VARIANTS[slug][1]
    assert "Chart without a description" not in html
    assert "Every published figure in this report" in html
    if slug == STATIC:
        assert "Figures from parties to the conflict are hidden in this version" in html
    else:
        assert "(party to the conflict)" in html


@pytest.mark.slow
@pytest.mark.slow
def test_static_png_and_svg_are_written_only_when_asked(built, report_matrix):
    _, static = built
    assert not (report_matrix / "static").exists(), "no report in reports.toml asks for print exports"
    assert sorted(p.name for p in static.iterdir()) == sorted(
        f"displacement-2023-without-party-figures-{name}.{ext}"
        for name in ("exodus", "episodes")
        for ext in ("png", "svg")
    )
    png = static / "displacement-2023-without-party-figures-exodus.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (static / "displacement-2023-without-party-figures-exodus.svg").read_text(encoding="utf-8")[:500]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.browser
@pytest.mark.slow
def test_the_exodus_report_draws_offline(built, tab):
    pages, _ = built
    result = tab.open(pages["displacement-2023-exodus"])
    assert result["plots"] == result["drawn"] == 2
    assert result["errors"] == [] and result["blocked"] == []
