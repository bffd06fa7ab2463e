"""CHANGELOG.md, written from the release manifests (seeds/releases/*.json), never by hand.

Each release's entry compares its manifest with the one before: rows added, removed and changed per table, the
corrections it logged (the entries of the corrections table that are new in it), and the files whose bytes changed.
The whole file is a function of the manifests, so a test can rebuild it and compare.
"""

from __future__ import annotations

from typing import Any

from analysis.data import manifest as manifests
from analysis.data.corrections import DATASET, newest_first

FILE = "CHANGELOG.md"
HEADER = """\
# Changelog of the data

Every release of the seeds data package (`version` in `seeds/datapackage.json`, git tag `data-v<version>`), newest
first. Written by `python -m analysis release` from the release manifests in `seeds/releases/` and the corrections
log (`seeds/corrections.csv`); do not edit it by hand. A correction is a published value that changed (what counts:
`seeds/notes/corrections.md`); readers see each one on the reports' corrections page and in the footer of every
report that read the corrected table.
"""


def _code(value: str) -> str:
    """A value as inline code, empty shown as such (backticks inside would end the span)."""
    tick = "`"
    return f"{tick}{value.replace(tick, chr(39))}{tick}" if value else "(empty)"


def new_corrections(previous: dict[str, Any] | None, current: dict[str, Any]) -> list[dict[str, str]]:
    """The entries of the corrections log that ``current`` has and ``previous`` had not, newest first."""
    now = manifests.rows_of(current["datasets"].get(DATASET, {"fields": [], "rows": {}}))
    then = manifests.rows_of((previous or {}).get("datasets", {}).get(DATASET, {"fields": [], "rows": {}}))
    return newest_first([row for rid, row in now.items() if rid not in then])


def entry(previous: dict[str, Any] | None, current: dict[str, Any]) -> str:
    """One release's section."""
    changes = manifests.compare(previous, current)
    logged = new_corrections(previous, current)
    lines = [f"## {current['version']} ({current['date']})", ""]
    if previous is None:
        lines += ["The first release: every row is new.", ""]
    else:
        lines += [f"Against {previous['version']} ({previous['date']}).", ""]
    lines += [
        "| table | rows | added | removed | changed | corrections logged |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    layers = []
    for change in changes:
        if change.status != "removed" and "rows" not in current["datasets"][change.name]:
            layers.append(change)
            continue
        changed = len({cell.row for cell in change.cells})
        count = sum(row["dataset"] == change.name for row in logged)
        note = {"new": " (new)", "removed": " (removed)"}.get(change.status, "") if previous else ""
        lines.append(
            f"| `{change.name}` (`{change.path}`){note} | {change.rows} | {len(change.added)} | "
            f"{len(change.removed)} | {changed} | {count} |"
        )
    lines.append("")
    lines.append(
        "*changed*: rows present in both releases with at least one different cell (corrections, and edits that are "
        "not corrections: notes, citations, blanks filled)."
    )
    lines.append("")
    if layers and previous is None:
        lines += [f"Layers (recorded by sha256): {', '.join(f'`{c.path}`' for c in layers)}.", ""]
    elif layers:
        changed_layers = [f"`{c.path}`" for c in layers if c.file_changed]
        same = [f"`{c.path}`" for c in layers if not c.file_changed]
        if changed_layers:
            lines.append(f"Layers with new bytes: {', '.join(changed_layers)}.")
        if same:
            lines.append(f"Layers unchanged: {', '.join(same)}.")
        lines.append("")
    removed = [(c.name, rid) for c in changes for rid in c.removed if c.status != "new"]
    if removed and previous is not None:
        lines.append("Rows removed:")
        lines += [f"- `{name}`: `{rid}`" for name, rid in removed]
        lines.append("")
    if logged:
        intro = (
            f"The corrections log enters this first release with {len(logged)} entries, made before it to values "
            "of earlier, unreleased versions of the seeds:"
            if previous is None
            else f"Corrections logged in this release ({len(logged)}):"
        )
        lines.append(intro)
        lines += [
            f"- {row['date']}, `{row['dataset']}` row `{row['row_id']}`, `{row['field']}`: "
            f"{_code(row['old_value'])} → {_code(row['new_value'])}"
            for row in logged
        ]
    else:
        lines.append("No corrections logged in this release.")
    return "\n".join(lines) + "\n"


def render(releases: list[dict[str, Any]]) -> str:
    """The whole CHANGELOG.md for these manifests (oldest first, as :func:`manifest.releases` gives them)."""
    sections = [entry(releases[i - 1] if i else None, current) for i, current in enumerate(releases)]
    return HEADER + "".join("\n" + section for section in reversed(sections))
