"""The Chrome or Chromium kaleido draws static images with (the notebooks' print exports, the build's images).

Kaleido never downloads a browser here: it is pointed at the browser BROWSER_PATH names, else the first of
chromium, chromium-browser, google-chrome on PATH; a missing browser gets a one-line message.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from analysis.core.errors import KarabakhError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")  # looked up on PATH, in this order


def browser_path() -> str:
    """The Chrome or Chromium kaleido draws with: $BROWSER_PATH, else the first of BROWSERS on PATH."""
    named = os.environ.get("BROWSER_PATH")
    found = named if named else next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if not found or not Path(found).exists():
        where = f"no browser at {named} (BROWSER_PATH)" if named else f"none of {', '.join(BROWSERS)} is on PATH"
        raise KarabakhError(
            f"static export needs Chrome or Chromium: {where}; install chromium (apt-get install chromium) or set "
            f"BROWSER_PATH to the browser's path"
        )
    return found


def check_browser() -> None:
    """Point kaleido at the browser (it reads BROWSER_PATH), or stop with one line that says how to get one."""
    os.environ["BROWSER_PATH"] = browser_path()
