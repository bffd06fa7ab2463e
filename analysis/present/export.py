"""Static PNG and SVG of a finished figure, for print, drawn by kaleido with the system Chromium.

Kaleido never downloads a browser here: it is pointed at /usr/bin/chromium (unless BROWSER_PATH names
another). Files go to the report context's static folder (the build's --static, default reports/static), as
<stem>.png and <stem>.svg.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from analysis.core.errors import KarabakhError
from analysis.data.context import ReportContext

CHROMIUM = "/usr/bin/chromium"
STEM = re.compile(r"^[a-z0-9][a-z0-9_-]{0,119}$")
WIDTH = 1100  # px; PNG at twice that for print


def check_browser() -> None:
    """Kaleido draws with the system Chromium (or BROWSER_PATH); say how to get one if it is missing."""
    browser = os.environ.setdefault("BROWSER_PATH", CHROMIUM)
    if not Path(browser).exists():
        raise KarabakhError(
            f"static export: no browser at {browser} (BROWSER_PATH); install chromium or point "
            f"BROWSER_PATH at a Chrome or Chromium binary"
        )


def export_static(fig: go.Figure, stem: str, ctx: ReportContext | None = None) -> tuple[Path, Path]:
    """Write <stem>.png and <stem>.svg of a finished figure into the report context's static folder."""
    if not STEM.match(stem):
        raise KarabakhError(
            f"static export: file stem {stem!r} is not allowed; use lowercase letters, digits, '-' and '_'"
        )
    check_browser()
    folder = (ctx or ReportContext.default()).static
    folder.mkdir(parents=True, exist_ok=True)
    paths = (folder / f"{stem}.png", folder / f"{stem}.svg")
    height = fig.layout.height or 500
    pio.write_images([fig, fig], list(paths), format=["png", "svg"], width=WIDTH, height=height, scale=[2, 1])
    return paths
