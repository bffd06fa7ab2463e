"""One publisher, one kind: every sourced row has the kind its address has in seeds/source_kinds.csv.

The table (rules in seeds/notes/sources.md) gives each host one source_kind; a `domain` with a path is an exception
for the addresses under it, and the longest matching `domain` wins. The CSVs are read directly from seeds/ with the
csv module, so this test does not depend on the analysis package's loaders.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ROW_ID = {  # dataset -> the columns that name a row
    "milestones": ("id",),
    "displacement": ("id",),
    "places": ("place_id",),
    "terms": ("term_id", "language", "label_style"),
    "control": ("event_id",),
}
PREFIXES = ("www.", "m.", "amp.")


def _rows(name: str) -> list[dict[str, str]]:
    with open(SEEDS / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def address(url: str) -> tuple[str, str]:
    """(host, host + path): lower-case host without a leading www./m./amp. and without a trailing dot."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return host, host + path


def matching_domain(table: dict[str, str], url: str) -> str | None:
    """The longest table entry that covers the address: a host (or a parent domain), or a host + path prefix."""
    host, key = address(url)
    best = None
    for domain in table:
        if "/" in domain or "," in domain:
            covers = key.startswith(domain)
        else:
            covers = host == domain or host.endswith("." + domain)
        if covers and (best is None or len(domain) > len(best)):
            best = domain
    return best


@pytest.fixture(scope="module")
def table() -> dict[str, str]:
    rows = _rows("source_kinds")
    domains = [row["domain"] for row in rows]
    assert len(domains) == len(set(domains)), "a domain is listed twice in source_kinds.csv"
    return {row["domain"]: row["source_kind"] for row in rows}


def test_the_table_uses_only_the_declared_kinds(table):
    declared = {k["name"] for k in json.loads((SEEDS / "datapackage.json").read_text(encoding="utf-8"))["sourceKinds"]}
    assert set(table.values()) <= declared, set(table.values()) - declared


def test_the_matching_rule_prefers_the_longest_prefix():
    table = {"refworld.org": "mirror", "refworld.org/publisher,USCRI": "dataset", "apa.az": "party_aligned_media"}
    assert matching_domain(table, "http://www.refworld.org/publisher,USCRI,,AZE,3ae6a8d2c,0.html") == (
        "refworld.org/publisher,USCRI"
    )
    assert matching_domain(table, "https://www.refworld.org/docid/abc.html") == "refworld.org"
    assert matching_domain(table, "https://en.apa.az/political/x") == "apa.az"
    assert matching_domain(table, "https://president.az./en/articles/view/1") is None
    assert address("https://president.az./en/a")[0] == "president.az"


@pytest.mark.parametrize("dataset", sorted(ROW_ID))
def test_every_row_has_the_kind_of_its_address(table, dataset):
    wrong = []
    for row in _rows(dataset):
        row_id = " / ".join(row[c] for c in ROW_ID[dataset])
        domain = matching_domain(table, row["source_url"])
        if domain is None:
            wrong.append(f"{dataset} {row_id}: {row['source_url']} has no entry in source_kinds.csv")
        elif row["source_kind"] != table[domain]:
            wrong.append(
                f"{dataset} {row_id}: {row['source_url']} is {row['source_kind']}, "
                f"but source_kinds.csv says {table[domain]} for {domain}"
            )
    assert not wrong, "\n".join(wrong)


def test_every_table_entry_is_used(table):
    """A host entry names a host some row cites (it may only carry exceptions); an exception decides some row."""
    urls = [row["source_url"] for name in ROW_ID for row in _rows(name)]
    hosts = {address(url)[0] for url in urls}
    deciding = {matching_domain(table, url) for url in urls}
    unused = [d for d in table if (d not in deciding) if ("/" in d or "," in d or d not in hosts)]
    assert not unused, unused
