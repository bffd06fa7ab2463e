"""The reports in Armenian, Azerbaijani and Russian, as built by the session's report matrix."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.build import config
from analysis.core.conventions import LANGUAGES

from helpers import ROOT, english_function_words, figure_specs

pytestmark = [pytest.mark.slow]


def _publishers(path: Path) -> set[str]:
    with path.open(encoding="utf-8") as handle:
        return {row["source_name"] for row in csv.DictReader(handle) if row.get("source_name")}


JOBS, _ = config.jobs(ROOT / "reports.toml")
TRANSLATED = [job for job in JOBS if job.language != "en"]
# Interface words that must not be left in English on a translated page (data, such as sources' own titles and
# publishers, is English and is not checked: table cells, links and code are skipped).
ENGLISH_WORDS = re.compile(r"\b(Source|Sources|Held by|Report|Parameters|Data version|Chart description)\b")
# Publishers are data and keep their names ("The Armenian Report"): they are taken out before the check.
PUBLISHERS = sorted(
    {name for path in (ROOT / "seeds").glob("*.csv") for name in _publishers(path)}, key=len, reverse=True
)


class _Reader(HTMLParser):
    """The words a reader sees outside data: text not inside a table cell, a link, code, a script or a style."""

    SKIP = frozenset({"td", "a", "code", "script", "style", "li"})

    def __init__(self):
        super().__init__()
        self.depth, self.words, self.specs, self._spec = 0, [], [], False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1
        self._spec = tag == "script" and ("type", "application/json") in attrs

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.depth -= 1
        self._spec = False

    def handle_data(self, data):
        if self._spec:
            self.specs.append(json.loads(data))
        elif self.depth == 0 and data.strip():
            self.words.append(data.strip())


def _read(path: Path) -> _Reader:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


def _chart_words(spec: dict) -> list[str]:
    """Titles, axis titles, legend names and the first words of each annotation of one plotly figure."""
    layout = spec["layout"]
    words = [(layout.get("title") or {}).get("text", "")]
    words += [(value.get("title") or {}).get("text", "") for key, value in layout.items() if key.startswith("axis", 1)]
    words += [trace.get("name", "") for trace in spec["data"] if trace.get("showlegend", True)]
    words += [" ".join(note.get("text", "").split()[:2]) for note in layout.get("annotations", [])]
    return [w for w in words if w]


def test_every_notebook_is_built_in_every_language(report_matrix):
    built = {(job.notebook, job.language) for job in JOBS if (report_matrix / f"{job.slug}.html").exists()}
    notebooks = {job.notebook for job in JOBS}
    assert built == {(nb, code) for nb in notebooks for code in LANGUAGES}


@pytest.mark.parametrize("job", TRANSLATED, ids=lambda job: job.slug)
def test_translated_report_has_no_english_interface_words(report_matrix, job):
    page = _read(report_matrix / f"{job.slug}.html")
    words = page.words + [w for spec in figure_specs(report_matrix, job.slug) for w in _chart_words(spec)]
    for name in PUBLISHERS:
        words = [w.replace(name, "") for w in words]
    english = sorted({m.group(0) for w in words for m in ENGLISH_WORDS.finditer(w)})
    assert english == [], f"{job.slug}: {english} in {[w for w in words if ENGLISH_WORDS.search(w)][:5]}"


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.slug)
def test_page_declares_its_language(report_matrix, job):
    html = (report_matrix / f"{job.slug}.html").read_text(encoding="utf-8")
    assert re.search(r"<html[^>]*\blang=\"([a-z]+)\"", html).group(1) == job.language
    if job.language != "en":
        specs = figure_specs(report_matrix, job.slug)
        assert specs and all(spec["config"]["locale"] == job.language for spec in specs), (
            "plotly draws dates with the page's locale"
        )
        assert "Plotly.register(" in html


def test_dates_in_reports_follow_the_locale(report_matrix):
    expected = {"en": "28 January 2024", "ru": "28 января 2024 г.", "az": "28 yanvar 2024", "hy": "28 հունվարի 2024 թ."}
    for code, date in expected.items():
        slug = "map-2024-01-28" + ("" if code == "en" else f"-{code}")
        html = (report_matrix / f"{slug}.html").read_text(encoding="utf-8")
        assert date in html, f"{slug}: no {date!r}"


def test_language_switcher_links_resolve(report_matrix):
    pages = [report_matrix / f"{job.slug}.html" for job in JOBS if job.siblings] + sorted(
        report_matrix.glob("index*.html")
    )
    checked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for href, code in re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)"', html):
            target = report_matrix / href
            assert target.exists(), f"{page.name} links {href}"
            assert f'<html lang="{code}"' in target.read_text(encoding="utf-8")[:300], f"{href} is not in {code}"
            checked += 1
    assert checked >= 3 * len([job for job in JOBS if job.siblings])


# Every translated page a reader can open: the reports, and each language's index and corrections page.
TRANSLATED_PAGES = [job.slug for job in TRANSLATED] + [
    f"{page}-{code}" for page in ("index", "corrections") for code in LANGUAGES if code != "en"
]
ENGLISH_SHARE_LIMIT = 0.01  # issue 22: the data reads in the reader's language too


@pytest.mark.parametrize("slug", TRANSLATED_PAGES)
def test_english_function_words_are_under_one_percent_of_what_a_reader_sees(report_matrix, slug):
    """Over the visible words of a translated page (not scripts, code, link URLs, nor what is marked lang="en":
    research notes, publishers and sources' titles as published), English function words ("the", "of", "and" …)
    are under 1%. Before the data was translated they were about 13% of the negotiations page."""
    english, words, found = english_function_words((report_matrix / f"{slug}.html").read_text(encoding="utf-8"))
    assert words > 100, f"{slug}: only {words} visible words"
    assert english / words < ENGLISH_SHARE_LIMIT, (
        f"{slug}: {english} English function words of {words} ({english / words:.1%}): {sorted(set(found))}"
    )


def _cells(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.S)]


@pytest.mark.parametrize(
    "job", [job for job in TRANSLATED if job.notebook in ("negotiations", "explainer")], ids=lambda job: job.slug
)
def test_milestone_tables_hold_words_not_codes(report_matrix, job):
    """The kinds and tracks of milestones are shown in words in the report's language, never as codes."""
    package = json.loads((ROOT / "seeds" / "datapackage.json").read_text(encoding="utf-8"))
    (milestones,) = (res for res in package["resources"] if res["name"] == "milestones")
    codes = {
        value
        for field in milestones["schema"]["fields"]
        if field["name"] in ("kind", "track")
        for value in field.get("constraints", {}).get("enum", [])
    }
    assert codes, "the kinds and tracks are declared as enums in datapackage.json"
    cells = _cells((report_matrix / f"{job.slug}.html").read_text(encoding="utf-8"))
    assert not [cell for cell in cells if cell in codes], job.slug
