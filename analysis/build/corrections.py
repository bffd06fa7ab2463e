"""Corrections for readers: the entries of seeds/corrections.csv in a report's footer and on the corrections pages.

- **In a report's footer**: every entry about a dataset the report read (``ReportContext.read``, as the provenance
  cell hands it to the build). The granularity is the dataset, not the row: the build knows which tables a
  notebook loaded, not which of their rows ended up in a figure, so the footer says "a dataset this report read",
  never "a row shown here".
- **On the corrections pages** (``corrections.html``, ``corrections-<lang>.html`` beside the indexes): every entry,
  newest first, linked from each index.

Dates are written in the page's language and each reason is its translation (the ``data`` catalog); the values
themselves are shown as the data has them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from analysis.core.conventions import ENDONYMS
from analysis.core.paths import atomic_write
from analysis.data import corrections as log
from analysis.data import package
from analysis.i18n.language import SOURCE_LANGUAGE, Language

TEMPLATES = Path(__file__).parent / "templates"


def page_name(language: str) -> str:
    return "corrections.html" if language == SOURCE_LANGUAGE else f"corrections-{language}.html"


def shown(entries: list[dict[str, str]], seeds: Path, lang: Language) -> list[dict[str, Any]]:
    """Entries as a page shows them: the date in words, the reason translated, the file each corrected."""
    paths = {res.get("name"): res.get("path") for res in package(seeds).get("resources", [])}
    return [
        {
            **entry,
            "day": lang.day(entry["date"]),
            "path": paths.get(entry["dataset"], entry["dataset"]),
            "reason": lang.cell(log.DATASET, entry["correction_id"], "reason", entry["reason"]),
        }
        for entry in entries
    ]


def for_report(seeds: Path, datasets: list[str], lang: Language) -> list[dict[str, Any]]:
    """The entries about the datasets a report read, newest first."""
    return shown(log.affecting(log.entries(seeds), datasets), seeds, lang)


def write_pages(out: Path, seeds: Path, languages: list[str]) -> list[Path]:
    """Write the corrections page in each language; returns their paths."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        extensions=["jinja2.ext.i18n"],
    )
    entries = log.newest_first(log.entries(seeds))
    version = package(seeds).get("version")
    written = []
    for code in languages:
        lang = Language(code)
        env.install_gettext_callables(gettext=lang._, ngettext=lang.n_, newstyle=True)
        rows = shown(entries, seeds, lang)
        values = {
            "language": code,
            "rows": rows,
            "version": version,
            "index": "index.html" if code == SOURCE_LANGUAGE else f"index-{code}.html",
            "pages": [
                {"code": other, "name": ENDONYMS[other], "href": page_name(other), "current": other == code}
                for other in languages
            ]
            if len(languages) > 1
            else [],
        }
        template = env.get_template("corrections.html.j2")
        page = template.render(**values, untranslated=lang.untranslated())
        if lang.untranslated():  # the words at the foot of the page may have added to the list: render once more
            page = template.render(**values, untranslated=lang.untranslated())
        path = out / page_name(code)
        if not path.exists() or path.read_text(encoding="utf-8") != page:  # an unchanged page keeps its file
            atomic_write(path, page)
        written.append(path)
    return written
