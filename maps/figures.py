"""Plotly maps drawn from our own GeoJSON on plain cartesian axes (no plotly `geo` base map, nothing from a CDN).

Coordinates are projected (Lambert azimuthal equal-area centred on the region, in km) and simplified for the
browser with their topology kept: district and country polygons are simplified as coverages, so neighbours keep
sharing their edges. Areas are never measured on this simplified geometry (see maps.layers).
"""
from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import shapely

from analysis.style import PALETTE, finish, plain, wrap
from . import layers, names

SIMPLIFY_M = 250  # coverage simplification tolerance, metres
EXTENT_LONLAT = (45.55, 38.85, 47.7, 40.62)  # lon/lat box shown
MAX_COORD_BYTES = 300_000
DISCLAIMER = ("District-level approximation of front lines: a split district takes one colour (dotted outline "
              "= split district). Boundaries are generalised Natural Earth lines and are not authoritative.")
CONTROLLER = {  # colour and legend label
    "armenian_forces": (PALETTE["orange"], "Held by Armenian forces"),
    "azerbaijan": (PALETTE["sky"], "Held by Azerbaijan"),
    layers.NO_ROW: ("#dddddd", "No sourced record"),
}
PEACEKEEPING_PATTERN = dict(shape="/", fgcolor="#333", size=7, solidity=0.25)
COUNTRY_FILL = {"Armenia": "#f4f1ea", "Azerbaijan": "#eef3f6"}
HOVER = "%{customdata}<extra></extra>"
# Where a label sits next to its point, for the crowded centre; others sit above their point.
LABEL_POSITION = {"stepanakert_khankendi": "middle right", "shusha_shushi": "bottom left", "khojaly": "middle left",
                  "askeran": "top left", "aghdam": "middle right", "martuni_khojavend": "middle right",
                  "lachin_berdzor": "middle left", "hadrut": "bottom center", "fuzuli": "middle right",
                  "goris": "middle left", "jabrayil": "bottom center", "barda": "top right"}


def _km(geom):
    return shapely.transform(geom, lambda xy: (xy / 1000).round(2))


def _xy(geom) -> tuple[list, list]:
    """Plotly x/y lists for a (multi)polygon's rings or a (multi)line, parts separated by None."""
    xs, ys = [], []
    parts = getattr(geom, "geoms", [geom])
    for part in parts:
        rings = [part.exterior, *part.interiors] if part.geom_type == "Polygon" else [part]
        for ring in rings:
            x, y = ring.xy
            xs += [*x, None]
            ys += [*y, None]
    return xs[:-1], ys[:-1]


class Layers:
    """Everything a map draws, projected to km and simplified once."""

    def __init__(self):
        from analysis import data

        self.districts = layers.areas()  # unsimplified, lon/lat; km2 from here
        box = shapely.box(*EXTENT_LONLAT)
        proj = gpd.GeoSeries([box], crs="EPSG:4326").to_crs(layers.EQUAL_AREA)
        self.box_km = _km(proj.iloc[0]).bounds
        countries = data.load_admin0()
        countries = countries[countries.intersects(box)]
        self.countries = self._simplified(countries, clip=proj.iloc[0])
        self.country_names = list(countries["name"])
        self.district_shapes = self._simplified(self.districts)
        lines = data.load_disputed_lines()
        self.ceasefire = self._lines(lines[(lines["featurecla"] == "Breakaway")
                                           & (lines["name"] == "Ceasefire Line 1994")
                                           & (lines["comment"] == "Nagorno-Karabakh")])
        self.nkao = self._lines(data.load_nkao().boundary.to_frame("geometry").set_crs("EPSG:4326"))
        self.places = layers.places_in(self.districts)
        self.places_km = self.places.to_crs(layers.EQUAL_AREA).geometry.map(_km)

    @staticmethod
    def _simplified(frame: gpd.GeoDataFrame, clip=None) -> list:
        projected = frame.to_crs(layers.EQUAL_AREA).geometry
        if clip is not None:
            projected = projected.intersection(clip.buffer(50_000))
        simple = shapely.coverage_simplify(projected.values, SIMPLIFY_M)
        return [_km(g) for g in simple]

    @staticmethod
    def _lines(frame: gpd.GeoDataFrame):
        merged = frame.to_crs(layers.EQUAL_AREA).geometry.union_all()
        return _km(shapely.simplify(merged, SIMPLIFY_M))


def coordinate_bytes(fig: go.Figure) -> int:
    """Bytes of x/y coordinate JSON a figure sends to the browser, frames included."""
    spec = fig.to_plotly_json()
    traces = list(spec.get("data", [])) + [t for f in spec.get("frames", []) for t in f.get("data", [])]
    return sum(len(json.dumps(t.get(k, []), default=float)) for t in traces for k in ("x", "y"))


def _peacekeeping(row) -> bool:
    return pd.notna(row.peacekeeping) and row.peacekeeping == "russia"


def _partial(row) -> bool:
    return pd.notna(row.partial) and bool(row.partial)


def _district_style(row) -> dict:
    colour = CONTROLLER[row.controller][0]
    split = _partial(row)
    pattern = {**PEACEKEEPING_PATTERN, "shape": PEACEKEEPING_PATTERN["shape"] if _peacekeeping(row) else ""}
    return dict(fillcolor=colour, fillpattern=pattern, customdata=[_district_hover(row)],
                line=dict(color="#333" if split else "white", width=1.6 if split else 0.8,
                          dash="dot" if split else "solid"))


def _district_hover(row) -> str:
    status = CONTROLLER[row.controller][1]
    extra = []
    if _peacekeeping(row):
        extra.append("Russian peacekeeping zone")
    if _partial(row):
        extra.append("split district (colour = recorded controller)")
    text = f"<b>{plain(row.area_name)}</b> ({row.km2:,.0f} km²)<br>{plain(status)}"
    if extra:
        text += "<br>" + "; ".join(extra)
    if pd.notna(row.note):
        text += "<br><i>" + "<br>".join(wrap(plain(row.note), 70)) + "</i>"
    if pd.notna(row.source_name):
        text += f"<br>Source: {plain(row.source_name)}"
    return text


def _base(lay: Layers, held: gpd.GeoDataFrame) -> tuple[go.Figure, list[int]]:
    """Countries, districts coloured by controller, reference lines and the legend; returns the district traces."""
    fig = go.Figure()
    for country, geom in zip(lay.country_names, lay.countries):
        x, y = _xy(geom)
        fig.add_scatter(x=x, y=y, fill="toself", mode="lines", fillcolor=COUNTRY_FILL.get(country, "#f7f7f7"),
                        line=dict(color="#999", width=0.8), hoverinfo="skip", showlegend=False, name=plain(country))
    district_traces = []
    for i in held.sort_values("km2", ascending=False).index:  # small units (cities) on top of their rayon
        row = held.loc[i]
        x, y = _xy(lay.district_shapes[i])
        district_traces.append(len(fig.data))
        fig.add_scatter(x=x, y=y, fill="toself", mode="lines", hoveron="fills", hovertemplate=HOVER,
                        showlegend=False, name=plain(row.area_name), **_district_style(row))
    x0, y0 = lay.box_km[0] - 100, lay.box_km[1] - 100  # legend swatches: tiny squares outside the view
    swatch = dict(x=[x0, x0 + 1, x0 + 1, x0, x0], y=[y0, y0, y0 + 1, y0 + 1, y0], fill="toself", mode="lines",
                  hoverinfo="skip")
    for colour, text in CONTROLLER.values():
        fig.add_scatter(**swatch, name=text, fillcolor=colour, line=dict(color=colour, width=0))
    fig.add_scatter(**swatch, name="Russian peacekeeping zone", fillcolor="white", fillpattern=PEACEKEEPING_PATTERN,
                    line=dict(color="#333", width=1))
    x, y = _xy(lay.nkao)
    fig.add_scatter(x=x, y=y, mode="lines", line=dict(color="#222", width=1.5, dash="dot"), hoverinfo="skip",
                    name="Former NKAO, c. 1991 (approx.)")
    x, y = _xy(lay.ceasefire)
    fig.add_scatter(x=x, y=y, mode="lines", line=dict(color=PALETTE["vermillion"], width=1.8, dash="dash"),
                    hoverinfo="skip", name="1994 ceasefire line")
    return fig, district_traces


def _places(fig: go.Figure, lay: Layers, style: str, language: str, route_places: set[str]) -> None:
    shown = lay.places["kind"].isin(["capital", "city", "town"]) | lay.places["place_id"].isin(route_places)
    inside = lay.places_km.map(lambda p: shapely.box(*lay.box_km).contains(p))
    rows = lay.places[shown & inside]
    text = [plain(t) for t in names.labels(rows, style, language)]
    village = rows["kind"].eq("village")  # corridor villages: a point with its name on hover, to keep the map legible
    points = lay.places_km[rows.index]
    fig.add_scatter(x=[p.x for p in points], y=[p.y for p in points], mode="markers+text", name="Places",
                    text=[("" if v else t) for t, v in zip(text, village)], customdata=text,
                    textposition=[LABEL_POSITION.get(p, "top center") for p in rows["place_id"]],
                    textfont=dict(size=11, color="#111"), marker=dict(size=[4 if v else 6 for v in village],
                                                                       color="#111"),
                    hovertemplate="%{customdata}<extra></extra>", showlegend=False)


def _corridor(fig: go.Figure, routes: gpd.GeoDataFrame) -> set[str]:
    projected = routes.to_crs(layers.EQUAL_AREA)
    for row, geom in zip(routes.itertuples(), projected.geometry):
        x, y = _xy(_km(geom))
        fig.add_scatter(x=x, y=y, mode="lines", line=dict(color=PALETTE["purple"], width=3.5),
                        name="Lachin corridor (schematic)", hovertemplate=HOVER,
                        customdata=[f"<b>{plain(row.name)}</b><br>{plain(row.valid_from)} to {plain(row.valid_to)}"
                                    f"<br>Schematic: straight lines between places<br>Source: {plain(row.source_name)}"]
                        * len(x))
    return {p for route in routes["places"] for p in route.split(" > ")}


def _axes(fig: go.Figure, lay: Layers, height: int = 980) -> None:
    x0, y0, x1, y1 = lay.box_km
    fig.update_xaxes(range=[x0, x1], visible=False, showgrid=False)
    fig.update_yaxes(range=[y0, y1], visible=False, showgrid=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(height=height, hovermode="closest", margin=dict(l=10, r=10, t=90, b=230),
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, font=dict(size=11)))


def sources_line(held: pd.DataFrame, routes: pd.DataFrame | None = None) -> str:
    publishers = list(held["source_name"].dropna().value_counts().index)
    if routes is not None:
        publishers += [p for p in routes["source_name"] if p not in publishers]
    shown = publishers[:6]
    more = f" and {len(publishers) - len(shown)} more" if len(publishers) > len(shown) else ""
    return (f"Source: control by district compiled from {', '.join(shown)}{more} (seeds/control.csv, "
            f"karabakh-notebooks). Boundaries: Natural Earth (public domain). Places: GeoNames (CC BY) and the pages "
            f"in seeds/places.csv.")


def control_map(lay: Layers, as_of: str, *, style: str, language: str, show_corridor: bool) -> go.Figure:
    """Map of who held each district on one date."""
    held = layers.control_at(as_of, districts=lay.districts)
    fig, _ = _base(lay, held)
    routes = layers.corridor_at(as_of) if show_corridor else layers.corridor_at(as_of).iloc[0:0]
    route_places = _corridor(fig, routes) if len(routes) else set()
    _places(fig, lay, style, language, route_places)
    _axes(fig, lay)
    km2 = held.groupby("controller")["km2"].sum()
    alt = (f"Map of Nagorno-Karabakh and the surrounding districts on {as_of}: "
           + "; ".join(f"{CONTROLLER[c][1].lower()}: {km2[c]:,.0f} km² in "
                       f"{', '.join(held.loc[held['controller'] == c, 'area_name'])}" for c in km2.index)
           + (f". Russian peacekeeping zone in {', '.join(held.loc[held['peacekeeping'] == 'russia', 'area_name'])}"
              if (held["peacekeeping"] == "russia").any() else "")
           + (f". Lachin corridor drawn: {'; '.join(routes['name'])}" if len(routes) else "") + ".")
    example = names.label(lay.places.set_index("place_id").loc["stepanakert_khankendi"], style, language)
    return finish(fig, title=f"Who held the districts of Nagorno-Karabakh on {pd.Timestamp(as_of):%d %B %Y}",
                  alt=alt, source=sources_line(held, routes if len(routes) else None),
                  note=f"{DISCLAIMER} {names.convention(style, language, example)}")


def slider_map(lay: Layers, dates: dict[str, str], start: str | None = None) -> go.Figure:
    """One map, a slider across key dates, opened at `start` (default the first): each step restyles the districts'
    fills (no frames, so no geometry is repeated)."""
    start = start if start in dates else next(iter(dates))
    fig, district_traces = _base(lay, layers.control_at(start, districts=lay.districts))
    steps, all_held = [], []
    for day in dates:
        held = layers.control_at(day, districts=lay.districts)
        all_held.append(held)
        styles = [_district_style(held.loc[i]) for i in held.sort_values("km2", ascending=False).index]
        update = {"fillcolor": [s["fillcolor"] for s in styles],
                  "fillpattern.shape": [s["fillpattern"]["shape"] for s in styles],
                  "customdata": [s["customdata"] for s in styles],
                  **{f"line.{k}": [s["line"][k] for s in styles] for k in ("color", "width", "dash")}}
        steps.append(dict(label=f"{pd.Timestamp(day):%b %Y}", method="restyle", args=[update, district_traces]))
    _axes(fig, lay, height=1040)
    fig.update_layout(sliders=[dict(active=list(dates).index(start), steps=steps, y=0, yanchor="top", pad=dict(t=10, b=10),
                                    currentvalue=dict(prefix="Date: ", font=dict(size=13)), len=1.0)],
                      margin=dict(b=300))
    alt = (f"Map with a slider across {len(dates)} dates: {'; '.join(dates.values())}. Each step colours the "
           f"districts by who held them on that date and hatches the Russian peacekeeping zone.")
    fig = finish(fig, title="Control of the districts, step by step", alt=alt,
                 source=sources_line(pd.concat(all_held)), note=DISCLAIMER)
    fig.layout.annotations[-1].yshift = -130  # below the slider
    return fig


def area_chart(table: pd.DataFrame) -> go.Figure:
    """km² held by each controller over time (stacked steps)."""
    fig = go.Figure()
    for controller in [c for c in CONTROLLER if c in table.columns]:
        colour, text = CONTROLLER[controller]
        fig.add_scatter(x=table.index, y=table[controller].round(0), name=text, stackgroup="area", line_shape="hv",
                        line=dict(color=colour, width=0.5), fillcolor=colour,
                        hovertemplate="%{x|%d %b %Y}: %{y:,.0f} km²<extra>" + plain(text) + "</extra>")
    end = pd.Timestamp.today().normalize()
    fig.update_xaxes(type="date", range=[table.index.min(), end], title=None)
    fig.update_yaxes(title="km² (equal-area projection)", rangemode="tozero")
    fig.update_layout(height=420)
    peak = table.get("armenian_forces", pd.Series(dtype=float))
    alt = (f"Stacked step chart of the area of the {len(table.columns)} mapped categories of control, "
           f"{table.index.min():%Y} to today, total {table.iloc[-1].sum():,.0f} km². "
           + (f"Area held by Armenian forces peaks at {peak.max():,.0f} km² (from {peak.idxmax():%d %B %Y}) and is "
              f"{peak.iloc[-1]:,.0f} km² today." if len(peak) else ""))
    return finish(fig, title="Area held by each side, km²", alt=alt,
                  source="Source: seeds/control.csv (karabakh-notebooks) on Natural Earth admin-1 districts.",
                  note="Whole districts are counted under their recorded controller, so split districts overstate "
                       "one side; areas measured on unsimplified geometry in a Lambert equal-area projection.")
