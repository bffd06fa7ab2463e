"""Static exports draw every script the reports use: kaleido's Chromium must find fonts with Armenian, Cyrillic and
Azerbaijani Latin glyphs (Debian's fonts-noto-core, installed by .ci/run), not missing-glyph boxes."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from analysis.present.export import check_browser

pytestmark = pytest.mark.browser

# Two different words of the same length in each script. Drawn as missing-glyph boxes, both would give the same row
# of boxes; drawn with real glyphs, they differ.
WORDS = {
    "Armenian": ("Ստեփանակերտ", "Մարտակերտի"),
    "Cyrillic": ("Степанакерт", "Мартакертом"),
    "Azerbaijani Latin": ("Xankəndişəğ", "Ağdərəçıöüə"),
}
MISSING = "\U0010fffd" * 11  # a private-use code point no font draws: the reference row of boxes


REFERENCES = {"boxes": MISSING, "other boxes": MISSING[:-1] + "\U0010fffc", "nothing": ""}


def _figure(text: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font=dict(size=40))
    fig.update_layout(width=700, height=120, margin=dict(l=0, r=0, t=0, b=0), xaxis_visible=False, yaxis_visible=False)
    return fig


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> dict[str, bytes]:
    """Every word and reference drawn to PNG by kaleido in one batch (one browser start)."""
    texts = [word for pair in WORDS.values() for word in pair] + list(REFERENCES.values())
    folder = tmp_path_factory.mktemp("fonts")
    paths = [folder / f"{i}.png" for i in range(len(texts))]
    check_browser()
    pio.write_images([_figure(text) for text in texts], paths, format="png")
    return {text: path.read_bytes() for text, path in zip(texts, paths, strict=True)}  # same pixels, same bytes


@pytest.mark.parametrize("script", sorted(WORDS))
def test_static_export_draws_the_script(drawn, script):
    first, second = (drawn[word] for word in WORDS[script])
    boxes = drawn[REFERENCES["boxes"]]
    assert boxes == drawn[REFERENCES["other boxes"]], "the reference: two rows of boxes draw alike"
    assert first != second, f"{script}: two different words drew the same image (missing-glyph boxes?)"
    assert boxes not in (first, second), f"{script}: drawn like a row of missing glyphs"
    assert drawn[REFERENCES["nothing"]] not in (first, second), f"{script}: nothing drawn"
