"""Benchmark: asking the territories a question, the km² series, and the size of the map reports.

    .venv/bin/python benchmarks/bench_maps.py            # timings, then builds the map variants of reports.toml
    .venv/bin/python benchmarks/bench_maps.py --no-build # timings only

Targets (issue 10): control_at(date) under 50 ms after the first call; the whole km² series under 1 s; each map
report under 0.6 MB of HTML plus the shared plotly.js. Each timing is also given as a ratio to a baseline measured
in the same run: reading the territories file once (the work every call would repeat without the cache).
Not a test: timings vary by machine.
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
sys.path.insert(0, str(ROOT))

from analysis import data  # noqa: E402
from analysis.build import config  # noqa: E402
from maps import layers  # noqa: E402


def timed(call, repeat: int) -> float:
    """Median seconds of ``repeat`` calls."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-build", action="store_true", help="skip building the map reports")
    args = parser.parse_args()

    started = time.perf_counter()
    layers.control_at("2020-11-10")
    first = time.perf_counter() - started
    days = list(layers.change_dates())
    baseline = timed(data.load_territories, 5)
    per_call = timed(lambda: [layers.control_at(day) for day in days], 5) / len(days)
    series = timed(layers.km2_over_time, 5)
    print(f"read territories.geojson once (baseline)    {baseline * 1000:8.1f} ms")
    print(f"control_at, first call (loads the file)     {first * 1000:8.1f} ms")
    print(
        f"control_at, later calls (median, {len(days)} dates) {per_call * 1000:8.1f} ms   "
        f"{per_call / baseline:5.2f}x baseline   target < 50 ms"
    )
    print(
        f"km2_over_time, whole series                 {series * 1000:8.1f} ms   "
        f"{series / baseline:5.2f}x baseline   target < 1000 ms"
    )
    if args.no_build:
        return 0
    slugs = [entry["slug"] for entry in config.read(ROOT / "reports.toml") if entry["notebook"] == "map_karabakh"]
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "analysis", "build", "--force", "--out", tmp]
        for slug in slugs:
            cmd += ["--only", slug]
        subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        for slug in slugs:
            size = (Path(tmp) / f"{slug}.html").stat().st_size
            print(f"{slug:40s} {size / 1e6:6.3f} MB   target < 0.6 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
