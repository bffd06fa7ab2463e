"""Release manifests: what a release of the seeds published, and what changed since.

``seeds/releases/<version>.json`` records, for every table of the data package, each row id and the value of each of
its cells as the CSV writes them, and for every file its sha256 (GeoJSON layers are recorded by sha256 only: their
features have no ids; territories.geojson is derived from control.csv, which is recorded cell by cell). One row is
one line of the file, so a reviewer can read it. `python -m analysis release` writes it; :func:`unlogged` compares the
seeds with it and names every published value changed without an entry in the corrections log.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.core.errors import DataError
from analysis.data import corrections
from analysis.data.loaders import package, sha256

RELEASES = "releases"  # inside the seeds folder
VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


def parse_version(text: str, where: str = "version") -> tuple[int, int, int]:
    """'1.2.0' → (1, 2, 0); anything but MAJOR.MINOR.PATCH is refused."""
    match = VERSION.fullmatch(str(text))
    if not match:
        raise DataError(where, f"'{text}' is not a version", expected="MAJOR.MINOR.PATCH, e.g. 1.1.0 (semver)")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def path_of(seeds: Path, version: str) -> Path:
    return seeds / RELEASES / f"{version}.json"


def snapshot(seeds: Path, version: str = "", date: str = "") -> dict[str, Any]:
    """The seeds as a release would publish them."""
    datasets: dict[str, Any] = {}
    for res in package(seeds).get("resources", []):
        path = seeds / res["path"]
        if not path.exists():
            raise DataError(f"seeds/{res['path']}", "the file is missing")
        entry: dict[str, Any] = {"path": res["path"], "sha256": sha256(path)}
        key = corrections.primary_key(res)
        if res.get("format") == "csv" and key:
            rows = corrections.read_rows(path)
            names = [f["name"] for f in res["schema"]["fields"]]
            entry.update(primaryKey=key, fields=names, rows={})
            for number, row in enumerate(rows, 2):
                rid = corrections.row_id(row, key)
                if rid in entry["rows"]:
                    raise DataError(f"seeds/{res['path']}", f"repeats the id '{rid}'", row=number)
                entry["rows"][rid] = [row.get(name) or "" for name in names]
        datasets[res["name"]] = entry
    return {"version": version, "date": date, "datasets": datasets}


def dumps(manifest: dict[str, Any]) -> str:
    """The manifest as JSON with one row per line (stable: the same seeds give the same bytes)."""

    def text(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{", f' "version": {text(manifest["version"])},', f' "date": {text(manifest["date"])},', ' "datasets": {']
    names = list(manifest["datasets"])
    for i, name in enumerate(names):
        entry = manifest["datasets"][name]
        head = ", ".join(f"{text(k)}: {text(v)}" for k, v in entry.items() if k != "rows")
        close = "}" + ("," if i < len(names) - 1 else "")
        if "rows" not in entry:
            lines.append(f"  {text(name)}: {{{head}{close}")
            continue
        lines.append(f'  {text(name)}: {{{head}, "rows": {{')
        rows = list(entry["rows"].items())
        lines += [
            f"   {text(rid)}: {text(values)}{',' if j < len(rows) - 1 else ''}" for j, (rid, values) in enumerate(rows)
        ]
        lines.append("  }" + close)
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def read(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"seeds/{RELEASES}/{path.name}", f"not valid JSON: {exc.msg}", row=exc.lineno) from exc
    parse_version(manifest.get("version", ""), f"seeds/{RELEASES}/{path.name}")
    return manifest


def releases(seeds: Path) -> list[dict[str, Any]]:
    """Every release manifest of the seeds, oldest first."""
    found = [read(path) for path in sorted((seeds / RELEASES).glob("*.json"))]
    return sorted(found, key=lambda manifest: parse_version(manifest["version"]))


def latest(seeds: Path) -> dict[str, Any] | None:
    found = releases(seeds)
    return found[-1] if found else None


def rows_of(entry: dict[str, Any]) -> dict[str, dict[str, str]]:
    """A manifest dataset's rows as {row id: {column: value}}."""
    return {rid: dict(zip(entry["fields"], values, strict=True)) for rid, values in entry.get("rows", {}).items()}


@dataclass(frozen=True)
class Cell:
    dataset: str
    row: str
    field: str
    old: str
    new: str


@dataclass
class Change:
    """How one dataset differs between two manifests."""

    name: str
    path: str
    status: str  # new | removed | kept
    rows: int = 0  # rows now (0 for a layer without ids)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)  # changed values of rows in both
    file_changed: bool = False


def compare(old: dict[str, Any] | None, new: dict[str, Any]) -> list[Change]:
    """Dataset by dataset, what ``new`` added, removed and changed against ``old`` (None: the first release)."""
    before = (old or {}).get("datasets", {})
    changes = []
    for name, entry in new["datasets"].items():
        now = rows_of(entry)
        if name not in before:
            changes.append(Change(name, entry["path"], "new", len(now), added=list(now), file_changed=True))
            continue
        then = rows_of(before[name])
        change = Change(name, entry["path"], "kept", len(now), file_changed=before[name]["sha256"] != entry["sha256"])
        change.added = [rid for rid in now if rid not in then]
        change.removed = [rid for rid in then if rid not in now]
        for rid, row in now.items():
            for column, value in row.items():
                if rid in then and column in then[rid] and then[rid][column] != value:
                    change.cells.append(Cell(name, rid, column, then[rid][column], value))
        changes.append(change)
    changes += [
        Change(name, entry["path"], "removed", 0, removed=list(rows_of(entry)), file_changed=True)
        for name, entry in before.items()
        if name not in new["datasets"]
    ]
    return changes


def unlogged(seeds: Path, release: dict[str, Any]) -> list[str]:
    """Every value the release published that the seeds now hold changed, with no entry in the corrections log that
    gives its old and new value: one sentence each, naming the file, row and column."""
    current = snapshot(seeds)
    the_rule = corrections.rule(seeds)
    logged: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for entry in corrections.entries(seeds):
        key = (entry["dataset"], entry["row_id"], entry["field"])
        logged.setdefault(key, []).append((entry["old_value"], entry["new_value"]))
    problems = []
    for change in compare(release, current):
        for cell in change.cells:
            if not the_rule.counts(cell.dataset, cell.field, cell.old, cell.new):
                continue
            given = logged.get((cell.dataset, cell.row, cell.field), [])
            if (cell.old, cell.new) in given:
                continue
            where = (
                f"seeds/{change.path}, row '{cell.row}', column '{cell.field}': '{cell.old}' in release "
                f"{release['version']}, now '{cell.new}'"
            )
            if given:
                said = "; ".join(f"'{old}' → '{new}'" for old, new in given)
                problems.append(f"{where}; seeds/corrections.csv has an entry for this cell, but it says {said}")
            else:
                problems.append(
                    f"{where}; seeds/corrections.csv has no entry for it (dataset {cell.dataset}, row_id {cell.row}, "
                    f"field {cell.field}, old_value '{cell.old}', new_value '{cell.new}', reason, source)"
                )
    return problems
