"""Benchmark: what drawing the figures' images adds to a cold build of every report in reports.toml.

    .venv/bin/python benchmarks/bench_images.py            # --jobs 2
    .venv/bin/python benchmarks/bench_images.py --jobs 4

Three cold builds (`--force`) into temporary folders, in this run, one after another:
- the baseline: the same build with the image drawing switched off (``images.Drawer.add`` does nothing), what a build
  cost before the pages became static first;
- the default build: every figure as a wide and a narrow SVG (the pages' static-first images);
- with ``--static``: the PNGs for social cards and print as well.

Prints wall-clock seconds and each as a ratio to the baseline. Target (issue 24): the build with static figures at
most 1.5x the baseline. Not a test: timings vary by machine and load.
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build = ["build", "--force", "--jobs", str(args.jobs)]
        baseline = timed([sys.executable, "-c", WITHOUT_IMAGES, *build, "--out", f"{tmp}/none"])
        svg = timed([sys.executable, "-m", "analysis", *build, "--out", f"{tmp}/svg"])
        png = timed([sys.executable, "-m", "analysis", *build, "--out", f"{tmp}/png", "--static", f"{tmp}/png/static"])
        drawn = sum(1 for _ in Path(tmp, "svg", "embed").rglob("*.svg"))
    print(f"{'build':<40}{'seconds':>10}{'x baseline':>12}")
    print(f"{'no images (baseline)':<40}{baseline:>10.1f}{1:>12.2f}")
    print(f"{f'static first: {drawn} SVG':<40}{svg:>10.1f}{svg / baseline:>12.2f}")
    print(f"{'--static: SVG and PNG':<40}{png:>10.1f}{png / baseline:>12.2f}")
    met = svg / baseline <= TARGET
    print(f"target: the build with static figures at most {TARGET}x the baseline: {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
