"""The whole matrix built again in ways that must not change a byte: in three shards (CI runners side by side) and
one fresh kernel per report instead of warm kernels. Merged, it must equal the session's single warm build. Also:
stable shards, mismatched or missing shards refused, and the merged site served under a sub-path over HTTP.

One build does both checks because each needs the full matrix, and the matrix is the slow part of `make test`. The
clock a year ahead is tested on one report in tests/test_embeds.py (HTML, SVG and PNG): a whole-matrix build under
faketime hung at its exit in three runs of four (2026-12-07). The cause found later that day, two drawing threads
started at once (analysis/build/images.py), hung a build on the real clock too; it is fixed, but under faketime a
timed wait of Python's threads never times out, so the matrix stays on the real clock.
"""

from __future__ import annotations

import json
import shutil

import pytest

from analysis.build import config, shards
from analysis.core.errors import KarabakhError

from helpers import ROOT, run_cli

JOBS, _ = config.jobs(ROOT / "reports.toml")
SLUGS = [job.slug for job in JOBS]


def test_a_slug_always_lands_in_the_same_shard_and_new_reports_move_no_other():
    before = {slug: shards.shard_of(slug, 3) for slug in SLUGS}
    assert before == {slug: shards.shard_of(slug, 3) for slug in [*SLUGS, "a-new-report"] if slug in before}
    assert set(before.values()) == {1, 2, 3}


@pytest.mark.parametrize("text", ["3", "0/3", "4/3", "a/b"])
def test_a_bad_shard_is_refused(text):
    with pytest.raises(KarabakhError, match="--shard"):
        shards.parse(text)


@pytest.fixture(scope="module")
def shard_parts(tmp_path_factory) -> list:
    """reports.toml built as three shards, each in its own process, one fresh kernel per report."""
    tmp = tmp_path_factory.mktemp("shards")
    parts = []
    for k in (1, 2, 3):
        part = tmp / f"shard-{k}"
        args = ["build", "--out", str(part), "--shard", f"{k}/3", "--fresh-kernels"]
        result = run_cli(*args, process=True)
        assert result.returncode == 0, result.stdout + result.stderr
        parts.append(part)
    return parts


@pytest.fixture(scope="module")
def merged(shard_parts, build_cli, tmp_path_factory):
    site = tmp_path_factory.mktemp("merged") / "site"
    summary = site.parent / "summary.md"
    result = build_cli("--merge", *map(str, shard_parts), "--out", str(site), env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stdout + result.stderr
    return site, summary


def _pages(folder) -> list:
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and ".build" not in p.parts)


@pytest.mark.slow
def test_shards_in_fresh_kernels_merge_into_the_single_warm_build_byte_for_byte(merged, report_matrix):
    site, summary = merged
    assert _pages(site) == _pages(report_matrix)
    for page in _pages(report_matrix):
        assert (site / page).read_bytes() == (report_matrix / page).read_bytes(), page
    assert all(f"| `{slug}` | built |" in summary.read_text() for slug in SLUGS)


@pytest.mark.slow
def test_each_shard_built_its_share_each_report_in_a_fresh_kernel(shard_parts):
    built = [json.loads((p / ".build" / "shard.json").read_text())["slugs"] for p in shard_parts]
    assert sorted(s for slugs in built for s in slugs) == sorted(SLUGS)
    for part, slugs in zip(shard_parts, built, strict=True):
        assert sorted(p.name for p in (part / ".build").glob("*.kernel.log")) == sorted(
            f"{s}.kernel.log" for s in slugs
        )
        assert not (part / ".build" / "kernels").exists(), "no warm kernel"


@pytest.mark.slow
def test_shards_from_different_seeds_or_code_are_refused(shard_parts, build_cli, tmp_path):
    odd = tmp_path / "odd"
    shutil.copytree(shard_parts[0], odd)
    info = json.loads((odd / ".build" / "shard.json").read_text())
    info["seeds"] = "0" * 64
    (odd / ".build" / "shard.json").write_text(json.dumps(info))
    result = build_cli("--merge", str(odd), *map(str, shard_parts[1:]), "--out", str(tmp_path / "s"))
    assert result.returncode == 2
    assert "the shards were built from different seeds" in result.stderr and "000000000000" in result.stderr


@pytest.mark.slow
def test_a_merge_without_every_shard_is_refused(shard_parts, build_cli, tmp_path):
    result = build_cli("--merge", str(shard_parts[0]), str(shard_parts[2]), "--out", str(tmp_path / "s"))
    assert result.returncode == 2
    assert "merge needs each of the 3 shards once: missing 2/3" in result.stderr
