"""Shared fixtures: copies of the seeds, the CLI as a subprocess, temporary report projects, headless Chromium."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def seeds_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of seeds/, made the active seeds folder for loaders in this process."""
    dst = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", dst)
    monkeypatch.setenv("KARABAKH_SEEDS", str(dst))
    return dst


def rehash(seeds: Path) -> None:
    """Accept an edited seeds copy (so the test reaches the schema check, not the hash check)."""
    from analysis import data

    data.rehash(seeds)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m analysis ARGS` in a subprocess, as a user would run it."""
    full_env = {k: v for k, v in os.environ.items() if k != "KARABAKH_SEEDS"}  # use --seeds or env= explicitly
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True,
                          cwd=ROOT, env=full_env, timeout=900)


def make_project(tmp_path: Path, toml: str, notebooks: dict[str, str] | None = None) -> Path:
    """A temporary reports.toml with a notebooks/ folder next to it: the repository's notebooks plus extra ones."""
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    for nb in (ROOT / "notebooks").glob("*.py"):
        shutil.copy(nb, project / "notebooks" / nb.name)
    for name, text in (notebooks or {}).items():
        (project / "notebooks" / f"{name}.py").write_text(text, encoding="utf-8")
    (project / "reports.toml").write_text(toml, encoding="utf-8")
    return project / "reports.toml"


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright."""
    if not CHROMIUM.exists():
        pytest.fail("these tests need /usr/bin/chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield instance
        instance.close()


def open_offline(browser, html: Path, settle_ms: int = 500) -> dict:
    """Open a report from disk with every non-file request blocked; report plots drawn, errors and blocked requests."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    blocked: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))

    def route(request_route):
        if request_route.request.url.startswith("file:"):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(settle_ms)
    result = {
        "plots": page.locator(".kb-plot").count(),
        "drawn": page.locator(".kb-plot .main-svg").evaluate_all(
            "els => new Set(els.map(e => e.closest('.kb-plot').id)).size"),
        "errors": errors,
        "blocked": blocked,
        "page": page,
    }
    return result
