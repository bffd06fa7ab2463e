"""The house palette stays distinguishable under the three forms of dichromacy (colour blindness).

Each colour set used together in a chart is simulated for protanopia, deuteranopia and tritanopia (Machado,
Oliveira and Fernandes 2009, severity 1.0, applied in linear RGB) and every pair must stay at least MIN_DELTA_E
apart in CIELAB (CIE76). Figures also use marker shape or hatching, so colour is never the only cue.
"""

from __future__ import annotations

from itertools import combinations, pairwise

import numpy as np
import pytest

from analysis.build import builder
from analysis.displacement import charts as displacement_charts
from analysis.negotiations import charts as negotiation_charts
from analysis.present.style import PALETTE
from maps import figures

MIN_DELTA_E = 12
MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
    "normal vision": np.eye(3).tolist(),
}
SETS = {  # the colours that appear together in one figure, read from the modules that draw them
    "timeline: kinds of milestone": [colour for _, colour, _ in negotiation_charts.KIND_GROUPS.values()],
    "map: controllers, lines of contact, corridor": [colour for colour, _ in figures.CONTROLLER.values()]
    + [colour for _, colour, _, _ in figures.LINES.values()]
    + [figures.CORRIDOR_COLOUR],
    "displacement: sides (1988-94 dot plot)": [colour for _, colour, _ in displacement_charts.SIDES.values()],
    "displacement: reporters (exodus chart)": [
        *displacement_charts.REPORTER_COLOURS.values(),
        displacement_charts.OTHER_REPORTER,
    ],
}
NAMES = {colour: name for name, colour in PALETTE.items()}


def _linear(hex_colour: str) -> np.ndarray:
    srgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _seen(colour: str, vision: str) -> np.ndarray:
    return _lab(np.clip(np.array(MACHADO[vision]) @ _linear(colour), 0, 1))


@pytest.mark.parametrize("vision", sorted(MACHADO))
@pytest.mark.parametrize("colour_set", sorted(SETS))
def test_colours_used_together_stay_apart(colour_set, vision):
    for a, b in combinations(SETS[colour_set], 2):
        distance = float(np.linalg.norm(_seen(a, vision) - _seen(b, vision)))
        names = NAMES.get(a, a), NAMES.get(b, b)
        assert distance >= MIN_DELTA_E, (
            f"{colour_set}: {names[0]} and {names[1]} are {distance:.1f} apart under {vision}"
        )


def test_the_check_can_fail():
    """Red and green, the classic confusion, must fail the same check under deuteranopia."""
    red, green = _linear("#FF0000"), _linear("#00C000")
    seen = [_lab(np.clip(np.array(MACHADO["deuteranopia"]) @ c, 0, 1)) for c in (red, green)]
    assert np.linalg.norm(seen[0] - seen[1]) < MIN_DELTA_E


def test_the_report_plotly_bundle_matches_plotly_py():
    """Figures are serialised by plotly.py for one plotly.js version; the reports must load that version."""
    from plotly.offline import get_plotlyjs_version

    from analysis.build.builder import plotly_js

    header = plotly_js()[:200]
    assert f"plotly.js (cartesian - minified) v{get_plotlyjs_version()}\n" in header, (
        "run `make plotly-bundle` after changing the plotly version"
    )


def test_the_vendored_plotly_bundle_matches_its_recorded_sha256():
    """The vendored analysis/build/assets/plotly-cartesian.min.js (.gitattributes) has the hash `make plotly-bundle` wrote."""
    import hashlib

    bundle = builder.PLOTLY_BUNDLE
    recorded, name = (bundle.parent / f"{bundle.name}.sha256").read_text(encoding="utf-8").split()
    assert name == bundle.name
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() == recorded, (
        "the plotly bundle changed without `make plotly-bundle`: refresh it there, or restore the vendored file"
    )


# --- shared text helpers ------------------------------------------------------------------------------------


def test_dates_are_written_as_precisely_as_their_source():
    import pandas as pd

    from analysis.i18n.language import Language

    moment = pd.Timestamp("2023-09-05 14:30")
    en, ru = Language("en"), Language("ru")
    assert [en.date(moment, p) for p in ("hour", "day", "month", "year")] == [
        "5 Sep 2023, 14:30",
        "5 Sep 2023",
        "Sep 2023",
        "2023",
    ]
    assert [ru.date(moment, p, long=True) for p in ("hour", "day", "month", "year")] == [
        "5 сентября 2023 г., 14:30",
        "5 сентября 2023 г.",
        "сентябрь 2023 г.",
        "2023",
    ]
    assert en.date("2024-01-28", long=True) == "28 January 2024"
    assert en.date(pd.NaT) == en.date(moment, "unknown") == "date unknown"


def test_source_line_names_the_publishers_and_the_dataset():
    import pandas as pd

    from analysis.i18n.language import Language
    from analysis.present.style import source_line

    en = Language("en")
    rows = pd.DataFrame({"source_name": ["B", "A", "B", "C", None]})
    rows.attrs["title"] = "Displacement"
    assert source_line(rows, lang=en) == "Source: B, A, C. Compiled in: Displacement (karabakh-notebooks)."
    assert (
        source_line(rows, lang=en, limit=2)
        == "Source: B, A and 1 more. Compiled in: Displacement (karabakh-notebooks)."
    )
    other = pd.DataFrame({"source_name": ["D", "A"]})
    assert (
        source_line(other, None, lang=en, sentence="Source: events from {names} (maps).")
        == "Source: events from D, A (maps)."
    )
    assert source_line(other, lang=en) == "Source: D, A."  # no dataset title: no "Compiled in"
    assert (
        source_line(rows.assign(source_name="A"), other, lang=en)
        == "Source: A, D. Compiled in: Displacement (karabakh-notebooks)."
    )
    ru = Language("ru")
    assert source_line(rows, lang=ru, limit=2).startswith("Источник: B, A и ещё 1")
    assert not ru.missing


def test_the_note_under_a_figure_breaks_at_spaces_and_keeps_long_words_whole():
    import plotly.graph_objects as go

    from analysis.i18n.language import Language
    from analysis.present.style import finish, source_chars

    url = "https://example.org/" + "a" * 150
    fig = finish(
        go.Figure(), title="T", alt="A", source="Source: " + "word " * 40, note=f"see {url} there", lang=Language()
    )
    lines = fig.layout.annotations[-1].text.split("<br>")
    note = lines.index("Note: see")
    assert lines[note:] == ["Note: see", url, "there"]  # the URL is longer than a line: alone, not cut
    # the source line's 208 letters in lines that fit across a tablet's drawing (105 letters)
    width = source_chars()
    assert 80 <= width < 140 and note == 2
    assert all(len(line) <= width for line in lines[:note]) and lines[0].startswith("Source: word")
    assert " ".join(lines[:note]) == "Source: " + " ".join(["word"] * 40)


def test_a_figure_spec_cannot_end_its_script_element():
    import json
    import re

    from analysis.build.render import figure_html
    from analysis.i18n.language import Language

    spec = {"data": [{"name": "</script><b>'x' & y"}], "layout": {"meta": {"alt": "<i>alt</i>"}}}
    html = figure_html(spec, "f1", Language())
    spec = re.search(r'<script type="application/json" id="f1-spec">(.*?)</script>', html).group(1)
    assert "<" not in spec and "&" not in spec
    assert json.loads(spec)["data"][0]["name"] == "</script><b>'x' & y"
    assert "<figcaption><details><summary>Chart description</summary><p>&lt;i&gt;alt&lt;/i&gt;</p>" in html


def test_static_export_finds_the_browser_on_path_or_says_in_one_line_how_to_get_one(monkeypatch, tmp_path):
    from analysis.core.errors import KarabakhError
    from analysis.present import export

    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert export.browser_path() == str(fake)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(KarabakhError) as missing:
        export.browser_path()
    assert "none of chromium, chromium-browser, google-chrome is on PATH" in str(missing.value)
    assert "\n" not in str(missing.value)
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "nowhere"))
    with pytest.raises(KarabakhError, match=r"no browser at .*nowhere \(BROWSER_PATH\)"):
        export.browser_path()


def test_a_line_of_armenian_or_cyrillic_holds_fewer_letters_than_one_of_latin():
    from analysis.present.style import letter_width, wrap

    latin, cyrillic, armenian = "people arrived in Armenia", "число прибывших в Армению", "ժամանածներ Հայաստան"
    assert letter_width(latin) == 1.0 < letter_width(cyrillic) < letter_width(armenian)
    assert letter_width("Աղբյուրը՝ Reformatorisch Dagblad, Armenian Genocide Resource Center") == 1.0  # mostly Latin
    words = "слово " * 20
    lines = wrap(words, 30).split("<br>")
    assert max(len(line) for line in lines) <= 30 / letter_width(words) and " ".join(lines) == words.strip()


def test_log_axis_ticks_keep_their_labels_apart_at_the_width_they_are_drawn():
    import math

    from analysis.present.style import log_ticks

    wide, phone = log_ticks(5_000, 1_000_000, 340), log_ticks(5_000, 1_000_000, 200)
    assert wide == [10_000, 30_000, 100_000, 300_000, 1_000_000] and phone == [10_000, 100_000, 1_000_000]
    # within a decade: even steps, fewer on a phone; every pair of neighbours is a label's width apart
    for room in (340, 200):
        ticks = log_ticks(98_000, 150_000, room)
        gaps = [(math.log10(b) - math.log10(a)) / math.log10(150_000 / 98_000) * room for a, b in pairwise(ticks)]
        assert len(ticks) >= 2 and min(gaps) >= 7.0 * len("150,000")
    assert log_ticks(100, 104, 20) == []  # nothing fits: plotly's own choice


def test_a_legend_above_the_plot_keeps_under_a_title_of_two_lines():
    import plotly.graph_objects as go

    from analysis.i18n.language import Language
    from analysis.present.style import TITLE_LINE, finish, legend_rows

    fig = go.Figure()
    for n in range(6):
        fig.add_scatter(x=[1], y=[n], name=f"a long legend entry number {n}")
    title = "Who held what in and around Nagorno-Karabakh on a date that makes this title long"
    finish(fig, title=title, alt="A", source="Source: S", lang=Language())
    rows = legend_rows(fig)
    assert rows >= 2 and fig.layout.title.text.count("<br>") == 1 and fig.layout.title.yref == "container"
    assert fig.layout.margin.t >= 2 * TITLE_LINE + rows * 24  # the title's two lines, then the legend's rows
