"""Languages: catalogs, plural forms, locale formats, narrative swapping, reports.toml variants per language."""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest
from babel.messages.pofile import read_po

from analysis.build import builder, config
from analysis.core.conventions import DEFAULT_LABEL_STYLE, LANGUAGES
from analysis.core.errors import ConfigError
from analysis.i18n import catalogs
from analysis.i18n import language as i18n
from analysis.i18n.language import Language
from analysis.params.rules import for_notebook

from helpers import ROOT, report_entry, run_cli

OTHER = [code for code in LANGUAGES if code != "en"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "28 January 2024"),
        ("ru", "28 января 2024 г."),
        ("az", "28 yanvar 2024"),
        ("hy", "28 հունվարի 2024 թ."),
    ],
)
def test_dates_are_written_the_way_each_language_writes_them(code, expected):
    assert Language(code).day("2024-01-28") == expected


def test_numbers_and_percentages_follow_the_locale():
    assert Language("en").number(100617) == "100,617"
    assert Language("ru").number(100617) == "100\xa0617"
    assert Language("az").number(100617) == "100.617"
    assert Language("en").percent(0.845, 1) == "84.5%"
    assert Language("ru").percent(0.845, 1) == "84,5\xa0%"
    assert Language("ru").separators == ",\xa0"


def test_russian_plurals_follow_babels_rules():
    """1 and 21 take the first form, 2 the second, 5 the third (not `if n == 1`)."""
    ru = Language("ru")
    forms = {
        n: ru.n_(
            "{n} passage of this report has no translation yet and is shown in English.",
            "{n} passages of this report have no translation yet and are shown in English.",
            n,
        )
        for n in (1, 2, 5, 21)
    }
    assert not ru.missing, ru.missing
    assert forms[1] == forms[21]
    assert len({forms[1], forms[2], forms[5]}) == 3
    en = Language("en")
    assert en.n_("{n} report", "{n} reports", 1) == "{n} report"
    assert en.n_("{n} report", "{n} reports", 21) == "{n} reports"


def test_a_string_without_translation_falls_back_to_english_and_is_recorded():
    ru = Language("ru")
    assert ru._("A sentence nobody has translated") == "A sentence nobody has translated"
    assert ru.untranslated() == ["A sentence nobody has translated"]
    assert Language("en").untranslated() == []


def test_label_style_defaults_to_the_press_usage_of_the_language():
    assert {code: Language(code).label_style for code in LANGUAGES} == DEFAULT_LABEL_STYLE
    assert Language("hy", "dual").label_style == "dual"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        Language("fr")
    spec = for_notebook("map_karabakh")
    assert spec.validate({"language": "az"})["label_style"] == "azerbaijani"
    assert spec.validate({"language": "az", "label_style": "dual"})["label_style"] == "dual"


def test_every_notebook_takes_a_language():
    for path in sorted((ROOT / "notebooks").glob("*.py")):
        spec = for_notebook(path.stem)
        assert spec.defaults()["language"] == "en", path.name
        assert spec.validate({"language": "hy"})["label_style"] == "armenian", path.name


def test_catalog_headers_name_the_translator_and_invite_corrections():
    for code in OTHER:
        for domain in i18n.DOMAINS:
            path = i18n.po_path(code, domain)
            text = path.read_text(encoding="utf-8")
            assert "FIRST AUTHOR" not in text, path
            assert "corrections are" in text.split('msgid ""')[0].lower(), path
            with path.open("rb") as handle:
                assert read_po(handle).last_translator.startswith("karabakh-notebooks maintainers"), path


def test_catalogs_hold_every_string_the_code_and_notebooks_have(tmp_path):
    """`make i18n` has been run: every string pybabel extracts today is in each language's catalog."""
    for domain in i18n.DOMAINS:
        pot = tmp_path / f"{domain}.pot"
        pybabel = [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract"]
        subprocess.run(
            [
                *pybabel,
                "-F",
                f"analysis/i18n/locale/{domain}.cfg",
                "-k",
                "n_:1,2",
                "-k",
                "N_",
                "-k",
                "N_plural:1,2",
                "-o",
                str(pot),
                ".",
            ],
            cwd=ROOT,
            check=True,
        )
        with pot.open("rb") as handle:
            wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
        assert wanted, domain
        for code in OTHER:
            with i18n.po_path(code, domain).open("rb") as handle:
                have = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
            assert not wanted - have, f"{code}/{domain}: run make i18n; missing {sorted(wanted - have)[:3]}"


def test_coverage_meets_the_targets():
    for code in OTHER:
        for domain, target in catalogs.TARGETS.items():
            cov = catalogs.coverage(code, domain)
            assert cov.share >= target, f"{code}/{domain}: {cov.translated}/{cov.total}; missing {cov.missing[:3]}"


def test_i18n_command_prints_coverage_per_language():
    result = run_cli("i18n")
    assert result.returncode == 0, result.stdout + result.stderr
    for code in OTHER:
        assert f"{code} (" in result.stdout
    assert "messages:" in result.stdout and "narrative:" in result.stdout


def test_the_narrative_is_swapped_paragraph_by_paragraph():
    nb = nbformat.v4.new_notebook()
    heading = "# Displacement: every figure attributed"
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"{heading}\n\nA paragraph nobody translated."),
        nbformat.v4.new_code_cell("x = 1"),
    ]
    ru = Language("ru")
    catalogs.translate_narrative(nb, ru)
    first, rest = nb.cells[0].source.split("\n\n")
    assert first.startswith("# ") and first != heading
    assert rest == "A paragraph nobody translated."
    assert ru.untranslated() == ["A paragraph nobody translated."]
    assert nb.cells[1].source == "x = 1"


def test_reports_toml_languages_become_one_report_per_language(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "map_karabakh.py").write_text(
        (ROOT / "notebooks" / "map_karabakh.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    toml = tmp_path / "reports.toml"
    toml.write_text(
        report_entry("map_karabakh", "map", '{ as_of = "2024-01-28" }', title="Map", languages='["en", "ru"]').replace(
            'slug = "map"\n', 'slug = "map"\ntitle = "today"\n'
        ),
        encoding="utf-8",
    )
    jobs, bad = config.jobs(toml)
    assert not bad
    assert [(j.slug, j.language, j.params["label_style"]) for j in jobs] == [
        ("map", "en", "dual"),
        ("map-ru", "ru", "dual"),
    ]
    assert jobs[1].siblings == (("en", "map"), ("ru", "map-ru")) and jobs[1].titles == ("Map", "today")
    toml.write_text(toml.read_text().replace('["en", "ru"]', '["en", "fr"]'), encoding="utf-8")
    with pytest.raises(ConfigError, match="'languages' must be a list of en, hy, az, ru"):
        config.jobs(toml)


@pytest.mark.parametrize(
    ("code", "variant"),
    [
        ("en", "AFP, 28 January 2024"),
        ("hy", "AFP, 28 հունվարի 2024 թ."),
        ("az", "AFP, 28 yanvar 2024"),
        ("ru", "AFP, 28 января 2024 г."),
    ],
)
def test_an_article_variant_is_titled_with_its_date_in_the_pages_language(code, variant):
    """An article's variant is named by its wire and its day, the day in the page's words; nothing of the title is
    listed as left in English (the wire's name is as it publishes)."""
    jobs, bad = config.jobs(ROOT / "reports.toml")
    assert not bad
    job = next(j for j in jobs if j.group == "explainer-afp-2024-01-28-non-aggression-pact" and j.language == code)
    assert job.titles[1] == ("AFP", "2024-01-28")
    assert job.title == "Explainer: a news story checked against the data: AFP, 28 January 2024"
    lang = Language(code)
    title = builder.translated_title(job.titles, lang)
    assert title.endswith(variant) and title.startswith(lang._(job.titles[0]))
    assert lang.untranslated() == []


PLACEHOLDERS = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)s|%\{[^}]*\}|</?[a-z]+[^>]*>")


def test_translations_keep_every_placeholder_and_tag():
    """A translation that renames {date} would crash a report; one that drops <br> would change its layout."""
    problems = []
    for code in OTHER:
        for domain in i18n.DOMAINS:
            with i18n.po_path(code, domain).open("rb") as handle:
                catalog = read_po(handle)
            for message in catalog:
                if not message.id or not message.string:
                    continue
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                wanted = sorted(PLACEHOLDERS.findall(ids[-1]))
                for text in strings:
                    if text and sorted(PLACEHOLDERS.findall(text)) != wanted:
                        problems.append(f"{code}/{domain}: {ids[0][:60]!r} -> {text[:60]!r}")
    assert problems == [], problems[:5]


def test_no_translation_puts_a_full_stop_after_a_date_that_ends_in_one():
    """Armenian and Russian dates end in an abbreviation's dot ("2024 թ.", "2024 г."): a translation that follows a
    date with a full stop prints two ("2024 թ.. Փաշինյանն"); at a sentence's end the abbreviation's dot is the stop."""
    for code in ("hy", "ru"):
        with (ROOT / "analysis" / "i18n" / "locale" / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle)
        dates = re.compile(r"\{(date|day|start|end)\}\.")
        strings = (
            (m.id, text) for m in catalog if m.id for text in (m.string if isinstance(m.string, tuple) else (m.string,))
        )
        doubled = [msgid for msgid, text in strings if dates.search(text or "")]
        assert doubled == [], f"{code}: a date followed by a full stop in {doubled}"
