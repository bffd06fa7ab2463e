"""The README's map previews: the control map at three dates, as PNG in docs/previews/ (`make previews`).

They are drawn from the same figures as the reports (maps.figures.control_map), by kaleido with the system Chromium.
"""

from __future__ import annotations

import sys
from pathlib import Path

import plotly.io as pio

from analysis.core.paths import PROJECT_ROOT
from analysis.i18n.language import Language
from analysis.present.export import WIDTH, check_browser
from maps import figures

FOLDER = PROJECT_ROOT / "docs" / "previews"
DATES = ("1994-05-12", "2020-12-02", "2024-01-28")


def write(folder: Path = FOLDER) -> list[Path]:
    check_browser()
    basemap = figures.Basemap()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for day in DATES:
        fig = figures.control_map(basemap, day, lang=Language("en", "dual"), show_corridor=True)
        path = folder / f"map-{day}.png"
        pio.write_image(fig, path, format="png", width=WIDTH, height=fig.layout.height, scale=1)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER):
        print(f"wrote {written.relative_to(PROJECT_ROOT) if written.is_relative_to(PROJECT_ROOT) else written}")
