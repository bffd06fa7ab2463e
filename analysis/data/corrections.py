"""The corrections log (seeds/corrections.csv) and the rule that says which changed values it must record.

A **published value** is a cell of a row that a release published (seeds/releases/<version>.json). Changing it is a
correction, to be logged with its old and new value, unless the rule exempts it (seeds/notes/corrections.md):

- a blank filled in for the first time is an addition;
- the columns listed in the corrections resource's ``exemptFields`` (notes, citations) are not corrections;
- ``source_kind`` is a correction only when the row crosses one of the two flags readers see: **weak** (the
  ``sourceKinds`` marked ``weak``) or **a party's own** (the resource's ``partyKinds``);
- only the datasets the ``dataset`` column allows (its ``enum``) are corrected through this log.

Everything here reads the raw CSV text, so values compare exactly as the file writes them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.data.loaders import load_table, package, resource

DATASET = "corrections"
KEY_JOIN = " / "  # a composite primary key written as one row_id (the corrections schema says so)


def read_rows(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows as the file writes them (strings, blanks as '')."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def primary_key(res: dict[str, Any]) -> list[str]:
    key = (res.get("schema") or {}).get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)


def row_id(row: dict[str, str], key: list[str]) -> str:
    """The id of a row as corrections.csv writes it: its primary key, composite keys joined with ' / '."""
    return KEY_JOIN.join(row[name] for name in key)


def entries(seeds: Path) -> list[dict[str, str]]:
    """Every entry of the log, checked (sha256 and schema) and as written, in file order; none if the package has
    no corrections log."""
    if not any(res.get("name") == DATASET for res in package(seeds).get("resources", [])):
        return []
    load_table(DATASET, seeds)  # the same checks as every loader: a broken log fails with file, row and column
    return read_rows(seeds / resource(DATASET, seeds)["path"])


def newest_first(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Entries by date, newest first; on one day by id, so the order never depends on the file's."""
    return sorted(rows, key=lambda entry: (entry["date"], entry["correction_id"]), reverse=True)


def affecting(rows: list[dict[str, str]], datasets) -> list[dict[str, str]]:
    """The entries about the given datasets, newest first."""
    names = set(datasets)
    return newest_first([entry for entry in rows if entry["dataset"] in names])


@dataclass(frozen=True)
class Rule:
    """What the log must record, as seeds/datapackage.json declares it."""

    datasets: frozenset[str]  # the datasets the log corrects
    exempt: frozenset[str]  # columns whose changes are never corrections (notes, citations)
    weak: frozenset[str]  # source kinds flagged weak
    party: frozenset[str]  # source kinds that are a party's own

    def flags(self, kind: str) -> tuple[bool, bool]:
        return kind in self.weak, kind in self.party

    def counts(self, dataset: str, field: str, old: str, new: str) -> bool:
        """Whether changing ``old`` to ``new`` in this dataset and column is a correction the log must hold."""
        if old == new or dataset not in self.datasets or field in self.exempt or old == "":
            return False
        if field == "source_kind":
            return self.flags(old) != self.flags(new)
        return True


def rule(seeds: Path) -> Rule:
    pkg = package(seeds)
    res = next((r for r in pkg.get("resources", []) if r.get("name") == DATASET), {})
    fields = {f["name"]: f for f in (res.get("schema") or {}).get("fields", [])}
    allowed = (fields.get("dataset", {}).get("constraints") or {}).get("enum", [])
    return Rule(
        datasets=frozenset(allowed),
        exempt=frozenset(res.get("exemptFields", [])),
        weak=frozenset(kind["name"] for kind in pkg.get("sourceKinds", []) if kind.get("weak")),
        party=frozenset(res.get("partyKinds", [])),
    )
