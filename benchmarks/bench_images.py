"""Benchmark: what drawing the figures' images adds to a cold build of every report in reports.toml.

    .venv/bin/python benchmarks/bench_images.py            # --jobs 2, 3 rounds
    .venv/bin/python benchmarks/bench_images.py --jobs 4 --rounds 5

Three cold builds (`--force`) into temporary folders, in this run, one after another, in each round (the median of
the rounds is printed: one build of the same code was seen to take 25 s and 44 s on this machine):
- the baseline: the same build with the image drawing switched off (``images.Drawer.add`` does nothing), what a build
  cost before the pages became static first;
- the default build: every figure as a wide and a narrow SVG (the pages' static-first images);
- with ``--static``: the PNGs for social cards and print as well.

Prints wall-clock seconds and each as a ratio to the baseline. Target (issue 24): the build with static figures at
most 1.5x the baseline. Not a test: timings vary by machine and load.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.5
# The build, in a process of its own, with the image drawing switched off.
WITHOUT_IMAGES = (
    "import sys\n"
    "from analysis.build import images\n"
    "images.Drawer.add = lambda self, batch: None\n"
    "from analysis.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2, help="build workers (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the three builds (default: %(default)s)")
    args = parser.parse_args()
    times: dict[str, list[float]] = {"none": [], "svg": [], "png": []}
    with tempfile.TemporaryDirectory() as tmp:
        build = ["build", "--force", "--jobs", str(args.jobs)]
        for round_ in range(1, args.rounds + 1):
            times["none"].append(timed([sys.executable, "-c", WITHOUT_IMAGES, *build, "--out", f"{tmp}/none"]))
            times["svg"].append(timed([sys.executable, "-m", "analysis", *build, "--out", f"{tmp}/svg"]))
            static = ["--out", f"{tmp}/png", "--static", f"{tmp}/png/static"]
            times["png"].append(timed([sys.executable, "-m", "analysis", *build, *static]))
            print(f"round {round_}/{args.rounds}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()))
        drawn = sum(1 for _ in Path(tmp, "svg", "embed").rglob("*.svg"))
    baseline, svg, png = (statistics.median(times[k]) for k in ("none", "svg", "png"))
    print(f"medians of {args.rounds} round(s):")
    print(f"{'build':<40}{'seconds':>10}{'x baseline':>12}")
    print(f"{'no images (baseline)':<40}{baseline:>10.1f}{1:>12.2f}")
    print(f"{f'static first: {drawn} SVG':<40}{svg:>10.1f}{svg / baseline:>12.2f}")
    print(f"{'--static: SVG and PNG':<40}{png:>10.1f}{png / baseline:>12.2f}")
    met = svg / baseline <= TARGET
    print(f"target: the build with static figures at most {TARGET}x the baseline: {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
