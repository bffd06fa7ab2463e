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
# A figure's narrow layout (phones): line lengths, in characters, of its title, axis titles and category labels.
NARROW_TITLE, NARROW_AXIS_TITLE, NARROW_TICK, NARROW_ANNOTATION, NARROW_LEGEND = 30, 30, 12, 28, 32

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


def finish(
    fig: go.Figure,
    *,
    title: str,
    alt: str,
    source: str,
    lang: Language,
    note: str | None = None,
    narrow: Mapping[str, object] | None = None,
) -> go.Figure:
    """The house template, a title, a source line (and note) under the plot, alt text carried in layout.meta for
    the report, and the language's decimal and thousands separators.

    The figure also carries its narrow layout for phones (:func:`narrow_patch`, with ``narrow`` on top: more paths
    of the chart's own) in ``layout.meta["narrow"]``; the page switches to it on a narrow screen."""
    note_line = lang._("Note: {note}").format(note=note) if note else None
    lines = [plain(source)] + ([plain(note_line)] if note_line else [])
    fig.update_layout(
        template=TEMPLATE,
        title=dict(text=plain(title), x=0, xanchor="left"),
        meta={"alt": alt, "source": source, "note": note_line, "language": lang.code},
        separators=lang.separators,
    )
    # Broken at spaces only: a word longer than a line (a URL) gets a line of its own.
    text = "<br>".join(
        part for line in lines for part in textwrap.wrap(line, 140, break_long_words=False, break_on_hyphens=False)
    )
    # The source line sits 60 px under the plot: the bottom margin grows to hold all its lines.
    bottom = 60 + 15 * (text.count("<br>") + 1) + 12
    if (fig.layout.margin.b if fig.layout.margin.b is not None else TEMPLATE.layout.margin.b) < bottom:
        fig.update_layout(margin_b=bottom)
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
    fig.layout.meta = {**fig.layout.meta, "narrow": {**narrow_patch(fig), **(narrow or {})}}
    return fig


def wrap(text: str, width: int) -> str:
    """Plotly text broken into lines of at most ``width`` characters (at spaces; existing breaks kept)."""
    return "<br>".join(
        part
        for line in str(text).split("<br>")
        for part in (textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""])
    )


def narrow_patch(fig: go.Figure) -> dict[str, object]:
    """A finished figure's narrow layout, as paths into its JSON (``layout.legend``, ``layout.xaxis.nticks``,
    ``data[3].text``) and their values on a phone: the title wrapped and smaller, the legend under the plot, axis
    titles wrapped, fewer ticks, margins trimmed and grown by plotly itself (automargin), annotations in at least
    10 px, and the source line and note taken out of the drawing (the page shows them under it, as text that
    wraps). A chart builder adds its own paths through ``finish(narrow=…)``."""
    layout = fig.layout
    patch: dict[str, object] = {
        "layout.title.text": wrap(layout.title.text or "", NARROW_TITLE),
        "layout.title.font.size": 15,
        "layout.title.automargin": True,
        "layout.title.yref": "paper",
        "layout.title.y": 1,
        "layout.title.yanchor": "bottom",
        "layout.title.pad": {"t": 0, "b": 12},
        "layout.font.size": 11,
        "layout.margin": {"l": 4, "r": 8, "t": 8, "b": 8, "pad": 0, "autoexpand": True},
        "layout.legend.orientation": "h",
        "layout.legend.x": 0,
        "layout.legend.xanchor": "left",
        "layout.legend.yref": "container",
        "layout.legend.y": 0,
        "layout.legend.yanchor": "bottom",
        "layout.legend.bgcolor": "rgba(255,255,255,0)",
        "layout.legend.font.size": 11,
        "layout.legend.entrywidthmode": "fraction",
        "layout.legend.entrywidth": 1,
    }
    layout_json = layout.to_plotly_json()
    for name in sorted(k for k in layout_json if k.startswith(("xaxis", "yaxis"))):
        axis = layout[name]
        patch[f"layout.{name}.automargin"] = True
        patch[f"layout.{name}.tickfont.size"] = 11
        if axis.title and axis.title.text:
            patch[f"layout.{name}.title.text"] = wrap(axis.title.text, NARROW_AXIS_TITLE)
            patch[f"layout.{name}.title.font.size"] = 11
        if axis.ticktext:
            patch[f"layout.{name}.ticktext"] = [wrap(t, NARROW_TICK) for t in axis.ticktext]
        elif name.startswith("xaxis") and axis.type != "category":
            patch[f"layout.{name}.nticks"] = 5
    for i, trace in enumerate(fig.data):
        if trace.name and trace.showlegend is not False and len(trace.name) > NARROW_LEGEND:
            patch[f"data[{i}].name"] = wrap(trace.name, NARROW_LEGEND)
    annotations = layout.annotations or ()
    for i, note in enumerate(annotations):
        if i == len(annotations) - 1:  # the source line (and note), added last by finish
            patch[f"layout.annotations[{i}].visible"] = False
        else:
            patch[f"layout.annotations[{i}].text"] = wrap(note.text or "", NARROW_ANNOTATION)
            patch[f"layout.annotations[{i}].font.size"] = 10
    return patch


# Columns whose text is the data's own (as compiled, or as its publisher published it: a publisher's name, a source's
# own title): on a page in another language, a cell of them still in Latin letters carries lang="en".
DATA_TEXT_COLUMNS = frozenset(
    {
        "title",
        "summary",
        "venue",
        "source_name",
        "source_title",
        "source",
        "publisher",
        "date_note",
        "note",
        "reason",
        "reported_by",
        "reported by",
        "estimated by",
        "meeting",
        "after_meeting",
        "next_meeting",
        "series",
        "message",
    }
)
FOLD_AFTER = 90  # characters: a longer note folds behind a disclosure, so that a row fits on a screen
# Research notes stay in English on every page; a translated table folds each one behind a disclosure.
NOTE_COLUMNS = ("note", "date_note")
NOTE_CELL = Markup('<td><details><summary>{summary}</summary><p lang="en">{note}</p></details></td>')


def _latin(text: str) -> bool:
    """Text whose letters are all of the basic Latin alphabet (an English name or title, with figures and spaces of
    any kind around it), not Cyrillic, Armenian or Azerbaijani."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isascii() for c in letters)


def table_html(
    frame: pd.DataFrame,
    *,
    caption: str,
    source: str,
    lang: Language,
    headings: Mapping[str, str] | None = None,
    links: Iterable[str] = ("source_url",),
    words: Mapping[str, Mapping[str, str]] | None = None,
    fold: Iterable[str] = ("date_note", "note", "reason", "message"),
    english: Iterable[str] = DATA_TEXT_COLUMNS,
    notes: Iterable[str] = NOTE_COLUMNS,
) -> Markup:
    """A real HTML table with a caption and a source line; every cell escaped, URL columns as links, dates in the
    report's language. ``headings`` maps a column to its heading, in English and marked ``N_`` where it is defined
    (each topic keeps its own ``HEADINGS``); the table shows it translated. A column without one shows its name.

    For readers: ``words`` maps a column to the words for its codes (``{"kind": {"clash": N_("clash")}}``), shown
    translated; a ``fold`` column's long text folds behind a disclosure. On a translated page, the research notes
    (``notes`` columns) stay English, marked ``lang="en"`` and folded behind a disclosure, and the text of an
    ``english`` column (the data's own text, a publisher's name, a source's own title) still in Latin letters is
    marked ``lang="en"``. The table scrolls sideways inside its own container (with a cue, shown when it is wider than the
    column, and the first column kept in view)."""
    links, fold, words = set(links), set(fold), words or {}
    notes = set(notes) if lang.code != "en" else set()
    english = set(english) if lang.code != "en" else set()
    headings = headings or {}
    head = "".join(f'<th scope="col">{plain(lang._(headings[c]) if c in headings else c)}</th>' for c in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for col in frame.columns:
            value = row[col]
            attr = ' lang="en"' if col in english and isinstance(value, str) and _latin(value) else ""
            if col in links and isinstance(value, str) and value.startswith(("http://", "https://")):
                cells.append(f'<td><a href="{plain(value)}">{plain(_short_url(value))}</a></td>')
            elif col in words and isinstance(value, str) and value in words[col]:
                cells.append(f"<td>{plain(lang._(words[col][value]))}</td>")
            elif col in notes and isinstance(value, str) and value:
                cells.append(NOTE_CELL.format(summary=lang._("research note (in English)"), note=value))
            elif col in fold and isinstance(value, str) and len(value) > FOLD_AFTER:
                short = textwrap.shorten(value, 60, placeholder=" …")
                cells.append(f"<td{attr}><details><summary>{plain(short)}</summary>{plain(value)}</details></td>")
            else:
                cells.append(f"<td{attr}>{plain(_cell(value, lang))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    cue = lang._("Scroll sideways for more columns.")
    mixed = "" if lang.code == "en" else ' lang="und"'  # the source line names publishers as they publish
    return Markup(
        f'<div class="kb-scroll" data-scroll-cue tabindex="0" role="region" aria-label="{plain(caption)}">'
        f'<table class="kb-table"><caption>{plain(caption)}</caption><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div><p class="kb-scroll-cue" aria-hidden="true">{plain(cue)} →</p>'
        f'<p class="kb-source"{mixed}>{plain(source)}</p>'
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
