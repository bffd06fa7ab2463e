"""Every page a reader opens (each report of reports.toml and the front pages), as a reader sees it at 360, 390,
768 and 1280 px: no sideways scroll, no text past the right edge, tables that fit or scroll in their own container
with a cue, figures whose plot area takes most of a phone's width, legends off the plot, no chart text outside its
figure or under 10 px, no toolbar over a title (rules and measures in page_layout.py). And axe-core finds no
violation of the WCAG 2.1 A and AA rules at 390 and 1280 px.

One tab for the whole module, reused from page to page; the viewport changes per width on the open page, as a
reader turning a tablet does, and every figure redraws at it."""

from __future__ import annotations

import pytest
from page_layout import RULES, WIDTHS, problems, settle

from analysis.build import config

from helpers import ROOT

JOBS, _ = config.jobs(ROOT / "reports.toml")
PAGES = [job.slug for job in JOBS] + ["index"] + [f"index-{code}" for code in ("hy", "az", "ru")]
# Measured and reported, not yet a rule: map labels and log-scale ticks still touch one another at some widths.
INFORMATIONAL = {"text_overlap"}
AXE_WIDTHS = (390, 1280)
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _open(tab, report_matrix, name: str) -> dict:
    seen = tab.open(report_matrix / f"{name}.html")
    assert seen["drawn"] == seen["plots"], f"{name}: {seen['drawn']} of {seen['plots']} figures drew"
    return seen


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.browser
@pytest.mark.slow
def test_a_reader_sees_the_whole_page_at_every_width(report_matrix, tab, name):
    seen = _open(tab, report_matrix, name)
    found = {}
    for width in WIDTHS:
        settle(seen["page"], width)
        wrong = {rule: items for rule, items in problems(seen["page"]).items() if items and rule not in INFORMATIONAL}
        if wrong:
            found[width] = wrong
    settle(seen["page"], 1200)
    assert found == {}, f"{name}: " + "; ".join(
        f"{w} px {rule}: {items[:3]}" for w, rules in found.items() for rule, items in rules.items()
    )
    assert set(RULES) > INFORMATIONAL


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.browser
@pytest.mark.slow
def test_axe_finds_no_wcag_violation(report_matrix, tab, name):
    from axe_playwright_python.sync_playwright import Axe

    seen = _open(tab, report_matrix, name)
    axe = Axe()
    found = {}
    for width in AXE_WIDTHS:
        settle(seen["page"], width)
        result = axe.run(seen["page"], options={"runOnly": {"type": "tag", "values": WCAG}})
        if result.violations_count:
            found[width] = [
                f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
                for v in result.response["violations"]
            ]
    settle(seen["page"], 1200)
    assert found == {}, f"{name}: {found}"
