"""The house chart style: palette, plotly template, source lines, alt text, tables and prose for reports.

Every function that writes words takes the report's :class:`~analysis.i18n.Language` (``ctx.lang``).

Text that comes from data is escaped before it reaches HTML or a plotly label.
"""

from __future__ import annotations

import html
import itertools
import math
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
NARROW_TITLE_LINE, NARROW_TITLE_SHIFT = 20, 12  # px: a line of the 15 px title; how much higher plotly draws one of
# several lines (11 px, measured in Chromium, whatever the number of lines)

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
    # Broken at spaces only (a word longer than a line, a URL, gets a line of its own), into lines that fit across
    # the narrowest wide drawing.
    text = "<br>".join(wrap(line, source_chars()) for line in lines)
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
        xshift=-side_margins(fig)[0],  # from the figure's left edge, as the title: the whole width is the line's
        yshift=-60,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font=dict(size=11, color="#555"),
    )
    fit_wide(fig)
    fig.layout.meta = {**fig.layout.meta, "narrow": {**narrow_patch(fig), **(narrow or {})}}
    return fig


# How wide a script's letters are against Latin ones, in the house font at the same size (Noto Sans, measured on
# the pages): a line of Armenian takes about a quarter more room than the same number of Latin letters.
SCRIPT_WIDTH = {"armenian": 1.25, "cyrillic": 1.12}


def letter_width(text: str) -> float:
    """The width of ``text``'s letters against Latin ones (1.0), by the script most of its letters are in."""
    letters = [c for c in str(text) if c.isalpha()]
    armenian = sum("\u0530" <= c <= "\u058f" for c in letters)
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters)
    if not letters or max(armenian, cyrillic) * 2 < len(letters):
        return 1.0
    return SCRIPT_WIDTH["armenian" if armenian >= cyrillic else "cyrillic"]


def wrap(text: str, width: int) -> str:
    """Plotly text broken into lines of at most ``width`` Latin characters' room (at spaces; existing breaks kept):
    fewer letters of a wider script (Armenian, Cyrillic) go on a line."""
    width = max(8, int(width / letter_width(text)))
    return "<br>".join(
        part
        for line in str(text).split("<br>")
        for part in (textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""])
    )


def unwrap(text: str) -> str:
    """Plotly text on one line again (the wide layout's breaks taken out), to be wrapped for another width."""
    return " ".join(str(text).replace("<br>", " ").split())


WIDE_ROOM = 700  # px: the narrowest drawing the wide layout has (a 768 px screen): legend rows and source lines fit it
SOURCE_LETTER = 6.4  # px a Latin letter of the source line (11 px font)
LEGEND_LETTER, LEGEND_MARK, LEGEND_ROW = 7.2, 46, 24  # px a Latin letter (13 px font), an entry's symbol and gap, a row
TITLE_LETTER, TITLE_LINE, TITLE_PAD, TITLE_SHIFT = 9.6, 24, 14, 14  # px: a Latin letter of the title (18 px), a line
AXIS_LETTER = 7.2  # px a Latin letter of an axis title (13 px)
MIN_PLOT = 140  # px: the least plot height a figure of a set height keeps


def side_margins(fig: go.Figure) -> tuple[float, float]:
    """A figure's left and right margins (px), its own or the house template's."""
    margin = fig.layout.margin
    left = margin.l if margin.l is not None else TEMPLATE.layout.margin.l
    right = margin.r if margin.r is not None else TEMPLATE.layout.margin.r
    return left, right


def source_chars(room: float = WIDE_ROOM) -> int:
    """How many Latin letters of the source line fit across ``room`` px of drawing (at most 140)."""
    return min(140, int((room - 2 * TITLE_PAD) / SOURCE_LETTER))


def legend_scale(fig: go.Figure) -> float:
    """The legend's font size against the 13 px that LEGEND_LETTER and LEGEND_ROW were measured at (a map's legend
    is in 11 px)."""
    size = fig.layout.legend.font.size or TEMPLATE.layout.legend.font.size or TEMPLATE.layout.font.size or 13
    return size / 13


def legend_rows(fig: go.Figure, room: float = WIDE_ROOM) -> int:
    """How many rows a horizontal legend takes at ``room`` px of drawing: one if its entries fit side by side,
    else as plotly lays them out, in columns as wide as the widest entry."""
    entries = [t.name for t in fig.data if t.name and t.showlegend is not False]
    if not entries or fig.layout.showlegend is False:
        return 0
    left, right = side_margins(fig)
    width = room - left - right
    letter = LEGEND_LETTER * legend_scale(fig)
    sizes = [LEGEND_MARK + letter * len(plain(name)) * letter_width(name) for name in entries]
    if sum(sizes) <= 0.9 * width:  # a tenth spare over many entries: letters are counted, not measured
        return 1
    # The widest entry alone needs no spare: counted letters overshoot a long entry's drawn width by 12-27% (the
    # map legends in four languages, measured in Chromium), so the columns are those plotly draws or one fewer.
    columns = max(1, int(width // max(sizes)))
    return -(-len(entries) // columns)


NARROW_PLOT = 200  # px: a chart's plot area on a 360 px phone, its labels beside it


def log_ticks(low: float, high: float, room: float, *, letter: float = 7.0) -> list[float]:
    """Tick values for a log axis over ``low``…``high`` drawn ``room`` px wide: the 1-2-5 series, else 1-3, else the
    powers of ten, whichever is the densest whose labels ("200,000") keep apart. Empty (plotly's own choice) when
    fewer than two would show."""
    decades = max(math.log10(high) - math.log10(low), 0.05)
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))

    def apart(values: list[float]) -> bool:
        return len(values) >= 2 and all(
            (math.log10(b) - math.log10(a)) / decades * room >= letter * (len(f"{b:,.0f}") + 1)
            for a, b in itertools.pairwise(values)
        )

    series = [
        [m * 10**e for e in range(first, last + 1) for m in mantissas if low <= m * 10**e <= high]
        for mantissas in ((1, 2, 5), (1, 3), (1,))
    ]
    # within about a decade: even steps (10,000s, 20,000s, 25,000s, 50,000s …)
    for e in range(last, first - 2, -1):
        for step in (10**e, 2 * 10**e, 2.5 * 10**e, 5 * 10**e):
            series.append([k * step for k in range(math.ceil(low / step), math.floor(high / step) + 1)])
    fitting = [values for values in series if apart(values)]
    return max(fitting, key=len) if fitting else []


def fit_wide(fig: go.Figure, room: float = WIDE_ROOM) -> None:
    """The wide layout fitted to the narrowest wide drawing (a tablet; a long translation): the title and the x-axis
    titles wrapped to its width, the title pinned to the figure's top, and a horizontal legend above the plot kept
    under it. The top margin holds the title's lines and the rows the legend takes at that width (else the legend's
    second row is drawn over the title)."""
    title = wrap(unwrap(fig.layout.title.text or ""), int((room - 2 * TITLE_PAD) / TITLE_LETTER))
    lines = title.count("<br>") + 1
    # plotly draws a title of several lines higher (13 px at 18 px, measured, whatever their number): padded down
    pad = TITLE_PAD + (TITLE_SHIFT if lines > 1 else 0)
    fig.update_layout(title=dict(text=title, yref="container", y=1, yanchor="top", pad=dict(t=pad)))
    left, right = side_margins(fig)
    for name in sorted(k for k in fig.layout.to_plotly_json() if k.startswith("xaxis")):
        axis = fig.layout[name]
        if axis.title and axis.title.text:
            axis.title.text = wrap(unwrap(axis.title.text), int((room - left - right) / AXIS_LETTER))
    legend = fig.layout.legend
    orientation = legend.orientation or TEMPLATE.layout.legend.orientation
    above = orientation == "h" and (legend.y if legend.y is not None else TEMPLATE.layout.legend.y) >= 1
    rows = legend_rows(fig, room) if above else 0
    needed = TITLE_PAD + TITLE_LINE * lines + round(LEGEND_ROW * legend_scale(fig) * rows + 8 if rows else 0) + 14
    top = fig.layout.margin.t if fig.layout.margin.t is not None else TEMPLATE.layout.margin.t
    if top < needed:
        fig.update_layout(margin_t=needed)
    # a figure of a set height keeps MIN_PLOT px of plot between its margins (a long source line grows the bottom)
    height, bottom = fig.layout.height, fig.layout.margin.b
    if height and bottom is not None and height < max(top, needed) + bottom + MIN_PLOT:
        fig.update_layout(height=max(top, needed) + bottom + MIN_PLOT)


def narrow_patch(fig: go.Figure) -> dict[str, object]:
    """A finished figure's narrow layout, as paths into its JSON (``layout.legend``, ``layout.xaxis.nticks``,
    ``data[3].text``) and their values on a phone: the title wrapped and smaller, the legend under the plot, axis
    titles wrapped, fewer ticks, margins trimmed and grown by plotly itself (automargin), annotations in at least
    10 px, and the source line and note taken out of the drawing (the page shows them under it, as text that
    wraps). A chart builder adds its own paths through ``finish(narrow=…)``."""
    layout = fig.layout
    # The title at the top, its lines counted into the top margin (not left to plotly's automargin, which the static
    # narrow image, drawn in one pass, does not apply: a three-line title ran over the map there).
    title = wrap(unwrap(layout.title.text or ""), NARROW_TITLE)
    lines = title.count("<br>") + 1
    patch: dict[str, object] = {
        "layout.title.text": title,
        "layout.title.font.size": 15,
        "layout.title.automargin": False,
        "layout.title.yref": "container",
        "layout.title.y": 1,
        "layout.title.yanchor": "top",
        "layout.title.pad": {"t": 8 + (NARROW_TITLE_SHIFT if lines > 1 else 0), "b": 0},
        "layout.font.size": 11,
        "layout.margin": {
            "l": 4,
            "r": 8,
            "t": 8 + NARROW_TITLE_LINE * lines + 12,
            "b": 8,
            "pad": 0,
            "autoexpand": True,
        },
        "layout.legend.orientation": "h",
        "layout.legend.xref": "container",
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
            patch[f"layout.{name}.title.text"] = wrap(unwrap(axis.title.text), NARROW_AXIS_TITLE)
            patch[f"layout.{name}.title.font.size"] = 11
        if axis.ticktext:
            patch[f"layout.{name}.ticktext"] = [wrap(t, NARROW_TICK) for t in axis.ticktext]
        elif name.startswith("xaxis") and axis.type != "category":
            patch[f"layout.{name}.nticks"] = 5
    for i, trace in enumerate(fig.data):
        if trace.name and trace.showlegend is not False and wrap(unwrap(trace.name), NARROW_LEGEND) != trace.name:
            patch[f"data[{i}].name"] = wrap(unwrap(trace.name), NARROW_LEGEND)
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
