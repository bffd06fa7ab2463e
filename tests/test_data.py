"""Loaders on good data and on each kind of bad data: the error names file, row, column and what was expected."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import data
from analysis.core.errors import DataError
from analysis.data.context import ReportContext

from helpers import rehash, run_cli


def test_milestones_load_typed_with_sources(seeds_copy):
    ctx = ReportContext(seeds=seeds_copy)
    frame = data.load_milestones(ctx)
    assert len(frame) >= 45
    assert frame["id"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert str(frame["leader_level"].dtype) == "boolean"
    assert frame.attrs["dataset"] == "milestones"
    assert frame.attrs["sources"], "the dataset's sources travel with the frame"
    assert frame["source_url"].str.match(r"https?://").all()
    assert list(ctx.read) == ["milestones"], "the load is logged in the report's context, nowhere else"


def test_every_seeds_file_passes_check():
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    checked = [line for line in result.stdout.splitlines() if line.startswith("ok   seeds/")]
    assert len(checked) == len(data.package()["resources"]), result.stdout


def _edit(seeds, name, old, new, count=1):
    path = seeds / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    rehash(seeds)


def _first_row(seeds, name="milestones.csv") -> str:
    return (seeds / name).read_text(encoding="utf-8").splitlines()[1]


def _load_error(seeds) -> DataError:
    with pytest.raises(DataError) as caught:
        data.load_milestones()
    return caught.value


def test_wrong_enum_value_names_row_column_and_allowed_values(seeds_copy):
    _edit(seeds_copy, "milestones.csv", ",institutional,other,", ",institushunal,other,")
    err = _load_error(seeds_copy)
    assert err.file == "seeds/milestones.csv" and err.row == 2 and err.column == "kind"
    assert "institushunal" in str(err) and "institutional" in err.expected


def test_impossible_date(seeds_copy):
    _edit(seeds_copy, "milestones.csv", "1988-02-20,day", "1988-02-30,day")
    err = _load_error(seeds_copy)
    assert (err.row, err.column) == (2, "date")
    assert "1988-02-30" in str(err) and "date" in err.expected


def test_duplicate_id(seeds_copy):
    row = _first_row(seeds_copy)
    path = seeds_copy / "milestones.csv"
    path.write_text(path.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    rehash(seeds_copy)
    err = _load_error(seeds_copy)
    duplicate_row = len(path.read_text(encoding="utf-8").splitlines())  # the header is row 1
    assert (err.file, err.row, err.column) == ("seeds/milestones.csv", duplicate_row, "id")
    assert f"value '{row.split(',', 1)[0]}' repeats" in str(err) and "unique" in err.expected


def test_missing_column(seeds_copy):
    path = seeds_copy / "milestones.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["kind"])
    frame.to_csv(path, index=False)
    rehash(seeds_copy)
    err = _load_error(seeds_copy)
    assert (err.row, err.column) == (1, "kind")
    assert "missing from the header" in str(err)


def test_broken_quoting(seeds_copy):
    path = seeds_copy / "milestones.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    quoted = next(i for i, line in enumerate(lines) if i > 0 and '"' in line)
    lines[quoted] = lines[quoted].replace('"', "", 1)  # an unbalanced quote shifts the cells of this row
    path.write_text("".join(lines), encoding="utf-8")
    rehash(seeds_copy)
    err = _load_error(seeds_copy)
    assert err.file == "seeds/milestones.csv" and err.row == quoted + 1  # the shifted row itself (header = row 1)
    assert err.column is None, "no column is blamed for a quote missing in the row"
    assert "check the quoting: a field with a comma or a line break must be in double quotes" in str(err)


def test_a_quote_left_open_is_reported_at_the_row_where_it_opens(seeds_copy):
    """An unclosed quote swallows the lines after it: the row is the one a spreadsheet shows (header = row 1)."""
    path = seeds_copy / "milestones.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace(",", ',"', 1)  # a quote opened in row 5 and never closed
    path.write_text("".join(lines), encoding="utf-8")
    problems = data.problems(seeds_copy)
    assert [(p.file, p.row) for p in problems][:1] == [("seeds/milestones.csv", 5)]
    assert "check the quoting" in str(problems[0])


def test_missing_required_value(seeds_copy):
    _edit(seeds_copy, "milestones.csv", ",institutional,other,", ",,other,")
    err = _load_error(seeds_copy)
    assert (err.row, err.column) == (2, "kind")


def test_hash_mismatch_is_caught_before_anything_else(seeds_copy):
    path = seeds_copy / "milestones.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Stepanakert", "Stepanakrt", 1), encoding="utf-8")
    err = _load_error(seeds_copy)
    assert "sha256" in str(err) and "rehash" in err.expected


def test_missing_file(seeds_copy):
    (seeds_copy / "milestones.csv").unlink()
    err = _load_error(seeds_copy)
    assert "missing" in str(err) and "milestones.csv" in str(err)


def test_missing_datapackage(seeds_copy):
    (seeds_copy / "datapackage.json").unlink()
    with pytest.raises(DataError, match=r"datapackage\.json"):
        data.load_milestones()


def test_geo_layer_with_wrong_crs(seeds_copy):
    path = seeds_copy / "geo" / "ne_admin0.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    rehash(seeds_copy)
    with pytest.raises(DataError, match="CRS is urn:ogc:def:crs:EPSG::3857") as caught:
        data.load_geo("admin0")
    assert "EPSG:4326" in caught.value.expected


@pytest.mark.parametrize(
    ("geometry", "problem"),
    [
        ({"type": "Polygon", "coordinates": [[[45, 39], [46, 40], [46, 39], [45, 40], [45, 39]]]}, "invalid geometry"),
        ({"type": "Polygon", "coordinates": []}, "empty geometry"),
    ],
)
def test_geo_layer_with_bad_geometry(seeds_copy, geometry, problem):
    path = seeds_copy / "geo" / "ne_admin0.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][1]["geometry"] = geometry
    path.write_text(json.dumps(doc), encoding="utf-8")
    rehash(seeds_copy)
    with pytest.raises(DataError, match=f"feature 2 has an {problem}"):
        data.load_geo("admin0")


def test_check_cli_names_the_bad_file_and_exits_nonzero(seeds_copy):
    _edit(seeds_copy, "milestones.csv", ",institutional,other,", ",institushunal,other,")
    result = run_cli("check", "--seeds", str(seeds_copy))
    assert result.returncode == 1
    assert "seeds/milestones.csv, row 2, column 'kind'" in result.stderr


# --- data edits: edit → check → rehash ------------------------------------------------------------------------------


def _break_two_files(seeds):
    path = seeds / "milestones.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",institutional,other,", ",institushunal,other,", 1))
    path = seeds / "displacement.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace('"', "", 1) if '"' in lines[3] else lines[3].rstrip("\n") + ",extra\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_check_validates_content_even_with_stale_hashes_and_lists_every_problem(seeds_copy):
    _break_two_files(seeds_copy)  # no rehash: both hashes are stale too
    result = run_cli("check", "--seeds", str(seeds_copy))
    assert result.returncode == 1
    assert "seeds/milestones.csv, row 2, column 'kind': value 'institushunal'" in result.stderr
    assert "seeds/displacement.csv, row 4" in result.stderr and "check the quoting" in result.stderr
    assert "sha256" not in result.stderr and "rehash" not in result.stderr, "rehash is said only of valid content"


def test_check_says_rehash_once_the_content_is_valid(seeds_copy):
    path = seeds_copy / "milestones.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Stepanakert", "Stepanakrt", 1), encoding="utf-8")
    result = run_cli("check", "--seeds", str(seeds_copy))
    assert result.returncode == 1
    assert "seeds/milestones.csv: sha256 is" in result.stderr
    assert result.stderr.count("run `python -m analysis rehash` to record it") == 1
    assert run_cli("rehash", "--seeds", str(seeds_copy)).returncode == 0
    assert run_cli("check", "--seeds", str(seeds_copy)).returncode == 0


def test_rehash_refuses_a_file_that_does_not_validate(seeds_copy):
    before = (seeds_copy / "datapackage.json").read_bytes()
    _break_two_files(seeds_copy)
    result = run_cli("rehash", "--seeds", str(seeds_copy))
    assert result.returncode == 1
    assert "seeds/milestones.csv, row 2, column 'kind'" in result.stderr and "nothing was recorded" in result.stderr
    assert (seeds_copy / "datapackage.json").read_bytes() == before


def test_a_new_claims_file_must_be_rehashed(seeds_copy):
    source = seeds_copy / "claims" / "afp-2024-01-28-non-aggression-pact.yaml"
    (seeds_copy / "claims" / "extra.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    problems = [str(p) for p in data.problems(seeds_copy)]
    assert "seeds/claims/extra.yaml: the file says article 'afp-2024-01-28-non-aggression-pact'" in " ".join(problems)
    assert "no article 'extra'" in " ".join(problems)
    (seeds_copy / "claims" / "extra.yaml").unlink()
    path = seeds_copy / "claims" / "afp-2024-01-28-non-aggression-pact.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    assert [str(p) for p in data.problems(seeds_copy)] == [
        str(data.problems(seeds_copy)[0])
    ] and "afp-2024-01-28-non-aggression-pact.yaml: sha256 is" in str(data.problems(seeds_copy)[0])
