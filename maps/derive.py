"""Build the derived layers in seeds/geo/ from other seeds: `python -m maps.derive`, then `python -m analysis rehash`.

- ``territories.geojson``: who held what, as dated polygons. The study area (the former NKAO plus every admin-1
  unit that the 1994–2020 area touches) is cut into pieces along Natural Earth's measured outlines: the 1994–2020
  area held by Armenian forces (v4 B38, whose edge is the 1994 ceasefire line), the area held after the 10 November
  2020 statement (v5 B38, whose edge is the 2020 ceasefire line), the former NKAO, and admin-1 boundaries, plus
  two hand-made discs (Shusha in 2020, Khojaly in 1992). The dated events of seeds/control.csv are replayed over the
  pieces: one feature per piece and period, with its controller, peacekeeping, precision and source.

- ``nkao_outline.geojson``: the former Nagorno-Karabakh Autonomous Oblast, approximate. Natural Earth v4 draws its
  boundary as 7 "Reference line" pieces ("Former USSR oblast in 1991"); they form one ring except for two gaps of
  under 0.0025° (about 200 m) where NE's pieces do not quite meet. Each such endpoint is moved onto the nearby
  endpoint of the next piece, the pieces are merged and the ring polygonized. NE 1:10m is generalised: the result
  is about 4,280 km² against the roughly 4,400 km² usually cited, so it is approximate.
- ``lachin_corridor.geojson``: the Lachin corridor road, drawn as straight segments between places of
  seeds/places.csv (schematic: not the road's course, and not the corridor's 5 km width). One feature per route.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import LineString, Point, mapping
from shapely.ops import linemerge, polygonize

from analysis import data
from analysis.core.errors import DataError
from analysis.core.paths import seeds_dir
from maps import layers
from maps.layers import EQUAL_AREA

GAP_DEGREES = 0.0025
NKAO_FILE = "geo/nkao_outline.geojson"
CORRIDOR_FILE = "geo/lachin_corridor.geojson"

# Each route: its places in order (place_id), its dates and the sources that name the places along it.
ROUTES = (
    {
        "route_id": "2020-2022-via-lachin",
        "name": "Lachin corridor, 2020–2022 route (via Lachin/Berdzor and Zabukh/Aghavno)",
        "places": ("goris", "tegh", "zabukh_aghavno", "lachin_berdzor", "stepanakert_khankendi"),
        "valid_from": "2020-11-10",
        "valid_to": "2022-08-29",
        "source_name": "CivilNet",
        "source_url": "https://www.civilnet.am/en/news/669614/armenia-to-begin-work-on-alternative-route-to-lachin-corridor/",
        "note": "Schematic. The trilateral statement of 10 Nov 2020 put the corridor under Russian peacekeepers; "
        "CivilNet names Lachin and Aghavno as lying on this route; Tegh is the last village on the "
        "Goris–Stepanakert highway before the border (places.csv). Handed to Azerbaijan on 25 Aug 2022; "
        "traffic moved to the new road from the evening of 30 Aug 2022 (Massis Post, "
        "https://massispost.com/2022/08/starting-august-30-artsakh-armenia-connection-to-be-carried-out-through-new-road-bypassing-lachin/).",
    },
    {
        "route_id": "2022-2024-via-mets-shen",
        "name": "Lachin corridor, route from August 2022 (via Kornidzor and Mets Shen)",
        "places": ("goris", "tegh", "kornidzor", "mets_shen_boyuk_qaladarasi", "stepanakert_khankendi"),
        "valid_from": "2022-08-30",
        "valid_to": "2024-06-12",
        "source_name": "CivilNet",
        "source_url": "https://www.civilnet.am/en/news/671866/three-days-left-till-armenia-hands-over-lachin-and-aghavno-to-azerbaijan/",
        "note": "Schematic. The new route passes Mets Shen and Hin Shen (no sourced coordinates for Hin Shen, so it is "
        "not a vertex) and starts at Kornidzor in Armenia (CivilNet, "
        "https://www.civilnet.am/en/news/669614/armenia-to-begin-work-on-alternative-route-to-lachin-corridor/). "
        "In use from 30 Aug 2022 (Massis Post). Drawn until the Russian peacekeepers completed their "
        "withdrawal on 12 Jun 2024 (control.csv); after 20 Sep 2023 the whole region was Azerbaijani-held.",
    },
)


def nkao_outline(lines) -> dict:
    """The NKAO ring from NE's reference-line pieces, as a GeoJSON feature collection."""
    mask = (lines["featurecla"] == "Reference line") & lines["comment"].fillna("").str.contains("Nagorno-Karabakh")
    parts = [p for g in lines.loc[mask, "geometry"] for p in getattr(g, "geoms", [g])]
    ends = [c for p in parts for c in (p.coords[0], p.coords[-1])]

    def close_gap(coord):
        for other in ends:
            if 0 < Point(coord).distance(Point(other)) < GAP_DEGREES:
                return min(coord, other)  # both ends of a gap move to the same point
        return coord

    closed = [LineString([close_gap(p.coords[0]), *p.coords[1:-1], close_gap(p.coords[-1])]) for p in parts]
    ring = linemerge(closed)
    polygons = list(polygonize(ring))
    if ring.geom_type != "LineString" or not ring.is_ring or len(polygons) != 1:
        raise ValueError("NE's NKAO reference lines no longer close into one ring; check the gap tolerance")
    props = {
        "name": "Nagorno-Karabakh Autonomous Oblast (approximate outline, circa 1991)",
        "featurecla": "Reference line",
        "method": "Natural Earth v4 'Former USSR oblast in 1991' reference lines, gaps under 0.0025° closed, "
        "polygonized (maps/derive.py)",
    }
    return _collection([{"type": "Feature", "properties": props, "geometry": _rounded(mapping(polygons[0]))}])


def corridor(places) -> dict:
    """The corridor routes as lines through place points (schematic)."""
    points = places.set_index("place_id")
    features = []
    for route in ROUTES:
        coords = [(float(points.loc[p, "lon"]), float(points.loc[p, "lat"])) for p in route["places"]]
        props = {k: v for k, v in route.items() if k != "places"} | {
            "places": " > ".join(route["places"]),
            "featurecla": "Schematic route",
        }
        features.append({"type": "Feature", "properties": props, "geometry": mapping(LineString(coords))})
    return _collection(features)


def _rounded(geom: dict) -> dict:
    return json.loads(json.dumps(geom), parse_float=lambda s: round(float(s), 6))


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


# ---- territories: dated polygons cut from the measured lines of contact ------------------------------------------

TERRITORIES_FILE = "geo/territories.geojson"
STUDY_MIN_M2 = 1e6  # an admin-1 unit belongs to the study area if it shares at least 1 km² with the 1994 area or NKAO
# Hand-made cuts (precision "approximate"): a disc around a town, kept inside the post-2020 area.
CUTS = {
    "shusha_2020": (
        "shusha_shushi",
        3_500,
        "Shusha/Shushi and its immediate surroundings, a 3.5 km disc around the "
        "town cut from NE's post-2020 area: NE v5 draws the town inside the area held by Armenian forces, "
        "although Azerbaijani forces took it on 8 November 2020. Hand-made, approximate.",
    ),
    "talish_2020": (
        "talish",
        2_500,
        "Talish, a 2.5 km disc around the village cut from NE's post-2020 area, which "
        "contains it although Azerbaijani forces took it on 3 October 2020. Hand-made, approximate.",
    ),
    "khojaly_1992": (
        "khojaly",
        2_500,
        "Khojaly town, a 2.5 km disc around it: held by Azerbaijani forces inside the "
        "Armenian-held NKAO until February 1992. Hand-made, approximate.",
    ),
}
# Cuts outside the 1994–2020 area: Horadiz, held by Armenian forces from October 1993 to January 1994.
OUTSIDE_CUTS = {
    "horadiz_1993": (
        "horadiz",
        4_000,
        "Horadiz, a 4 km disc around the town east of the 1994 line, held by Armenian "
        "forces from October 1993 to January 1994. Hand-made, approximate.",
    ),
}
# Towns of the Lachin corridor handed over on 26 August 2022, with the radius of the disc added to NE's corridor strip
# (NE v5 draws the strip south of Lachin town). Hand-made, approximate.
CORRIDOR_TOWNS = {"lachin_berdzor": 2_000, "zabukh_aghavno": 1_500, "sus": 1_500}
ZONES = {
    "outside": "outside the 1994–2020 area (Natural Earth v4 B38)",
    "v4only": "inside the 1994–2020 area but outside the post-November-2020 area (NE v4 minus NE v5)",
    "v5": "inside the post-November-2020 area (NE v5 B38)",
    "corridor_2022": "the Lachin corridor outside the former NKAO: NE v5's strip plus hand-drawn discs around Lachin "
    "town, Zabukh and Sus, which NE's strip misses (approximate)",
    **{name: text for name, (_, _, text) in (CUTS | OUTSIDE_CUTS).items()},
}
# NE labels AZE-1735 "Lankaran", but it is the Laçın rayon (see ../shared/data/geo/README.md and seeds/notes/control.md).
UNIT_NAMES = {"AZE-1735": "Laçın", "AZE-4838": "Xankəndi", "AZE-5565": "Şuşa şəhəri"}


def territory_pieces(admin1, v4, v5, nkao, places) -> gpd.GeoDataFrame:
    """The study area cut into pieces that never change shape: zone (measured lines and hand cuts) × admin-1 unit ×
    inside/outside the former NKAO. Every dated period of control applies to whole pieces."""

    def merged(frame):
        return frame.geometry.union_all()

    area_94 = merged(v4[v4["brk_name"] == "Nagorno-Karabakh"])
    area_20 = merged(v5[v5.geom_type.isin(["Polygon", "MultiPolygon"])]).intersection(area_94)
    oblast = merged(nkao)
    touches = [
        gpd.GeoSeries([g.intersection(area_94), g.intersection(oblast)], crs="EPSG:4326").to_crs(EQUAL_AREA).area.max()
        >= STUDY_MIN_M2
        for g in admin1.geometry
    ]
    units = admin1[touches]
    study = shapely.union_all([*units.geometry, oblast])
    points = places.set_index("place_id")
    projected = gpd.GeoSeries(
        gpd.points_from_xy(points["lon"].astype(float), points["lat"].astype(float)),
        index=points.index,
        crs="EPSG:4326",
    ).to_crs(EQUAL_AREA)

    def disc(place, radius):
        return (
            gpd.GeoSeries([projected[place].buffer(radius, quad_segs=16)], crs=EQUAL_AREA).to_crs("EPSG:4326").iloc[0]
        )

    towns = shapely.union_all([disc(place, radius) for place, radius in CORRIDOR_TOWNS.items()])
    zones = {"corridor_2022": area_20.difference(oblast).union(towns.intersection(area_94).difference(oblast))}
    rest = area_20.difference(zones["corridor_2022"])
    for name, (place, radius, _) in CUTS.items():
        zones[name] = rest.intersection(disc(place, radius))
        rest = rest.difference(zones[name])
    outside = study.difference(area_94)
    for name, (place, radius, _) in OUTSIDE_CUTS.items():
        zones[name] = outside.intersection(disc(place, radius))
        outside = outside.difference(zones[name])
    zones |= {"v5": rest, "v4only": area_94.difference(area_20).difference(zones["corridor_2022"]), "outside": outside}
    rows = []
    for zone in ZONES:
        for unit in units.itertuples():
            for in_oblast, part in ((True, oblast), (False, None)):
                cell = zones[zone].intersection(unit.geometry)
                cell = cell.intersection(part) if in_oblast else cell.difference(oblast)
                cell = _polygons(cell)
                if cell is None:
                    continue
                rows.append(
                    {
                        "piece_id": f"{zone}:{unit.adm1_code}:{'nkao' if in_oblast else 'out'}",
                        "zone": zone,
                        "unit": unit.adm1_code,
                        "unit_name": UNIT_NAMES.get(unit.adm1_code, unit.name),
                        "nkao": "yes" if in_oblast else "no",
                        "geometry": cell,
                    }
                )
    pieces = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    pieces["km2"] = pieces.to_crs(EQUAL_AREA).area / 1e6
    return pieces


def _polygons(geom):
    """The polygonal part of an overlay result (lines and points left by shared edges dropped), or None."""
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    return shapely.union_all(parts) if parts else None


def check_selectors(events: pd.DataFrame, pieces: gpd.GeoDataFrame) -> None:
    """Every selector names known zones, units and nkao values, and every event applies to at least one territory:
    a typo must not make a capture silently vanish from the map."""
    known = {"zone": set(ZONES), "unit": set(pieces["unit"]), "nkao": {"yes", "no"}}
    records = pieces[["zone", "unit", "nkao"]].to_dict("records")
    for event in events.itertuples():
        for wanted in layers.parse_selector(event.territory, row=event.row_number):
            for key, values in wanted.items():
                unknown = sorted(values - known[key])
                if unknown:
                    raise DataError(
                        layers.CONTROL_FILE,
                        f"{key}={','.join(unknown)} names no territory",
                        row=event.row_number,
                        column="territory",
                        expected=f"{key} one of {', '.join(sorted(known[key]))}",
                    )
        if not any(layers.selects(event.territory, piece, row=event.row_number) for piece in records):
            raise DataError(
                layers.CONTROL_FILE,
                f"'{event.territory}' selects no territory",
                row=event.row_number,
                column="territory",
                expected="a selector that matches at least one piece (see seeds/notes/control.md)",
            )


def territories(pieces: gpd.GeoDataFrame, events: pd.DataFrame) -> gpd.GeoDataFrame:
    """Replay the dated events of control.csv over the pieces: one feature per piece and period.

    An event applies to every piece its ``territory`` selector matches and starts a new period there; an empty
    controller, peacekeeping or precision keeps the value the piece had. A piece must be covered from the first
    event on, and a period ends the day before the piece's next event.
    """
    columns = [
        "event_id",
        "title",
        "date_note",
        "note",
        "source_kind",
        "source_name",
        "source_title",
        "source_date",
        "source_url",
    ]
    rows = []
    ordered = events.assign(row_number=range(2, len(events) + 2)).sort_values(["date", "row_number"], kind="stable")
    check_selectors(ordered, pieces)
    first_day = ordered["date"].min()
    for piece in pieces.itertuples():
        state: dict = {}
        periods = []
        for event in ordered.itertuples():
            if not layers.selects(event.territory, piece._asdict(), row=event.row_number):
                continue
            if not periods and event.date != first_day:
                raise DataError(
                    layers.CONTROL_FILE,
                    f"territory {piece.piece_id} is first named on "
                    f"{event.date:%Y-%m-%d}, after the record starts ({first_day:%Y-%m-%d})",
                    row=event.row_number,
                    column="territory",
                    expected="every territory to be covered from the first day of the record",
                )
            for key in ("controller", "peacekeeping", "precision"):
                value = getattr(event, key)
                if pd.notna(value):
                    state[key] = None if value == "none" else value
            if not state.get("controller") or not state.get("precision"):
                raise DataError(
                    layers.CONTROL_FILE,
                    f"territory {piece.piece_id} has no controller or precision yet",
                    row=event.row_number,
                    column="controller",
                    expected="the first event of a territory to name its controller, peacekeeping and precision",
                )
            if periods and periods[-1]["valid_from"] == event.date:
                periods.pop()  # two events on one day: the later row wins
            periods.append({**state, "valid_from": event.date, **{c: getattr(event, c) for c in columns}})
        if not periods:
            raise DataError(
                layers.CONTROL_FILE,
                f"no event names territory {piece.piece_id}",
                column="territory",
                expected="a selector such as 'zone=v5 unit=AZE-1738'",
            )
        for period, following in zip(periods, [*periods[1:], None], strict=False):
            period["valid_to"] = following["valid_from"] - pd.Timedelta(days=1) if following else pd.NaT
            rows.append(
                {
                    "piece_id": piece.piece_id,
                    "zone": piece.zone,
                    "unit": piece.unit,
                    "unit_name": piece.unit_name,
                    "nkao": piece.nkao,
                    "km2": round(piece.km2, 3),
                    **period,
                    "geometry": piece.geometry,
                }
            )
    frame = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    for column in ("valid_from", "valid_to", "source_date"):
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d")
    order = [
        "piece_id",
        "zone",
        "unit",
        "unit_name",
        "nkao",
        "km2",
        "valid_from",
        "valid_to",
        "controller",
        "peacekeeping",
        "precision",
        *columns,
        "geometry",
    ]
    return frame[order]


def write(seeds: Path | None = None) -> list[Path]:
    seeds = seeds or seeds_dir()
    places = data.load_table("places", seeds)
    outline = nkao_outline(data.load_geo("disputed_lines", seeds))  # made first: the territories are cut with it
    pieces = territory_pieces(
        data.load_geo("admin1", seeds),
        data.load_geo("disputed_areas", seeds),
        data.load_geo("karabakh_v5", seeds),
        gpd.GeoDataFrame.from_features(outline["features"], crs="EPSG:4326"),
        places,
    )
    held = territories(pieces, data.load_table("control", seeds))
    out = []
    for name, collection in (
        (NKAO_FILE, outline),
        (CORRIDOR_FILE, corridor(places)),
        (TERRITORIES_FILE, json.loads(held.to_json(na="null", drop_id=True))),
    ):
        path = seeds / name
        compact = {"separators": (",", ":")} if name == TERRITORIES_FILE else {"indent": 1}
        path.write_text(json.dumps(collection, ensure_ascii=False, **compact) + "\n", encoding="utf-8")
        out.append(path)
    return out


if __name__ == "__main__":
    for written in write():
        print(f"wrote {written}")
