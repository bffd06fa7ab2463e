"""Hardening: the catalogue of bad inputs through the CLI, hostile text in the data, and a build with no network.

Every catalogue entry runs `python -m analysis build --seeds COPY` against an output folder that already holds a
good build, and checks three things: a non-zero exit, an error that names the file, row, column or parameter,
and the last good report left byte for byte as it was.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time

import pytest
import yaml

from helpers import ROOT, make_project, rehash, report_entry, reports_toml, run_cli

GOOD = reports_toml("hardening-good")

CELL_RAISES = """# %%
from analysis import data

frame = data.load_milestones()

# %%
raise ValueError("no milestone in the window")
"""


@pytest.fixture(scope="module")
def good(tmp_path_factory, build_cli):
    """A good build of its own: the catalogue checks that failed builds leave exactly these files and this index."""
    tmp = tmp_path_factory.mktemp("hardening")
    config = make_project(tmp, GOOD, {"boom": CELL_RAISES})
    out = tmp / "reports"
    result = build_cli("--config", str(config), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp, config, out


def _rewrite_csv(path, edit):
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    edit(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _set_cell(row_index, column, value):
    def edit(rows):
        rows[row_index][rows[0].index(column)] = value

    return edit


def _break_quoting(seeds):
    path = seeds / "milestones.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace('"', "", 1)
    path.write_text("".join(lines), encoding="utf-8")


def _drop_column(seeds):
    def edit(rows):
        position = rows[0].index("venue")
        for row in rows:
            del row[position]

    _rewrite_csv(seeds / "milestones.csv", edit)


def _duplicate_id(seeds):
    _rewrite_csv(seeds / "milestones.csv", lambda rows: rows.append(list(rows[3])))


def _geo(seeds, change):
    path = seeds / "geo" / "territories.geojson"  # the map reads it on every run
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")


def _empty_geometry(doc):
    doc["features"][0]["geometry"] = {"type": "Polygon", "coordinates": []}


def _wrong_crs(doc):
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}


SEEDS_CASES = {
    # name: (how to break the copy, slug that must fail, words the error must contain)
    "1 malformed CSV (broken quoting)": (_break_quoting, "neg", ["seeds/milestones.csv, row 2"]),
    "2 missing column": (
        _drop_column,
        "neg",
        ["seeds/milestones.csv, row 1, column 'venue'", "missing from the header"],
    ),
    "3 wrong type": (
        lambda s: _rewrite_csv(s / "milestones.csv", _set_cell(2, "leader_level", "sometimes")),
        "neg",
        ["seeds/milestones.csv, row 3, column 'leader_level'", "wrong type"],
    ),
    "4 impossible date": (
        lambda s: _rewrite_csv(s / "milestones.csv", _set_cell(4, "date", "2023-02-30")),
        "neg",
        ["seeds/milestones.csv, row 5, column 'date'", "2023-02-30"],
    ),
    "5 duplicate id": (_duplicate_id, "neg", ["seeds/milestones.csv", "column 'id'", "repeats"]),
    "6 negative count": (
        lambda s: _rewrite_csv(s / "displacement.csv", _set_cell(1, "value", "-5")),
        "map-uses-none",
        ["seeds/displacement.csv, row 2, column 'value'", "-5"],
    ),
    "7 value outside the allowed set": (
        lambda s: _rewrite_csv(s / "milestones.csv", _set_cell(1, "track", "nato")),
        "neg",
        ["seeds/milestones.csv, row 2, column 'track'", "nato", "osce_minsk_group"],
    ),
    "9 missing file": (lambda s: (s / "control.csv").unlink(), "map", ["seeds/control.csv", "the file is missing"]),
    "10 invalid or empty geometry": (
        lambda s: _geo(s, _empty_geometry),
        "map",
        ["seeds/geo/territories.geojson", "empty geometry"],
    ),
    "11 GeoJSON with the wrong CRS": (
        lambda s: _geo(s, _wrong_crs),
        "map",
        ["seeds/geo/territories.geojson", "CRS is urn:ogc:def:crs:EPSG::3857", "EPSG:4326"],
    ),
}


def _bad_seeds(tmp_path, breaker, accept=True):
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    breaker(seeds)
    if accept:
        rehash_or_skip_missing(seeds)
    return seeds


def rehash_or_skip_missing(seeds):
    """Record the broken files' hashes, so the test reaches the check it is about (a missing file stays missing)."""
    from analysis import data

    package = json.loads((seeds / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        path = seeds / res["path"]
        if path.exists():
            res["hash"] = "sha256:" + data.sha256(path)
    (seeds / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8")


def _assert_refused(result, out, before, words, slug):
    assert result.returncode != 0, result.stdout
    message = result.stdout + result.stderr
    for word in words:
        assert word in message, f"expected {word!r} in:\n{message}"
    for name, content in before.items():
        assert (out / name).read_bytes() == content, f"{name} changed although the build failed"
    if slug in ("neg", "map"):
        index = (out / "build.html").read_text(encoding="utf-8")
        assert "failed</span> (showing last good build)" in index


def _html(out):
    return {p.name: p.read_bytes() for p in out.glob("*.html") if p.name not in ("index.html", "build.html")}


@pytest.mark.parametrize("case", sorted(SEEDS_CASES), ids=lambda c: c.split(" ", 1)[1].replace(" ", "-"))
@pytest.mark.slow
def test_bad_seeds_are_refused_and_the_last_good_reports_stay(good, tmp_path, case):
    breaker, slug, words = SEEDS_CASES[case]
    _, config, out = good
    seeds = _bad_seeds(tmp_path, breaker)
    before = _html(out)
    if slug == "map-uses-none":  # no report reads displacement here: the seeds check is what must refuse it
        result = run_cli("check", "--seeds", str(seeds))
    else:
        result = run_cli("build", "--config", str(config), "--out", str(out), "--seeds", str(seeds), "--only", slug)
    _assert_refused(result, out, before, words, slug)


@pytest.mark.slow
def test_broken_seeds_stop_the_build_in_seconds_before_any_kernel(good, tmp_path):
    """Three problems in two files: each is printed once (not once per report), no kernel starts, every last good
    HTML stays, and the build fails within seconds."""
    _, config, out = good
    seeds = _bad_seeds(
        tmp_path,
        lambda s: (
            _break_quoting(s),
            _rewrite_csv(s / "displacement.csv", _set_cell(1, "value", "-5")),
            _rewrite_csv(s / "displacement.csv", _set_cell(2, "value", "-6")),
        ),
    )
    kernels = out / ".build" / "kernels"
    logs_before = {p.name: p.stat().st_mtime_ns for p in kernels.glob("*")} if kernels.exists() else {}
    before = _html(out)
    started = time.perf_counter()
    result = run_cli("build", "--config", str(config), "--out", str(out), "--seeds", str(seeds), "--force")
    elapsed = time.perf_counter() - started
    _assert_refused(result, out, before, ["seeds/milestones.csv, row 2", "check the quoting"], "neg")
    for problem in (
        "seeds/milestones.csv, row 2: the row has",
        "seeds/displacement.csv, row 2, column 'value': value '-5'",
        "seeds/displacement.csv, row 3, column 'value': value '-6'",
    ):
        assert result.stdout.count(problem) == 1, (problem, result.stdout)
    assert "executing" not in result.stdout and "The seeds do not validate (3 problem(s))" in result.stdout
    assert {p.name: p.stat().st_mtime_ns for p in kernels.glob("*")} == logs_before, "no kernel ran"
    assert elapsed < 20, f"the build took {elapsed:.1f}s to refuse broken seeds"


@pytest.mark.slow
def test_8_sha256_mismatch_is_refused(good, tmp_path):
    _, config, out = good
    seeds = _bad_seeds(
        tmp_path, lambda s: _rewrite_csv(s / "milestones.csv", _set_cell(1, "venue", "Moscow")), accept=False
    )
    before = _html(out)
    result = run_cli("build", "--config", str(config), "--out", str(out), "--seeds", str(seeds), "--only", "neg")
    _assert_refused(result, out, before, ["seeds/milestones.csv: sha256 is", "rehash"], "neg")


PARAMETER_CASES = {
    "12 unknown parameter name": ('params = { strat = "2023-12-01" }', "parameter 'strat': unknown parameter"),
    "13 parameter of the wrong type": ("params = { start = 2023 }", "parameter 'start': got 2023, expected a date"),
    "14 parameter out of range": ('params = { start = "1901-01-01" }', "parameter 'start': 1901-01-01 is before"),
}


@pytest.mark.parametrize("case", sorted(PARAMETER_CASES), ids=lambda c: c.split(" ", 1)[1].replace(" ", "-"))
@pytest.mark.slow
def test_bad_parameters_are_refused_before_any_kernel(good, case):
    tmp, _, out = good
    line, words = PARAMETER_CASES[case]
    config = tmp / "project" / f"bad-{case.split()[0]}.toml"
    config.write_text(GOOD.replace('params = { start = "2023-12-01", end = "2024-02-29" }', line), encoding="utf-8")
    before = _html(out)
    result = run_cli("build", "--config", str(config), "--out", str(out), "--only", "neg")
    _assert_refused(result, out, before, ["notebook 'negotiations'", words], "neg")
    assert "executing" not in result.stdout


@pytest.mark.slow
def test_15_reports_toml_naming_a_missing_notebook(good):
    tmp, _, out = good
    config = tmp / "project" / "missing.toml"
    config.write_text(GOOD.replace('notebook = "negotiations"', 'notebook = "negotiatons"'), encoding="utf-8")
    before = _html(out)
    result = run_cli("build", "--config", str(config), "--out", str(out), "--only", "neg")
    _assert_refused(result, out, before, ["notebook 'notebooks/negotiatons.py' does not exist"], "neg")


@pytest.mark.parametrize("slug", ["../escaped", "/tmp/escaped", "nested/../../escaped"])
@pytest.mark.slow
def test_16_slugs_cannot_write_outside_reports(good, slug):
    tmp, _, out = good
    config = tmp / "project" / "escape.toml"
    config.write_text(
        GOOD + report_entry("negotiations", slug, title="Escape"),
        encoding="utf-8",
    )
    before = _html(out)
    result = run_cli("build", "--config", str(config), "--out", str(out), "--only", slug)
    _assert_refused(result, out, before, [f"slug '{slug}' is not allowed"], slug)
    assert not list(tmp.rglob("escaped*")) and not (ROOT.parent / "escaped.html").exists()


@pytest.mark.slow
def test_17_a_notebook_cell_that_raises(good):
    tmp, _, out = good
    config = tmp / "project" / "boom.toml"
    config.write_text(
        GOOD.replace('notebook = "negotiations"', 'notebook = "boom"').replace(
            'params = { start = "2023-12-01", end = "2024-02-29" }', ""
        ),
        encoding="utf-8",
    )
    before = _html(out)
    result = run_cli("build", "--config", str(config), "--out", str(out), "--only", "neg")
    _assert_refused(
        result, out, before, ["FAILED neg: notebooks/boom.py, cell 1", "ValueError: no milestone in the window"], "neg"
    )


# --- text from data never runs as code ------------------------------------------------------------------------

PAYLOADS = ["<script>window.__xss = 1</script>", '<img src=x onerror="window.__xss = 1">']


def _poison(seeds):
    def milestones(rows):
        header = rows[0]
        for row in rows[1:]:
            if row[header.index("date")].startswith(("2023-12", "2024-01")):
                for column in ("title", "summary", "venue", "source_name", "date_note"):
                    row[header.index(column)] = f"{PAYLOADS[len(row[0]) % 2]} {row[header.index(column)]}"

    def places(rows):
        header = rows[0]
        for row in rows[1:]:
            row[header.index("name_en")] = PAYLOADS[1] + row[header.index("name_en")]

    def control(rows):
        header = rows[0]
        for row in rows[1:]:
            row[header.index("note")] = PAYLOADS[0] + row[header.index("note")]

    def articles(rows):
        rows[1][rows[0].index("headline")] = PAYLOADS[0] + rows[1][rows[0].index("headline")]

    for name, edit in [
        ("milestones", milestones),
        ("places", places),
        ("control", control),
        ("articles", articles),
    ]:
        _rewrite_csv(seeds / f"{name}.csv", edit)
    for path in (seeds / "claims").glob("*.yaml"):  # each claim's text, reading and printed phrase
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for claim in doc["claims"]:
            for key, payload in (("claim", PAYLOADS[1]), ("reading", PAYLOADS[0]), ("printed", PAYLOADS[1])):
                claim[key] = payload + str(claim.get(key, ""))
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rehash(seeds)


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_text_in_the_data_is_escaped_everywhere(tmp_path, tab, build_cli):
    seeds = _bad_seeds(tmp_path, _poison, accept=False)
    config = make_project(tmp_path, reports_toml("hardening-hostile"))
    out = tmp_path / "out"
    result = build_cli("--config", str(config), "--out", str(out), "--seeds", str(seeds))
    assert result.returncode == 0, result.stdout + result.stderr
    for slug in ("explainer", "neg"):
        html = (out / f"{slug}.html").read_text(encoding="utf-8")
        assert "<script>window.__xss" not in html and "<img src=x onerror" not in html
        seen = tab.open(out / f"{slug}.html")
        page = seen["page"]
        page.locator(".kb-plot").first.hover()  # hover text is data too
        assert page.evaluate("window.__xss") is None, f"{slug}: a payload ran"
        assert seen["drawn"] == seen["plots"] and seen["errors"] == []
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__xss" not in index


# --- no network ----------------------------------------------------------------------------------------------

GUARD = """
import os, socket

_log = os.environ["KARABAKH_NETLOG"]
_connect = socket.socket.connect


def _guarded(self, address):
    local = isinstance(address, tuple) and address[0] in ("127.0.0.1", "::1", "localhost")
    if self.family == socket.AF_UNIX or local:
        return _connect(self, address)
    with open(_log, "a") as handle:
        handle.write(f"{os.getpid()} {address!r}\\n")
    raise OSError("network blocked by the test")


socket.socket.connect = _guarded
"""


@pytest.mark.slow
def test_a_build_makes_no_network_request(good, tmp_path):
    """Every Python process of the build (the CLI and each kernel) runs with outbound sockets blocked and logged."""
    _, config, _ = good
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "attempts.log"
    log.touch()
    out = tmp_path / "offline"
    result = run_cli(
        "build",
        "--config",
        str(config),
        "--out",
        str(out),
        "--force",
        env={"PYTHONPATH": str(guard), "KARABAKH_NETLOG": str(log)},
        process=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "neg.html").exists() and (out / "map.html").exists()
    assert log.read_text() == "", f"the build tried to reach the network: {log.read_text()}"
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; print(socket.socket.connect.__name__)"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(guard), "KARABAKH_NETLOG": str(log)},
    )
    assert probe.stdout.strip() == "_guarded", "the guard must be active in every Python process of the build"
