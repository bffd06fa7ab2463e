"""The GitHub Actions workflow (.github/workflows/reports.yml): it passes GitHub's workflow schema (the check in
`make test`), a broken copy does not, and it keeps the promises the README makes: sharded builds merged into one site,
uploaded for previews, deployed to Pages only from the default branch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "reports.yml"
CHECK = Path(sys.executable).parent / "check-jsonschema"


def load(text: str | None = None) -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8") if text is None else text)
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def without_runs_on(data: dict) -> dict:
    del data["jobs"]["build"]["runs-on"]
    return data


def with_unknown_job_key(data: dict) -> dict:
    data["jobs"]["merge"]["needz"] = "build"
    return data


def with_bad_permission(data: dict) -> dict:
    data["jobs"]["deploy"]["permissions"]["pages"] = "publish"
    return data


def with_bad_concurrency(data: dict) -> dict:
    data["jobs"]["deploy"]["concurrency"]["cancel-in-progress"] = "sometimes"
    return data


BREAKAGES = (without_runs_on, with_unknown_job_key, with_bad_permission, with_bad_concurrency)


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[subprocess.CompletedProcess, list[Path], list[Path]]:
    """What `make test` runs (the schema ships inside check-jsonschema, so this needs no network), once for the
    workflow, an unchanged round trip and every broken copy: each failing file is named in the output.

    The round trip shows that the broken copies differ from the real file only by their breakage."""
    tmp = tmp_path_factory.mktemp("workflow")
    good = [WORKFLOW, tmp / "round-trip.yml"]
    good[1].write_text(yaml.safe_dump(load(), sort_keys=False), encoding="utf-8")
    broken = []
    for breakage in BREAKAGES:
        broken.append(tmp / f"{breakage.__name__}.yml")
        broken[-1].write_text(yaml.safe_dump(breakage(load()), sort_keys=False), encoding="utf-8")
    result = subprocess.run(
        [str(CHECK), "--builtin-schema", "vendor.github-workflows", *map(str, good + broken)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result, good, broken


def test_the_workflow_and_an_unchanged_round_trip_pass_the_schema(checked):
    result, good, _ = checked
    for path in good:
        assert path.name not in result.stdout + result.stderr, result.stdout + result.stderr  # named only if it fails


def test_every_broken_copy_fails_the_schema(checked):
    result, _, broken = checked
    assert result.returncode != 0
    assert "Schema validation errors were encountered" in result.stdout  # refused by the schema, not unreadable
    for path in broken:
        assert f"{path.name}::" in result.stdout, f"{path.stem} passed the schema check"


def test_make_test_runs_the_schema_check():
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/reports.yml" in recipe


def steps(job: dict) -> list[str]:
    """Each step as one line: the action it uses, or the command it runs."""
    return [step.get("uses") or step["run"] for step in job["steps"]]


def test_the_jobs_and_their_order():
    data = load()
    jobs = data["jobs"]
    assert set(data["on"]) == {"push", "pull_request", "workflow_dispatch"}
    assert data["permissions"] == {"contents": "read"}
    assert jobs["build"]["needs"] == ["plan", "test"]
    assert jobs["merge"]["needs"] == "build"
    assert jobs["deploy"]["needs"] == "merge"
    assert "make test" in steps(jobs["test"])
    assert any("apt-get install" in s and "chromium" in s and "faketime" in s for s in steps(jobs["test"]))


def test_the_shard_count_is_an_input_turned_into_the_matrix():
    data = load()
    shards = data["on"]["workflow_dispatch"]["inputs"]["shards"]
    assert shards["default"] == 2 and shards["type"] == "number"
    build = data["jobs"]["build"]
    assert build["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.list) }}"
    assert build["strategy"]["fail-fast"] is False
    assert any("analysis build --shard" in s and '--out "$OUT"' in s for s in steps(build))
    assert build["env"]["SHARD"] == "${{ matrix.shard }}/${{ needs.plan.outputs.count }}"


@pytest.mark.parametrize(
    ("given", "count", "listed"),
    [("2", "2", "[1,2]"), ("3", "3", "[1,2,3]"), ("1", "1", "[1]"), ("05", "5", "[1,2,3,4,5]")],
)
def test_the_plan_step_lists_the_shards(tmp_path, given, count, listed):
    out = run_plan(tmp_path, given)
    assert out.returncode == 0, out.stdout + out.stderr
    written = dict(line.split("=", 1) for line in (tmp_path / "output").read_text().splitlines())
    assert written == {"count": count, "list": listed}


@pytest.mark.parametrize("given", ["0", "21", "two", "", "2.5"])
def test_the_plan_step_refuses_a_bad_count(tmp_path, given):
    out = run_plan(tmp_path, given)
    assert out.returncode != 0
    assert "::error::shards must be a whole number from 1 to 20" in out.stdout


def run_plan(tmp_path: Path, shards: str) -> subprocess.CompletedProcess:
    (script,) = (step["run"] for step in load()["jobs"]["plan"]["steps"])
    env = {"PATH": "/usr/bin:/bin", "SHARDS": shards, "GITHUB_OUTPUT": str(tmp_path / "output")}
    (tmp_path / "output").write_text("")
    return subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True, text=True, check=False)


def test_shards_are_uploaded_with_their_manifests_and_merged():
    jobs = load()["jobs"]
    (upload,) = (s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "shard-${{ matrix.shard }}"
    assert upload["with"]["include-hidden-files"] is True  # .build/ holds the manifests the merge needs
    (download,) = (s for s in jobs["merge"]["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"] == {"pattern": "shard-*", "merge-multiple": False, "path": "."}
    merged = steps(jobs["merge"])
    assert ".venv/bin/python -m analysis build --merge shard-* --out site" in merged
    assert "actions/upload-artifact@v4" in merged  # the site, to preview a pull request
    assert "actions/upload-pages-artifact@v3" in merged


def test_only_the_default_branch_deploys_to_pages():
    deploy = load()["jobs"]["deploy"]
    assert deploy["if"] == (
        "github.event_name == 'push' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
    )
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert steps(deploy) == ["actions/deploy-pages@v4"]
