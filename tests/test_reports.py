"""The real report matrix: every variant in reports.toml executes, and every built report draws offline, served as
GitHub Pages serves a project site (https://org.github.io/repo/): under a sub-path, every link and asset resolving,
and nothing fetched from anywhere else. (Opening a report straight from disk is checked in test_maps.py and
test_displacement.py.)"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest
import requests

from analysis.build import config
from analysis.build import corrections as pages
from analysis.core.conventions import LANGUAGES

from helpers import ROOT

JOBS, REJECTED = config.jobs(ROOT / "reports.toml")
MAX_HTML_BYTES = 1_000_000  # plus the shared reports/assets/plotly.min.js
INDEXES = ["index"] + [f"index-{code}" for code in ("hy", "az", "ru")]
PAGES = [*INDEXES, "build"]


def test_reports_toml_is_valid():
    assert REJECTED == []
    assert JOBS[0].notebook == "explainer", "the explainer comes first in the index"


@pytest.mark.slow
def test_index_lists_every_report_explainer_first(report_matrix):
    site_pages = [Path(pages.page_name(code)).stem for code in LANGUAGES]  # the corrections page in each language
    assert sorted(p.stem for p in report_matrix.glob("*.html")) == sorted(
        [job.slug for job in JOBS] + PAGES + site_pages
    )
    index = (report_matrix / "build.html").read_text(encoding="utf-8")
    # a report's page is at the site's root (the figures listed under it link to embed/<slug>/figN.html)
    titles = re.findall(r'<a href="([^"/]+)\.html">', index[index.index("<table") :])
    assert titles == list(dict.fromkeys(job.group for job in JOBS)), "one row per report, its translations beside it"
    assert 'class="failed"' not in index


@pytest.fixture(scope="module")
def site(report_matrix, tmp_path_factory):
    """The session's build served over HTTP at /repo/."""
    root = tmp_path_factory.mktemp("www")
    shutil.copytree(report_matrix, root / "repo")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/repo/"
    server.shutdown()


@pytest.mark.parametrize("index", PAGES)
@pytest.mark.slow
def test_every_link_of_an_index_resolves_under_a_sub_path(site, index):
    page = requests.get(f"{site}{index}.html", timeout=10)
    assert page.ok
    links = set(re.findall(r'(?:href|src)="([^"#:]+)"', page.text))
    assert any(link.endswith(".html") for link in links), f"{index} links no report"
    broken = [link for link in sorted(links) if not requests.get(site + link, timeout=10).ok]
    assert broken == []


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.slug)
@pytest.mark.browser
@pytest.mark.slow
def test_report_draws_every_figure_offline_under_a_sub_path(report_matrix, site, tab, job):
    page = report_matrix / f"{job.slug}.html"
    assert page.stat().st_size <= MAX_HTML_BYTES, f"{job.slug} is {page.stat().st_size:,} bytes"
    assert "No description has been provided" not in page.read_text(encoding="utf-8")
    seen = tab.open(f"{site}{job.slug}.html", allow=site)
    assert seen["plots"] >= 1
    assert seen["drawn"] == seen["plots"], f"{job.slug}: {seen['drawn']} of {seen['plots']} figures drew"
    assert seen["errors"] == [], seen["errors"]
    assert seen["blocked"] == [], f"{job.slug} tried to load {seen['blocked']}"
    assert seen["failed"] == [], f"{job.slug}: not found on the server: {seen['failed']}"
