"""What a reader sees wrong on a built page at a given screen width, counted in the browser.

`problems(page)` runs in an open Playwright page and returns, per rule, the offending elements (a short text each):

- ``sideways``: the page itself scrolls sideways (wider than the screen);
- ``past_right``: text that runs past the right edge of the screen, or past an ancestor that clips it, and cannot
  be reached by scrolling a container of its own;
- ``wide_table``: a table wider than its container without a scroll container that shows a cue and keeps the first
  column in view;
- ``plot_share``: a figure whose plot area is narrower than 60% of the screen (phones only, under 600 px);
- ``legend_overlap``: a legend that covers a plot area;
- ``title_over_plot``: a chart's title drawn over its plot area;
- ``text_outside``: chart text (ticks, titles, annotations, legend) outside its figure, so clipped;
- ``text_overlap``: two chart texts drawn over each other;
- ``toolbar_over_title``: the plotly toolbar over the chart title;
- ``small_text``: chart text under 10 px.

Run as a script to count the problems of a build at the four widths:
``python tests/page_layout.py /tmp/out [--widths 360,390,768,1280] [--json counts.json]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections import Counter
from pathlib import Path

WIDTHS = (360, 390, 768, 1280)
RULES = (
    "sideways",
    "past_right",
    "wide_table",
    "plot_share",
    "legend_overlap",
    "title_over_plot",
    "text_outside",
    "text_overlap",
    "toolbar_over_title",
    "small_text",
)

MEASURE = r"""
() => {
  const W = document.documentElement.clientWidth, out = {};
  for (const r of %RULES%) out[r] = [];
  const say = (el) => (el.textContent || el.getAttribute && el.getAttribute("class") || "").trim().slice(0, 60);
  const hit = (a, b, pad = 0) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left) - pad) *
                                 Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) - pad);
  const shown = (el) => { for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden" || s.opacity === "0") return false;
      if (e.tagName === "DETAILS" && !e.open && e !== el.closest("summary")?.parentElement) {
        if (!el.closest("summary")) return false; }
    } return true; };
  const scroller = (el) => { for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX; if (o === "auto" || o === "scroll") return e; } return null; };
  const clipper = (el) => { for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX; if (o === "hidden" || o === "clip") return e; } return null; };
  if (document.documentElement.scrollWidth > W + 1) out.sideways.push(`page is ${document.documentElement.scrollWidth} px wide`);
  // HTML text (figures apart: their SVG is checked below)
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (!n.textContent.trim() || !p || p.closest("script,style,svg,.kb-plot,.js-plotly-plot")) continue;
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || !shown(p)) continue;
    const sc = scroller(p);
    if (sc) { const s = sc.getBoundingClientRect(); if (s.right <= W + 1) continue; }
    const cl = clipper(p);
    const edge = Math.min(W, cl ? cl.getBoundingClientRect().right : W);
    if (r.right > edge + 1) out.past_right.push(n.textContent.trim().slice(0, 60));
  }
  for (const t of document.querySelectorAll("table")) {
    if (!shown(t)) continue;
    const tr = t.getBoundingClientRect();
    const sc = scroller(t);
    const box = (sc || t.parentElement).getBoundingClientRect();
    if (tr.width <= box.width + 1) continue;
    const first = t.querySelector("tbody tr > :first-child");
    const sticky = first && getComputedStyle(first).position === "sticky";
    const cue = sc && sc.matches("[data-scroll-cue]");
    if (!(sc && sticky && cue)) out.wide_table.push(`${(t.caption && t.caption.textContent || "table").slice(0, 50)}: ${Math.round(tr.width)} px in ${Math.round(box.width)} px`);
  }
  document.querySelectorAll(".kb-plot").forEach((fig) => {
    if (!fig.querySelector(".main-svg")) return;
    const f = fig.getBoundingClientRect(), id = fig.id;
    const areas = Array.from(fig.querySelectorAll(".draglayer .nsewdrag")).map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0);
    if (W < 600 && areas.length) {
      const widest = Math.max(...areas.map((r) => r.width));
      if (widest < 0.6 * W) out.plot_share.push(`${id}: plot area ${Math.round(widest)} of ${W} px`);
    }
    const legend = fig.querySelector(".legend");
    if (legend) { const l = legend.getBoundingClientRect();
      if (areas.some((a) => hit(a, l, 2) > 0)) out.legend_overlap.push(`${id}: legend over the plot`); }
    const heading = fig.querySelector(".gtitle");
    if (heading) { const h = heading.getBoundingClientRect();
      if (areas.some((a) => hit(a, h, 2) > 0)) out.title_over_plot.push(`${id}: title over the plot`); }
    const texts = Array.from(fig.querySelectorAll("svg text")).filter((t) => t.textContent.trim() && shown(t)
      && !t.closest(".hoverlayer"));
    const boxes = texts.map((t) => [t, t.getBoundingClientRect()]).filter(([, r]) => r.width > 0);
    for (const [t, r] of boxes) {
      if (r.left < f.left - 1 || r.right > f.right + 1 || r.top < f.top - 1 || r.bottom > f.bottom + 1)
        out.text_outside.push(`${id}: ${say(t)}`);
      const size = parseFloat(getComputedStyle(t).fontSize);
      if (size < 10) out.small_text.push(`${id}: ${size}px ${say(t)}`);
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i], [b, rb] = boxes[j];
      if (a.closest(".legend") && b.closest(".legend")) continue;
      const small = Math.min(ra.width * ra.height, rb.width * rb.height);
      if (small > 0 && hit(ra, rb) > 0.2 * small) out.text_overlap.push(`${id}: ${say(a)} / ${say(b)}`);
    }
    const bar = fig.querySelector(".modebar"), title = fig.querySelector(".gtitle");
    if (bar && title && getComputedStyle(bar).display !== "none" && hit(bar.getBoundingClientRect(), title.getBoundingClientRect()) > 0)
      out.toolbar_over_title.push(`${id}: toolbar over "${say(title)}"`);
  });
  return out;
}
""".replace("%RULES%", json.dumps(list(RULES)))


SETTLED = """() => Array.from(document.querySelectorAll('.kb-plot')).every((el) => {
  const svg = el.querySelector('.main-svg');
  return svg && Math.abs(svg.getBoundingClientRect().width - el.getBoundingClientRect().width) < 2;
})"""


def problems(page) -> dict[str, list[str]]:
    """The problems of the page open in ``page`` at its current viewport width, by rule."""
    return page.evaluate(MEASURE)


# Quiet: no figure has finished a drawing for QUIET_MS (plotly's `plotly_afterplot` event, listened to on every
# drawing, a drawing made anew included). Crossing the breakpoint draws each figure anew, and plotly's own responsive
# resize relayouts it a moment later: measured in between, a legend or a title is found where it no longer is.
QUIET_MS = 250
QUIET = """() => {
  const now = performance.now();
  if (window.kbQuiet === undefined) window.kbQuiet = now;
  document.querySelectorAll('.kb-plot').forEach((el) => {
    if (!el.on || el.kbHeard === el._context) return;
    el.kbHeard = el._context;
    el.on('plotly_afterplot', () => { window.kbQuiet = performance.now(); });
  });
  return now - window.kbQuiet > %QUIET_MS%;
}""".replace("%QUIET_MS%", str(QUIET_MS))


def settle(page, width: int, height: int = 900) -> None:
    """Set the viewport width and wait until every figure has drawn again at it, and drawn nothing since."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate(QUIET)
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(150)
    # plotly's responsive resize is debounced: wait until every drawing is as wide as its figure and the drawing
    # has stopped (else it is measured as it stands, and the rules say what is out of place)
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(SETTLED, timeout=8_000)
        page.wait_for_function(QUIET, timeout=8_000, polling=50)
    page.evaluate("() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)))")
    page.wait_for_timeout(100)


def measure(folder: Path, widths=WIDTHS, pages: list[str] | None = None) -> dict:
    """Open every page of a build (or ``pages``) in headless Chromium at each width; problems per width, per page."""
    from playwright.sync_api import sync_playwright

    from helpers import CHROMIUM_ARGS, chromium

    names = pages or sorted(p.name for p in folder.glob("*.html"))
    found: dict[int, dict[str, dict[str, list[str]]]] = {w: {} for w in widths}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium() or None, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": widths[0], "height": 900})
        for name in names:
            page.goto((folder / name).as_uri())
            page.wait_for_load_state("load")
            if page.locator(".kb-plot").count():
                page.wait_for_function(
                    "() => Array.from(document.querySelectorAll('.kb-plot')).every(e => e.querySelector('.main-svg'))",
                    timeout=20_000,
                )
            for width in widths:
                settle(page, width)
                found[width][name] = problems(page)
        browser.close()
    return found


def counts(found: dict) -> dict[int, Counter]:
    return {
        w: Counter({rule: sum(len(p[rule]) for p in pages.values()) for rule in RULES}) for w, pages in found.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    parser.add_argument("--json", type=Path, help="write every problem found here")
    parser.add_argument("--pages", help="comma-separated page names (default: every *.html)")
    args = parser.parse_args(argv)
    widths = tuple(int(w) for w in args.widths.split(","))
    found = measure(args.folder.resolve(), widths, args.pages.split(",") if args.pages else None)
    if args.json:
        args.json.write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")
    table = counts(found)
    print("rule".ljust(20) + "".join(f"{w:>8}" for w in widths))
    for rule in RULES:
        print(rule.ljust(20) + "".join(f"{table[w][rule]:>8}" for w in widths))
    print("total".ljust(20) + "".join(f"{sum(table[w].values()):>8}" for w in widths))
    pages_with = {w: sum(any(p.values()) for p in found[w].values()) for w in widths}
    print("pages with any".ljust(20) + "".join(f"{pages_with[w]:>8}" for w in widths))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
