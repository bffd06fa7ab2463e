"""reports.toml: which notebook runs with which parameters, under which slug and title.

Notebooks are read from the notebooks/ folder next to the reports.toml in use.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .context import ReportContext
from .errors import ConfigError, KarabakhError
from .report_params import validate_entry

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


@dataclass(frozen=True)
class Job:
    """One report: a notebook with one parameter set."""

    slug: str
    notebook: str
    title: str
    params: dict[str, Any]
    notebook_path: Path


def read(path: Path) -> list[dict[str, Any]]:
    """The raw variants of reports.toml, each with its report's notebook and title."""
    if not path.exists():
        raise ConfigError(f"{path}: not found")
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    entries = []
    for i, report in enumerate(doc.get("reports", []), 1):
        where = f"{path.name}, report {i}"
        for key in ("notebook", "title", "variants"):
            if key not in report:
                raise ConfigError(f"{where}: missing '{key}'")
        for variant in report["variants"]:
            unknown = set(variant) - {"slug", "title", "params"}
            if unknown or "slug" not in variant:
                raise ConfigError(
                    f"{where}: each variant needs 'slug' and may have 'title' and 'params'; got {sorted(variant)}"
                )
            title = report["title"] + (f": {variant['title']}" if variant.get("title") else "")
            entries.append(
                {
                    "slug": variant["slug"],
                    "notebook": report["notebook"],
                    "title": title,
                    "params": variant.get("params", {}),
                    "where": f"{where}, variant '{variant['slug']}'",
                }
            )
    if not entries:
        raise ConfigError(f"{path}: lists no reports")
    return entries


def check_slug(slug: Any, where: str) -> str:
    """Slugs become file names under reports/: no '../', no absolute paths, nothing but a-z, 0-9, '-' and '_'."""
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise ConfigError(
            f"{where}: slug {slug!r} is not allowed; use lowercase letters, digits, '-' and '_' "
            f"(it becomes the file name reports/<slug>.html)"
        )
    return slug


def jobs(
    path: Path,
    only: list[str] | None = None,
    seeds: Path | None = None,
) -> tuple[list[Job], list[tuple[dict[str, Any], KarabakhError]]]:
    """Resolve reports.toml into jobs, checking parameters against ``seeds`` (default: the project's).
    Bad entries are returned with their error, so the rest can still build."""
    ctx = ReportContext(seeds=seeds) if seeds else ReportContext.default()
    entries = read(path)
    seen: set[str] = set()
    good, bad = [], []
    for entry in entries:
        try:
            slug = check_slug(entry["slug"], entry["where"])
            if slug in seen:
                raise ConfigError(f"{entry['where']}: slug '{slug}' is used twice")
            seen.add(slug)
            notebook_path = path.parent / "notebooks" / f"{entry['notebook']}.py"
            if not notebook_path.exists():
                raise ConfigError(f"{entry['where']}: notebook 'notebooks/{entry['notebook']}.py' does not exist")
            params = validate_entry(entry["notebook"], notebook_path, entry["params"], ctx)
            job = Job(slug, entry["notebook"], entry["title"], params, notebook_path)
        except KarabakhError as exc:
            bad.append((entry, exc))
            continue
        good.append(job)
    if only:
        unknown = sorted(set(only) - {e["slug"] for e in entries})
        if unknown:
            raise ConfigError(f"--only: no report with slug {', '.join(unknown)}; see --list")
        good = [j for j in good if j.slug in only]
        bad = [(e, x) for e, x in bad if e["slug"] in only]
    return good, bad
