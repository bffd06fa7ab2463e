"""One start and one publish for every notebook.

A notebook's set-up cell is the same in every notebook, apart from its name::

    report = start_report("negotiations", globals())

:func:`start_report` checks the parameters cell's values (the rules are in :mod:`analysis.params.rules`), puts the checked
values back into the namespace it is handed (so the notebook goes on using the plain names), and sets up what
every report needs: the report context, its language with the contested terms of its naming convention
(``seeds/terms.csv``), and the footer note on wording. Every figure then goes out through :meth:`Report.show`,
which refuses a figure without alt text and, when the notebook's ``export_static`` parameter is on, also writes
the figure as PNG and SVG for print.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from analysis import data
from analysis.data.context import ReportContext
from analysis.i18n import terms
from analysis.i18n.language import Language
from analysis.params import rules
from analysis.present import export, style


@dataclass
class Report:
    """A running report: its notebook's name and its context (parameters, language, seeds, footer notes)."""

    name: str
    ctx: ReportContext

    @property
    def lang(self) -> Language:
        return self.ctx.lang

    @property
    def params(self) -> dict[str, Any]:
        return self.ctx.params

    def show(self, fig: go.Figure, *, export_as: str | None = None) -> None:
        """Display a finished figure (the build turns it into an offline HTML figure with its description). With
        ``export_as`` and the report's ``export_static`` parameter on, also write ``<export_as>.png`` and ``.svg``
        into the context's static folder, and say so under the figure."""
        if not (fig.layout.meta and fig.layout.meta.get("alt")):
            raise ValueError("every figure needs alt text: call style.finish(fig, title=…, alt=…, source=…) first")
        fig.show()
        if export_as and self.params.get("export_static"):
            written = export.export_static(fig, export_as, self.ctx)
            style.prose(self.lang._("Static copies written: {files}."), files=", ".join(p.name for p in written))


def start_report(name: str, namespace: dict[str, Any]) -> Report:
    """Check the notebook's parameters as they stand in ``namespace`` (call it right after the parameters cell),
    put the checked values back, and set up the report: context, language, contested terms and footer note."""
    ctx = rules.validated(name, namespace)
    lang = ctx.lang
    lang.terms = terms.side_terms(data.load_terms(ctx), lang)
    ctx.note(terms.neutral_terms_note(lang))
    return Report(name, ctx)
