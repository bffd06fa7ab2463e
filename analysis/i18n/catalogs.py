"""The translation workflow around the catalogs: what ``pybabel extract`` finds in notebooks and reports.toml, how a
notebook's narrative is swapped for its translation before it runs, and how complete each language is.

Babel calls the two extractors through the mapping files in ``analysis/locale/`` (``make i18n``):

- :func:`extract_narrative`: each paragraph of each markdown cell of a notebook, one ``narrative`` entry;
- :func:`extract_report_titles`: the report and variant titles of reports.toml, ``messages`` entries.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from analysis.core.conventions import LANGUAGE_NAMES, LANGUAGES
from analysis.i18n.language import DOMAINS, SOURCE_LANGUAGE, Language, po_path

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


TARGETS = {"messages": 1.0, "narrative": 0.9}  # issue 14: every interface string, 90% of the narrative


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
