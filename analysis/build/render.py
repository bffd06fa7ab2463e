"""Executed notebook → one HTML report with the house template (templates/karabakh: the lab template's markup for
the cells, a head of its own linking the one stylesheet, assets/report.css), every plotly figure drawn offline.

Figures are static first: each shows its SVG at once (wide, or narrow up to 600 px: :mod:`analysis.build.images`),
and plotly.js with the figure's spec (``embed/<slug>/figN.spec.js``, shared with the embed page) arrives after
the page's load event and draws the chart over the image in the same box (:func:`figure_html`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import nbformat
from jinja2.utils import htmlsafe_json_dumps

from analysis.build import embeds, images, provenance
from analysis.i18n.language import Language

PLOTLY_MIME = "application/vnd.plotly.v1+json"
TEMPLATES = Path(__file__).parent / "templates"
NARROW_MEDIA = "(max-width: 600px)"  # the narrow layout's screens; the pages' scripts and CSS use the same query


def figure_html(
    spec: dict[str, Any], fig_id: str, lang: Language, picture: str | None = None, lazy: bool = False
) -> str:
    """A plotly figure as a <figure> with a caption holding its source line, note and text description, in the
    report's language. The caption's source line and note show on narrow screens, where the narrow layout leaves
    them out of the drawing. No ARIA role on the drawing: it holds plotly's controls; the caption describes it.

    With ``picture`` (the figure's files without their suffix, ``embed/<slug>/figN``: the build's embeds), the
    figure shows at once as an image: a ``<picture>`` with the narrow SVG for screens up to 600 px and the wide one
    otherwise, the description as its alt text, in a box as tall as the layout the screen takes (its narrow or wide
    height: ``--kb-narrow-height``, ``--kb-height``) and as wide as the column up to the image's width
    (``--kb-narrow-width``, ``--kb-width``), so that the box is right before the image arrives; the image fits in
    it, at the top. ``lazy`` (every figure but the first): the image is fetched when it nears the screen, after the
    first figure's image has loaded. The page's script loads plotly.js and ``figN.spec.js`` after the load event,
    draws the chart over the image at the box's size (where the column is as wide as the image, the image's own
    size) and hides the image. Without (``--self-contained``: no embed files), the spec is inline JSON and
    plotly.js, inlined in the head, draws the chart at once."""
    from html import escape

    body = embeds.payload(spec, lang)
    meta = body["layout"].get("meta") or {}
    alt = meta.get("alt") or lang._("Chart without a description")
    summary = lang._("Chart description")
    # The source line names publishers as they publish (mostly in English or Latin letters): on a translated page
    # it is a mix of languages, so it says so (lang="und") rather than being read in the page's language.
    mixed = "" if lang.code == "en" else ' lang="und"'
    lines = "".join(
        f'<p class="kb-figure-source"{mixed if k == "source" else ""}>{escape(meta[k])}</p>'
        for k in ("source", "note")
        if meta.get(k)
    )
    caption = (
        f"<figcaption>{lines}<details><summary>{escape(summary)}</summary><p>{escape(alt)}</p></details></figcaption>"
    )
    if picture is None:
        body.pop("locale", None)  # the page registers its locale once
        # JSON safe inside <script>: '<', '>', '&' and "'" are \u escapes, so nothing in it can end the element.
        spec_json = htmlsafe_json_dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return (
            f'<figure class="kb-figure">'
            f'<div class="kb-plot" id="{fig_id}"></div>'
            f'<script type="application/json" id="{fig_id}-spec">{spec_json}</script>'
            f"{caption}</figure>"
        )
    width, height = embeds.size(spec)
    narrow_width, narrow_height = images.narrow_size(spec, height)
    name = picture.rsplit("/", 1)[-1]
    source = escape(picture, quote=True)
    loading = ' loading="lazy"' if lazy else ""
    image = (
        f'<picture><source media="{NARROW_MEDIA}" srcset="{source}-narrow.svg" width="{narrow_width}" '
        f'height="{narrow_height}">'
        f'<img src="{source}.svg" alt="{escape(alt, quote=True)}" width="{width}" height="{height}"{loading}>'
        "</picture>"
    )
    if lazy:
        # Every figure but the first: the image waits in a <noscript>, which a browser without JavaScript shows at
        # once; the page's script puts it in place (fetched when it nears the screen) once the first figure's image
        # has loaded, so that the first has the connection and the phone's processor to itself.
        image = f'<noscript class="kb-later">{image}</noscript>'
    return (
        f'<figure class="kb-figure">'
        f'<div class="kb-chart" style="--kb-width: {width}px; --kb-height: {height}px; '
        f'--kb-narrow-width: {narrow_width}px; --kb-narrow-height: {narrow_height}px">{image}'
        f'<div class="kb-plot" id="{fig_id}" data-figure="{name}" data-spec="{source}.spec.js"></div>'
        f"</div>{caption}</figure>"
    )


def prepare(
    nb: nbformat.NotebookNode,
    slug: str,
    lang: Language,
    after_figure: Callable[[int, dict], str] | None = None,
    pictures: bool = False,
) -> tuple[dict[str, Any], list[str], int]:
    """Rewrite outputs for the page, in place. Returns the provenance record, the stderr text and the figure count.

    - the provenance cell is removed and its record returned;
    - every plotly output becomes HTML with a stable id (slug + position), so rebuilds give the same bytes;
      ``after_figure(position, spec)`` (the build's embeds) returns HTML to put after it; with ``pictures`` the
      figure shows its embed files' images first and loads its spec from there (see :func:`figure_html`);
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
                picture = f"{embeds.EMBED}/{slug}/{embeds.figure_name(count)}" if pictures else None
                html = figure_html(data[PLOTLY_MIME], f"{slug}-fig{count}", lang, picture, lazy=count > 1)
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
