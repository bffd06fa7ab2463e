"""Plotly maps drawn from our own GeoJSON on plain cartesian axes (no plotly `geo` base map, nothing from a CDN).

The fill is the dated territories of maps.layers, whose edges are the measured lines of contact. Coordinates are
projected (Lambert azimuthal equal-area centred on the region, in km) and simplified for the browser as one coverage,
so neighbouring territories keep sharing their edges. Areas are never measured on this simplified geometry.
A line of contact is drawn only where, on the map's date, it separates the two sides: the fill and the lines
cannot disagree.
"""

from __future__ import annotations

import json
import textwrap

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import find_intermediate_color, hex_to_rgb

from analysis.i18n.language import N_, Language
from analysis.present.style import PALETTE, finish, letter_width, plain, source_line
from maps import layers, names
from maps.basemap import (
    HELD_LABELS,
    LINES_FIRST_DAY,
    Basemap,
    label_point,
    to_km,
)

MAX_COORD_BYTES = 300_000
DISCLAIMER = N_(
    "Territories follow Natural Earth's measured lines of contact (1994 and 2020); lighter fill marks "
    "periods whose edges follow district boundaries instead (the 1991–94 and 2020 wars, the handovers), "
    "and dots mark hand-made cuts (Shusha in 2020, Khojaly in 1992, the Lachin corridor in 2022). "
    "Boundaries are generalised and not authoritative."
)
# Reader-visible labels below are marked N_ for the catalog and translated where they are shown (lang._).
CONTROLLER = {  # colour and legend label
    "armenian_forces": (PALETTE["orange"], HELD_LABELS["armenian_forces"]),
    "azerbaijan": (PALETTE["sky"], HELD_LABELS["azerbaijan"]),
}
ALT_HELD = {  # the alt text's part on each controller's territory
    "armenian_forces": N_("held by Armenian forces: {area} km², in {units}"),
    "azerbaijan": N_("held by Azerbaijan: {area} km², in {units}"),
}
PRECISION = {  # how much of the colour shows, the dot pattern, and the words in hovers
    "line_of_contact": (1.0, "", N_("edges: measured lines of contact (Natural Earth)")),
    "district_cut": (0.5, "", N_("edges approximated by district boundaries")),
    "approximate": (0.5, ".", N_("edges drawn by hand (approximate)")),
}
LINES = {  # Natural Earth lines of contact: label, colour, dash, and the first day each can be the front
    "1994": (N_("1994 ceasefire line (Natural Earth)"), PALETTE["vermillion"], "dash", LINES_FIRST_DAY["1994"]),
    "2020": (N_("2020 ceasefire line (Natural Earth)"), PALETTE["blue"], "dash", LINES_FIRST_DAY["2020"]),
}
# The territory table's column headings (the frame keeps its column names, so the links keep working).
TABLE_HEADINGS = {
    "unit_name": N_("territory"),
    "nkao": N_("former NKAO"),
    "controller": N_("controller"),
    "peacekeeping": N_("peacekeeping"),
    "precision": N_("precision"),
    "km2": N_("km²"),
    "since": N_("since"),
    "title": N_("title"),
    "source_kind": N_("kind of source"),
    "source_name": N_("publisher"),
    "source_url": N_("source (link)"),
}
CORRIDOR_COLOUR = PALETTE["purple"]
PEACEKEEPING_PATTERN = dict(shape="/", fgcolor="#333", size=7, solidity=0.25)
COUNTRY_FILL = {"Armenia": "#f4f1ea", "Azerbaijan": "#eef3f6"}
HOVER = "%{customdata}<extra></extra>"
LABEL_POSITION = {
    "stepanakert_khankendi": "middle right",
    "shusha_shushi": "bottom left",
    "khojaly": "middle left",
    "askeran": "top left",
    "aghdam": "middle right",
    "martuni_khojavend": "bottom right",
    "lachin_berdzor": "middle left",
    "hadrut": "bottom center",
    "fuzuli": "middle right",
    "goris": "bottom center",
    "jabrayil": "bottom center",
    "barda": "top right",
}
# On a phone the map is a third as wide: the few towns labelled there keep apart (Stepanakert and Shusha over,
# Lachin under, the other's label) and Kalbajar's stays under the title.
NARROW_LABEL_POSITION = {
    **LABEL_POSITION,
    "stepanakert_khankendi": "top right",
    "shusha_shushi": "top left",
    "lachin_berdzor": "bottom left",
    "kalbajar_karvachar": "bottom center",
}


def _xy(geom) -> tuple[list, list]:
    """Plotly x/y lists for a (multi)polygon's rings or a (multi)line, parts separated by None."""
    xs, ys = [], []
    for part in getattr(geom, "geoms", [geom]):
        if part.is_empty:
            continue
        rings = [part.exterior, *part.interiors] if part.geom_type == "Polygon" else [part]
        for ring in rings:
            x, y = ring.xy
            xs += [*x, None]
            ys += [*y, None]
    return xs[:-1], ys[:-1]


def coordinate_bytes(fig: go.Figure) -> int:
    """Bytes of x/y coordinate JSON a figure sends to the browser, frames included."""
    spec = fig.to_plotly_json()
    traces = list(spec.get("data", [])) + [t for f in spec.get("frames", []) for t in f.get("data", [])]
    return sum(len(json.dumps(t.get(k, []), default=float)) for t in traces for k in ("x", "y"))


def _lighter(colour: str, share: float) -> str:
    """The colour mixed with white: ``share`` of the colour shows."""
    mixed = find_intermediate_color(hex_to_rgb("#ffffff"), hex_to_rgb(colour), share)
    return "#" + "".join(f"{round(c):02x}" for c in mixed)


def _piece_style(row, lang: Language, labels: dict[str, str], *, brief: bool = False) -> dict:
    share, dots, _ = PRECISION[row.precision]
    pattern = "/" if row.peacekeeping == "russia" else dots
    hover = _brief_hover(row, lang) if brief else _piece_hover(row, lang, labels)
    return dict(
        fillcolor=_lighter(CONTROLLER[row.controller][0], share),
        fillpattern={**PEACEKEEPING_PATTERN, "shape": pattern},
        customdata=[hover],
    )


def _period(row, lang: Language) -> str:
    start = lang.date(row.valid_from)
    if pd.isna(row.valid_to):
        return lang._("{start} to the end of the record").format(start=start)
    return lang._("{start} to {end}").format(start=start, end=lang.date(row.valid_to))


def event_title(event_id: str, title: str, lang: Language) -> str:
    """A control event's title (seeds/control.csv) in the report's language, from the ``data`` catalog."""
    return lang.cell("control", event_id, "title", title) if isinstance(title, str) else title


def _piece_hover(row, lang: Language, labels: dict[str, str]) -> str:
    name, area = f"<b>{plain(row.unit_name)}</b>", lang.number(row.km2)
    if row.nkao == "yes":
        heading = lang._("{name} (former NKAO; {area} km²)").format(name=name, area=area)
    else:
        heading = lang._("{name} (outside the former NKAO; {area} km²)").format(name=name, area=area)
    lines = [
        heading,
        f"{plain(labels[row.controller])}, {_period(row, lang)}",
        plain(lang._(PRECISION[row.precision][2])),
    ]
    if row.peacekeeping == "russia":
        lines.append(lang._("Russian peacekeeping zone"))
    lines.append(lang._("Since: {event}").format(event=plain(event_title(row.event_id, row.title, lang))))
    if pd.notna(row.date_note):
        lines += [
            f"<i>{part}</i>"
            for part in textwrap.wrap(plain(row.date_note), 70, break_long_words=False, break_on_hyphens=False)
        ]
    lines.append(
        lang._("Source: {publisher} ({kind})").format(publisher=plain(row.source_name), kind=plain(row.source_kind))
    )
    return "<br>".join(lines)


def _brief_hover(row, lang: Language) -> str:
    """The slider's hover names the territory only, so that its steps stay small: the colour says who held it, and
    the single-date map and the table carry the dates and sources."""
    name = f"<b>{plain(row.unit_name)}</b>"
    if row.nkao == "yes":
        return lang._("{name} (former NKAO)").format(name=name)
    return lang._("{name} (outside the former NKAO)").format(name=name)


def _swatch(fig: go.Figure, lay: Basemap, **style) -> None:
    """A legend entry: a tiny trace outside the view."""
    x0, y0 = lay.box_km[0] - 100, lay.box_km[1] - 100
    fig.add_scatter(x=[x0, x0 + 1, x0 + 1, x0, x0], y=[y0, y0, y0 + 1, y0 + 1, y0], hoverinfo="skip", **style)


def _base(lay: Basemap, held: gpd.GeoDataFrame, lang: Language, *, brief: bool = False) -> tuple[go.Figure, list[int]]:
    """Countries, territories coloured by controller, district lines and labels, the legend; returns the
    indices of the territory traces."""
    labels = lay.held_labels(lang)
    fig = go.Figure()
    for country, geom in zip(lay.country_names, lay.countries, strict=False):
        x, y = _xy(geom)
        fig.add_scatter(
            x=x,
            y=y,
            fill="toself",
            mode="lines",
            fillcolor=COUNTRY_FILL.get(country, "#f7f7f7"),
            line=dict(color="#999", width=0.8),
            hoverinfo="skip",
            showlegend=False,
            name=plain(country),
        )
    traces = []
    for row in held.itertuples():
        x, y = _xy(lay.piece_shapes[row.piece_id])
        traces.append(len(fig.data))
        fig.add_scatter(
            x=x,
            y=y,
            fill="toself",
            mode="none",  # the fill alone: an outline of width 0 would still repeat every point in the image
            hoveron="fills",
            hovertemplate=HOVER,
            showlegend=False,
            name=plain(row.unit_name),
            **_piece_style(row, lang, labels, brief=brief),
        )
    x, y = _xy(lay.district_lines)
    fig.add_scatter(
        x=x,
        y=y,
        mode="lines",
        line=dict(color="#bbbbbb", width=0.7),
        hoverinfo="skip",
        name=lang._("District boundaries (Natural Earth admin-1)"),
    )
    fig.add_scatter(
        x=[p.x for _, p in lay.district_labels],
        y=[p.y for _, p in lay.district_labels],
        mode="text",
        text=[plain(n) for n, _ in lay.district_labels],
        hoverinfo="skip",
        textfont=dict(size=10, color="#666", style="italic"),
        showlegend=False,
        name="District names",
    )
    for controller, (colour, _) in CONTROLLER.items():
        _swatch(
            fig,
            lay,
            mode="lines",
            fill="toself",
            name=plain(labels[controller]),
            fillcolor=colour,
            line=dict(color=colour, width=0),
        )
    _swatch(
        fig,
        lay,
        mode="lines",
        fill="toself",
        name=lang._("Lighter: edges follow district boundaries"),
        fillcolor=_lighter(PALETTE["orange"], 0.5),
        line=dict(width=0),
    )
    _swatch(
        fig,
        lay,
        mode="lines",
        fill="toself",
        name=lang._("Dotted: hand-made cut"),
        fillcolor="white",
        fillpattern={**PEACEKEEPING_PATTERN, "shape": "."},
        line=dict(color="#333", width=1),
    )
    _swatch(
        fig,
        lay,
        mode="lines",
        fill="toself",
        name=lang._("Russian peacekeeping zone"),
        fillcolor="white",
        fillpattern=PEACEKEEPING_PATTERN,
        line=dict(color="#333", width=1),
    )
    x, y = _xy(lay.nkao)
    fig.add_scatter(
        x=x,
        y=y,
        mode="lines",
        line=dict(color="#222", width=1.5, dash="dot"),
        hoverinfo="skip",
        name=lang._("Former NKAO, c. 1991 (approx.)"),
    )
    return fig, traces


def _front_traces(
    fig: go.Figure, lay: Basemap, days: list[str], start: str, lang: Language
) -> tuple[list[int], dict[str, list[bool]]]:
    """One trace per distinct drawing of each line of contact across ``days``; returns the indices of those traces
    and, per day, the visibility of each."""
    variants: list[tuple[str, bytes]] = []
    first_index = len(fig.data)
    for label, colour, dash, _ in LINES.values():
        _swatch(fig, lay, mode="lines", name=lang._(label), line=dict(color=colour, width=2.2, dash=dash))
    for day in days:
        for key, geom in lay.front_lines(day).items():
            if geom.is_empty or (key, geom.wkb) in variants:
                continue
            variants.append((key, geom.wkb))
            label, colour, dash, _ = LINES[key]
            x, y = _xy(geom)
            fig.add_scatter(
                x=x,
                y=y,
                mode="lines",
                line=dict(color=colour, width=2.2, dash=dash),
                hoverinfo="skip",
                showlegend=False,
                name=lang._(label),
                visible=False,
            )
    visibility = {}
    for day in days:
        drawn = {(k, g.wkb) for k, g in lay.front_lines(day).items() if not g.is_empty}
        visibility[day] = [v in drawn for v in variants]
    offset = first_index + len(LINES)
    for i, on in enumerate(visibility[start]):
        fig.data[offset + i].visible = on
    return list(range(offset, offset + len(variants))), visibility


# The wide map's scale, for where labels fall: the figure's height sets it, 0.42 km a pixel at 768 and 1280 px
# (measured in Chromium; a little more here, to keep clear), and a label's letters (11 px) about 5.2 px wide
# (6 here) and 12 px high (14), with LABEL_GAP px between a point and its label.
KM_PER_PX, LETTER_PX, LINE_PX, LABEL_GAP_PX = 0.45, 6.0, 14, 4


def label_box(point, text: str, position: str, letter_px: float = LETTER_PX) -> shapely.Polygon:
    """The box (km) a place's label takes beside its point, by its plotly textposition ("top center", "middle
    right", …)."""
    width = len(text) * letter_px * letter_width(text) * KM_PER_PX
    height, gap = LINE_PX * KM_PER_PX, LABEL_GAP_PX * KM_PER_PX
    vertical, horizontal = position.split()
    x0 = {"left": point.x - gap - width, "center": point.x - width / 2, "right": point.x + gap}[horizontal]
    y0 = {"top": point.y + gap, "middle": point.y - height / 2, "bottom": point.y - gap - height}[vertical]
    return shapely.box(x0, y0, x0 + width, y0 + height)


def _district_names(fig: go.Figure, lay: Basemap, obstacles: list) -> None:
    """Move each district's name off the places and their labels (dropped where its district has no room)."""
    spots = []
    for name, shape in lay.districts:
        size = (len(name) * 5.4 * KM_PER_PX, 12 * KM_PER_PX)  # italic 10 px letters
        spot = label_point(shape, size, obstacles)
        if spot is not None:
            spots.append((name, spot))
    for trace in fig.data:
        if trace.name == "District names":
            trace.update(x=[p.x for _, p in spots], y=[p.y for _, p in spots], text=[plain(n) for n, _ in spots])


def _places(fig: go.Figure, lay: Basemap, style: str, language: str, route_places: set[str]) -> None:
    shown = lay.places["kind"].isin(["capital", "city", "town"]) | lay.places["place_id"].isin(route_places)
    inside = lay.places_km.map(lambda p: shapely.box(*lay.box_km).contains(p))
    rows = lay.places[shown & inside]
    text = [plain(t) for t in names.labels(rows, style, language)]
    village = rows["kind"].eq("village")  # corridor villages: a point with its name on hover, to keep the map legible
    points = lay.places_km[rows.index]
    fig.add_scatter(
        x=[p.x for p in points],
        y=[p.y for p in points],
        mode="markers+text",
        name="Places",
        ids=list(rows["place_id"]),
        text=[("" if v else t) for t, v in zip(text, village, strict=False)],
        customdata=text,
        textposition=[LABEL_POSITION.get(p, "top center") for p in rows["place_id"]],
        textfont=dict(size=11, color="#111"),
        marker=dict(size=[4 if v else 6 for v in village], color="#111"),
        hovertemplate="%{customdata}<extra></extra>",
        showlegend=False,
    )
    positions = [LABEL_POSITION.get(p, "top center") for p in rows["place_id"]]
    obstacles = [p.buffer(1.0) for p in points] + [
        label_box(p, t, where) for p, t, where, v in zip(points, text, positions, village, strict=True) if not v
    ]
    _district_names(fig, lay, obstacles)


# The places a map names on a phone (a point marks the others): the main towns, spread over the map.
NARROW_PLACES = {
    "stepanakert_khankendi",
    "shusha_shushi",
    "lachin_berdzor",
    "goris",
    "aghdam",
    "kalbajar_karvachar",
    "barda",
}


def _narrow(fig: go.Figure, lay: Basemap, *, below: int = 0) -> dict:
    """The map on a phone: as tall as the width asks (the map fills it, the legend goes under it), only the main
    towns (capital and cities) labelled, district names left out."""
    x0, y0, x1, y1 = lay.box_km
    entries = sum(1 for t in fig.data if t.showlegend is not False and t.name)
    patch: dict[str, object] = {
        "layout.height": 110 + round(330 * (y1 - y0) / (x1 - x0)) + 22 * entries + below,
        "layout.xaxis.constrain": "domain",
        "layout.yaxis.constrain": "domain",
    }
    for i, trace in enumerate(fig.data):
        if trace.name == "District names":
            patch[f"data[{i}].visible"] = False
        elif trace.name == "Places":
            patch[f"data[{i}].text"] = [
                t if p in NARROW_PLACES else "" for t, p in zip(trace.text, trace.ids, strict=True)
            ]
            patch[f"data[{i}].textposition"] = [NARROW_LABEL_POSITION.get(p, "top center") for p in trace.ids]
    return patch


def _corridor(fig: go.Figure, routes: gpd.GeoDataFrame, lang: Language) -> set[str]:
    projected = routes.to_crs(layers.EQUAL_AREA)
    for row, geom in zip(routes.itertuples(), projected.geometry, strict=False):
        x, y = _xy(to_km(geom))
        fig.add_scatter(
            x=x,
            y=y,
            mode="lines",
            line=dict(color=CORRIDOR_COLOUR, width=3.5),
            name=lang._("Lachin corridor (schematic)"),
            hovertemplate=HOVER,
            customdata=[
                "<br>".join(
                    [
                        f"<b>{plain(row.name)}</b>",
                        plain(_period(row, lang)),
                        lang._("Schematic: straight lines between places"),
                        lang._("Source: {publisher}").format(publisher=plain(row.source_name)),
                    ]
                )
            ]
            * len(x),
        )
    return {p for route in routes["places"] for p in route.split(" > ")}


def _axes(fig: go.Figure, lay: Basemap, height: int = 1000) -> None:
    x0, y0, x1, y1 = lay.box_km
    fig.update_xaxes(range=[x0, x1], visible=False, showgrid=False)
    fig.update_yaxes(range=[y0, y1], visible=False, showgrid=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(
        height=height,
        hovermode="closest",
        margin=dict(l=10, r=10, t=150, b=230),
        title=dict(y=0.995, yanchor="top"),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0, font=dict(size=11)),
    )


def territory_table(held: pd.DataFrame, lang: Language, labels: dict[str, str]) -> pd.DataFrame:
    """The territories of one date as a table for readers: where, who (``labels``: ``Basemap.held_labels``), since
    when, how measured, and the source; codes written out in the report's language, sorted by controller."""
    rows = held.sort_values(["controller", "km2"], ascending=[True, False])
    rows = rows.assign(
        km2=rows["km2"].round(0).astype(int),
        since=rows["valid_from"],
        nkao=[lang._("yes") if value == "yes" else lang._("no") for value in rows["nkao"]],
        controller=[labels[value] for value in rows["controller"]],
        peacekeeping=[
            lang._("Russian peacekeeping zone") if value == "russia" else "" for value in rows["peacekeeping"]
        ],
        precision=[lang._(PRECISION[value][2]) for value in rows["precision"]],
        title=[event_title(e, t, lang) for e, t in zip(rows["event_id"], rows["title"], strict=True)],
    )
    columns = ["unit_name", "nkao", "controller", "peacekeeping", "precision", "km2", "since", "title"]
    columns += ["source_kind", "source_name", "source_url"]
    return rows[columns]


def sources_line(held: pd.DataFrame, routes: pd.DataFrame | None = None, *, lang: Language) -> str:
    """The maps' source line: the publishers of the dated events drawn, then the geometry and the place names."""
    return source_line(
        held,
        routes,
        lang=lang,
        limit=6,
        sentence=lang._(
            "Source: dated events from {names} (seeds/control.csv, karabakh-notebooks), on Natural Earth's 1994 and "
            "2020 lines of contact and boundaries (public domain). Places: GeoNames (CC BY) and the pages in "
            "seeds/places.csv."
        ),
    )


def _alt(held: gpd.GeoDataFrame, as_of: str, fronts: dict, routes: pd.DataFrame, lang: Language) -> str:
    parts = []
    for controller in CONTROLLER:
        mine = held[held["controller"] == controller]
        if len(mine):
            units = ", ".join(dict.fromkeys(mine.sort_values("km2", ascending=False)["unit_name"]))
            parts.append(lang._(ALT_HELD[controller]).format(area=lang.number(mine["km2"].sum()), units=units))
    sentences = [
        lang._("Map of Nagorno-Karabakh and the districts around it on {date}: {held}.").format(
            date=lang.day(as_of), held="; ".join(parts)
        )
    ]
    kept = held[held["peacekeeping"] == "russia"]
    if len(kept):
        sentences.append(lang._("Russian peacekeeping zone: {area} km².").format(area=lang.number(kept["km2"].sum())))
    rough = held[held["precision"] != "line_of_contact"]
    if len(rough):
        sentences.append(
            lang._("Edges not measured as a line of contact (district boundaries or hand cuts): {area} km².").format(
                area=lang.number(rough["km2"].sum())
            )
        )
    lines = [lang._(LINES[k][0]) for k, g in fronts.items() if not g.is_empty]
    sentences.append(
        lang._("Lines drawn where they separate the sides: {lines}.").format(
            lines=", ".join(lines) if lines else lang._("none")
        )
    )
    if len(routes):
        sentences.append(lang._("Lachin corridor drawn: {routes}.").format(routes="; ".join(routes["name"])))
    return " ".join(sentences)


def control_map(lay: Basemap, as_of: str, *, lang: Language, show_corridor: bool) -> go.Figure:
    """Map of who held what on one date, in the report's language and naming convention (``lang.label_style``)."""
    style, language = lang.label_style, lang.code
    held = lay.held(as_of)
    fig, _ = _base(lay, held, lang)
    _front_traces(fig, lay, [as_of], as_of, lang)
    routes = layers.corridor_at(as_of, lay.ctx)
    routes = routes if show_corridor else routes.iloc[0:0]
    route_places = _corridor(fig, routes, lang) if len(routes) else set()
    _places(fig, lay, style, language, route_places)
    _axes(fig, lay)
    return finish(
        fig,
        title=lang._("Who held what in and around Nagorno-Karabakh on {date}").format(date=lang.date(as_of, long=True)),
        alt=_alt(held, as_of, lay.front_lines(as_of), routes, lang),
        source=sources_line(held, routes if len(routes) else None, lang=lang),
        lang=lang,
        note=f"{lang._(DISCLAIMER)} {lay.convention(lang)}",
        narrow=_narrow(fig, lay),
    )


def slider_map(lay: Basemap, dates: dict[str, str], start: str | None = None, *, lang: Language) -> go.Figure:
    """One map and a slider across ``dates`` ({'YYYY-MM-DD': label}), opened at ``start`` (default the first):
    each step restyles the territories and shows the lines of contact of that day (no frames, so no geometry is
    sent twice)."""
    days = list(dates)
    start = start if start in dates else days[0]
    fig, piece_traces = _base(lay, lay.held(start), lang, brief=True)
    labels = lay.held_labels(lang)
    front_traces, visibility = _front_traces(fig, lay, days, start, lang)
    steps, all_held = [], []
    for day in days:
        held = lay.held(day)
        all_held.append(held)
        styles = [_piece_style(row, lang, labels, brief=True) for row in held.itertuples()]
        update = {
            "fillcolor": [s["fillcolor"] for s in styles] + [None] * len(front_traces),
            "fillpattern.shape": [s["fillpattern"]["shape"] for s in styles] + [""] * len(front_traces),
            "visible": [True] * len(styles) + visibility[day],
        }
        steps.append(dict(label=lang.date(day), method="restyle", args=[update, piece_traces + front_traces]))
    _axes(fig, lay, height=1060)
    fig.update_layout(
        sliders=[
            dict(
                active=days.index(start),
                steps=steps,
                y=0,
                yanchor="top",
                pad=dict(t=10, b=10),
                currentvalue=dict(prefix=lang._("Date: "), font=dict(size=13)),
                # inset, so that the first and last dates, centred on their steps, stay inside the figure
                x=0.06,
                len=0.88,
            )
        ],
        margin=dict(b=300),
    )
    alt = " ".join(
        [
            lang.n_(
                "Map with a slider across the {n} date on which control changed, from {first} to {last}: {changes}.",
                "Map with a slider across the {n} dates on which control changed, from {first} to {last}: {changes}.",
                len(dates),
            ).format(
                n=lang.number(len(dates)),
                first=lang.day(days[0]),
                last=lang.day(days[-1]),
                changes="; ".join(f"{lang.day(d, long=False)}: {t}" for d, t in dates.items()),
            ),
            lang._(
                "Each step colours the territories by who held them on that date, hatches the Russian peacekeeping "
                "zone and draws the lines of contact that separated the sides."
            ),
        ]
    )
    fig = finish(
        fig,
        title=lang._("Control step by step: every change in the data"),
        alt=alt,
        source=sources_line(pd.concat(all_held), lang=lang),
        lang=lang,
        note=lang._(DISCLAIMER),
        narrow={
            **_narrow(fig, lay, below=110),
            "layout.sliders[0].x": 0.1,
            "layout.sliders[0].len": 0.8,
            "layout.sliders[0].font.size": 10,
        },
    )
    fig.layout.annotations[-1].yshift = -130  # below the slider
    return fig


def area_chart(table: pd.DataFrame, *, lang: Language, labels: dict[str, str] | None = None) -> go.Figure:
    """km² held by each controller over time (stacked steps), from the first event to the last change; ``labels``
    are the legend labels (``Basemap.held_labels``; default: the neutral wording)."""
    labels = labels or {controller: lang._(label) for controller, (_, label) in CONTROLLER.items()}
    fig = go.Figure()
    for controller in [c for c in CONTROLLER if c in table.columns]:
        colour, text = CONTROLLER[controller][0], labels[controller]
        fig.add_scatter(
            x=table.index,
            y=table[controller].round(0),
            name=plain(text),
            stackgroup="area",
            line_shape="hv",
            line=dict(color=colour, width=0.5),
            fillcolor=colour,
            hovertemplate=lang._("%{x|%d %b %Y}: %{y:,.0f} km²") + "<extra>" + plain(text) + "</extra>",
        )
    fig.update_xaxes(type="date", range=[table.index.min(), table.index.max()], title=None)
    fig.update_yaxes(title=lang._("km² (equal-area projection)"), rangemode="tozero")
    fig.update_layout(height=420)
    held = table.get("armenian_forces", pd.Series(dtype=float))
    first, last = lang.date(table.index.min(), long=True), lang.date(table.index.max(), long=True)
    alt = (
        lang._(
            "Stacked step chart of the area held by each side from {first} to the last change in the data, {last}; "
            "the study area is {area} km²."
        ).format(first=first, last=last, area=lang.number(table.iloc[-1].sum()))
        + " "
        + (
            lang._(
                "Area held by Armenian forces peaks at {peak} km² (from {peak_date}) and is {final} km² after the "
                "last change."
            ).format(
                peak=lang.number(held.max()),
                peak_date=lang.date(held.idxmax(), long=True),
                final=lang.number(held.iloc[-1]),
            )
            if len(held)
            else ""
        )
    )
    return finish(
        fig,
        title=lang._("Area held by each side, km²"),
        alt=alt,
        source=lang._(
            "Source: territories derived from seeds/control.csv on Natural Earth's lines of contact "
            "(karabakh-notebooks)."
        ),
        lang=lang,
        note=lang._(
            "Areas measured on unsimplified geometry in a Lambert equal-area projection. The study area "
            "is the former NKAO plus every district the 1994–2020 area touches."
        ),
    )
