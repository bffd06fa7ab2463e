"""reports/index.html, the front page: the stories as a reader picks one (title, what it shows, its date or period,
its languages); and reports/build.html, the build's own page: every report's parameters, status, sources and data
version, and its figures that have an embed page (by title, linked to it: see :mod:`analysis.build.embeds`).

A report's translations are one row, with a link per language. With reports in several languages there is one
front page per language (index.html in English, index-<lang>.html for the others), linked to each other.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from analysis.build import corrections, embeds
from analysis.build.config import title_text
from analysis.core.conventions import ENDONYMS, LANGUAGES
from analysis.core.paths import atomic_write, seeds_dir
from analysis.data import package
from analysis.i18n.language import N_, SOURCE_LANGUAGE, Language

TEMPLATES = Path(__file__).parent / "templates"
BUILD_PAGE = "build.html"
# What each notebook's stories show, in a line, on the front page (a notebook without one shows none).
ABOUT = {
    "explainer": N_("A news story's claims, each checked against the data, with a verdict and its evidence."),
    "sources": N_("What kind of source every row of the data rests on, and the rows on a weak one."),
    "negotiations": N_("Who mediated and when, meetings against escalations, and the longest stalls in the talks."),
    "map_karabakh": N_("Who held which territory on a given date, with the lines of contact."),
    "displacement": N_("How many people fled, source by source, and the 2023 exodus hour by hour."),
}


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
    return title_text(titles[-1], lang)


def sections(rows: list[dict]) -> list[dict]:
    """The rows under their report, in order: one section per report, with the line on what it shows."""
    found: dict[str, dict] = {}
    for row in rows:
        first = next(iter(row["variants"].values()))
        section = found.setdefault(
            row["report"], {"report": row["report"], "about": ABOUT.get(first.notebook), "rows": []}
        )
        section["rows"].append(row)
    return list(found.values())


def embeddable(out: Path, outcome) -> list[dict]:
    """A report's figures that have an embed page in ``out``, in order: each one's title and the page's address."""
    present = set(embeds.listed(out, outcome.slug))
    return [
        {"title": fig.get("title", ""), "href": f"{embeds.EMBED}/{outcome.slug}/{fig['name']}.html"}
        for fig in outcome.embeds
        if fig.get("name") in present
    ]


def period(outcome, lang: Language) -> str:
    """The date or period a story covers, from its parameters: a date, a window, or nothing."""
    params = outcome.params or {}
    if params.get("as_of"):
        return lang.date(params["as_of"], long=True)
    if params.get("start") and params.get("end"):
        return lang._("{start} to {end}").format(start=lang.day(params["start"]), end=lang.day(params["end"]))
    return ""


def write(out: Path, outcomes, seeds: Path | None = None) -> Path:
    """Write the front page in every language the build has reports in, the build page, and beside each front page
    the corrections page of ``seeds`` (default: the project's); returns the English front page's path."""
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
        values = dict(
            rows=rows,
            reports=outcomes,
            language=code,
            title=lambda outcome, lang=lang: variant_title(outcome, lang),
            translate=lang._,
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
        if code == SOURCE_LANGUAGE:
            page = env.get_template("build.html.j2").render(
                front=page_name(code), figures=lambda outcome: embeddable(out, outcome), **values
            )
            atomic_write(out / BUILD_PAGE, page)
        page = env.get_template("index.html.j2").render(
            sections=sections(rows), period=lambda outcome, lang=lang: period(outcome, lang), **values
        )
        atomic_write(out / page_name(code), page)
    return out / "index.html"
