"""Executed notebook → one HTML report with the house template, every plotly figure drawn offline."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import nbformat
from jinja2.utils import htmlsafe_json_dumps

from analysis.build import provenance
from analysis.i18n.language import Language

PLOTLY_MIME = "application/vnd.plotly.v1+json"
TEMPLATES = Path(__file__).parent / "templates"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


def figure_html(spec: dict[str, Any], fig_id: str, lang: Language) -> str:
    """A plotly figure as a <figure>: a drawing target, its JSON spec (with its narrow layout for phones, taken out
    of ``layout.meta``) and a caption holding its source line, note and text description, in the report's language
    (plotly draws dates with the locale the page registers). The caption's source line and note show on narrow
    screens, where the narrow layout leaves them out of the drawing. No ARIA role on the drawing: it holds plotly's
    controls; the caption describes the figure."""
    from html import escape

    layout = dict(spec.get("layout", {}))
    meta = layout.get("meta") or {}
    meta = dict(meta) if isinstance(meta, dict) else {}
    narrow = meta.pop("narrow", None) or {}
    if meta:
        layout["meta"] = meta
    alt = meta.get("alt") or lang._("Chart without a description")
    locale = {} if lang.code == "en" else {"locale": lang.code}
    summary = lang._("Chart description")
    payload = {
        "data": spec.get("data", []),
        "layout": layout,
        "frames": spec.get("frames", []),
        "config": {**PLOTLY_CONFIG, **locale, **spec.get("config", {})},
        "narrow": narrow,
    }
    # JSON safe inside <script>: '<', '>', '&' and "'" are written as \u escapes, so nothing in it can end the element.
    spec_json = htmlsafe_json_dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # The source line names publishers as they publish (mostly in English or Latin letters): on a translated page
    # it is a mix of languages, so it says so (lang="und") rather than being read in the page's language.
    mixed = "" if lang.code == "en" else ' lang="und"'
    lines = "".join(
        f'<p class="kb-figure-source"{mixed if k == "source" else ""}>{escape(meta[k])}</p>'
        for k in ("source", "note")
        if meta.get(k)
    )
    return (
        f'<figure class="kb-figure">'
        f'<div class="kb-plot" id="{fig_id}"></div>'
        f'<script type="application/json" id="{fig_id}-spec">{spec_json}</script>'
        f"<figcaption>{lines}"
        f"<details><summary>{escape(summary)}</summary><p>{escape(alt)}</p></details></figcaption>"
        f"</figure>"
    )


def prepare(
    nb: nbformat.NotebookNode, slug: str, lang: Language, after_figure: Callable[[int, dict], str] | None = None
) -> tuple[dict[str, Any], list[str], int]:
    """Rewrite outputs for the page, in place. Returns the provenance record, the stderr text and the figure count.

    - the provenance cell is removed and its record returned;
    - every plotly output becomes HTML with a stable id (slug + position), so rebuilds give the same bytes;
      ``after_figure(position, spec)`` (the build's embeds) returns HTML to put after it;
    - stderr streams (warnings) are taken out of the page and returned for the build log;
    - cell ids are renumbered in order.
    """
    record: dict[str, Any] = {"datasets": [], "notes": []}
    stderr: list[str] = []
    count = 0
    cells = []
    for cell in nb.cells:
        if provenance.CELL_TAG in cell.get("metadata", {}).get("tags", []):
            for out in cell.get("outputs", []):
                record = out.get("data", {}).get(provenance.MIMETYPE, record)
            continue
        outputs = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                stderr.append(out.get("text", ""))
                continue
            data = out.get("data", {})
            if PLOTLY_MIME in data:
                count += 1
                html = figure_html(data[PLOTLY_MIME], f"{slug}-fig{count}", lang)
                if after_figure is not None:
                    html += after_figure(count, data[PLOTLY_MIME])
                out = nbformat.from_dict({"output_type": "display_data", "metadata": {}, "data": {"text/html": html}})
            outputs.append(out)
        if cell.cell_type == "code":
            cell.outputs = outputs
        cell.id = f"cell-{len(cells)}"  # jupytext and papermill make random ids; the HTML must not change
        cells.append(cell)
    nb.cells = cells
    return record, stderr, count


@lru_cache(maxsize=4)
def _exporter(language: str):
    """nbconvert's exporter for one page language (it writes ``<html lang>`` from its own setting)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="karabakh",
        language_code=language,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def to_html(nb: nbformat.NotebookNode, karabakh: dict[str, Any]) -> str:
    """Render with the house template. ``karabakh`` feeds the header and footer (see templates/karabakh)."""
    resources = {"karabakh": karabakh, "metadata": {"name": karabakh["title"]}}
    body, _ = _exporter(karabakh.get("language", "en")).from_notebook_node(nb, resources=resources)
    return body
