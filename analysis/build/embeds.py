"""One chart in a story: every figure of a report as a page of its own, for a desk's CMS to embed.

For the figure at position N of report ``<slug>`` the build writes, under ``embed/<slug>/``:

- ``figN.html``: the chart alone (its title and source line are drawn in it), its description, a link to the
  report; no header, no site chrome; in the report's language. Static first: the chart's SVG is shown at once in a
  ``<picture>`` (the narrow drawing in a frame up to 600 px wide) with the alt text, and plotly.js
  (``../../assets/``, fetched after the load event so that the image is painted first) swaps in the interactive
  chart in the same box, in the narrow layout in a narrow frame. The page tells its parent its height with pym.js
  (``assets/pym.v1.min.js``, vendored by ``make pym-bundle``).
- ``figN.spec.js``: the chart's plotly spec (:func:`payload`), loaded after plotly.js by this page and by the report
  page alike (a script, not a fetch: it works from file://).
- ``figN.svg`` and ``figN-narrow.svg`` (and with ``--static``, ``figN.png`` at 1200×675 and ``figN@2x.png``,
  1280 px wide at 2×): see :mod:`analysis.build.images`.

Under each figure of the report an "Embed" disclosure holds the snippet to paste into a story: pym.js's loader and
the embed page's address, relative to the site root by default, absolute with ``build --base-url``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps

from analysis.build.images import NARROW_WIDTH, narrow_size
from analysis.core.errors import KarabakhError
from analysis.core.paths import atomic_write
from analysis.i18n.language import Language

EMBED = "embed"  # the folder of the site the embed pages and images go to
ASSETS = "assets"
PYM_ASSET = "pym.v1.min.js"
PYM_BUNDLE = Path(__file__).parent / "assets" / PYM_ASSET  # `make pym-bundle` refreshes it
TEMPLATES = Path(__file__).parent / "templates"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
SVG_WIDTH = (
    960  # px: the static chart's drawing width (the figures are laid out for a desktop column); the page scales it
)
DEFAULT_HEIGHT = 450  # plotly's own default, for a figure that sets none
URL = re.compile(r"^https://[^\s/?#]+(/[^\s?#]*)?/$")


def check_base_url(url: str | None) -> str | None:
    """``--base-url``: an https URL ending in /, where the site is published (e.g. https://org.github.io/repo/)."""
    if url is None:
        return None
    parts = urlsplit(url)
    if not URL.match(url) or parts.scheme != "https" or not parts.hostname:
        raise KarabakhError(
            f"--base-url {url!r}: expected the https address the site is published at, ending in '/', "
            f"e.g. https://org.github.io/repo/"
        )
    return url


def figure_name(position: int) -> str:
    """A figure's name in its report: its position, from 1 (the report's own figure ids end the same way)."""
    return f"fig{position}"


def pym_js() -> str:
    return PYM_BUNDLE.read_text(encoding="utf-8")


def write_assets(out: Path) -> None:
    """pym.js beside plotly.js in ``assets/`` (written only when it changed)."""
    path = out / ASSETS / PYM_ASSET
    script = pym_js()
    if not path.exists() or path.read_text(encoding="utf-8") != script:
        atomic_write(path, script)


def snippet(slug: str, name: str, base_url: str | None = None) -> str:
    """The HTML a story pastes: a target, pym.js, and pym's parent loading the embed page into an iframe that
    follows its height. Relative URLs (to the site root) unless ``base_url`` is given."""
    root = base_url or ""
    target = f"kb-{slug}-{name}"
    return (
        f'<div id="{target}"></div>\n'
        f'<script src="{root}{ASSETS}/{PYM_ASSET}"></script>\n'
        f'<script>new pym.Parent("{target}", "{root}{EMBED}/{slug}/{name}.html", {{}})</script>'
    )


def disclosure(slug: str, name: str, lang: Language, base_url: str | None = None) -> str:
    """The "Embed" disclosure under a figure of the report: the snippet, escaped, and a link to the chart alone."""
    return (
        f'<details class="kb-embed"><summary>{escape(lang._("Embed"))}</summary>'
        f"<p>{escape(lang._('Paste this HTML into your story: the chart keeps its source line and fits its frame.'))}</p>"
        f"<pre><code>{escape(snippet(slug, name, base_url))}</code></pre>"
        f'<p><a href="{EMBED}/{slug}/{name}.html">{escape(lang._("Open the chart alone"))}</a></p>'
        f"</details>"
    )


def payload(spec: dict[str, Any], lang: Language) -> dict[str, Any]:
    """What a page needs to draw a figure with plotly.js: data, layout (its height is the wide drawing's; a page
    drawing into the box of the static image sizes the chart to that box), frames, plotly's config in the page's
    language, and the narrow layout for phones (``layout.meta["narrow"]``, taken out of the meta: the pages apply
    it under ``(max-width: 600px)``, as :func:`analysis.build.images.narrowed` does for the narrow image). A page
    in another language than English also gets plotly's locale for its dates."""
    layout = dict(spec.get("layout", {}))
    meta = layout.get("meta") or {}
    meta = dict(meta) if isinstance(meta, dict) else {}
    narrow = meta.pop("narrow", None) or {}
    if meta:
        layout["meta"] = meta
    else:
        layout.pop("meta", None)
    locale = {} if lang.code == "en" else {"locale": lang.code}
    result = {
        "data": spec.get("data", []),
        "layout": layout,
        "frames": spec.get("frames", []),
        "config": {**PLOTLY_CONFIG, **locale, **spec.get("config", {})},
        "narrow": narrow,
    }
    if lang.code != "en":
        result["locale"] = lang.plotly_locale()
    return result


def size(spec: dict[str, Any]) -> tuple[int, int]:
    """The static chart's width and height in px: SVG_WIDTH, and the figure's own height (or plotly's default)."""
    height = spec.get("layout", {}).get("height") or DEFAULT_HEIGHT
    return SVG_WIDTH, int(height)


def _plain(text: Any) -> str:
    """Plotly text (a title may hold <br> or <b>) as plain text for <title> and alt."""
    return re.sub(r"<[^>]+>", " ", str(text or "")).replace("  ", " ").strip()


@dataclass
class Figure:
    slug: str
    name: str
    spec: dict[str, Any]

    @property
    def meta(self) -> dict[str, Any]:
        meta = self.spec.get("layout", {}).get("meta")
        return meta if isinstance(meta, dict) else {}

    @property
    def title(self) -> str:
        title = self.spec.get("layout", {}).get("title")
        return _plain(title.get("text") if isinstance(title, dict) else title)


@dataclass
class Embeds:
    """The figures of one report as the build renders it: :meth:`collect` is render.prepare's hook (it returns the
    disclosure to put under each figure), :meth:`write` writes the pages once the report is done."""

    out: Path
    slug: str
    lang: Language
    base_url: str | None = None
    figures: list[Figure] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.out / EMBED / self.slug

    def collect(self, position: int, spec: dict[str, Any]) -> str:
        name = figure_name(position)
        self.figures.append(Figure(self.slug, name, spec))
        return disclosure(self.slug, name, self.lang, self.base_url)

    def write(self, report_title: str, png: bool = False) -> list[Path]:
        """Each figure's page and spec script; returns the pages. Files of figures the report no longer has are
        removed, so the folder is what this build made (the images are drawn by the build's images.Drawer)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        keep: set[str] = set()
        pages = []
        for fig in self.figures:
            page, script = self.folder / f"{fig.name}.html", self.folder / f"{fig.name}.spec.js"
            atomic_write(script, self.spec_js(fig))
            atomic_write(page, self.page(fig, report_title, png))
            keep |= {page.name, script.name, f"{fig.name}.svg", f"{fig.name}-narrow.svg"} | (
                {f"{fig.name}.png", f"{fig.name}@2x.png"} if png else set()
            )
            pages.append(page)
        for path in self.folder.iterdir():
            if path.name not in keep and not path.name.startswith("."):
                path.unlink()
        return pages

    def spec_js(self, fig: Figure) -> str:
        """The figure's spec as a script, for the embed page and the report page alike (both load it after
        plotly.js): it files the figure under its name in ``window.kbFigures``."""
        body = htmlsafe_json_dumps(
            payload(fig.spec, self.lang), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return f'(window.kbFigures = window.kbFigures || {{}})["{fig.name}"] = {body};\n'

    def page(self, fig: Figure, report_title: str, png: bool) -> str:
        width, height = size(fig.spec)
        narrow_width, narrow_height = narrow_size(fig.spec, height)
        alt = fig.meta.get("alt") or self.lang._("Chart without a description")
        mixed = self.lang.code != "en"  # the source line names publishers as published (render.figure_html)
        lines = [{"text": fig.meta[k], "mixed": mixed and k == "source"} for k in ("source", "note") if fig.meta.get(k)]
        card = f"{self.base_url}{EMBED}/{self.slug}/{fig.name}.png" if (png and self.base_url) else None
        return (
            _env()
            .get_template("embed.html.j2")
            .render(
                language=self.lang.code,
                title=fig.title or report_title,
                alt=alt,
                name=fig.name,
                width=width,
                height=height,
                narrow_width=narrow_width,
                narrow_height=narrow_height,
                lines=lines,
                report_href=f"../../{self.slug}.html",
                report_title=report_title,
                card=card,
                _=self.lang._,
            )
        )


def _env() -> Environment:
    # karabakh/: the report's template folder, which holds the script both pages include (narrow.js.j2)
    loader = FileSystemLoader([TEMPLATES, TEMPLATES / "karabakh"])
    return Environment(loader=loader, autoescape=select_autoescape(["html", "j2"]))


def listed(out: Path, slug: str) -> list[str]:
    """The figures of a report that have an embed page in ``out``, in order."""
    folder = out / EMBED / slug
    pages = folder.glob("fig*.html") if folder.is_dir() else []
    return sorted((p.stem for p in pages), key=lambda stem: int(stem.removeprefix("fig") or 0))


def complete(out: Path, slug: str, names: list[str], png: bool) -> bool:
    """Every file of every figure is there (a cached report whose embed files went missing is built again)."""
    suffixes = [".html", ".spec.js", ".svg", "-narrow.svg"] + ([".png", "@2x.png"] if png else [])
    return all((out / EMBED / slug / f"{name}{suffix}").exists() for name in names for suffix in suffixes)


def settings(base_url: str | None, png: bool) -> str:
    """What the embed files depend on beyond the report itself, for the cache key."""
    return json.dumps({"base_url": base_url, "png": png, "svg_width": SVG_WIDTH, "narrow_width": NARROW_WIDTH})
