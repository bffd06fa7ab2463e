"""Every page a reader opens (each report of reports.toml, the front pages and the corrections pages), as a reader
sees it at 360, 390, 768 and 1280 px: no sideways scroll, no text past the right edge, tables that fit or scroll in
their own container with a cue, legends off the plot on phones, no chart text under 10 px, no toolbar over a title on
phones and desktops (the rules in MET; page_layout.py measures every rule). And axe-core finds no violation of the
WCAG 2.1 A and AA rules at 390 and 1280 px.

One tab for the whole module, reused from page to page; the viewport changes per width on the open page, as a
reader turning a tablet does, and every figure redraws at it."""

from __future__ import annotations

from pathlib import Path

import pytest
from page_layout import RULES, WIDTHS, problems, settle

from analysis.build import config, corrections
from analysis.core.conventions import LANGUAGES

from helpers import ROOT

JOBS, _ = config.jobs(ROOT / "reports.toml")
INDEXES = ["index"] + [f"index-{code}" for code in ("hy", "az", "ru")]
PAGES = [job.slug for job in JOBS] + INDEXES + [Path(corrections.page_name(code)).stem for code in LANGUAGES]
# The rules every page meets, at each width: all of them, but on phones two chart texts may touch (on the Armenian
# negotiations timeline at 360 and 390 px, the highlighted milestone's box covers part of a lane's name);
# `python tests/page_layout.py DIR` counts every rule per width.
MET = {
    360: set(RULES) - {"text_overlap"},
    390: set(RULES) - {"text_overlap"},
    768: set(RULES),
    1280: set(RULES),
}
AXE_WIDTHS = (390, 1280)
# axe reads everything but the inside of plotly's drawing: the figure's caption is its text alternative, the toolbar
# sits outside it, and axe's pass over its thousands of SVG nodes took 60% of the time (4.3 s a page against 1.7 s)
# while finding nothing on any page at either width (measured over the whole matrix, 2026-12-07).
AXE_CONTEXT = {"exclude": [[".main-svg"]]}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _open(tab, report_matrix, name: str) -> dict:
    seen = tab.open(report_matrix / f"{name}.html")
    assert seen["drawn"] == seen["plots"], f"{name}: {seen['drawn']} of {seen['plots']} figures drew"
    return seen


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.browser
@pytest.mark.slow
def test_a_reader_sees_the_whole_page_and_axe_finds_no_violation_at_every_width(report_matrix, tab, name):
    from axe_playwright_python.sync_playwright import Axe

    seen = _open(tab, report_matrix, name)
    axe = Axe()
    found, violations = {}, {}
    for width in WIDTHS:
        settle(seen["page"], width)
        wrong = {rule: items for rule, items in problems(seen["page"]).items() if items and rule in MET[width]}
        if wrong:
            found[width] = wrong
        if width in AXE_WIDTHS:
            result = axe.run(seen["page"], context=AXE_CONTEXT, options={"runOnly": {"type": "tag", "values": WCAG}})
            if result.violations_count:
                violations[width] = [
                    f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
                    for v in result.response["violations"]
                ]
    settle(seen["page"], 1200)
    assert found == {}, f"{name}: " + "; ".join(
        f"{w} px {rule}: {items[:3]}" for w, rules in found.items() for rule, items in rules.items()
    )
    assert violations == {}, f"{name}: {violations}"
    assert set().union(*MET.values()) == set(RULES)
