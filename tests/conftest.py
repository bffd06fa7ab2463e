"""Shared fixtures: copies of the seeds, the CLI, one build of the report matrix for the whole session, headless
Chromium. Helpers that are not fixtures live in helpers.py.

Markers are declared on the tests (`pytestmark` or a decorator): `slow` for a test that executes notebooks,
`browser` for one that drives headless Chromium. A test that runs a notebook or opens the browser without its
marker fails, naming the marker to add, so `make test-fast` (`-m "not slow and not browser"`) stays fast.

`make test` runs two pytest-xdist workers with `--dist loadfile` (a module's tests stay on one worker, so its
fixtures are built once). Modules start longest first, by the durations the last run measured (kept in pytest's
cache); without a cache, the modules with the most slow tests go first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from filelock import FileLock

from helpers import CHROMIUM_ARGS, NO_BROWSER, ROOT, Tab, chromium, run_cli

DURATIONS = "karabakh/module-seconds"
_current: list[pytest.Item] = []  # the test being set up or run in this process


def pytest_collection_modifyitems(config, items):
    """Longest modules first: last run's measured seconds, else the number of slow tests (file order within)."""
    seconds = config.cache.get(DURATIONS, {}) if getattr(config, "cache", None) else {}
    slow = Counter(item.module.__name__ for item in items if item.get_closest_marker("slow"))
    items.sort(key=lambda item: (-seconds.get(item.module.__name__, 0), -slow[item.module.__name__]))


class ModuleClock:
    """Adds up each module's seconds (under xdist, on the controller, where every worker's reports arrive) and keeps
    them in pytest's cache for the next run's order."""

    def __init__(self, config):
        self.config = config
        self.seconds: Counter[str] = Counter()

    def pytest_runtest_logreport(self, report):
        self.seconds[Path(report.nodeid.split("::")[0]).stem] += report.duration

    def pytest_sessionfinish(self, session, exitstatus):
        if self.seconds and exitstatus == 0 and not hasattr(self.config, "workerinput"):
            known = self.config.cache.get(DURATIONS, {})
            self.config.cache.set(DURATIONS, known | {name: round(sec, 1) for name, sec in self.seconds.items()})


def pytest_configure(config):
    if getattr(config, "cache", None) is not None:  # None under -p no:cacheprovider
        config.pluginmanager.register(ModuleClock(config), "karabakh-module-clock")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _current[:] = [item]


def require(marker: str, what: str) -> None:
    """Fail the current test if it does `what` without declaring `marker`."""
    if _current and _current[0].get_closest_marker(marker) is None:
        pytest.fail(f"{_current[0].nodeid} {what} but is not marked {marker}: add @pytest.mark.{marker}", False)


def pytest_collection_finish(session):
    """Stop at once, with one line, if browser tests are selected and there is no Chromium to run them."""
    if any(item.get_closest_marker("browser") for item in session.items) and chromium() is None:
        pytest.exit(NO_BROWSER, returncode=4)


@pytest.fixture
def seeds_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of seeds/, made the active seeds folder for loaders in this process."""
    dst = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", dst)
    monkeypatch.setenv("KARABAKH_SEEDS", str(dst))
    return dst


@pytest.fixture(scope="session")
def build_cli():
    """`python -m analysis build ARGS` (see run_cli; the fixture marks a test that executes notebooks `slow`)."""

    def build(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        require("slow", "runs the report build")
        return run_cli("build", *args, env=env)

    return build


@pytest.fixture(scope="session")
def execute_notebook():
    """analysis.build.builder.execute, for a test that runs one notebook in a kernel in-process (marks it `slow`)."""
    from analysis.build import builder

    def execute(*args, **kwargs):
        require("slow", "executes a notebook")
        return builder.execute(*args, **kwargs)

    return execute


@pytest.fixture(scope="session")
def report_matrix(tmp_path_factory, build_cli) -> Path:
    """Every variant in reports.toml, built once per test run into a temporary reports/ folder.

    Tests that only read built HTML use this. A test that breaks, rebuilds or poisons its build makes its own.
    Under pytest-xdist the workers share one build: the first to need it builds it while holding a file lock.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's temporary folder, above each worker's own
    out = shared / "matrix" / "reports"
    require("slow", "reads the session's report matrix")
    with FileLock(shared / "matrix.lock"):
        if not (out.parent / "built").exists():
            shutil.rmtree(out.parent, ignore_errors=True)
            result = build_cli("--out", str(out))
            assert result.returncode == 0, result.stdout + result.stderr
            (out.parent / "built").touch()
    return out


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Playwright (Debian's /usr/bin/chromium when it is there)."""
    from playwright.sync_api import sync_playwright

    executable = chromium()
    if executable is None:
        pytest.exit(NO_BROWSER, returncode=4)
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable or None, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def tab(browser) -> Tab:
    """The one tab of headless Chromium that the browser tests of this process open their reports in."""
    return Tab(browser)


@pytest.fixture(autouse=True)
def _browser_needs_its_marker(request):
    """A test that uses the browser (directly or through a fixture) declares `browser`."""
    if "browser" in request.fixturenames:
        require("browser", "drives headless Chromium")
