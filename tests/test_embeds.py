"""One chart in a story (issue 24): every figure's embed page, its snippet, its images, and a story that embeds it.

A desk pastes the snippet under a figure into its CMS: pym.js loads the embed page into an iframe that follows its
height. The embed page shows the chart's SVG at once and swaps in plotly.js's chart in the same box.
"""

from __future__ import annotations

import functools
import hashlib
import html
import http.server
import re
import shutil
import struct
import threading
import time
from pathlib import Path

import markupsafe
import pytest

from analysis.build import builder, config, embeds, images
from analysis.core.errors import KarabakhError
from analysis.i18n.language import Language

from helpers import A_YEAR_AHEAD, FAKETIME, NO_FAKETIME, ROOT, figure_specs, run_cli

JOBS, _ = config.jobs(ROOT / "reports.toml")
SMALL = "negotiations-article-window"  # two figures, a second to run


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


# --- no kernel, no browser ----------------------------------------------------------------------------------
def test_the_vendored_pym_matches_its_recorded_version_and_sha256():
    bundle = embeds.PYM_BUNDLE
    recorded, name = (bundle.parent / f"{bundle.name}.sha256").read_text(encoding="utf-8").split()
    assert name == bundle.name
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() == recorded, (
        "pym.v1.min.js changed without `make pym-bundle`: refresh it there, or restore the vendored file"
    )
    version = (bundle.parent / f"{bundle.name}.version").read_text(encoding="utf-8").strip()
    assert bundle.read_text(encoding="utf-8").startswith(f"/*! pym.js - v{version} ")
    assert (bundle.parent / "pym.js-LICENSE").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("url", ["https://org.github.io/repo/", "https://example.org/"])
def test_a_base_url_is_an_https_address_ending_in_a_slash(url):
    assert embeds.check_base_url(url) == url


@pytest.mark.parametrize(
    "url", ["http://org.github.io/repo/", "https://org.github.io/repo", "org.github.io/repo/", "https:///x/", ""]
)
def test_a_bad_base_url_is_refused_naming_the_option(url):
    with pytest.raises(KarabakhError, match="--base-url"):
        embeds.check_base_url(url)


def test_the_cli_refuses_a_bad_base_url_before_anything_runs(tmp_path):
    result = run_cli("build", "--only", SMALL, "--out", str(tmp_path / "out"), "--base-url", "http://x.org/r")
    assert result.returncode == 2
    assert "--base-url 'http://x.org/r': expected the https address" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_snippet_is_relative_by_default_and_absolute_with_a_base_url():
    relative = embeds.snippet("map-x", "fig2")
    assert 'src="assets/pym.v1.min.js"' in relative
    assert 'new pym.Parent("kb-map-x-fig2", "embed/map-x/fig2.html", {})' in relative
    absolute = embeds.snippet("map-x", "fig2", "https://org.github.io/repo/")
    assert 'src="https://org.github.io/repo/assets/pym.v1.min.js"' in absolute
    assert '"https://org.github.io/repo/embed/map-x/fig2.html"' in absolute


def test_the_disclosure_shows_the_snippet_escaped_in_the_reports_language():
    block = embeds.disclosure("map-x", "fig1", Language("en"))
    assert block.startswith('<details class="kb-embed"><summary>Embed</summary>')
    code = re.search(r"<pre><code>(.*?)</code></pre>", block, re.S).group(1)
    assert "<script" not in code and "&lt;script" in code
    assert html.unescape(code) == embeds.snippet("map-x", "fig1")
    assert "<summary>Embed</summary>" not in embeds.disclosure("map-x", "fig1", Language("ru"))


def test_svg_ids_are_renamed_the_same_way_every_time():
    def drawing(uid: str, pattern: str) -> str:
        return (
            f'<svg><defs id="defs-{uid}"><clipPath id="clip{uid}xyplot"><rect/></clipPath>'
            f'<pattern id="p{uid}-{pattern}"/></defs><g clip-path="url(#clip{uid}xyplot)"/>'
            f'<path d="M0,1L2,3" fill="url(#p{uid}-{pattern})" style="fill: #ffffff"/></svg>'
        )

    first, second = images.normalise_svg(drawing("9b6a77", "ea86cf")), images.normalise_svg(drawing("3d4367", "0a1b2c"))
    assert first == second
    assert "9b6a77" not in first and "url(#kb1)" in first and 'id="kb1"' in first and "#ffffff" in first
    digits = images.normalise_svg(drawing("611665", "123456").replace("M0,1", "M9.8994611665,1"))
    assert 'd="M9.8994611665,1L2,3"' in digits, "a uid of digits must not touch a number in path data"


def test_an_svg_drawn_after_other_figures_writes_the_same_bytes_with_its_attributes_in_another_order():
    """The drawing page is kept between figures, and a page that has drawn others writes some attributes in another
    order: the canonical form makes the bytes the same."""
    fresh = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10"><text x="1" y="2" style="fill: red">A &amp; B</text></svg>'
    )
    reused = (
        '<svg width="10" xmlns="http://www.w3.org/2000/svg"><text style="fill: red" y="2" x="1">A &amp; B</text></svg>'
    )
    assert fresh != reused and images.normalise_svg(fresh) == images.normalise_svg(reused)
    assert images.normalise_svg(fresh).startswith("<svg") and "A &amp; B" in images.normalise_svg(fresh)


def test_groups_that_hold_nothing_are_left_out_of_an_svg_and_nothing_else_is():
    drawn = (
        '<svg xmlns="http://www.w3.org/2000/svg"><g class="trace"><g class="fills"><g></g></g>'
        '<g class="lines"><path d="M0,1L2,3"></path></g><g class="points"></g></g>'
        '<defs><g id="clip"></g></defs><g class="text"><text>A</text></g><g class="gap"> </g></svg>'
    )
    assert images.normalise_svg(drawn) == (
        '<svg xmlns="http://www.w3.org/2000/svg"><g class="trace"><g class="lines"><path d="M0,1L2,3"></path></g></g>'
        '<defs><g id="kb0"></g></defs><g class="text"><text>A</text></g><g class="gap"> </g></svg>'
    )


@pytest.mark.browser
def test_the_drawing_page_is_kept_between_figures_not_reloaded(monkeypatch, tmp_path):
    """kaleido reloads its page (and plotly.js) after every figure; the drawer keeps it, which takes a third of the
    time. kaleido's own reload is counted: none when the drawer draws three figures."""
    from kaleido._kaleido_tab._tab import _KaleidoTab

    reloads = []
    original = _KaleidoTab.reload

    async def counted(self, *args, **kwargs):
        reloads.append(self)
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(_KaleidoTab, "reload", counted)
    drawer = images.Drawer(log=lambda line: None)
    drawer.add(
        [
            images.Image({"data": [{"type": "bar", "x": ["a"], "y": [n]}]}, tmp_path / f"fig{n}.svg", "svg", 300, 200)
            for n in range(1, 4)
        ]
    )
    drawer.close()
    assert [p.name for p in sorted(tmp_path.glob("fig*.svg"))] == ["fig1.svg", "fig2.svg", "fig3.svg"]
    assert reloads == [], f"kaleido reloaded its page {len(reloads)} time(s)"


def test_the_narrow_drawing_sets_each_path_of_the_narrow_layout_as_the_pages_script_does():
    narrow = {
        "layout.title.text": "A<br>title",
        "layout.height": 720,
        "layout.legend.orientation": "h",
        "layout.annotations[1].visible": False,
        "data[0].name": "short",
        "layout.xaxis2.ticktext": ["a", "b"],
    }
    spec = {
        "data": [{"type": "bar", "name": "a long name"}],
        "layout": {
            "height": 500,
            "title": {"text": "A title", "x": 0},
            "annotations": [{"text": "x"}, {"text": "Source: s"}],
            "meta": {"alt": "A description", "narrow": narrow},
        },
    }
    drawn = images.narrowed(spec)
    layout = drawn["layout"]
    assert layout["title"] == {"text": "A<br>title", "x": 0} and layout["height"] == 720
    assert layout["legend"] == {"orientation": "h"} and layout["xaxis2"] == {"ticktext": ["a", "b"]}
    assert layout["annotations"] == [{"text": "x"}, {"text": "Source: s", "visible": False}]
    assert drawn["data"][0]["name"] == "short"
    assert spec["layout"]["height"] == 500 and "legend" not in spec["layout"], "the figure itself is not changed"
    assert images.narrow_size(spec, 500) == (images.NARROW_WIDTH, 720)
    del narrow["layout.height"]
    assert images.narrow_size(spec, 500) == (images.NARROW_WIDTH, 500)
    narrow["layout..x"] = 1
    with pytest.raises(KarabakhError, match=r"narrow layout: 'layout\.\.x' is not a path into a figure"):
        images.narrowed(spec)


def test_a_figures_images_keep_the_source_line_inside_a_social_card():
    spec = {
        "data": [{"type": "bar", "x": [1], "y": [2]}],
        "layout": {
            "height": 500,
            "margin": {"b": 40},
            "title": {"text": "T", "x": 0},
            "annotations": [{"text": "Source: a<br>Note: b", "xref": "paper", "yref": "paper", "y": 0, "yshift": -60}],
        },
    }
    svg, narrow, card, print_ = images.for_figure(spec, Path("/tmp/x"), "fig1", embeds.size(spec), png=True)
    assert (svg.width, svg.height, svg.format) == (embeds.SVG_WIDTH, 500, "svg")
    assert (narrow.width, narrow.height, narrow.path.name) == (images.NARROW_WIDTH, 500, "fig1-narrow.svg")
    assert (card.width, card.height, card.scale, card.path.name) == (1200, 675, 1, "fig1.png")
    assert (print_.width, print_.scale, print_.path.name) == (1280, 2, "fig1@2x.png")
    assert card.spec["layout"]["margin"]["b"] >= 60 + 2 * images.LINE
    assert [t["uid"] for t in card.spec["data"]] == ["kb0"]


def test_the_cache_key_covers_the_embed_settings():
    job = JOBS[0]
    keys = {
        builder.static_key(job, "code", False, embed=embeds.settings(base, png))
        for base in (None, "https://org.github.io/repo/")
        for png in (False, True)
    }
    assert len(keys) == 4


# --- builds ---------------------------------------------------------------------------------------------------
def _files(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".build" not in p.parts and "static" not in p.parts
    }


@pytest.mark.browser
def test_the_drawer_draws_a_figure_once_and_copies_it_where_another_report_has_it(tmp_path):
    spec = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}], "layout": {"title": {"text": "T"}}}
    other = {"data": [{"type": "bar", "x": ["a", "b"], "y": [2, 1]}], "layout": {"title": {"text": "T"}}}
    said: list[str] = []
    drawer = images.Drawer(said.append)
    first = [images.Image(spec, tmp_path / "one" / "fig1.svg", "svg", 400, 300)]
    second = [
        images.Image(spec, tmp_path / "two" / "fig1.svg", "svg", 400, 300),
        images.Image(other, tmp_path / "two" / "fig2.svg", "svg", 400, 300),
    ]
    drawer.add(first)
    drawer.add(second)
    drawer.close()
    assert said == [said[0]] and said[0].startswith("Drew 2 image(s) of the figures, copied 1 drawn twice")
    one, two = (tmp_path / "one" / "fig1.svg").read_bytes(), (tmp_path / "two" / "fig1.svg").read_bytes()
    assert one == two and one.startswith(b"<svg") and two != (tmp_path / "two" / "fig2.svg").read_bytes()
    assert not list(tmp_path.rglob(".*kaleido*"))  # nothing half-written left behind


@pytest.mark.browser
def test_an_image_that_cannot_be_written_fails_the_build_with_a_message(tmp_path):
    (tmp_path / "embed").write_text("a file where the folder should be", encoding="utf-8")
    spec = {"data": [{"type": "bar", "x": ["a"], "y": [1]}]}
    drawer = images.Drawer(lambda line: None)
    drawer.add([images.Image(spec, tmp_path / "embed" / "fig1.svg", "svg", 400, 300)])
    with pytest.raises(KarabakhError, match="drawing the figures' images failed"):
        drawer.close()


@pytest.fixture(scope="module")
def static_builds(tmp_path_factory) -> list[Path]:
    """One small report built with --static twice, --force, the second time with the clock a year ahead."""
    outs = []
    for run, prefix in enumerate((None, A_YEAR_AHEAD)):
        out = tmp_path_factory.mktemp(f"static{run}") / "reports"
        args = ["build", "--only", SMALL, "--out", str(out), "--static", str(out / "static"), "--force"]
        result = run_cli(*args, prefix=prefix, process=prefix is not None)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Drew 8 image(s) of the figures, copied 0 drawn twice" in result.stdout
        outs.append(out)
    return outs


@pytest.mark.slow
def test_with_static_every_figure_has_its_page_svg_social_card_and_print_png(static_builds):
    out = static_builds[0]
    figures = (out / f"{SMALL}.html").read_text(encoding="utf-8").count('class="kb-plot"')
    assert figures == 2
    folder = out / "embed" / SMALL
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"fig{n}{suffix}" for n in (1, 2) for suffix in (".html", ".spec.js", ".svg", "-narrow.svg", ".png", "@2x.png")
    )
    for n in (1, 2):
        assert png_size(folder / f"fig{n}.png") == (1200, 675)
        width, height = png_size(folder / f"fig{n}@2x.png")
        svg = (folder / f"fig{n}.svg").read_text(encoding="utf-8")
        root = re.match(r"<svg[^>]*>", svg).group(0)
        svg_w, svg_h = (int(re.search(rf' {side}="(\d+)"', root).group(1)) for side in ("width", "height"))
        assert width == 2560 and abs(height / width - svg_h / svg_w) < 0.01
        page = (folder / f"fig{n}.html").read_text(encoding="utf-8")
        assert f'<img src="fig{n}.svg" alt="' in page and '"../../assets/plotly.min.js"' in page
    assert (out / "assets" / "pym.v1.min.js").read_bytes() == embeds.PYM_BUNDLE.read_bytes()


@pytest.mark.slow
@pytest.mark.skipif(FAKETIME is None, reason=NO_FAKETIME)
def test_html_svg_and_png_are_byte_identical_across_forced_rebuilds_and_a_year_ahead(static_builds):
    first, second = (_files(out) for out in static_builds)
    assert sorted(first) == sorted(second)
    assert any(name.endswith(".svg") for name in first) and any(name.endswith("@2x.png") for name in first)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.slow
def test_every_figure_of_every_report_has_its_embed_page(report_matrix):
    for job in JOBS:
        page = (report_matrix / f"{job.slug}.html").read_text(encoding="utf-8")
        count = page.count('class="kb-plot"')
        assert embeds.listed(report_matrix, job.slug) == [f"fig{n}" for n in range(1, count + 1)], job.slug
        assert page.count('<details class="kb-embed">') == count, job.slug
        for n in range(1, count + 1):
            embed = (report_matrix / "embed" / job.slug / f"fig{n}.html").read_text(encoding="utf-8")
            assert f'<html lang="{job.language}">' in embed, job.slug
            assert (report_matrix / "embed" / job.slug / f"fig{n}.svg").stat().st_size > 1000
            style = re.search(r"<style>(.*?)</style>", embed, re.S).group(1)
            assert "jp-" not in embed and len(style) < 2_000, "the embed page's CSS is its own and small"
            assert len(embed) < 20_000, "the page is the chart's image, its words and a small script"


PHONE_BYTES = 300_000  # issue 24: what a phone fetches before its first figure (bench_pages.py times it)


@pytest.mark.slow
def test_a_phone_fetches_at_most_300_kb_before_its_first_figure(report_matrix):
    """A phone fetches the page, the files it links (the stylesheet) and the narrow image of each figure it shows
    at once: on a report page the first figure only (the others wait in a <noscript>), on an embed page its one."""
    over = {}
    for job in JOBS:
        pages = [report_matrix / f"{job.slug}.html"]
        pages += [
            report_matrix / "embed" / job.slug / f"{name}.html" for name in embeds.listed(report_matrix, job.slug)
        ]
        for page in pages:
            text = page.read_text(encoding="utf-8")
            shown = re.sub(r'<noscript class="kb-later">.*?</noscript>', "", text, flags=re.S)
            fetched = re.findall(r'<link href="([^"]+)" rel="stylesheet"', shown)
            fetched += re.findall(r'srcset="([^"]+-narrow\.svg)"', shown)
            assert len(re.findall(r"<img ", shown)) == 1, f"{page.name}: one image shown at once"
            size = len(text.encode()) + sum((page.parent / f).stat().st_size for f in fetched)
            if size > PHONE_BYTES:
                over[str(page.relative_to(report_matrix))] = size
    assert not over, f"over {PHONE_BYTES:,} bytes before the first figure on a phone: {over}"


def test_the_build_page_lists_the_figures_that_have_an_embed_page(tmp_path):
    from types import SimpleNamespace

    from analysis.build import index

    folder = tmp_path / "embed" / "map-x"
    folder.mkdir(parents=True)
    (folder / "fig1.html").write_text("page", encoding="utf-8")
    outcome = SimpleNamespace(slug="map-x", embeds=[{"name": "fig1", "title": "Who held what"}, {"name": "fig2"}])
    assert index.embeddable(tmp_path, outcome) == [{"title": "Who held what", "href": "embed/map-x/fig1.html"}]


@pytest.mark.slow
def test_the_build_page_names_every_embeddable_figure_by_its_title(report_matrix):
    build = (report_matrix / "build.html").read_text(encoding="utf-8")
    english = [job for job in JOBS if job.language == "en"]
    for job in english:
        names = embeds.listed(report_matrix, job.slug)
        specs = figure_specs(report_matrix, job.slug)
        assert len(specs) == len(names), job.slug
        for name, spec in zip(names, specs, strict=True):
            title = re.sub(r"<[^>]+>", " ", spec["layout"]["title"]["text"]).replace("  ", " ").strip()
            assert f'<a href="embed/{job.slug}/{name}.html">{markupsafe.escape(title)}</a>' in build, job.slug
    assert "figures to embed</summary>" in build


# --- a story that embeds a chart --------------------------------------------------------------------------------
HOST = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A story</title></head>
<body style="margin:0;font:16px serif"><article><h1>A story</h1><p>Some text before the chart.</p>
{snippet}
<p>Some text after it.</p></article></body></html>
"""
EMBEDDED = ["negotiations-article-window", "map-2024-01-28"]


@pytest.fixture(scope="module")
def story(report_matrix, tmp_path_factory):
    """The matrix served at /repo/ with a story per embedded report at /repo/story-<slug>.html holding the snippet
    copied from under the report's first figure."""
    root = tmp_path_factory.mktemp("story")
    shutil.copytree(report_matrix, root / "repo")
    for slug in EMBEDDED:
        page = (report_matrix / f"{slug}.html").read_text(encoding="utf-8")
        code = re.search(r'<details class="kb-embed">.*?<pre><code>(.*?)</code>', page, re.S).group(1)
        (root / "repo" / f"story-{slug}.html").write_text(HOST.format(snippet=html.unescape(code)), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/repo/"
    server.shutdown()


FOLLOWS = """([width, tolerance]) => {
  const iframe = document.querySelector("iframe");
  const doc = iframe && iframe.contentDocument;
  if (!doc || !doc.body || !doc.body.classList.contains("kb-drawn")) return false;
  const frame = iframe.getBoundingClientRect(), content = doc.documentElement.getBoundingClientRect().height;
  return Math.abs(frame.width - width) <= 20 && Math.abs(frame.height - content) <= tolerance;
}"""
MEASURE = """() => {
  const iframe = document.querySelector("iframe"), frame = iframe.getBoundingClientRect();
  return [frame.width, frame.height, iframe.contentDocument.documentElement.getBoundingClientRect().height];
}"""


@pytest.mark.parametrize("slug", EMBEDDED)
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.browser
@pytest.mark.slow
def test_an_embedded_chart_draws_and_its_frame_follows_its_height_after_a_resize(browser, story, slug, width):
    start = 1280 if width == 360 else 360
    context = browser.new_context(viewport={"width": start, "height": 800})
    left, errors = [], []
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith(story) else (left.append(r.request.url), r.abort())
    )
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{story}story-{slug}.html")
        page.wait_for_function(FOLLOWS, arg=[start, 5], timeout=30_000)
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_function(FOLLOWS, arg=[width, 5], timeout=10_000)
        page.wait_for_timeout(1_000)  # and it stays so once the chart is drawn again at the new width
        frame = page.frames[1]
        measured = page.evaluate(MEASURE)
        assert abs(measured[0] - width) <= 20, measured
        assert abs(measured[1] - measured[2]) <= 5, f"the frame is {measured[1]} px high, its content {measured[2]}"
        assert frame.locator(".kb-plot .main-svg").count() >= 1, "the interactive chart drew"
        chart = frame.evaluate(
            "() => { const r = document.querySelector('.kb-chart').getBoundingClientRect();"
            " const p = document.querySelector('.kb-plot').getBoundingClientRect();"
            " return [r.width, r.height, p.width, p.height] }"
        )
        assert abs(chart[0] - chart[2]) <= 2 and abs(chart[1] - chart[3]) <= 2, (
            f"the chart fills the image's box: {chart}"
        )
        assert left == [] and errors == []
    finally:
        context.close()


# Every chart drawn by plotly.js over its image (the page marks its box).
CHARTS_DRAWN = "() => Array.from(document.querySelectorAll('.kb-chart')).every(b => b.classList.contains('kb-drawn'))"


# Each figure's image box, the image as shown (object-fit: contain) and the drawn chart, on a report page.
BOXES = """() => Array.from(document.querySelectorAll('.kb-chart')).map(b => {
  const r = b.getBoundingClientRect(), img = b.querySelector('img'), svg = b.querySelector('.main-svg');
  const s = Math.min(r.width / img.naturalWidth, r.height / img.naturalHeight);
  return {box: [r.width, r.height], image: [img.naturalWidth * s, img.naturalHeight * s],
          chart: svg ? [svg.getBoundingClientRect().width, svg.getBoundingClientRect().height] : null};
})"""


@pytest.mark.parametrize(("width", "same"), [(360, False), (450, True), (768, False), (1280, True)])
@pytest.mark.browser
@pytest.mark.slow
def test_the_chart_takes_the_images_place_and_its_size_where_the_column_holds_the_image(
    browser, report_matrix, width, same
):
    """Static first: the image's box does not move when the chart is drawn over it. Where the column is as wide as
    the image or wider (a phone of 450 px under the narrow image's 390, a desktop above the wide image's 960), the
    chart is drawn at the image's own size; on a narrower column the image is scaled down to it and the chart fills
    the box."""
    page = browser.new_page(viewport={"width": width, "height": 900}, java_script_enabled=False)
    try:
        page.goto((report_matrix / "displacement-2023-exodus.html").as_uri())
        page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
        before = page.evaluate(BOXES)
        page.close()
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto((report_matrix / "displacement-2023-exodus.html").as_uri())
        page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
        after = page.evaluate(BOXES)
    finally:
        page.close()
    assert [b["box"] for b in before] == [a["box"] for a in after], "the boxes kept their size when the charts drew"
    for shown, drawn in zip(before, after, strict=True):
        assert drawn["chart"] == pytest.approx(drawn["box"], abs=1), "the chart fills its box"
        if same:
            assert drawn["chart"] == pytest.approx(shown["image"], abs=1), "the chart is drawn at the image's size"
        else:
            assert shown["image"][0] == pytest.approx(shown["box"][0], abs=1), "the image is as wide as the column"


# Each figure's image scrolled to in turn (a lazy image is fetched when it nears the screen): whether it loaded.
SCROLLED_TO = """async () => {
  const loaded = [];
  for (const img of document.querySelectorAll('.kb-chart img')) {
    img.scrollIntoView();
    await new Promise(done => img.complete ? done() : img.addEventListener('load', done, {once: true}));
    loaded.push(img.naturalWidth > 0);
  }
  return loaded;
}"""


@pytest.mark.browser
@pytest.mark.slow
def test_later_figures_images_wait_for_the_first_then_come_and_show_without_javascript_too(browser, report_matrix):
    """On a phone the first figure's image should not share the connection and the processor with the others: each
    figure's image but the first is only put in place (and fetched) once the first has loaded. A reader without
    JavaScript gets every image at once."""
    report = (report_matrix / "map-2024-01-28.html").as_uri()
    page = browser.new_page(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        page.goto(report)
        page.wait_for_function("() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
        without_js = page.evaluate("() => Array.from(document.querySelectorAll('.kb-chart img')).map(i => i.alt)")
    finally:
        page.close()
    assert len(without_js) == 3 and all(without_js), "without JavaScript every figure shows its image, with alt text"

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    held, requested = [], []

    def route(request_route):
        url = request_route.request.url
        requested.append(url.rsplit("/", 1)[-1])
        if url.endswith("/fig1.svg") and not held:
            held.append(request_route)  # the first figure's image, answered once the page has been looked at
        else:
            request_route.continue_()

    page.route("**/*", route)
    try:
        page.goto(report, wait_until="commit")
        page.wait_for_function("() => document.readyState !== 'loading'")
        page.wait_for_timeout(300)  # time for the browser to ask for anything it would ask for now
        assert held, "the first figure's image was asked for"
        waiting = page.evaluate(
            "() => [document.querySelectorAll('.kb-chart img').length,"
            " document.querySelectorAll('noscript.kb-later').length]"
        )
        assert waiting == [1, 2], f"before the first image loads, the others wait: {waiting} (images, waiting)"
        assert not [u for u in requested if u.startswith(("fig2", "fig3"))], requested
        held[0].continue_()
        page.wait_for_function("() => document.querySelectorAll('.kb-chart img').length === 3")
        loaded = page.evaluate(SCROLLED_TO)
        with_js = page.evaluate("() => Array.from(document.querySelectorAll('.kb-chart img')).map(i => i.alt)")
    finally:
        page.close()
    assert loaded == [True, True, True], "each image loads when the reader scrolls to it"
    assert with_js == without_js, "the same images, in the same order, with the same alt text"


# Each chart scrolled to in turn (its cell drawn): the width of its box and of the chart drawn in it.
WIDTHS_DRAWN = """async () => {
  const widths = [];
  for (const el of document.querySelectorAll('.kb-plot')) {
    el.scrollIntoView();
    await new Promise(done => setTimeout(done, 300));
    const svg = el.querySelector('.main-svg');
    widths.push([Math.round(el.getBoundingClientRect().width), svg ? Math.round(svg.getBoundingClientRect().width) : null]);
  }
  return widths;
}"""


@pytest.mark.browser
@pytest.mark.slow
def test_after_a_phone_is_turned_every_chart_is_as_wide_as_its_box_those_off_screen_too(browser, report_matrix):
    """Cells off screen are left undone until the reader nears them (report.css), but not a figure's: plotly.js
    resizes a chart when the window does, and a chart in a skipped cell kept its old width."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    try:
        page.goto((report_matrix / "displacement-all-episodes.html").as_uri())
        page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
        page.set_viewport_size({"width": 520, "height": 800})  # still the narrow layout: plotly's resize only
        page.wait_for_timeout(1_500)
        widths = page.evaluate(WIDTHS_DRAWN)
    finally:
        page.close()
    assert len(widths) == 3 and all(box == drawn for box, drawn in widths), f"(box, chart) px: {widths}"


def test_a_browser_still_running_after_a_bounded_close_is_killed_with_its_process_group(monkeypatch):
    """Chromium has been seen not to exit after kaleido closed it: the build gives kaleido's close a bounded time,
    then kills the browser's process group if it still runs."""
    import asyncio
    import subprocess

    class Stuck:
        def __init__(self):
            self.subprocess = subprocess.Popen(["sleep", "60"], start_new_session=True)  # as choreographer starts it

        async def close(self):
            await asyncio.sleep(3600)

    monkeypatch.setattr(images, "CLOSE_SECONDS", 0.2)
    browser = Stuck()
    # in a thread of its own, as the build's drawer runs it (a browser test's Playwright holds this thread's loop)
    closing = threading.Thread(target=lambda: asyncio.run(images.closed(browser)))
    closing.start()
    closing.join(timeout=30)
    assert browser.subprocess.wait(timeout=5) == -9, "the browser's process was killed"


def test_reports_that_finish_together_start_one_drawing_thread_and_the_build_ends(monkeypatch, tmp_path):
    """The build's workers add their images at the same time. Two drawing threads were once started together: the
    build's close ended one and then waited for the other for ever (CI hit its time limit)."""
    import asyncio

    started = []

    async def serve(self):
        started.append(threading.current_thread().name)
        while await asyncio.to_thread(self._queue.get) is not None:
            pass

    monkeypatch.setattr(images, "check_browser", lambda: time.sleep(0.05))  # as long as finding Chromium can take
    monkeypatch.setattr(images.Drawer, "_serve", serve)
    monkeypatch.setattr(images, "BATCH_SECONDS", 1)
    monkeypatch.setattr(images, "CLOSE_SECONDS", 1)
    drawer = images.Drawer(log=lambda line: None)
    together = threading.Barrier(6)

    def report(n: int) -> None:
        together.wait()
        drawer.add([images.Image({}, tmp_path / f"report{n}" / "fig1.svg", "svg", 100, 100)])

    workers = [threading.Thread(target=report, args=(n,)) for n in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=10)
    closing = threading.Thread(target=drawer.close)
    closing.start()
    closing.join(timeout=30)
    assert not closing.is_alive(), "the build's close returned"
    assert started == ["kaleido"], f"one drawing thread, not {len(started)}"


def test_a_drawing_thread_that_does_not_end_fails_the_build_instead_of_holding_it(monkeypatch, tmp_path):
    import asyncio

    async def serve(self):
        await asyncio.to_thread(self._queue.get)
        await asyncio.sleep(3600)  # a browser's close that never returns, past every bound of its own

    monkeypatch.setattr(images, "check_browser", lambda: None)
    monkeypatch.setattr(images.Drawer, "_serve", serve)
    monkeypatch.setattr(images, "BATCH_SECONDS", 0.5)
    monkeypatch.setattr(images, "CLOSE_SECONDS", 0.2)
    drawer = images.Drawer(log=lambda line: None)
    drawer.add([images.Image({}, tmp_path / "report" / "fig1.svg", "svg", 100, 100)])
    with pytest.raises(KarabakhError, match=r"the drawing thread did not end within 1\.6 s"):
        drawer.close()


@pytest.mark.browser
def test_a_browser_that_stops_answering_is_replaced_once_then_the_build_fails(monkeypatch, tmp_path):
    import asyncio

    calls = []

    async def stuck(self, browser, batch):
        calls.append(browser)
        await asyncio.sleep(3600)

    monkeypatch.setattr(images, "BATCH_SECONDS", 1)
    monkeypatch.setattr(images.Drawer, "_draw", stuck)
    logged: list[str] = []
    drawer = images.Drawer(log=logged.append)
    drawer.add([images.Image({"data": [], "layout": {}}, tmp_path / "report" / "fig1.svg", "svg", 100, 100)])
    with pytest.raises(KarabakhError, match=r"drew nothing for 1 s, twice, for report"):
        drawer.close()
    assert len(calls) == 2 and calls[0] is not calls[1], "the second try had a browser of its own"
    assert any("drawing again in a new one" in line for line in logged)
