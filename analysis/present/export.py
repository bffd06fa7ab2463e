"""Static PNG and SVG of a finished figure, for print, drawn by kaleido with the system Chromium.

Kaleido never downloads a browser here: it is pointed at the browser BROWSER_PATH names, else the first of
chromium, chromium-browser, google-chrome on PATH; a missing browser gets a one-line message. Files go to the report context's static folder (the build's --static, default reports/static), as
<stem>.png and <stem>.svg.
"""

from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from analysis.core.browser import BROWSERS, browser_path, check_browser  # noqa: F401 (the names notebooks use)
from analysis.core.errors import KarabakhError
from analysis.data.context import ReportContext

STEM = re.compile(r"^[a-z0-9][a-z0-9_-]{0,119}$")
WIDTH = 1100  # px; PNG at twice that for print


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
