"""Build the two derived layers in seeds/geo/ from other seeds: `python -m maps.derive`, then `python -m analysis rehash`.

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

from shapely.geometry import LineString, Point, mapping
from shapely.ops import linemerge, polygonize

from analysis import data
from analysis.paths import seeds_dir

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
    props = {"name": "Nagorno-Karabakh Autonomous Oblast (approximate outline, circa 1991)",
             "featurecla": "Reference line",
             "method": "Natural Earth v4 'Former USSR oblast in 1991' reference lines, gaps under 0.0025° closed, "
                       "polygonized (maps/derive.py)"}
    return _collection([{"type": "Feature", "properties": props, "geometry": _rounded(mapping(polygons[0]))}])


def corridor(places) -> dict:
    """The corridor routes as lines through place points (schematic)."""
    points = places.set_index("place_id")
    features = []
    for route in ROUTES:
        coords = [(float(points.loc[p, "lon"]), float(points.loc[p, "lat"])) for p in route["places"]]
        props = {k: v for k, v in route.items() if k != "places"} | {"places": " > ".join(route["places"]),
                                                                    "featurecla": "Schematic route"}
        features.append({"type": "Feature", "properties": props, "geometry": mapping(LineString(coords))})
    return _collection(features)


def _rounded(geom: dict) -> dict:
    return json.loads(json.dumps(geom), parse_float=lambda s: round(float(s), 6))


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def write(seeds: Path | None = None) -> list[Path]:
    seeds = seeds or seeds_dir()
    out = []
    for name, collection in ((NKAO_FILE, nkao_outline(data.load_geo("disputed_lines", seeds))),
                             (CORRIDOR_FILE, corridor(data.load_table("places", seeds)))):
        path = seeds / name
        path.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        out.append(path)
    return out


if __name__ == "__main__":
    for written in write():
        print(f"wrote {written}")
