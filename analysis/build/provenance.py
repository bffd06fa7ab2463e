"""What a notebook read, which conventions it followed and what it left in English, handed from the kernel to the
report build.

The build appends one hidden cell that calls :func:`emit` with the notebook's report context (``ctx``, as
``report_params.validated`` returned it); its output never reaches the reader, the build turns it into the report
footer and the index entry.
"""

from __future__ import annotations

from IPython.display import display

from analysis.data.context import ReportContext

MIMETYPE = "application/vnd.karabakh.provenance+json"
CELL_TAG = "karabakh-provenance"
CELL_SOURCE = "import analysis.build.provenance\nanalysis.build.provenance.emit(globals().get('ctx'), globals().get('report_context'))"


def emit(ctx: ReportContext | None, injected: str | None = None) -> None:
    """Hand the context's log to the build. A notebook that never made its context (one that reads no seeds, such
    as a test's) hands over an empty log."""
    if not isinstance(ctx, ReportContext):
        ctx = ReportContext.from_json(injected)
    untranslated = ctx.lang.untranslated()  # English translates nothing, so misses nothing
    display(
        {MIMETYPE: {"datasets": list(ctx.read.values()), "notes": ctx.notes, "untranslated": untranslated}}, raw=True
    )
