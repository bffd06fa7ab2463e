"""What a notebook read and which conventions it followed, handed from the kernel to the report build.

The build appends one hidden cell that calls :func:`emit`; its output never reaches the reader, the
build turns it into the report footer and the index entry.
"""
from __future__ import annotations

from IPython.display import display

from . import data

MIMETYPE = "application/vnd.karabakh.provenance+json"
CELL_TAG = "karabakh-provenance"
CELL_SOURCE = "import analysis.provenance\nanalysis.provenance.emit()"

# Sentences the report footer must carry, e.g. the naming convention a map used.
NOTES: list[str] = []


def note(sentence: str) -> None:
    """Add a sentence to the report footer (once)."""
    if sentence not in NOTES:
        NOTES.append(sentence)


def emit() -> None:
    display({MIMETYPE: {"datasets": list(data.READ.values()), "notes": NOTES}}, raw=True)
