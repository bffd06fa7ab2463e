"""The "data" gettext domain: seeds text written for readers in English (corrections' reasons, milestones' titles,
summaries and venues, control events' titles, the claims' own words, the data package's titles and descriptions),
one catalog entry per cell with the context <dataset>:<row id>:<column>, listed in datapackage.json's "translate"."""

from __future__ import annotations

import csv
import gettext
import io
import json

import pandas as pd
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from analysis.i18n import catalogs
from analysis.i18n import language as i18n
from analysis.i18n.language import Language
from analysis.present.style import table_html

from helpers import ROOT

OTHER = ["hy", "az", "ru"]


def _reasons(seeds=ROOT / "seeds") -> list[dict[str, str]]:
    with (seeds / "corrections.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("code", OTHER)
def test_every_correction_reason_is_translated(code):
    lang = Language(code)
    for entry in _reasons():
        shown = lang.cell("corrections", entry["correction_id"], "reason", entry["reason"])
        assert shown != entry["reason"], f"{code}: {entry['correction_id']} is shown in English"
    assert lang.untranslated() == []


def test_english_shows_the_cell_and_a_missing_translation_is_recorded():
    assert Language("en").cell("corrections", "x", "reason", "As written.") == "As written."
    ru = Language("ru")
    assert ru.cell("corrections", "no-such-entry", "reason", "Nobody translated this.") == "Nobody translated this."
    assert ru.untranslated() == ["Nobody translated this."]


def _template(package) -> Catalog:
    template = Catalog(domain="data")
    for _line, dataset, row_id, column, text in catalogs.translated_cells(package):
        template.add(text, context=i18n.data_context(dataset, row_id, column))
    return template


def test_editing_an_english_cell_makes_its_translation_fuzzy_and_the_page_shows_english(seeds_copy):
    """What `make i18n` does after a reason is edited: its entry turns fuzzy, is left out of the compiled catalog,
    and the English text is shown (and, through Language, listed in the footer)."""
    path = seeds_copy / "corrections.csv"
    rows = _reasons(seeds_copy)
    target = rows[-1]
    edited = target["reason"].replace("Russian spelling", "Russian orthography")
    target["reason"] = edited
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with i18n.po_path("ru", "data").open("rb") as handle:
        catalog = read_po(handle, locale="ru", domain="data")
    context = i18n.data_context("corrections", target["correction_id"], "reason")
    catalog.update(_template(seeds_copy / "datapackage.json"))
    message = catalog.get(edited, context=context)
    assert message is not None and message.fuzzy and message.string.startswith("Русское название")
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    translations = gettext.GNUTranslations(io.BytesIO(buffer.getvalue()))
    assert translations.pgettext(context, edited) == edited
    untouched = rows[0]
    assert (
        translations.pgettext(
            i18n.data_context("corrections", untouched["correction_id"], "reason"), untouched["reason"]
        )
        != untouched["reason"]
    )


def test_the_columns_to_translate_are_listed_once_in_datapackage_json(seeds_copy):
    cells = list(catalogs.translated_cells(seeds_copy / "datapackage.json"))
    listed = {(dataset, column.split(".")[0]) for _, dataset, _, column, _ in cells}
    assert listed == {
        ("corrections", "reason"),
        ("milestones", "title"),
        ("milestones", "summary"),
        ("milestones", "venue"),
        ("control", "title"),
        ("claims", "claim"),
        ("claims", "reading"),
        ("datapackage", "title"),
        ("datapackage", "description"),
        ("datapackage", "sources"),
        ("datapackage", "licenses"),
    }
    assert len([c for c in cells if c[1] == "corrections"]) == len(_reasons())
    package = json.loads((seeds_copy / "datapackage.json").read_text(encoding="utf-8"))
    (milestones,) = (res for res in package["resources"] if res["name"] == "milestones")
    milestones["translate"] = ["title"]
    package["translate"] = ["title"]
    (seeds_copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    contexts = {
        i18n.data_context(d, r, c) for _, d, r, c, _ in catalogs.translated_cells(seeds_copy / "datapackage.json")
    }
    assert "milestones:2025-08-08-washington-summit:title" in contexts
    assert "milestones:2025-08-08-washington-summit:summary" not in contexts
    assert "datapackage:milestones:title" in contexts and "datapackage:milestones:description" not in contexts


def test_claims_and_the_package_descriptors_are_extracted_with_their_own_contexts():
    cells = {
        i18n.data_context(d, r, c): t
        for _, d, r, c, t in catalogs.translated_cells(ROOT / "seeds" / "datapackage.json")
    }
    claim = cells["claims:ap-2025-08-08-white-house-peace-summit/at-the-white-house:claim"]
    assert claim == "The signing took place at a peace summit held in the White House."
    assert "claims:ap-2025-08-08-white-house-peace-summit/at-the-white-house:printed" not in cells  # as printed
    assert cells["datapackage:milestones:title"].startswith("Negotiation and conflict milestones")
    assert cells["datapackage:places:sources.1.title"].startswith("Coordinates: GeoNames")
    assert not any(context.endswith(":note") or context.endswith(":date_note") for context in cells)


@pytest.mark.parametrize("code", OTHER)
def test_every_listed_cell_is_translated(code):
    """Each listed cell has a translation that is not fuzzy (a city or a licence may read the same in Azerbaijani)."""
    lang = Language(code)
    cells = list(catalogs.translated_cells(ROOT / "seeds" / "datapackage.json"))
    shown = [lang.cell(d, r, c, text) for _, d, r, c, text in cells]
    assert lang.untranslated() == [], f"{code}: {lang.untranslated()[:3]} shown in English"
    assert len(shown) == len(cells) > 400


def test_a_descriptor_is_shown_in_the_report_language_with_its_links_and_names_untouched():
    package = json.loads((ROOT / "seeds" / "datapackage.json").read_text(encoding="utf-8"))
    (places,) = (res for res in package["resources"] if res["name"] == "places")
    shown = Language("ru").descriptor(places)
    assert shown["title"] == "Справочник топонимов: места под их спорными названиями"
    assert shown["sources"][1]["path"] == places["sources"][1]["path"]
    assert (
        shown["licenses"][0]["name"] == "CC-BY-4.0" and shown["licenses"][0]["title"] != places["licenses"][0]["title"]
    )
    assert Language("en").descriptor(places) == places


def test_research_notes_stay_english_folded_and_publishers_are_marked_english():
    frame = pd.DataFrame(
        {"title": ["Переговоры"], "source_name": ["RFE/RL"], "note": ["Dated by the & wire."], "venue": ["Азатутюн"]}
    )
    ru = table_html(frame, caption="c", source="s", lang=Language("ru"))
    assert (
        '<details><summary>заметка исследователей (на английском)</summary><p lang="en">Dated by the &amp; wire.</p>'
        in ru
    )
    assert '<td lang="en">RFE/RL</td>' in ru and "<td>Переговоры</td>" in ru
    en = table_html(frame, caption="c", source="s", lang=Language("en"))
    assert "<details>" not in en and 'lang="en"' not in en and "<td>Dated by the &amp; wire.</td>" in en
