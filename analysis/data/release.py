"""Preparing a release of the data: `python -m analysis release 1.1.0 --date 2026-12-07` (or ``--bump minor``).

The command checks the data (every dataset loads: sha256 and schema), refuses a published value changed without a
corrections entry and a release that changes nothing, then writes the new version into seeds/datapackage.json and
CITATION.cff (with ``date-released`` from ``--date``: nothing here reads the clock), writes the release manifest
(seeds/releases/<version>.json) and CHANGELOG.md, and returns the git tag to create. It never runs git.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from analysis.core.errors import DataError, KarabakhError
from analysis.data import changelog, corrections
from analysis.data import manifest as manifests
from analysis.data.loaders import PACKAGE_FILE, load, package

CITATION = "CITATION.cff"
TAG_PREFIX = "data-v"
BUMPS = ("major", "minor", "patch")


def bumped(version: str, part: str) -> str:
    major, minor, patch = manifests.parse_version(version)
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    if part == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise KarabakhError(f"--bump {part!r}: choose from {', '.join(BUMPS)}")


def checked_date(text: str | None) -> str:
    """The release date as given (``--date``); there is no default, because nothing here reads the clock."""
    if not text:
        raise KarabakhError("give the release date with --date YYYY-MM-DD (it becomes CITATION.cff's date-released)")
    problem = KarabakhError(f"--date {text!r} is not a date (expected YYYY-MM-DD, e.g. 2026-12-07)")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise problem
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise problem from None


def check_data(seeds: Path) -> None:
    """Every dataset loads: the file is there, its sha256 is the one recorded, it fits its schema."""
    problems = []
    for res in package(seeds).get("resources", []):
        try:
            load(res["name"], seeds)
        except KarabakhError as exc:
            problems.append(str(exc))
    if problems:
        raise KarabakhError("the data does not pass its checks; fix it first:\n  " + "\n  ".join(problems))


def check_log(seeds: Path, previous: dict | None) -> None:
    """Each entry new since the last release names a dataset, row and column that exist now. The first release
    takes the log as it stands: its entries record changes to earlier, unreleased versions, whose rows and even
    tables (claims.csv, now seeds/claims/) may no longer exist."""
    if previous is None:
        return
    current = manifests.snapshot(seeds)["datasets"]
    logged_before = changelog.new_corrections(None, previous) if previous else []
    old_ids = {row["correction_id"] for row in logged_before}
    for number, entry in enumerate(corrections.entries(seeds), 2):
        if entry["correction_id"] in old_ids:
            continue
        dataset = current.get(entry["dataset"])
        if dataset is None or "rows" not in dataset:
            raise DataError("seeds/corrections.csv", f"dataset '{entry['dataset']}' is not a table", row=number)
        if entry["row_id"] not in dataset["rows"]:
            raise DataError(
                "seeds/corrections.csv",
                f"no row '{entry['row_id']}' in seeds/{dataset['path']}",
                row=number,
                column="row_id",
                expected="the row's primary key as it is now (composite keys joined with ' / ')",
            )
        if entry["field"] not in dataset["fields"]:
            raise DataError(
                "seeds/corrections.csv", f"seeds/{dataset['path']} has no column '{entry['field']}'", row=number
            )


def set_citation(path: Path, version: str, date: str) -> None:
    """CITATION.cff's version and date-released, edited in place (its comments and layout stay)."""
    if not path.exists():
        raise KarabakhError(f"{path.name}: the file is missing")
    text = path.read_text(encoding="utf-8")
    for key, value in (("version", version), ("date-released", date)):
        text, found = re.subn(rf"^{key}: .*$", f'{key}: "{value}"', text, count=1, flags=re.MULTILINE)
        if not found:
            raise KarabakhError(f"{path.name}: no top-level '{key}:' line to update")
    path.write_text(text, encoding="utf-8")


def prepare(
    seeds: Path, root: Path, version: str | None = None, *, bump: str | None = None, date: str | None = None, log=print
) -> str:
    """Prepare the release; return the tag to create."""
    date = checked_date(date)
    previous = manifests.latest(seeds)
    pkg = package(seeds)
    if (version is None) == (bump is None):
        raise KarabakhError("give either the new version (e.g. 1.1.0) or --bump major|minor|patch")
    base = previous["version"] if previous else pkg.get("version", "0.0.0")
    version = version if version is not None else bumped(base, bump)
    manifests.parse_version(version)
    if previous and manifests.parse_version(version) <= manifests.parse_version(previous["version"]):
        raise KarabakhError(f"version {version} is not after the last release, {previous['version']}")
    if manifests.path_of(seeds, version).exists():
        raise KarabakhError(f"seeds/{manifests.RELEASES}/{version}.json exists: {version} was released already")
    check_data(seeds)
    if previous:
        problems = manifests.unlogged(seeds, previous)
        if problems:
            raise KarabakhError(
                f"{len(problems)} published value(s) changed since {previous['version']} without a corrections "
                "entry (seeds/notes/corrections.md says how to write one):\n  " + "\n  ".join(problems)
            )
    check_log(seeds, previous)
    current = manifests.snapshot(seeds, version, date)
    if (
        previous
        and all(
            previous["datasets"].get(name, {}).get("sha256") == entry["sha256"]
            for name, entry in current["datasets"].items()
        )
        and set(previous["datasets"]) == set(current["datasets"])
    ):
        raise KarabakhError(f"the data has not changed since {previous['version']}: nothing to release")

    pkg["version"] = version
    (seeds / PACKAGE_FILE).write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    set_citation(root / CITATION, version, date)
    target = manifests.path_of(seeds, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(manifests.dumps(current), encoding="utf-8")
    (root / changelog.FILE).write_text(changelog.render(manifests.releases(seeds)), encoding="utf-8")
    tag = f"{TAG_PREFIX}{version}"
    log(f"seeds/{PACKAGE_FILE}: version {version}")
    log(f"{CITATION}: version {version}, date-released {date}")
    log(
        f"seeds/{manifests.RELEASES}/{version}.json: {sum(len(e.get('rows', {})) for e in current['datasets'].values())} rows"
    )
    log(f"{changelog.FILE}: entry for {version}")
    log(f"Review and commit these files, then create the tag:\n  git tag {tag}")
    return tag
