"""reports/index.html: every report with its title, languages, parameters, status, sources and data version.

A report's translations are one row, with a link per language. With reports in several languages there is one
index per language (index.html in English, index-<lang>.html for the others), linked to each other.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from analysis.build import corrections
from analysis.core.conventions import ENDONYMS, LANGUAGES
from analysis.core.paths import atomic_write, seeds_dir
from analysis.data import package
from analysis.i18n.language import SOURCE_LANGUAGE, Language

TEMPLATES = Path(__file__).parent / "templates"


def page_name(language: str) -> str:
    return "index.html" if language == SOURCE_LANGUAGE else f"index-{language}.html"


def groups(outcomes) -> list[dict]:
    """The outcomes as rows: one per group (a variant and its translations), in reports.toml order, each with the
    title of its report (the rows of one report are listed under it)."""
    rows: dict[str, dict] = {}
    for outcome in outcomes:
        report = (outcome.titles or [outcome.title])[0]
        row = rows.setdefault(outcome.group or outcome.slug, {"variants": {}, "report": report})
        row["variants"].setdefault(outcome.language, outcome)
    for row in rows.values():
        row["languages"] = [code for code in LANGUAGES if code in row["variants"]]
    return list(rows.values())


def variant_title(outcome, lang: Language) -> str:
    """What tells a variant from the others of its report: its own title, else the report's."""
    titles = outcome.titles or [outcome.title]
    return lang._(titles[-1])


def write(out: Path, outcomes, seeds: Path | None = None) -> Path:
    """Write the index in every language the build has reports in, and beside each the corrections page of
    ``seeds`` (default: the project's); returns the English index's path."""
    seeds = seeds or seeds_dir()
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        extensions=["jinja2.ext.i18n"],
    )
    rows = groups(outcomes)
    languages = [code for code in LANGUAGES if code == SOURCE_LANGUAGE or any(o.language == code for o in outcomes)]
    corrections.write_pages(out, seeds, languages)
    version = package(seeds).get("version")
    for code in languages:
        lang = Language(code)
        env.install_gettext_callables(gettext=lang._, ngettext=lang.n_, newstyle=True)
        page = env.get_template("index.html.j2").render(
            rows=rows,
            reports=outcomes,
            language=code,
            title=lambda outcome, lang=lang: variant_title(outcome, lang),
            translate=lang._,
            dataset_title=lambda ds, lang=lang: lang.descriptor(ds)["title"],
            pick=lambda row, code=code: row["variants"].get(code) or next(iter(row["variants"].values())),
            indexes=[
                {"code": other, "name": ENDONYMS[other], "href": page_name(other), "current": other == code}
                for other in languages
            ]
            if len(languages) > 1
            else [],
            endonyms=ENDONYMS,
            failed=sum(o.status == "failed" for o in outcomes),
            corrections_page=corrections.page_name(code),
            version=version,
        )
        atomic_write(out / page_name(code), page)
    return out / "index.html"
