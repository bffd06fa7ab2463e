"""Sources: every sourced dataset graded by kind of source, the weak-source target, the Sources report."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from analysis.core.errors import DataError
from analysis.present import style
from analysis.sources import tables as source_tables
from analysis.sources import transforms as sources

from helpers import figure_specs, make_project, rehash, report_entry, run_cli


def test_every_sourced_table_allows_exactly_the_declared_kinds():
    assert set(sources.sourced_datasets()) == {"milestones", "displacement", "places", "terms", "control"}
    sources.check_declared_kinds()
    declared = sources.kinds()
    assert list(declared.index[declared["weak"]]) == ["mirror", "encyclopedia", "partisan_or_blog"]


def test_a_table_whose_kinds_drift_from_the_declared_list_is_refused(seeds_copy):
    path = seeds_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    places = next(r for r in package["resources"] if r["name"] == "places")
    field = next(f for f in places["schema"]["fields"] if f["name"] == "source_kind")
    field["constraints"]["enum"] = field["constraints"]["enum"][:-1]
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataError, match=r"dataset .places., field source_kind allows .* \(expected the declared"):
        sources.load_sourced()


def test_every_dataset_meets_the_weak_source_target_and_every_weak_row_says_why():
    frames = sources.load_sourced()
    counts = sources.kind_counts(frames)
    assert counts["meets_target"].all(), counts[["rows", "weak", "weak_share"]]
    assert (counts["rows"] == [len(frames[name]) for name in counts.index]).all()
    weak = sources.weak_rows(frames)
    assert len(weak) == counts["weak"].sum()
    assert weak["reason"].notna().all() and (weak["reason"].str.len() > 20).all()


def test_counts_and_weak_rows_on_a_small_table():
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "source_kind": ["wire", "mirror", "wire", "outlet"],
            "source_name": ["AP", "copy", "AP", "BBC"],
            "source_url": ["http://x"] * 4,
            "note": [None, "only copy found", None, None],
        }
    )
    counts = sources.kind_counts({"milestones": frame})
    row = counts.loc["milestones"]
    assert (row["wire"], row["mirror"], row["outlet"], row["rows"], row["weak"]) == (2, 1, 1, 4, 1)
    assert row["weak_share"] == 0.25 and not row["meets_target"]
    weak = sources.weak_rows({"milestones": frame})
    assert list(weak["row"]) == ["b"] and list(weak["reason"]) == ["only copy found"]


def test_party_only_figures_are_those_no_independent_row_repeats():
    frame = pd.DataFrame(
        {
            "id": ["gov-1", "un-1", "gov-2"],
            "episode": ["2023"] * 3,
            "group": ["karabakh_armenians"] * 3,
            "measure": ["cumulative_arrivals"] * 3,
            "value": [100_417, 100_417, 88_780],
            "party_to_conflict": [True, False, True],
            "source_kind": ["official_party", "official_other", "wire"],
            "source_name": ["gov", "UN", "AP"],
            "source_url": ["http://x"] * 3,
        }
    )
    assert list(sources.party_only_figures(frame)["id"]) == ["gov-2"]


def test_the_sources_command_prints_the_counts_and_fails_over_the_target(seeds_copy):
    result = run_cli("sources", "--weak")
    assert result.returncode == 0, result.stderr
    assert "weak share" in result.stdout and "displacement" in result.stdout and "why kept:" in result.stdout
    path = seeds_copy / "milestones.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows[:20]:
        row["source_kind"] = "encyclopedia"
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    rehash(seeds_copy)
    failing = run_cli("sources", "--seeds", str(seeds_copy))
    assert failing.returncode == 1
    assert "!" in failing.stdout.splitlines()[-2]


@pytest.mark.slow
@pytest.mark.slow
def test_the_sources_report_is_built_and_linked_from_the_index_header(report_matrix):
    page = (report_matrix / "sources.html").read_text(encoding="utf-8")
    assert "Rows that still rest on a weak source" in page and "caucasusrecord.com" in page
    index = (report_matrix / "index.html").read_text(encoding="utf-8")
    header = index[: index.index("<section")]
    assert 'href="sources.html"' in header


@pytest.mark.slow
def test_a_change_to_the_declared_kinds_rebuilds_the_sources_report(seeds_copy, tmp_path, build_cli):
    """The cache covers datapackage.json's shared settings, not only the entries of the datasets a report read."""
    config = make_project(tmp_path, report_entry("sources", "s"))
    out = tmp_path / "out"
    args = ("--config", str(config), "--out", str(out), "--seeds", str(seeds_copy))
    assert build_cli(*args).returncode == 0

    def legend() -> list[str]:  # the kinds chart's legend, as the page draws it (its spec is a file of its own)
        return [trace.get("name") for spec in figure_specs(out, "s") for trace in spec["data"]]

    assert "encyclopedia (weak)" in legend()
    path = seeds_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    next(k for k in package["sourceKinds"] if k["name"] == "encyclopedia")["weak"] = False
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8")
    result = build_cli(*args)
    assert "s: built" in result.stdout, result.stdout
    assert legend() and "encyclopedia (weak)" not in legend()


def test_the_kinds_chart_and_headings_in_the_reports_language():
    from analysis.i18n.language import Language
    from analysis.sources import charts as source_charts

    counts = sources.kind_counts(sources.load_sourced())
    english = source_charts.kinds_chart(counts, sources.kinds(), lang=Language("en"))
    assert english.layout.title.text == "What kind of source each row rests on"
    assert "mirror copy (weak)" in [bar.name for bar in english.data]
    milestones = counts.loc["milestones"]
    assert (
        f"milestones: {milestones['rows']} rows, {milestones['weak']} on weak sources ({milestones['weak_share']:.1%})"
        in english.layout.meta["alt"]
    )
    ru = Language("ru")
    russian = source_charts.kinds_chart(counts, sources.kinds(), lang=ru)
    assert (
        ru.percent(milestones["weak_share"], 1) in russian.layout.meta["alt"]
        and russian.layout.separators == ru.separators
    )
    table = counts.reset_index()
    html = style.table_html(table, caption="c", source="s", lang=Language("en"), headings=source_tables.HEADINGS)
    assert '<th scope="col">share on weak sources</th>' in html
    weak = sources.weak_rows(sources.load_sourced())
    assert set(weak.columns) <= set(source_tables.HEADINGS)  # every column of the weak-rows table has a heading
    assert f'<th scope="col">{ru._("publisher")}</th>' in style.table_html(
        weak, caption="c", source="s", lang=ru, headings=source_tables.HEADINGS
    )
