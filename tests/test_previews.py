"""The README's phone previews: `make previews` takes them from the built site at 390 px, and the same build gives
the same bytes."""

from __future__ import annotations

import struct

import pytest


@pytest.mark.browser
@pytest.mark.slow
def test_the_phone_previews_are_the_same_bytes_on_every_run(report_matrix, tmp_path):
    from maps import previews

    first = previews.phone(report_matrix, tmp_path / "first")
    second = previews.phone(report_matrix, tmp_path / "second")
    assert [p.name for p in first] == ["phone-map.png", "phone-chart.png", "embed-phone.png"]
    for a, b in zip(first, second, strict=True):
        png = a.read_bytes()
        width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
        assert png == b.read_bytes(), f"{a.name} differs between two runs"
        # a figure as wide as the phone's text column, or the whole page; at 2x
        assert 2 * 300 <= width <= 2 * previews.PHONE["viewport"]["width"] and height > 600, (a.name, width, height)


def test_the_phone_previews_say_when_the_site_is_not_built(tmp_path):
    from analysis.core.errors import KarabakhError
    from maps import previews

    with pytest.raises(KarabakhError, match="not built; run `make reports` first"):
        previews.phone(tmp_path, tmp_path / "out")
