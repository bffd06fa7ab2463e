"""Benchmark: how soon a reader on a phone sees the first figure, on each report page and on its first embed page.

    .venv/bin/python -m analysis build --out /tmp/site
    .venv/bin/python benchmarks/bench_pages.py --site /tmp/site
    .venv/bin/python benchmarks/bench_pages.py --site /tmp/site --only map-2024-01-28 --only negotiations-full-history

The built site is served over loopback HTTP (a thread of this process, 127.0.0.1 only). Each page opens in a fresh
Chromium context (empty cache) with a phone profile: 390×844 CSS px at 3×, touch, the CPU slowed 4× through the
DevTools protocol (``Emulation.setCPUThrottlingRate``). Measured from the navigation's start:

- first figure visible: the first chart drawn by plotly.js (``.kb-plot .main-svg``), or the first SVG image of a
  figure loaded (the static-first embed page; a report page whose figures come as images too), two animation
  frames later (painted);
- bytes before it: the transfer size (headers and body, from the Resource Timing entries) of every response that
  ended before that moment.

Beside them: plotly.js alone, a page that only loads ``assets/plotly.min.js``, from navigation to the end of its
evaluation, loaded ``--runs`` times at the start and once before each report, so that the baseline is measured
through the same run as the pages (on a shared machine one stretch of a run can be a fifth slower than another).
Targets (issue 24): first figure in less than half of that median, at most 300 KB transferred before it. Prints the
medians of ``--runs`` (default 3) cold loads per page as it goes, then which pages meet both targets. Not a test:
timings vary by machine and load.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
CPU_SLOWDOWN = 4
TARGET_SHARE = 0.5  # of plotly.js alone
TARGET_BYTES = 300_000
TIMEOUT_MS = 60_000

# Installed before any page script: notes when the first figure is on screen.
WATCH = """
(() => {
  window.__firstFigure = null;
  const painted = () => requestAnimationFrame(() => requestAnimationFrame(() => {
    if (window.__firstFigure === null) window.__firstFigure = performance.now();
  }));
  const check = () => {
    if (window.__firstFigure !== null || window.__pending) return;
    if (document.querySelector(".kb-plot .main-svg")) { window.__pending = true; painted(); return; }
    for (const img of document.querySelectorAll("figure img")) {
      if (img.complete && img.naturalWidth > 0) { window.__pending = true; painted(); return; }
      img.addEventListener("load", check, {once: true});
    }
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", check);
})();
"""
# The first figure's moment, and the transfer size of every response that had ended by then.
BYTES_BEFORE = """() => {
  const t = window.__firstFigure;
  const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
  return {ms: t, bytes: entries.filter(e => e.responseEnd > 0 && e.responseEnd <= t).reduce((n, e) => n + e.transferSize, 0)};
}"""
PLOTLY_ALONE = (
    '<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width"></head><body>'
    '<script src="assets/plotly.min.js"></script><script>window.__plotlyDone = performance.now();</script>'
    "</body></html>"
)
ALONE_PAGE = "__bench_plotly_alone.html"


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # no access log on the terminal
            pass

        def do_GET(self):  # the plotly.js-alone page, without writing into the site
            if self.path.endswith(ALONE_PAGE):
                body = PLOTLY_ALONE.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):  # a context closed mid-transfer: not the page's fault
            pass

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure(browser, url: str, alone: bool = False) -> dict:
    """One cold load of ``url`` with the phone profile."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.add_init_script(WATCH)
        page.goto(url, wait_until="commit")
        if alone:
            page.wait_for_function("() => window.__plotlyDone !== undefined", timeout=TIMEOUT_MS)
            return {"ms": page.evaluate("() => window.__plotlyDone"), "bytes": 0}
        page.wait_for_function("() => window.__firstFigure !== null", timeout=TIMEOUT_MS)
        # The bytes once the page has settled: a response's timing entry can be recorded after the image it
        # brought has shown, on a busy main thread.
        page.wait_for_load_state("load")
        return page.evaluate(BYTES_BEFORE)
    finally:
        context.close()


def median(samples: list[dict]) -> dict:
    return {key: statistics.median(s[key] for s in samples) for key in ("ms", "bytes")}


def first_embed(site: Path, slug: str) -> str | None:
    page = site / "embed" / slug / "fig1.html"
    return f"embed/{slug}/fig1.html" if page.exists() else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "reports", help="a built site (default: reports/)")
    parser.add_argument("--only", action="append", default=[], metavar="SLUG", help="these reports (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="cold loads per page; the median is printed")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    site = args.site.resolve()
    manifests = sorted((site / ".build").glob("*.json")) if (site / ".build").is_dir() else []
    slugs = args.only or [p.stem for p in manifests if p.stem != "shard" and (site / f"{p.stem}.html").exists()]
    if not slugs:
        print(f"no reports in {site}: build them first (python -m analysis build --out {site})", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    rows, alone_ms = [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])

            def alone_once() -> None:
                alone_ms.append(measure(browser, base + ALONE_PAGE, alone=True)["ms"])

            for _ in range(args.runs):
                alone_once()
            print(
                f"plotly.js alone (1.5 MB, loopback, CPU {CPU_SLOWDOWN}× slower): {statistics.median(alone_ms):.0f} ms "
                "at the start; loaded again before each report"
            )
            print(f"{'report':44} {'report page':>17} {'first embed page':>17}")
            for slug in slugs:
                alone_once()
                report = median([measure(browser, f"{base}{slug}.html") for _ in range(args.runs)])
                embed_url = first_embed(site, slug)
                embed = median([measure(browser, base + embed_url) for _ in range(args.runs)]) if embed_url else None
                rows.append({"slug": slug, "report": report, "embed": embed})
                cells = [
                    f"{m['ms']:7.0f} ms {m['bytes'] / 1000:4.0f} KB" if m else f"{'(no figure)':>17}"
                    for m in (report, embed)
                ]
                print(f"{slug:44} {cells[0]} {cells[1]}", flush=True)
            browser.close()
    finally:
        server.shutdown()
    alone = {"ms": statistics.median(alone_ms), "samples": len(alone_ms), "min": min(alone_ms), "max": max(alone_ms)}
    limit = alone["ms"] * TARGET_SHARE

    def missed(m: dict | None) -> str:
        """What a page misses, as "905 ms; 310 KB"; empty when it meets both targets or has no figure."""
        if m is None:
            return ""
        misses = []
        if m["ms"] >= limit:
            misses.append(f"{m['ms']:.0f} ms")
        if m["bytes"] > TARGET_BYTES:
            misses.append(f"{m['bytes'] / 1000:.0f} KB")
        return "; ".join(misses)

    print(
        f"plotly.js alone: {alone['ms']:.0f} ms, the median of {alone['samples']} loads through the run "
        f"({alone['min']:.0f}-{alone['max']:.0f} ms); targets: first figure < {limit:.0f} ms, "
        f"<= {TARGET_BYTES // 1000} KB before it"
    )
    for kind in ("report", "embed"):
        misses = [f"{r['slug']} ({missed(r[kind])})" for r in rows if r[kind] and missed(r[kind])]
        met = sum(1 for r in rows if r[kind] and not missed(r[kind]))
        print(f"targets met: {kind} pages {met}/{len(rows)}" + (f"; missed: {', '.join(misses)}" if misses else ""))
    if args.json:
        args.json.write_text(json.dumps({"plotly_alone": alone, "pages": rows}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
