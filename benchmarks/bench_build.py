"""Benchmark: the naive papermill-then-nbconvert loop against our cold and warm builds, on the same reports.

    .venv/bin/python benchmarks/bench_build.py            # every report in reports.toml
    .venv/bin/python benchmarks/bench_build.py --only negotiations-full-history --only map-2024-01-28-dual

The naive loop runs, per report, `papermill` (CLI) with PLOTLY_RENDERER=notebook so that figures appear,
then `jupyter nbconvert --to html --no-input` (CLI), one report after another. Ours runs
`python -m analysis build --force` (cold) and then `python -m analysis build` (warm, nothing changed).
Prints wall-clock seconds, ratios against the naive loop, and HTML sizes. Not a test: timings vary by machine.
Targets (issues 2 and 7): cold <= 0.4x naive, warm <= 0.05x naive, report HTML <= 1 MB plus shared plotly.js.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.build import config  # noqa: E402

BIN = Path(sys.executable).parent


def run(cmd: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(
        cmd,
        check=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def naive(jobs, work: Path) -> tuple[float, dict[str, int]]:
    """papermill CLI then nbconvert CLI per report; the jupytext → ipynb conversion is done beforehand, untimed."""
    import jupytext

    sizes = {}
    inputs = {}
    for job in jobs:
        source = work / f"{job.notebook}.ipynb"
        if job.notebook not in inputs:
            jupytext.write(jupytext.read(job.notebook_path), source)
            inputs[job.notebook] = source
    started = time.perf_counter()
    for job in jobs:
        executed = work / f"{job.slug}.ipynb"
        run(
            [
                str(BIN / "papermill"),
                str(inputs[job.notebook]),
                str(executed),
                "-k",
                "python3",
                "--cwd",
                str(ROOT),
                "-y",
                json.dumps(job.params),
                "--no-progress-bar",
            ],
            env={"PLOTLY_RENDERER": "notebook"},
        )
        run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)])
        sizes[job.slug] = executed.with_suffix(".html").stat().st_size
    return time.perf_counter() - started, sizes


def ours(only: list[str], out: Path, force: bool) -> float:
    cmd = [str(BIN / "python"), "-m", "analysis", "build", "--out", str(out)] + (["--force"] if force else [])
    for slug in only:
        cmd += ["--only", slug]
    return run(cmd)


def first_figure_ms(out: Path, slugs: list[str]) -> dict[str, float]:
    """Milliseconds from navigation to the first plotly SVG in each report, in Debian's Chromium."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        print("(no /usr/bin/chromium: time to first figure not measured)")
        return {}
    from playwright.sync_api import sync_playwright

    times = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(chromium),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        for slug in slugs:
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            started = time.perf_counter()
            page.goto((out / f"{slug}.html").as_uri(), wait_until="commit")
            page.wait_for_selector(".kb-plot .main-svg", state="attached", timeout=30_000)
            times[slug] = (time.perf_counter() - started) * 1000
            page.close()
        browser.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", metavar="SLUG", help="benchmark only these reports")
    args = parser.parse_args()
    jobs, rejected = config.jobs(ROOT / "reports.toml", args.only)
    if rejected:
        print("reports.toml has invalid entries:", *(str(e) for _, e in rejected), sep="\n  ")
        return 1
    slugs = [job.slug for job in jobs]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"Benchmarking {len(jobs)} report(s) on {os.cpu_count()} CPU(s): {', '.join(slugs)}", flush=True)
        (work / "naive").mkdir()
        naive_s, naive_sizes = naive(jobs, work / "naive")
        print(f"naive loop (papermill CLI + nbconvert CLI, sequential): {naive_s:7.1f} s", flush=True)
        out = work / "ours"
        cold = ours(slugs, out, force=True)
        print(f"our cold build (--force):                              {cold:7.1f} s   {cold / naive_s:5.2f}x naive")
        warm = ours(slugs, out, force=False)
        print(f"our warm build (nothing changed):                      {warm:7.1f} s   {warm / naive_s:5.3f}x naive")
        ours_sizes = {slug: (out / f"{slug}.html").stat().st_size for slug in slugs}
        asset = (out / "assets" / "plotly.min.js").stat().st_size
        print(f"\n{'report':40} {'naive HTML':>12} {'our HTML':>12}")
        for slug in slugs:
            print(f"{slug:40} {naive_sizes[slug] / 1e6:10.2f} MB {ours_sizes[slug] / 1e6:10.2f} MB")
        print(f"shared reports/assets/plotly.min.js: {asset / 1e6:.2f} MB (once for all reports)")
        first = first_figure_ms(out, slugs)
        if first:
            print(
                f"\ntime to the first drawn figure in headless Chromium (file://, network blocked): "
                f"median {sorted(first.values())[len(first) // 2]:.0f} ms, max {max(first.values()):.0f} ms"
            )
        largest = max(ours_sizes.values())
        print(
            f"\ntargets: cold <= 0.40x ({'met' if cold / naive_s <= 0.4 else 'MISSED'}), "
            f"warm <= 0.05x ({'met' if warm / naive_s <= 0.05 else 'MISSED'}), "
            f"largest report {largest / 1e6:.2f} MB <= 1 MB ({'met' if largest <= 1e6 else 'MISSED'})"
        )
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
