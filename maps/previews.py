"""The README's previews, as PNG in docs/previews/ (`make previews`, after `make reports`):

- the control map at three dates, drawn from the same figures as the reports (maps.figures.control_map) by kaleido
  with the system Chromium;
- a phone's view: one map and one chart of the built reports, and one embed page, as a reader sees them at 390 px
  (Chromium screenshots at 2×, taken by Playwright from reports/ once every chart has drawn; the same build gives
  the same bytes).
"""

from __future__ import annotations

import sys
from pathlib import Path

import plotly.io as pio

from analysis.core.errors import KarabakhError
from analysis.core.paths import PROJECT_ROOT
from analysis.i18n.language import Language
from analysis.present.export import WIDTH, check_browser
from maps import figures

FOLDER = PROJECT_ROOT / "docs" / "previews"
DATES = ("1994-05-12", "2020-12-02", "2024-01-28")
SITE = PROJECT_ROOT / "reports"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
# (page of the built site, what to shoot, file): a report's first figure with its caption, or a whole embed page
PHONE_SHOTS = (
    ("map-2024-01-28.html", "#map-2024-01-28-fig1", "phone-map.png"),
    ("displacement-2023-exodus.html", "#displacement-2023-exodus-fig1", "phone-chart.png"),
    ("embed/map-2024-01-28/fig1.html", "body", "embed-phone.png"),
)
DRAWN = "() => Array.from(document.querySelectorAll('.kb-plot')).every((e) => e.querySelector('.main-svg'))"


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


def phone(site: Path = SITE, folder: Path = FOLDER) -> list[Path]:
    """Screenshots of the built site at phone width (PHONE_SHOTS): the figure with its caption, or the page."""
    from playwright.sync_api import sync_playwright

    from analysis.core.browser import browser_path

    missing = [name for name, _, _ in PHONE_SHOTS if not (site / name).exists()]
    if missing:
        raise KarabakhError(f"{site}: {', '.join(missing)} not built; run `make reports` first")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path(), args=["--no-sandbox", "--disable-gpu"])
        for name, target, file in PHONE_SHOTS:
            page = browser.new_context(**PHONE, reduced_motion="reduce").new_page()
            page.goto((site / name).resolve().as_uri())
            page.wait_for_load_state("load")
            page.wait_for_function(DRAWN, timeout=30_000)
            page.evaluate("() => document.fonts.ready")
            page.wait_for_timeout(500)  # plotly's responsive resize after the first drawing
            shot = page.locator(target).locator("xpath=ancestor-or-self::figure[1]") if target != "body" else None
            path = folder / file
            (shot or page).screenshot(path=path, animations="disabled", **({} if shot else {"full_page": True}))
            paths.append(path)
            page.context.close()
        browser.close()
    return paths


if __name__ == "__main__":
    written_all = write(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER)
    written_all += phone(folder=Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER)
    for written in written_all:
        print(f"wrote {written.relative_to(PROJECT_ROOT) if written.is_relative_to(PROJECT_ROOT) else written}")
