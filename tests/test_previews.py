"""The README's phone previews: `make previews` takes them from the built site at 390 px, and the same build gives
the same bytes."""

from __future__ import annotations

import struct
import subprocess
import sys

import pytest

from helpers import ROOT

SHOOT = "import sys; from pathlib import Path; from maps import previews; previews.phone(Path(sys.argv[1]), Path(sys.argv[2]))"


@pytest.mark.browser
@pytest.mark.slow
def test_the_phone_previews_are_the_same_bytes_on_every_run(report_matrix, tmp_path):
    from maps import previews

    # in a process of their own, as `make previews` takes them (the session's browser holds this one's event loop)
    for run in ("first", "second"):
        subprocess.run(
            [sys.executable, "-c", SHOOT, str(report_matrix), str(tmp_path / run)], cwd=ROOT, check=True, timeout=300
        )
    names = [file for _, _, file in previews.PHONE_SHOTS]
    first, second = ([tmp_path / run / name for name in names] for run in ("first", "second"))
    assert names == ["phone-map.png", "phone-chart.png", "embed-phone.png"]
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
