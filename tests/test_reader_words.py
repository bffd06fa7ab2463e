"""A reader sees words, never the data's row ids or codes: the built pages' visible text (tables, captions, prose,
figure captions) holds no row id of a seeds dataset and no coded value (a kind, a track, a controller, a kind of
source) where a word belongs."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pytest

from helpers import ROOT

ID_COLUMNS = {"id", "event_id", "correction_id", "article_id", "place_id", "term_id"}
CODE_COLUMNS = {"kind", "track", "controller", "source_kind", "episode", "group", "measure", "publisher_type"}
# Not what a reader sees at once: scripts, styles, code, and research notes folded behind a disclosure (kept as
# compiled, in English, with the ids they cite).
INVISIBLE = re.compile(r"<(script|style|code)\b.*?</\1>|<details\b[^>]*>.*?</details>|<[^>]+>", re.S)


def seeds_values() -> tuple[set[str], set[str]]:
    """Every row id of the seeds CSVs, and every coded value (one word with an underscore, or a short lower-case
    code) of their code columns."""
    ids, codes = set(), set()
    for path in (ROOT / "seeds").glob("*.csv"):
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for column, value in row.items():
                    if column in ID_COLUMNS and value and "-" in value + "_":
                        ids.add(value)
                    if column in CODE_COLUMNS and value:
                        codes.add(value)
    return ids, codes


def visible_cells(page: str) -> list[str]:
    """The text of each table cell and of each paragraph or list item of a page, tags and code blocks removed."""
    body = page[page.find("<body") :]
    parts = re.findall(r"<(td|th|p|li|caption|summary|figcaption|a)\b[^>]*>(.*?)</\1>", body, re.S)
    return [html.unescape(INVISIBLE.sub("", inner)).strip() for _, inner in parts]


# Codes that are not the word a reader should see (a code that is its own English word, like "summit", is fine).
NOT_WORDS = {"other", "russia", "eu", "us", "clash", "wire", "outlet", "mirror", "border", "incident"}
PATHS = re.compile(r"seeds/\S+")  # a file a source line names (seeds/claims/<article>.yaml) is a path, not an id


def raw_words(page: str, ids: set[str], codes: set[str]) -> list[str]:
    found = []
    for text in visible_cells(page):
        found += [f"id {i}" for i in ids if len(i) > 6 and i in PATHS.sub("", text)]
        coded = text in codes and ("_" in text or text in NOT_WORDS)
        if coded or re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", text):
            found.append(f"code {text}")
    return sorted(set(found))


@pytest.mark.slow
def test_no_row_id_or_code_in_what_a_reader_sees(report_matrix):
    ids, codes = seeds_values()
    found = {
        page.name: words
        for page in sorted(Path(report_matrix).glob("*.html"))
        if page.name != "build.html" and (words := raw_words(page.read_text(encoding="utf-8"), ids, codes))
    }
    assert found == {}
