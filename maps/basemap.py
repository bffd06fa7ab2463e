"""The base of every map: the territories, countries, district boundaries, lines of contact, the NKAO outline and
the places, projected (Lambert azimuthal equal-area centred on the region, in km) and simplified for the browser
once per report context; the territories held on a date; and the parts of the lines of contact that separated the
two sides on that date. maps.figures draws them.
"""

from __future__ import annotations

from collections import OrderedDict

import geopandas as gpd
import shapely

from analysis import data
from analysis.data.context import ReportContext, context_of
from analysis.i18n import terms
from analysis.i18n.language import N_, Language
from maps import layers, names

SIMPLIFY_M = 250  # coverage simplification tolerance, metres
FRONT_TOLERANCE_M = 400  # a line of contact is drawn where it runs within this distance of the day's front
MIN_LINE_M = 1_000  # shorter scraps left where two lines of contact meet are not drawn
EXTENT_LONLAT = (45.55, 38.85, 47.7, 40.62)  # lon/lat box shown
DISTRICT_LABEL_MIN_KM2 = 300
# Where a district's name goes on the control map (maps.figures._district_names keeps it off the places' labels;
# the slider map keeps the representative point): grid points LABEL_GRID_KM apart, LABEL_INSET_KM in from the
# district's edge, nearest its representative point.
LABEL_GRID_KM, LABEL_INSET_KM = 2.0, 3.0


def label_point(shape, size: tuple[float, float], obstacles: list) -> shapely.Point | None:
    """Where a district's name (a box of ``size`` km, centred on the point) is drawn: its representative point if
    the box there touches none of ``obstacles`` (places and their labels), else the nearest point inside the
    district where it does not; None where there is none (a small district around its town: the town is named)."""
    home = shape.representative_point()
    width, height = size

    def clear(point) -> bool:
        box = shapely.box(point.x - width / 2, point.y - height / 2, point.x + width / 2, point.y + height / 2)
        return not any(box.intersects(o) for o in obstacles)

    if clear(home):
        return home
    inner = shape.buffer(-LABEL_INSET_KM)
    if inner.is_empty:
        return None
    x0, y0, x1, y1 = inner.bounds
    steps_x, steps_y = int((x1 - x0) / LABEL_GRID_KM) + 1, int((y1 - y0) / LABEL_GRID_KM) + 1
    grid = [
        shapely.Point(x0 + i * LABEL_GRID_KM, y0 + j * LABEL_GRID_KM) for i in range(steps_x) for j in range(steps_y)
    ]
    spots = sorted((p for p in grid if inner.contains(p) and clear(p)), key=lambda p: (p.distance(home), p.x, p.y))
    return spots[0] if spots else None


# Where a label sits next to its point, for the crowded centre; others sit above their point.
# Who held a territory, as a legend names it (translated where it is shown), and the contested term (seeds/terms.csv)
# a side's convention uses for that label instead.
HELD_LABELS = {
    "armenian_forces": N_("Held by Armenian forces"),
    "azerbaijan": N_("Held by Azerbaijan"),
}
HELD_TERM = {  # the contested term (seeds/terms.csv) a side's convention uses for the legend label instead
    "armenian_forces": "held_armenian",
    "azerbaijan": "held_azerbaijani",
}
# The first day each Natural Earth line of contact can be the front.
LINES_FIRST_DAY = {"1994": "1994-05-12", "2020": "2020-11-10"}


def to_km(geom):
    """Metres to km, rounded to 100 m: finer than the 250 m simplification, and half the bytes of 10 m."""
    return shapely.transform(geom, lambda xy: (xy / 1000).round(1))


def _projected(geoms, crs="EPSG:4326"):
    return gpd.GeoSeries(geoms, crs=crs).to_crs(layers.EQUAL_AREA)


# The lines of contact drawn on a date, by the content hashes of the three files they come from and the date: the
# same files give the same lines, so a warm kernel (analysis.build.kernels) works each date out once for all its
# maps. The oldest dates are forgotten past FRONTS_KEPT, so a long-lived kernel does not grow without bound.
FRONTS_KEPT = 64
_FRONTS: OrderedDict[tuple, dict] = OrderedDict()


class Basemap:
    """Everything a map draws, projected to km and simplified once: countries, the territory pieces, district
    boundaries, the lines of contact, the NKAO outline and the places."""

    def __init__(self, where: ReportContext | None = None):
        self.ctx = context_of(where)
        self.territories = layers.territories(self.ctx)  # every piece and period, unsimplified lon/lat
        self.terms = data.load_terms(self.ctx)
        pieces = self.territories.drop_duplicates("piece_id").sort_values("piece_id").reset_index(drop=True)
        self.piece_ids = list(pieces["piece_id"])
        projected = _projected(pieces.geometry.values)
        self.pieces_m = dict(
            zip(self.piece_ids, projected.values, strict=False)
        )  # unsimplified, metres: for the fronts
        simple = shapely.coverage_simplify(projected.values, SIMPLIFY_M)
        self.piece_shapes = dict(zip(self.piece_ids, (to_km(g) for g in simple), strict=False))
        units = pieces.assign(shape=simple).groupby("unit")
        outlines = [shapely.union_all(list(group["shape"])) for _, group in units]
        # The union splits the boundaries at every vertex two districts share; merged back into runs, they draw as
        # 41 lines instead of 332 (each a separate path in the image, with its own style).
        self.district_lines = to_km(shapely.line_merge(shapely.union_all([o.boundary for o in outlines])))
        self.districts = [
            (group["unit_name"].iloc[0], to_km(shapely.union_all(list(group["shape"]))))
            for _, group in units
            if group["km2"].sum() >= DISTRICT_LABEL_MIN_KM2
        ]
        self.district_labels = [(name, shape.representative_point()) for name, shape in self.districts]
        box = shapely.box(*EXTENT_LONLAT)
        box_m = _projected([box]).iloc[0]
        self.box_km = to_km(box_m).bounds
        countries = data.load_admin0(self.ctx)
        countries = countries[countries.intersects(box)]
        clipped = _projected(countries.geometry.values).intersection(box_m.buffer(50_000))
        self.countries = [to_km(g) for g in shapely.coverage_simplify(clipped.values, SIMPLIFY_M)]
        self.country_names = list(countries["name"])
        v4_lines = data.load_disputed_lines(self.ctx)
        v5 = data.load_karabakh_v5(self.ctx)
        self.lines_m = {
            "1994": _projected(
                v4_lines[
                    (v4_lines["featurecla"] == "Breakaway") & (v4_lines["name"] == "Ceasefire Line 1994")
                ].geometry.values
            ).union_all(),
            "2020": _projected(v5[v5["NAME"] == "Ceasefire Line 2020"].geometry.values).union_all(),
        }
        self.nkao = to_km(
            shapely.simplify(_projected(data.load_nkao(self.ctx).boundary.values).union_all(), SIMPLIFY_M)
        )
        self.places = layers.places_in(layers.study_area(self.territories), self.ctx)
        self.places_km = self.places.to_crs(layers.EQUAL_AREA).geometry.map(to_km)
        self._data_key = tuple(
            data.resource(name, self.ctx.seeds)["hash"] for name in ("territories", "disputed_lines", "karabakh_v5")
        )

    def held_labels(self, lang: Language) -> dict[str, str]:
        """The legend label of each controller: the kit's neutral wording, or in a side's convention that side's
        term (seeds/terms.csv) where the data has it."""
        return {
            controller: terms.side_term(self.terms, HELD_TERM[controller], lang, lang._(label))
            for controller, label in HELD_LABELS.items()
        }

    def convention(self, lang: Language) -> str:
        """The sentence on the naming convention the maps follow, with Stepanakert/Khankendi as its example."""
        capital = self.places.set_index("place_id").loc["stepanakert_khankendi"]
        return names.convention(lang, names.label(capital, lang.label_style, lang.code))

    def terms_note(self, lang: Language) -> str:
        """The footer sentence on the contested terms, with the legend labels the maps draw."""
        labels = self.held_labels(lang)
        return terms.terms_convention(
            self.terms, lang, {HELD_TERM[controller]: label for controller, label in labels.items()}
        )

    def held(self, as_of: str) -> gpd.GeoDataFrame:
        """The territories on a date, in the order the pieces are drawn."""
        current = layers.control_at(as_of, self.territories)
        return current.set_index("piece_id").loc[self.piece_ids].reset_index()

    def front_lines(self, as_of: str) -> dict:
        """The parts of each NE line of contact that separate the two sides on this date (km, simplified). Where the
        2020 line repeats the 1994 line, from November 2020 only the 2020 line is drawn."""
        known = (self._data_key, as_of)
        if known not in _FRONTS:
            held = self.held(as_of)
            sides = [[self.pieces_m[p] for p in held.loc[held["controller"] == c, "piece_id"]] for c in HELD_LABELS]
            front = (
                shapely.intersection(shapely.union_all(sides[0]).boundary, shapely.union_all(sides[1]).boundary)
                if all(sides)
                else shapely.LineString()
            )
            near = shapely.line_merge(front).buffer(FRONT_TOLERANCE_M)  # merged first: 100 times faster
            shown = {}
            for key, first_day in LINES_FIRST_DAY.items():
                part = (
                    shapely.LineString()
                    if as_of < first_day or front.is_empty
                    else self.lines_m[key].intersection(near)
                )
                if key == "1994" and as_of >= LINES_FIRST_DAY["2020"] and not part.is_empty:
                    part = part.difference(self.lines_m["2020"].buffer(FRONT_TOLERANCE_M))
                pieces = [p for p in getattr(part, "geoms", [part]) if p.length >= MIN_LINE_M]
                shown[key] = (
                    to_km(shapely.simplify(shapely.MultiLineString(pieces), SIMPLIFY_M))
                    if pieces
                    else shapely.LineString()
                )
            _FRONTS[known] = shown
            while len(_FRONTS) > FRONTS_KEPT:
                _FRONTS.popitem(last=False)
        _FRONTS.move_to_end(known)
        return _FRONTS[known]
