"""The translation workflow around the catalogs: what ``pybabel extract`` finds in notebooks and reports.toml, how a
notebook's narrative is swapped for its translation before it runs, and how complete each language is.

Babel calls the extractors through the mapping files in ``analysis/locale/`` (``make i18n``):

- :func:`extract_narrative`: each paragraph of each markdown cell of a notebook, one ``narrative`` entry;
- :func:`extract_report_titles`: the report and variant titles of reports.toml, ``messages`` entries;
- :func:`extract_data`: the seeds cells written for readers, ``data`` entries with the context
  ``<dataset>:<row id>:<column>``. Which columns: a resource's ``translate`` list in seeds/datapackage.json (the
  corrections' reasons, milestones' titles, summaries and venues, control events' titles, the claims' own words), and
  the package's ``translate`` (the titles and descriptions of the package and its resources); adding a column there
  is all it takes.
"""

from __future__ import annotations

import csv
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from analysis.core.conventions import LANGUAGE_NAMES, LANGUAGES
from analysis.i18n.language import DESCRIPTORS, DOMAINS, SOURCE_LANGUAGE, Language, data_context, po_path

PARAGRAPH_BREAK = "\n\n"


def paragraphs(markdown: str) -> list[str]:
    """A markdown cell cut at blank lines: a heading, a paragraph or a list is one catalog entry."""
    return [part.strip("\n") for part in markdown.split(PARAGRAPH_BREAK) if part.strip()]


def extract_narrative(fileobj, keywords, comment_tags, options):
    """Babel extractor for jupytext notebooks (py:percent): every paragraph of every markdown cell."""
    import jupytext

    text = fileobj.read().decode("utf-8")
    nb = jupytext.reads(text, fmt="py:percent")
    lines = text.splitlines()
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for paragraph in paragraphs(cell.source):
            first = paragraph.splitlines()[0]
            lineno = next((i for i, line in enumerate(lines, 1) if line.removeprefix("# ") == first), 0)
            yield lineno, "", paragraph, []


def extract_report_titles(fileobj, keywords, comment_tags, options):
    """Babel extractor for reports.toml: every report title and variant title."""
    doc = tomllib.loads(fileobj.read().decode("utf-8"))
    for report in doc.get("reports", []):
        yield 0, "", report["title"], ["A report title in reports.toml"]
        for variant in report.get("variants", []):
            if variant.get("title"):  # a variant with `each` takes its titles from the data
                yield 0, "", variant["title"], [f"The title of the variant {variant.get('slug')} in reports.toml"]


def translated_cells(package_path: Path):
    """Every seeds text listed for translation: (line in its file, dataset, row id, column, English text), from the
    data package at ``package_path``. What is listed stays in the package, not in code:

    - a resource's ``translate``: its columns, one entry per row (composite keys joined with ' / '); for the claims
      folder, the fields of each claim, with the row id ``<article_id>/<claim id>``;
    - the package's own ``translate``: the descriptor fields written for readers (``title``, ``description``,
      ``sources.title``, ``licenses.title``) of the package and of each resource, with the dataset ``datapackage``,
      the row id the resource's name (the package's own name for the package) and the column the field's path
      (``sources.0.title``).
    """
    package = json.loads(package_path.read_text(encoding="utf-8"))
    for res in package.get("resources", []):
        columns = res.get("translate") or []
        if not columns:
            continue
        folder = package_path.parent / res["path"]
        if folder.is_dir():
            yield from _claim_cells(folder, res["name"], columns)
            continue
        key = (res.get("schema") or {}).get("primaryKey") or []
        key = [key] if isinstance(key, str) else key
        with folder.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                row_id = " / ".join(row[name] for name in key)
                for column in columns:
                    if row.get(column):
                        yield reader.line_num, res["name"], row_id, column, row[column]
    fields = package.get("translate") or []
    for descriptor in [package, *package.get("resources", [])]:
        for column, text in _descriptor_texts(descriptor, fields):
            yield 0, DESCRIPTORS, descriptor["name"], column, text


def _descriptor_texts(descriptor: dict, fields: list[str]):
    """(field path, text) of one package or resource descriptor: 'title', 'sources.0.title', …"""
    for field in fields:
        head, _, leaf = field.partition(".")
        if not leaf:
            if isinstance(descriptor.get(head), str) and descriptor[head]:
                yield head, descriptor[head]
            continue
        for i, item in enumerate(descriptor.get(head) or []):
            if isinstance(item, dict) and isinstance(item.get(leaf), str) and item[leaf]:
                yield f"{head}.{i}.{leaf}", item[leaf]


def _claim_cells(folder: Path, dataset: str, columns: list[str]):
    """The listed fields of every claim of every claims file (one YAML file per article), in file order."""
    import yaml

    for path in sorted(folder.glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for claim in doc.get("claims") or []:
            line = next((i for i, text in enumerate(lines, 1) if text.strip() == f"- id: {claim.get('id')}"), 0)
            for column in columns:
                if isinstance(claim.get(column), str) and claim[column]:
                    yield line, dataset, f"{path.stem}/{claim['id']}", column, claim[column]


def extract_data(fileobj, keywords, comment_tags, options):
    """Babel extractor for seeds/datapackage.json: the cells its resources list in ``translate``, each with its
    context (``pgettext``), so two equal English cells keep their own translations."""
    for line, dataset, row_id, column, text in translated_cells(Path(fileobj.name)):
        comment = f"seeds data: {dataset}, row {row_id}, column {column}"
        yield line, "pgettext", (data_context(dataset, row_id, column), text), [comment]


def translate_narrative(nb, lang: Language) -> None:
    """Replace each markdown paragraph of a notebook with its translation, in place (English: unchanged)."""
    if lang.code == SOURCE_LANGUAGE:
        return
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = PARAGRAPH_BREAK.join(lang.narrative(part) for part in paragraphs(cell.source))


@dataclass
class Coverage:
    language: str
    domain: str
    total: int
    translated: int
    fuzzy: list[str]
    missing: list[str]

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0


TARGETS = {"messages": 1.0, "narrative": 0.9, "data": 1.0}  # issue 14: every interface string, 90% of the narrative


def coverage(language: str, domain: str) -> Coverage:
    """How much of one catalog is translated: entries with a translation that is not fuzzy, against all."""
    from babel.messages.pofile import read_po

    with po_path(language, domain).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    entries = [m for m in catalog if m.id]
    done = [m for m in entries if _translated(m) and not m.fuzzy]
    fuzzy = [_first(m.id) for m in entries if m.fuzzy]
    missing = [_first(m.id) for m in entries if not _translated(m)]
    return Coverage(language, domain, len(entries), len(done), fuzzy, missing)


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def _first(msgid) -> str:
    return msgid[0] if isinstance(msgid, tuple | list) else msgid


def report(log=print, show_missing: int = 10) -> int:
    """Print each language's coverage; 1 if a language is below a target, else 0."""
    status = 0
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        for domain in DOMAINS:
            cov = coverage(language, domain)
            below = cov.share < TARGETS[domain]
            status |= below
            log(
                f"{language} ({LANGUAGE_NAMES[language]}), {domain}: {cov.translated}/{cov.total} translated "
                f"({cov.share:.0%}, target {TARGETS[domain]:.0%}{', BELOW TARGET' if below else ''}), "
                f"{len(cov.fuzzy)} fuzzy, {len(cov.missing)} missing"
            )
            for text in (cov.fuzzy + cov.missing)[:show_missing]:
                log(f"    {'fuzzy' if text in cov.fuzzy else 'missing'}: {text[:100]!r}")
            if len(cov.fuzzy) + len(cov.missing) > show_missing:
                log(f"    … and {len(cov.fuzzy) + len(cov.missing) - show_missing} more")
    return status
