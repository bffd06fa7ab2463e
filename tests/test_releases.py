"""Releases of the data: the manifest of the last release, the corrections it obliges, CHANGELOG.md, CITATION.cff and
`python -m analysis release` (README, "Releases and corrections"; seeds/notes/releases.md)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from analysis.data import changelog, corrections
from analysis.data import manifest as manifests

from helpers import ROOT, rehash, run_cli

SEEDS = ROOT / "seeds"
HEADER = (SEEDS / "corrections.csv").read_text(encoding="utf-8").splitlines()[0].split(",")


def edit(seeds: Path, name: str, row: str, column: str, value: str) -> str:
    """Set one cell of a seeds copy (``row`` is the id); returns the old value."""
    path = seeds / f"{name}.csv"
    res = next(r for r in json.loads((seeds / "datapackage.json").read_text())["resources"] if r["name"] == name)
    key = corrections.primary_key(res)
    rows = corrections.read_rows(path)
    (target,) = (r for r in rows if corrections.row_id(r, key) == row)
    old, target[column] = target[column], value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return old


def log(seeds: Path, dataset: str, row: str, field: str, old: str, new: str) -> None:
    """Append a corrections entry to a seeds copy, sourced to an address the seeds already cite."""
    with (seeds / "corrections.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=HEADER, lineterminator="\n").writerow(
            {
                "correction_id": f"2027-01-15-{dataset}-{row}-{field}-{new}".lower(),
                "date": "2027-01-15",
                "dataset": dataset,
                "row_id": row,
                "field": field,
                "old_value": old,
                "new_value": new,
                "reason": "A test correction.",
                "source_kind": "outlet",
                "source_name": "News.am",
                "source_url": "https://news.am/eng/news/783649.html",
            }
        )


ROW = "2023-am-gov-2023-09-27t0800-newsam"  # displacement: 42,500 arrivals at 08:00 on 27 September 2023


def test_the_seeds_keep_every_value_the_last_release_published():
    """The real check on the real seeds: a published value changed since the last release has its entry."""
    last = manifests.latest(SEEDS)
    assert last is not None, "seeds/releases/ holds no manifest"
    assert manifests.unlogged(SEEDS, last) == []


def test_the_package_version_is_the_last_release_and_citation_cff_says_the_same():
    version = json.loads((SEEDS / "datapackage.json").read_text(encoding="utf-8"))["version"]
    manifests.parse_version(version)
    assert manifests.latest(SEEDS)["version"] == version
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8").splitlines()
    assert f'version: "{version}"' in citation
    assert f'date-released: "{manifests.latest(SEEDS)["date"]}"' in citation


def test_a_changed_value_fails_naming_dataset_row_and_column_and_passes_with_its_entry(seeds_copy):
    release = manifests.latest(seeds_copy)
    old = edit(seeds_copy, "displacement", ROW, "value", "42000")
    assert old == "42500"
    rehash(seeds_copy)
    (problem,) = manifests.unlogged(seeds_copy, release)
    assert problem.startswith(f"seeds/displacement.csv, row '{ROW}', column 'value': '42500' in release ")
    assert "has no entry" in problem

    log(seeds_copy, "displacement", ROW, "value", "42500", "41000")  # an entry with other values does not count
    rehash(seeds_copy)
    (problem,) = manifests.unlogged(seeds_copy, release)
    assert "has an entry for this cell, but it says '42500' → '41000'" in problem

    log(seeds_copy, "displacement", ROW, "value", "42500", "42000")
    rehash(seeds_copy)
    assert manifests.unlogged(seeds_copy, release) == []


def test_additions_notes_citations_and_same_side_kinds_need_no_entry(seeds_copy):
    release = manifests.latest(seeds_copy)
    edit(seeds_copy, "displacement", ROW, "note", "A note rewritten.")
    edit(seeds_copy, "displacement", ROW, "source_title", "A title added")
    edit(seeds_copy, "displacement", ROW, "source_kind", "wire")  # outlet → wire: neither weak nor a party's own
    # a blank filled: a cell the release published empty now holds a name
    places = release["datasets"]["places"]
    column = places["fields"].index("name_ru")
    place_id, published = next(iter(places["rows"].items()))
    release["datasets"]["places"]["rows"][place_id] = [*published[:column], "", *published[column + 1 :]]
    with (seeds_copy / "milestones.csv").open("a", encoding="utf-8") as handle:  # a row added
        handle.write("2031-01-01-a-test-row" + "," * 16 + "\n")
    trimmed = {**release, "datasets": {k: v for k, v in release["datasets"].items() if k != "terms"}}  # a new dataset
    edit(seeds_copy, "terms", "war_2020 / ru / dual", "text", "Другая")
    assert manifests.unlogged(seeds_copy, trimmed) == []

    edit(seeds_copy, "displacement", ROW, "source_kind", "mirror")  # → weak: crosses a flag
    kind, term = manifests.unlogged(seeds_copy, release)  # against the whole release, terms is no longer new
    assert f"row '{ROW}', column 'source_kind': 'outlet' in release" in kind and "now 'mirror'" in kind
    assert term.startswith("seeds/terms.csv, row 'war_2020 / ru / dual', column 'text': 'Вторая карабахская война'")


def test_the_rule_comes_from_datapackage_json():
    rule = corrections.rule(SEEDS)
    assert rule.weak == {"mirror", "encyclopedia", "partisan_or_blog"}
    assert rule.party == {"official_party", "party_aligned_media"}
    assert "source_kinds" not in rule.datasets and "displacement" in rule.datasets
    assert rule.counts("places", "name_ru", "Аскеран", "")  # a value withdrawn
    assert not rule.counts("places", "name_ru", "", "Аскеран")  # a blank filled
    assert rule.counts("milestones", "source_kind", "party_aligned_media", "outlet")
    assert not rule.counts("displacement", "source_kind", "official_other", "dataset")


def test_changelog_md_is_written_from_the_manifests():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text == changelog.render(manifests.releases(SEEDS)), "run python -m analysis release; never edit by hand"
    assert "## 1.0.0 (2026-12-07)" in text


def test_every_manifest_is_stable_json_with_one_row_per_line():
    for path in sorted((SEEDS / manifests.RELEASES).glob("*.json")):
        manifest = manifests.read(path)
        assert path.name == f"{manifest['version']}.json"
        assert manifests.dumps(manifest) == path.read_text(encoding="utf-8")


@pytest.fixture
def project(seeds_copy, tmp_path) -> Path:
    """A seeds copy with CITATION.cff beside it, as `release --root` expects, whose last release (1.0.0) is the
    copy as it stands: the repository's seeds may have grown since their last release (rows added, blanks filled)."""
    last = manifests.latest(seeds_copy)
    manifests.path_of(seeds_copy, last["version"]).write_text(
        manifests.dumps(manifests.snapshot(seeds_copy, last["version"], last["date"])), encoding="utf-8"
    )
    shutil.copy(ROOT / "CITATION.cff", tmp_path / "CITATION.cff")
    shutil.copy(ROOT / "CHANGELOG.md", tmp_path / "CHANGELOG.md")
    return tmp_path


def release(project: Path, *args: str):
    return run_cli("release", *args, "--seeds", str(project / "seeds"), "--root", str(project))


def test_release_refuses_without_a_date_an_unchanged_package_and_unlogged_corrections(project):
    seeds = project / "seeds"
    result = release(project, "--bump", "minor")
    assert result.returncode == 2 and "--date YYYY-MM-DD" in result.stderr
    result = release(project, "1.1.0", "--date", "2027-02-30")
    assert result.returncode == 2 and "'2027-02-30' is not a date" in result.stderr
    result = release(project, "--bump", "minor", "--date", "2027-01-15")
    assert result.returncode == 2 and "has not changed since 1.0.0" in result.stderr
    result = release(project, "1.0.0", "--date", "2027-01-15")
    assert result.returncode == 2 and "not after the last release, 1.0.0" in result.stderr

    edit(seeds, "displacement", ROW, "value", "42000")
    result = release(project, "--bump", "minor", "--date", "2027-01-15")
    assert result.returncode == 2 and "seeds/displacement.csv: sha256 is" in result.stderr  # invalid: not rehashed
    rehash(seeds)
    result = release(project, "--bump", "minor", "--date", "2027-01-15")
    assert result.returncode == 2 and f"row '{ROW}', column 'value'" in result.stderr
    assert not (seeds / "releases" / "1.1.0.json").exists()
    assert json.loads((seeds / "datapackage.json").read_text())["version"] == "1.0.0"


def test_release_writes_version_citation_manifest_and_changelog_and_prints_the_tag(project):
    seeds = project / "seeds"
    edit(seeds, "displacement", ROW, "value", "42000")
    log(seeds, "displacement", ROW, "value", "42500", "42000")
    rehash(seeds)
    result = release(project, "--bump", "minor", "--date", "2027-01-15")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("git tag data-v1.1.0")
    assert json.loads((seeds / "datapackage.json").read_text())["version"] == "1.1.0"
    citation = (project / "CITATION.cff").read_text(encoding="utf-8")
    assert 'version: "1.1.0"' in citation and 'date-released: "2027-01-15"' in citation
    assert citation.startswith("# type is")  # comments and layout kept
    written = manifests.read(seeds / "releases" / "1.1.0.json")
    assert (
        written["date"] == "2027-01-15"
        and written["datasets"]["displacement"]["sha256"]
        == manifests.snapshot(seeds)["datasets"]["displacement"]["sha256"]
    )
    text = (project / "CHANGELOG.md").read_text(encoding="utf-8")
    newest = text.split("\n## ")[1]
    assert newest.startswith("1.1.0 (2027-01-15)\n\nAgainst 1.0.0 (2026-12-07).")
    rows = {name: len(corrections.read_rows(seeds / f"{name}.csv")) for name in ("displacement", "corrections")}
    assert f"| `displacement` (`displacement.csv`) | {rows['displacement']} | 0 | 0 | 1 | 1 |" in newest
    assert f"| `corrections` (`corrections.csv`) | {rows['corrections']} | 1 | 0 | 0 | 0 |" in newest
    assert f"- 2027-01-15, `displacement` row `{ROW}`, `value`: `42500` → `42000`" in newest
    assert "\n## 1.0.0 (2026-12-07)\n" in text  # the earlier entry stays, below
    assert manifests.unlogged(seeds, written) == []
