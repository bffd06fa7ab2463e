"""The real report matrix: every variant in reports.toml executes, and every built report draws offline."""

from __future__ import annotations

import re

import pytest

from analysis import config

from conftest import ROOT, open_offline

JOBS, REJECTED = config.jobs(ROOT / "reports.toml")
MAX_HTML_BYTES = 1_000_000  # plus the shared reports/assets/plotly.min.js


def test_reports_toml_is_valid():
    assert REJECTED == []
    assert JOBS[0].notebook == "explainer", "the explainer comes first in the index"


def test_index_lists_every_report_explainer_first(report_matrix):
    indexes = ["index"] + [f"index-{code}" for code in ("hy", "az", "ru")]
    assert sorted(p.stem for p in report_matrix.glob("*.html")) == sorted([job.slug for job in JOBS] + indexes)
    index = (report_matrix / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'<a href="([^"]+)\.html">', index[index.index("<table") :])
    assert titles == list(dict.fromkeys(job.group for job in JOBS)), "one row per report, its translations beside it"
    assert 'class="failed"' not in index


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.slug)
def test_report_draws_every_figure_offline(report_matrix, browser, job):
    page = report_matrix / f"{job.slug}.html"
    assert page.stat().st_size <= MAX_HTML_BYTES, f"{job.slug} is {page.stat().st_size:,} bytes"
    html = page.read_text(encoding="utf-8")
    assert "No description has been provided" not in html
    seen = open_offline(browser, page)
    assert seen["plots"] >= 1
    assert seen["drawn"] == seen["plots"], f"{job.slug}: {seen['drawn']} of {seen['plots']} figures drew"
    assert seen["errors"] == [], seen["errors"]
    assert seen["blocked"] == [], f"{job.slug} tried to load {seen['blocked']}"
    seen["page"].close()
