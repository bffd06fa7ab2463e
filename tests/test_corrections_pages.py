"""Corrections for readers: the footer of a report that read a corrected dataset, the header's data release, and
the corrections pages linked from every index (analysis/build/corrections.py)."""

from __future__ import annotations

import json
import re
from html import escape as html_escape

import pytest

from analysis.build import corrections as pages
from analysis.core.conventions import LANGUAGES
from analysis.data import corrections as log
from analysis.i18n.language import Language

from helpers import ROOT

SEEDS = ROOT / "seeds"
# The 2023 exodus report draws the hourly arrival counts; this one's hour was corrected (Moscow time → Yerevan time).
SHOWN = "2026-11-28-displacement-2023-am-pm-spox-2023-09-27t0800-m24-as_of"


def escape(text: str) -> str:
    """As the report template writes text (nbconvert's escape filter leaves quotes alone)."""
    return html_escape(text, quote=False)


VERSION = json.loads((SEEDS / "datapackage.json").read_text(encoding="utf-8"))["version"]


def _entry(correction_id: str) -> dict[str, str]:
    (entry,) = (e for e in log.entries(SEEDS) if e["correction_id"] == correction_id)
    return entry


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.slow
def test_a_report_built_on_a_corrected_row_shows_the_correction_in_its_language(report_matrix, code):
    slug = "displacement-2023-exodus" + ("" if code == "en" else f"-{code}")
    html = (report_matrix / f"{slug}.html").read_text(encoding="utf-8")
    lang = Language(code)
    entry = _entry(SHOWN)
    footer = html[html.index('<section class="kb-corrections">') :]
    assert str(escape(lang.cell("corrections", SHOWN, "reason", entry["reason"]))) in footer
    assert f"<code>{entry['old_value']}</code> → <code>{entry['new_value']}</code>" in footer
    assert str(escape(lang.day(entry["date"]))) in footer
    wording = "Corrections are listed by dataset: each one changed a row of a dataset this report read, whether or not this report shows that row."
    assert str(escape(lang._(wording))) in footer
    assert f'<a href="{pages.page_name(code)}">' in footer
    assert lang.untranslated() == [], "every word of the footer and every reason has a translation"
    header = html[html.index('<header class="kb-header">') : html.index("</header>")]
    assert str(escape(lang._("data release {version}").format(version=VERSION))) in header


def test_the_footer_lists_the_entries_of_the_datasets_read_newest_first():
    shown = pages.for_report(SEEDS, ["milestones", "terms"], Language("en"))
    assert {c["dataset"] for c in shown} == {"milestones", "terms"}
    assert len(shown) == sum(e["dataset"] in {"milestones", "terms"} for e in log.entries(SEEDS))
    assert [c["date"] for c in shown] == sorted((c["date"] for c in shown), reverse=True)
    assert pages.for_report(SEEDS, ["articles", "source_kinds"], Language("en")) == []


@pytest.mark.slow
def test_every_index_links_the_corrections_page_of_its_language_which_lists_every_entry_newest_first(report_matrix):
    expected = [e["correction_id"] for e in log.newest_first(log.entries(SEEDS))]
    indexes = sorted(report_matrix.glob("index*.html"))
    assert len(indexes) == len(LANGUAGES)
    for index in indexes:
        code = re.search(r'<html lang="([a-z]+)"', index.read_text(encoding="utf-8")).group(1)
        name = pages.page_name(code)
        assert f'<a href="{name}">' in index.read_text(encoding="utf-8"), index.name
        page = (report_matrix / name).read_text(encoding="utf-8")
        assert f'<html lang="{code}">' in page
        assert re.findall(r'<tr id="([^"]+)">', page) == expected
        assert "passages of this page have no translation" not in page and "passage of this page" not in page


def test_the_corrections_page_is_the_same_bytes_twice_and_shows_a_new_entry_first(seeds_copy, tmp_path):
    first = pages.write_pages(tmp_path / "a", seeds_copy, ["en", "ru"])
    again = pages.write_pages(tmp_path / "b", seeds_copy, ["en", "ru"])
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    with (seeds_copy / "corrections.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "2027-01-15-milestones-2025-08-08-washington-summit-venue,2027-01-15,milestones,"
            '2025-08-08-washington-summit,venue,"White House, Washington, D.C.","Washington",A test.,,,,,\n'
        )
    from analysis import data

    data.rehash(seeds_copy)
    (en, ru) = pages.write_pages(tmp_path / "c", seeds_copy, ["en", "ru"])
    assert re.findall(r'<tr id="([^"]+)">', en.read_text(encoding="utf-8"))[0].startswith("2027-01-15-")
    assert "A test." in ru.read_text(encoding="utf-8")  # no translation yet: English, and listed as such
    assert "1 фрагмент этой страницы ещё не переведён" in ru.read_text(encoding="utf-8")
