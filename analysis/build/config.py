"""reports.toml: which notebook runs with which parameters, under which slug and title, in which languages.

Notebooks are read from the notebooks/ folder next to the reports.toml in use. A variant with
``languages = ["en", "hy", …]`` becomes one report per language: the English one under the variant's slug, the others
under ``<slug>-<lang>``, each with the ``language`` parameter set. The variants of one slug form a group, and each
report page links to the others in its group.

A variant with ``each = "article"`` stands for one variant per row of seeds/articles.csv: slug
``<notebook>-<article_id>``, the ``article`` parameter set, title "<wire>, <date>" (kept as the pair
``(wire, ISO date)``: :func:`title_text` writes the date in the page's language). Adding an article is then data
only: its row in articles.csv and its claims in seeds/claims/<article_id>.yaml.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from analysis.core.conventions import LANGUAGES
from analysis.core.errors import ConfigError, KarabakhError
from analysis.data.context import ReportContext
from analysis.i18n.language import N_, Language
from analysis.params.rules import validate_entry

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


@dataclass(frozen=True)
class Job:
    """One report: a notebook with one parameter set."""

    slug: str
    notebook: str
    title: str  # in English: the report's title, then the variant's
    params: dict[str, Any]
    notebook_path: Path
    titles: tuple = ()  # the report's and the variant's title, each a catalog entry or an article's (wire, date)
    group: str = ""  # the variant's slug: the reports that differ only in language share it
    siblings: tuple[tuple[str, str], ...] = ()  # (language, slug) of every report in the group, this one included

    @property
    def language(self) -> str:
        return self.params.get("language", "en")


def read(path: Path, seeds: Path | None = None) -> list[dict[str, Any]]:
    """The raw variants of reports.toml, each with its report's notebook and title (``each = "article"`` variants
    expanded from the articles of ``seeds``, by default the project's)."""
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
        for variant in _expanded(report, where, seeds):
            unknown = set(variant) - {"slug", "title", "params", "languages"}
            if unknown or "slug" not in variant:
                raise ConfigError(
                    f"{where}: each variant needs 'slug' and may have 'title', 'params' and 'languages'; "
                    f"got {sorted(variant)}"
                )
            titles = (report["title"], variant["title"]) if variant.get("title") else (report["title"],)
            english = Language("en")
            for language in _languages(variant, f"{where}, variant '{variant['slug']}'"):
                slug = variant["slug"] if language is None or language == "en" else f"{variant['slug']}-{language}"
                params = dict(variant.get("params", {}))
                if language is not None:
                    params["language"] = language
                entries.append(
                    {
                        "slug": slug,
                        "notebook": report["notebook"],
                        "title": ": ".join(title_text(title, english) for title in titles),
                        "titles": titles,
                        "group": variant["slug"],
                        "params": params,
                        "where": f"{where}, variant '{slug}'",
                    }
                )
    if not entries:
        raise ConfigError(f"{path}: lists no reports")
    return entries


EACH = {"article"}


def _expanded(report: dict[str, Any], where: str, seeds: Path | None) -> list[dict[str, Any]]:
    """A report's variants, each ``each = "article"`` variant replaced by one variant per article."""
    variants = []
    for variant in report["variants"]:
        if "each" not in variant:
            variants.append(variant)
            continue
        unknown = set(variant) - {"each", "params", "languages"}
        if variant["each"] not in EACH or unknown:
            raise ConfigError(
                f"{where}: a variant with 'each' takes each = \"article\" and may have 'params' and 'languages'; "
                f"got {sorted(variant)}"
            )
        for article in _articles(seeds):
            variants.append(
                {
                    "slug": f"{report['notebook']}-{article['article_id']}",
                    "title": article["title"],
                    "params": {**variant.get("params", {}), "article": article["article_id"]},
                    **({"languages": variant["languages"]} if "languages" in variant else {}),
                }
            )
    return variants


def _articles(seeds: Path | None) -> list[dict[str, Any]]:
    """The articles of seeds/articles.csv, in file order, each with its variant title: the pair (wire, ISO date),
    which :func:`title_text` writes in the page's language ("AP, 8 August 2025").

    Read plainly (the build validates the file before any report runs, and reports a broken one there)."""
    from analysis.data.loaders import resource

    ctx = ReportContext(seeds=seeds) if seeds else ReportContext.default()
    path = ctx.seeds / resource("articles", ctx.seeds)["path"]
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {"article_id": row["article_id"], "title": (row.get("wire") or "", row.get("published") or "")}
            for row in csv.DictReader(handle)
            if row.get("article_id")
        ]


# TRANSLATORS: an article's variant of a report, named by the wire that wrote it and the day, e.g. "AP, 8 August 2025"
ARTICLE_TITLE = N_("{wire}, {day}")


def title_text(title, lang: Language) -> str:
    """One title in the page's language: a catalog entry (the titles of reports.toml), or an article's (wire, ISO
    date), the wire's name as it publishes and the date in the language's words."""
    if isinstance(title, str):
        return lang._(title)
    wire, published = title
    try:
        day = lang.day(published) if published else ""
    except ValueError:  # a broken date is reported by the data checks; the title shows it as written
        day = published
    return lang._(ARTICLE_TITLE).format(wire=wire, day=day) if wire and day else wire or day


def _with_siblings(jobs: list[Job]) -> list[Job]:
    """Each job with the (language, slug) of every valid report in its group, for the page's language links."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for job in jobs:
        groups.setdefault(job.group, []).append((job.language, job.slug))
    return [replace(job, siblings=tuple(groups[job.group])) if len(groups[job.group]) > 1 else job for job in jobs]


def _languages(variant: dict[str, Any], where: str) -> list[str | None]:
    """The languages a variant is built in: its ``languages`` list, or [None] (the notebook's default)."""
    if "languages" not in variant:
        return [None]
    languages = variant["languages"]
    if not isinstance(languages, list) or not languages or any(lang not in LANGUAGES for lang in languages):
        raise ConfigError(f"{where}: 'languages' must be a list of {', '.join(LANGUAGES)}; got {languages!r}")
    if "language" in variant.get("params", {}):
        raise ConfigError(f"{where}: give either 'languages' or params.language, not both")
    return list(dict.fromkeys(languages))


def check_slug(slug: Any, where: str) -> str:
    """Slugs become file names under reports/: no '../', no absolute paths, nothing but a-z, 0-9, '-' and '_'."""
    if isinstance(slug, str) and re.fullmatch(r"index(-[a-z]{2})?", slug):
        raise ConfigError(f"{where}: slug {slug!r} is taken: reports/index*.html are the index pages")
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
    entries = read(path, seeds)
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
            job = Job(
                slug,
                entry["notebook"],
                entry["title"],
                params,
                notebook_path,
                titles=tuple(entry.get("titles", (entry["title"],))),
                group=entry.get("group", slug),
            )
        except KarabakhError as exc:
            bad.append((entry, exc))
            continue
        good.append(job)
    good = _with_siblings(good)
    if only:
        unknown = sorted(set(only) - {e["slug"] for e in entries})
        if unknown:
            raise ConfigError(f"--only: no report with slug {', '.join(unknown)}; see --list")
        good = [j for j in good if j.slug in only]
        bad = [(e, x) for e, x in bad if e["slug"] in only]
    return good, bad
