"""Sharded builds for CI runners side by side: stable shards, a merge equal to a single build, mismatches refused."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import shutil
import threading

import pytest

from analysis import shards
from analysis.errors import KarabakhError

from conftest import ALL_PLOTS_DRAWN, make_project

TOML = (
    "".join(
        f"""
[[reports]]
notebook = "negotiations"
title = "Negotiations {n}"

[[reports.variants]]
slug = "neg-{n}"
params = {{ start = "{start}-01-01", end = "2025-12-31" }}
"""
        for n, start in enumerate(("1992", "1994", "2001", "2020", "2023"))
    )
    + """
[[reports]]
notebook = "sources"
title = "Sources"

[[reports.variants]]
slug = "sources"
"""
)
SLUGS = [f"neg-{n}" for n in range(5)] + ["sources"]


def test_a_slug_always_lands_in_the_same_shard_and_new_reports_move_no_other():
    before = {slug: shards.shard_of(slug, 3) for slug in SLUGS}
    assert before == {slug: shards.shard_of(slug, 3) for slug in [*SLUGS, "a-new-report"] if slug in before}
    assert set(before.values()) <= {1, 2, 3} and len(set(before.values())) > 1


@pytest.mark.parametrize("text", ["3", "0/3", "4/3", "a/b"])
def test_a_bad_shard_is_refused(text):
    with pytest.raises(KarabakhError, match="--shard"):
        shards.parse(text)


@pytest.fixture(scope="module")
def single_and_shards(tmp_path_factory, build_cli):
    tmp = tmp_path_factory.mktemp("shards")
    config = make_project(tmp, TOML)
    single = tmp / "single"
    result = build_cli("--config", str(config), "--out", str(single))
    assert result.returncode == 0, result.stdout + result.stderr
    parts = []
    for k in (1, 2, 3):
        part = tmp / f"shard-{k}"
        result = build_cli("--config", str(config), "--out", str(part), "--shard", f"{k}/3")
        assert result.returncode == 0, result.stdout + result.stderr
        parts.append(part)
    return config, single, parts, tmp


def test_three_shards_merged_equal_a_single_build(single_and_shards, build_cli):
    config, single, parts, tmp = single_and_shards
    built = [json.loads((p / ".build" / "shard.json").read_text())["slugs"] for p in parts]
    assert sorted(s for slugs in built for s in slugs) == sorted(SLUGS)
    site = tmp / "site"
    summary = tmp / "summary.md"
    result = build_cli(
        "--config",
        str(config),
        "--merge",
        *map(str, parts),
        "--out",
        str(site),
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pages = sorted(p.relative_to(single) for p in single.rglob("*") if p.is_file() and ".build" not in p.parts)
    assert pages == sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file() and ".build" not in p.parts)
    for page in pages:
        assert (site / page).read_bytes() == (single / page).read_bytes(), page
    assert "| `sources` | unchanged |" in summary.read_text() or "| `sources` | built |" in summary.read_text()


def test_shards_from_different_seeds_or_code_are_refused(single_and_shards, build_cli, tmp_path):
    config, _, parts, _ = single_and_shards
    odd = tmp_path / "odd"
    shutil.copytree(parts[0], odd)
    info = json.loads((odd / ".build" / "shard.json").read_text())
    info["seeds"] = "0" * 64
    (odd / ".build" / "shard.json").write_text(json.dumps(info))
    result = build_cli("--config", str(config), "--merge", str(odd), *map(str, parts[1:]), "--out", str(tmp_path / "s"))
    assert result.returncode == 2
    assert "the shards were built from different seeds" in result.stderr and "000000000000" in result.stderr


def test_the_site_works_under_a_sub_path_over_http(report_matrix, browser, tmp_path):
    """Served as GitHub Pages serves a project site (https://org.github.io/repo/): every link and asset resolves."""
    root = tmp_path / "www"
    shutil.copytree(report_matrix, root / "repo")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/repo/"
    try:
        page = browser.new_page()
        missing: list[str] = []
        page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
        page.goto(base)
        links = re.findall(r'href="([^"#:]+\.html)"', page.content())
        assert links, "the index links no report"
        for link in dict.fromkeys(links):
            page.goto(base + link)
            plots = page.locator(".kb-plot").count()
            with contextlib.suppress(Exception):  # then drawn < plots below, and the test says which
                page.wait_for_function(ALL_PLOTS_DRAWN, timeout=20_000)
            drawn = page.locator(".kb-plot .main-svg").evaluate_all(
                "els => new Set(els.map(e => e.closest('.kb-plot').id)).size"
            )
            assert drawn == plots, f"{link}: {drawn} of {plots} figures drawn"
        assert missing == []
        page.close()
    finally:
        server.shutdown()


def test_a_merge_without_every_shard_is_refused(single_and_shards, build_cli, tmp_path):
    config, _, parts, _ = single_and_shards
    result = build_cli("--config", str(config), "--merge", str(parts[0]), str(parts[2]), "--out", str(tmp_path / "s"))
    assert result.returncode == 2
    assert "merge needs each of the 3 shards once: missing 2/3" in result.stderr
