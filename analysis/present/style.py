"""The house chart style: palette, plotly template, source lines, alt text, tables and prose for reports.

Every function that writes words takes the report's :class:`~analysis.i18n.Language` (``ctx.lang``).

Text that comes from data is escaped before it reaches HTML or a plotly label.
"""

from __future__ import annotations

import html
import numbers
import textwrap
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import HTML, display
from markupsafe import Markup, escape

from analysis.i18n.language import Language

# Okabe–Ito palette: distinguishable under the common forms of colour blindness (Okabe & Ito, 2008).
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
COLORWAY = [PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky", "yellow", "black")]
FONT = "Helvetica, Arial, sans-serif"
SOURCE_MAX_PUBLISHERS = 8

# The house template: plotly's simple_white with our font, colours and margins. `finish` applies it to each figure;
# importing this module changes no plotly default.
TEMPLATE = pio.templates.merge_templates(
    pio.templates["simple_white"],
    go.layout.Template(
        layout=dict(
            font=dict(family=FONT, size=13, color="#222"),
            colorway=COLORWAY,
            paper_bgcolor="white",
            plot_bgcolor="white",
            xaxis=dict(showgrid=True, gridcolor="#eee", linecolor="#888", zeroline=False),
            yaxis=dict(showgrid=True, gridcolor="#eee", linecolor="#888", zeroline=False),
            margin=dict(l=70, r=30, t=70, b=110),
            hoverlabel=dict(font=dict(family=FONT)),
            legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        )
    ),
)


def plain(text) -> str:
    """Data text made safe for HTML and plotly labels."""
    return "" if text is None or (not isinstance(text, str) and pd.isna(text)) else html.escape(str(text))


def publishers(frame: pd.DataFrame, column: str = "source_name") -> list[str]:
    """Distinct publishers of the rows shown, most frequent first."""
    return list(frame[column].dropna().value_counts().index)


def source_line(
    *frames: pd.DataFrame | None,
    lang: Language,
    sentence: str | None = None,
    limit: int = SOURCE_MAX_PUBLISHERS,
) -> str:
    """'Source: …' naming the publishers of the rows shown (the first `limit`, then how many more), in the report's
    language.

    ``sentence`` is the whole line, already translated, with ``{names}`` where the publishers go (and ``{datasets}``
    if it wants them); by default it names the datasets the rows were compiled into (``frame.attrs["title"]``).
    """
    names: list[str] = []
    datasets: list[str] = []
    for frame in (f for f in frames if f is not None):
        names += [n for n in publishers(frame) if n not in names]
        title = frame.attrs.get("title")
        if title and title not in datasets:
            datasets.append(title)
    shown, more = ", ".join(names[:limit]), max(len(names) - limit, 0)
    if more:
        shown = lang.n_("{names} and {n} more", "{names} and {n} more", more).format(names=shown, n=lang.number(more))
    if sentence is None:
        sentence = (
            lang._("Source: {names}. Compiled in: {datasets} (karabakh-notebooks).")
            if datasets
            else lang._("Source: {names}.")
        )
    return sentence.format(names=shown, datasets="; ".join(datasets))


def finish(fig: go.Figure, *, title: str, alt: str, source: str, lang: Language, note: str | None = None) -> go.Figure:
    """The house template, a title, a source line (and note) under the plot, alt text carried in layout.meta for
    the report, and the language's decimal and thousands separators."""
    lines = [plain(source)] + ([lang._("Note: {note}").format(note=plain(note))] if note else [])
    fig.update_layout(
        template=TEMPLATE,
        title=dict(text=plain(title), x=0, xanchor="left"),
        meta={"alt": alt, "source": source, "language": lang.code},
        separators=lang.separators,
    )
    # Broken at spaces only: a word longer than a line (a URL) gets a line of its own.
    text = "<br>".join(
        part for line in lines for part in textwrap.wrap(line, 140, break_long_words=False, break_on_hyphens=False)
    )
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-60,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font=dict(size=11, color="#555"),
    )
    return fig


# Research notes stay in English on every page; a translated table folds each one behind a disclosure.
NOTE_COLUMNS = ("note", "date_note")
NOTE_CELL = Markup('<td><details><summary>{summary}</summary><p lang="en">{note}</p></details></td>')
# Columns shown as published (a publisher's name, a source's own title): not translated.
PUBLISHED_COLUMNS = ("source_name", "source_title", "source", "publisher", "reported_by", "reported by")


def _latin(text: str) -> bool:
    """Text written in the basic Latin alphabet (an English name or title), not Cyrillic, Armenian or Azerbaijani."""
    return text.isascii() and any(c.isalpha() for c in text)


def table_html(
    frame: pd.DataFrame,
    *,
    caption: str,
    source: str,
    lang: Language,
    headings: Mapping[str, str] | None = None,
    links: Iterable[str] = ("source_url",),
    notes: Iterable[str] = NOTE_COLUMNS,
) -> Markup:
    """A real HTML table with a caption and a source line; every cell escaped, URL columns as links, dates in the
    report's language. ``headings`` maps a column to its heading, in English and marked ``N_`` where it is defined
    (each topic keeps its own ``HEADINGS``); the table shows it translated. A column without one shows its name.

    On a translated page, the research notes (``notes`` columns) stay English, marked ``lang="en"`` and folded
    behind a disclosure, and publishers' names and sources' titles (``PUBLISHED_COLUMNS``) written in Latin
    letters are marked ``lang="en"``: they are shown as published."""
    links, notes = set(links), set(notes) if lang.code != "en" else set()
    published = set(PUBLISHED_COLUMNS) if lang.code != "en" else set()
    headings = headings or {}
    head = "".join(f'<th scope="col">{plain(lang._(headings[c]) if c in headings else c)}</th>' for c in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for col in frame.columns:
            value = row[col]
            if col in links and isinstance(value, str) and value.startswith(("http://", "https://")):
                cells.append(f'<td><a href="{plain(value)}">{plain(_short_url(value))}</a></td>')
            elif col in notes and isinstance(value, str) and value:
                cells.append(NOTE_CELL.format(summary=lang._("research note (in English)"), note=value))
            elif col in published and isinstance(value, str) and _latin(value):
                cells.append(f'<td lang="en">{plain(value)}</td>')
            else:
                cells.append(f"<td>{plain(_cell(value, lang))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return Markup(
        f'<table class="kb-table"><caption>{plain(caption)}</caption><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table><p class="kb-source">{plain(source)}</p>'
    )


def table(frame: pd.DataFrame, **kwargs) -> None:
    """Show :func:`table_html` (same arguments) in the report."""
    display(HTML(table_html(frame, **kwargs)))


def _cell(value, lang: Language):
    """A table value in the report's language: dates, yes/no, numbers with the language's separators."""
    if isinstance(value, pd.Timestamp):
        return lang.date(value)
    if isinstance(value, bool | np.bool_):
        return lang._("yes") if value else lang._("no")
    if isinstance(value, numbers.Integral):
        return lang.number(value)
    if isinstance(value, numbers.Real) and not pd.isna(value):
        return lang.decimal(value)
    return value


def _short_url(url: str) -> str:
    bare = url.split("://", 1)[1]
    return bare if len(bare) <= 48 else bare[:45] + "…"


PARAGRAPH = Markup("<p>{}</p>")


def prose(template: str, **values) -> None:
    """A plain-text paragraph whose {placeholders} are filled with data values; the text and the values are escaped.
    The caller translates the template (``lang._("… {files}.")``).

    Longer copy goes in a markdown cell, or in a template next to the code that fills it (analysis/displacement/templates).
    """
    display(HTML(PARAGRAPH.format(escape(template).format(**values))))
