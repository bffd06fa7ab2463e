"""Benchmark: a matrix of map variants built with fresh kernels and with warm kernels, against the floor.

    .venv/bin/python benchmarks/bench_matrix.py                 # 40 variants of map_karabakh, --jobs 2
    .venv/bin/python benchmarks/bench_matrix.py --variants 12 --jobs 2

The variants (one every nine months from 1992) are written to a temporary reports.toml; the project's own
reports.toml is never touched. Printed, all measured in this run:
- the floor: the notebook's code for every variant in one warm Python process, serially, divided by the workers;
- our build with --fresh-kernels (papermill, a kernel per report) and with warm kernels (the default);
- each as a ratio to the floor, and the peak memory of the whole build (the build and all its kernels).
Targets (issue 13): warm build <= 2x the floor; peak memory <= 1.5 GB with --jobs 2. Not a test.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import psutil

ROOT = Path(__file__).resolve().parent.parent
FLOOR = """
import sys, time, jupytext
started = time.perf_counter()
nb = jupytext.read(sys.argv[1])
code = [c.source for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
for as_of in sys.argv[2:]:
    namespace = {"as_of": as_of, "label_style": "dual", "language": "en", "show_corridor": True,
                 "export_static": False, "report_context": None}
    for source in code:
        exec(compile(source, "map_karabakh", "exec"), namespace)
print(time.perf_counter() - started)
"""


def dates(n: int) -> list[str]:
    return [f"{day:%Y-%m-%d}" for day in pd.date_range("1992-03-01", periods=n, freq="9MS")]


def project(folder: Path, days: list[str]) -> Path:
    (folder / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "map_karabakh.py", folder / "notebooks")
    toml = '[[reports]]\nnotebook = "map_karabakh"\ntitle = "Map"\n'
    for day in days:
        toml += f'\n[[reports.variants]]\nslug = "map-{day}"\nparams = {{ as_of = "{day}" }}\n'
    (folder / "reports.toml").write_text(toml, encoding="utf-8")
    return folder / "reports.toml"


def peak_rss(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and the peak of the summed resident memory of a command and all its children (bytes)."""
    started = time.perf_counter()
    process = psutil.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        total = 0
        for proc in [process, *process.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                continue
        peak = max(peak, total)
        time.sleep(0.1)
    if process.returncode:
        raise SystemExit(f"{' '.join(cmd)} exited with {process.returncode}")
    return time.perf_counter() - started, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", type=int, default=40, help="map variants (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=2, help="build workers (default: %(default)s)")
    args = parser.parse_args()
    days = dates(args.variants)
    with tempfile.TemporaryDirectory() as tmp:
        config = project(Path(tmp) / "project", days)
        floor_run = subprocess.run(
            [sys.executable, "-c", FLOOR, str(ROOT / "notebooks" / "map_karabakh.py"), *days],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        floor = float(floor_run.stdout.strip().splitlines()[-1]) / args.jobs
        build = [
            sys.executable,
            "-m",
            "analysis",
            "build",
            "--config",
            str(config),
            "--force",
            "--jobs",
            str(args.jobs),
        ]
        fresh, fresh_mem = peak_rss([*build, "--out", str(Path(tmp) / "fresh"), "--fresh-kernels"])
        warm, warm_mem = peak_rss([*build, "--out", str(Path(tmp) / "warm")])
        same = all(
            (Path(tmp) / "fresh" / f"map-{d}.html").read_bytes() == (Path(tmp) / "warm" / f"map-{d}.html").read_bytes()
            for d in days
        )
    print(f"{args.variants} variants of map_karabakh, --jobs {args.jobs}")
    print(f"floor (one warm process, serial / {args.jobs})  {floor:7.1f} s   1.00x")
    print(
        f"build, fresh kernels                 {fresh:7.1f} s   {fresh / floor:4.2f}x   peak {fresh_mem / 1e9:.2f} GB"
    )
    print(f"build, warm kernels                  {warm:7.1f} s   {warm / floor:4.2f}x   peak {warm_mem / 1e9:.2f} GB")
    print(f"targets: warm <= 2x the floor; peak <= 1.5 GB. HTML identical fresh vs warm: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
