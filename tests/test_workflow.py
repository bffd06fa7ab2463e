"""The GitHub Actions workflow (.github/workflows/reports.yml). `make test` checks the file itself against GitHub's
workflow schema and with zizmor; these tests check the promises the README makes: actions pinned to commits,
sharded builds merged into one site, uploaded for previews, deployed to Pages only from the default branch."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "reports.yml"


def load(text: str | None = None) -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8") if text is None else text)
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_make_test_checks_the_workflow_with_the_schema_and_zizmor():
    """`make test` runs both checks on the real file (check-jsonschema against GitHub's schema, zizmor offline); this
    test only makes sure the recipe keeps them."""
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/reports.yml" in recipe
    assert "zizmor --offline .github/workflows/reports.yml" in recipe


def uses(job: dict) -> list[dict]:
    return [step for step in job["steps"] if "uses" in step]


def test_every_action_is_pinned_to_a_commit_and_checkout_keeps_no_credentials():
    text = WORKFLOW.read_text(encoding="utf-8")
    for job in load()["jobs"].values():
        for step in uses(job):
            action, _, ref = step["uses"].partition("@")
            assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{step['uses']}: pin the action to a full commit SHA"
            assert re.search(rf"{re.escape(step['uses'])}  # v\d+\.\d+\.\d+", text), f"{action}: name its version"
            if action == "actions/checkout":
                assert step["with"]["persist-credentials"] is False


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


def test_the_shards_draw_the_figures_pngs_and_write_absolute_embed_snippets():
    """Pages gets each figure's social card and print PNG (--static), and snippets a desk can paste elsewhere."""
    build = load()["jobs"]["build"]
    step = next(s for s in steps(build) if "analysis build --shard" in s)
    assert '--static "$OUT/static"' in step and '--base-url "$base"' in step
    assert "https://$owner.github.io/${GITHUB_REPOSITORY#*/}/" in step


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
    actions = [name.partition("@")[0] for name in merged]
    assert "actions/upload-artifact" in actions  # the site, to preview a pull request
    assert "actions/upload-pages-artifact" in actions


def test_only_the_default_branch_and_data_release_tags_deploy_to_pages():
    deploy = load()["jobs"]["deploy"]
    assert deploy["if"] == (
        "github.event_name == 'push' && (github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
        " || startsWith(github.ref, 'refs/tags/data-v'))"
    )
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert [name.partition("@")[0] for name in steps(deploy)] == ["actions/deploy-pages"]


def test_a_data_release_tag_runs_the_workflow_without_restoring_a_cache():
    data = load()
    assert data["on"]["push"] == {"branches": ["**"], "tags": ["data-v*"]}  # branches: tags alone would stop them
    for job in data["jobs"].values():
        for step in uses(job):
            if step["uses"].startswith("actions/cache@"):
                assert step["with"]["lookup-only"] == "${{ startsWith(github.ref, 'refs/tags/') }}"
    (checkout,) = (s for s in data["jobs"]["merge"]["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the tags, for the data packages


def release_step() -> str:
    (step,) = (s for s in load()["jobs"]["merge"]["steps"] if "git archive" in s.get("run", ""))
    merged = steps(load()["jobs"]["merge"])
    assert (
        merged.index(step["run"]) == merged.index(".venv/bin/python -m analysis build --merge shard-* --out site") + 1
    )
    assert merged.index(step["run"]) < [n.partition("@")[0] for n in merged].index("actions/upload-artifact")
    return step["run"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=_git_env(repo))


def _git_env(repo: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(repo.parent),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "GIT_CONFIG_NOSYSTEM": "1",
    }


@pytest.fixture
def tagged(tmp_path) -> Path:
    """A repository with two data releases: data-v1.0.0 and data-v1.1.0 (the checked-out commit)."""
    import sys

    repo = tmp_path / "repo"
    (repo / "seeds").mkdir(parents=True)
    (repo / ".venv" / "bin").mkdir(parents=True)
    (repo / ".venv" / "bin" / "python").symlink_to(sys.executable)
    (repo / "LICENSE-DATA.md").write_text("CC BY 4.0\n")
    (repo / "CITATION.cff").write_text('version: "1.0.0"\n')
    (repo / "README.md").write_text("not data\n")
    _git(repo, "init", "-q")
    for version in ("1.0.0", "1.1.0"):
        (repo / "seeds" / "datapackage.json").write_text(json.dumps({"version": version}))
        _git(repo, "add", "seeds", "LICENSE-DATA.md", "CITATION.cff", "README.md")
        _git(repo, "commit", "-q", "-m", version)
        _git(repo, "tag", f"data-v{version}")
    return repo


def run_release_step(repo: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-e", "-c", release_step()],
        cwd=repo,
        env={**_git_env(repo), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_data_release_is_published_as_a_zip_of_its_seeds(tagged):
    out = run_release_step(tagged, GITHUB_REF_TYPE="tag", GITHUB_REF_NAME="data-v1.1.0")
    assert out.returncode == 0, out.stdout + out.stderr
    zips = sorted(p.name for p in (tagged / "site" / "data").iterdir())
    assert zips == ["karabakh-notebooks-data-1.0.0.zip", "karabakh-notebooks-data-1.1.0.zip"]
    with zipfile.ZipFile(tagged / "site" / "data" / "karabakh-notebooks-data-1.0.0.zip") as archive:
        names = set(archive.namelist())
        package = json.loads(archive.read("karabakh-notebooks-data-1.0.0/seeds/datapackage.json"))
    assert package == {"version": "1.0.0"}  # the seeds as tagged, not as checked out
    assert "karabakh-notebooks-data-1.0.0/LICENSE-DATA.md" in names
    assert not any(name.endswith("README.md") for name in names)


def test_a_tag_that_does_not_name_the_package_version_fails(tagged):
    out = run_release_step(tagged, GITHUB_REF_TYPE="tag", GITHUB_REF_NAME="data-v1.0.0")  # HEAD says 1.1.0
    assert out.returncode != 0
    assert "::error::tag data-v1.0.0 does not match seeds/datapackage.json, version 1.1.0" in out.stdout
    branch = run_release_step(tagged, GITHUB_REF_TYPE="branch", GITHUB_REF_NAME="main")
    assert branch.returncode == 0, branch.stdout + branch.stderr  # a branch push publishes the tags it finds
