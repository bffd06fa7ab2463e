"""Who held what on any date: dated territories cut from the measured lines of contact.

The territories (seeds/geo/territories.geojson, built by ``python -m maps.derive``) are pieces of the study area
whose edges are Natural Earth's 1994 and 2020 lines of contact, the former NKAO boundary, admin-1 boundaries and
two hand-made cuts, each valid for a period with its controller, peacekeeping, precision and source. The events they
are replayed from are in seeds/control.csv. Areas are measured on unsimplified geometry in an equal-area projection.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from analysis import data
from analysis.core.errors import DataError, KarabakhError
from analysis.data.context import ReportContext, context_of
from analysis.i18n.language import Language

# Lambert azimuthal equal-area centred on Nagorno-Karabakh: areas in m² are true; also the display projection.
EQUAL_AREA = "+proj=laea +lat_0=39.8 +lon_0=46.5 +datum=WGS84 +units=m +no_defs"
CONTROL_FILE = "seeds/control.csv"
SELECTOR_KEYS = {"zone", "unit", "nkao"}
NAME_COLUMNS = ("name_en", "name_hy", "name_hy_latn", "name_az", "name_az_en", "name_ru", "place_id")


class DateOutOfRange(KarabakhError, ValueError):
    """A date outside the record: before its first event or after its last change."""


class OutsideStudyArea(KarabakhError, ValueError):
    """A point that no territory covers."""


class UnknownPlace(KarabakhError, KeyError):
    """A place name that places.csv does not know."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return self.args[0]


# --- the territory selectors of control.csv ------------------------------------------------------------------------


def parse_selector(text: str, *, row: int | None = None) -> list[dict[str, set[str]]]:
    """``'zone=v4only unit=AZE-1682,AZE-1681 ; zone=outside'`` → alternatives, each a dict of allowed values.

    ``all`` selects every territory. Keys: zone, unit (admin-1 code), nkao (yes/no).
    """
    alternatives = []
    for part in str(text).split(";"):
        terms = part.split()
        if terms == ["all"]:
            alternatives.append({})
            continue
        wanted = {}
        for term in terms:
            key, _, values = term.partition("=")
            if key not in SELECTOR_KEYS or not values:
                raise DataError(
                    CONTROL_FILE,
                    f"'{term}' is not a territory selector",
                    row=row,
                    column="territory",
                    expected="'all' or terms such as zone=v4only unit=AZE-1682 nkao=yes, alternatives separated by ';'",
                )
            wanted[key] = set(values.split(","))
        if not wanted:
            raise DataError(
                CONTROL_FILE,
                "an empty territory selector",
                row=row,
                column="territory",
                expected="'all' or terms such as zone=v5",
            )
        alternatives.append(wanted)
    return alternatives


def selects(text: str, piece: dict, *, row: int | None = None) -> bool:
    """Whether a territory selector of control.csv names this piece (a dict with zone, unit and nkao)."""
    return any(all(piece[key] in values for key, values in wanted.items()) for wanted in parse_selector(text, row=row))


# --- the territories -----------------------------------------------------------------------------------------------


def territories(where: ReportContext | None = None) -> gpd.GeoDataFrame:
    """Every territory and period, with dates as Timestamps (valid_to NaT while ongoing); parsed once per file."""
    ctx = context_of(where)
    res = data.resource("territories", ctx.seeds)
    frame = _territories(str(ctx.seeds), res["hash"]).copy()
    data.record_read(ctx, res)
    return frame


@lru_cache(maxsize=4)
def _territories(seeds: str, digest: str) -> gpd.GeoDataFrame:
    frame = data.load_territories(ReportContext(seeds=Path(seeds)))
    for column in ("valid_from", "valid_to", "source_date"):
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    frame["peacekeeping"] = frame["peacekeeping"].where(frame["peacekeeping"].notna(), None)
    frame.attrs["digest"] = digest
    return frame


def record_span(held: gpd.GeoDataFrame | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first day of the record and the day of its last change."""
    held = territories() if held is None else held
    return held["valid_from"].min(), held["valid_from"].max()


def checked_date(when, held: gpd.GeoDataFrame | None = None) -> pd.Timestamp:
    """A date inside the record, or an error that says why not. Text must be a full YYYY-MM-DD date ("2020" is
    not read as 1 January 2020)."""
    if isinstance(when, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", when.strip()):
        raise DateOutOfRange(f"'{when}' is not a date; expected YYYY-MM-DD")
    try:
        day = pd.Timestamp(when).normalize()
    except (ValueError, TypeError):
        raise DateOutOfRange(f"'{when}' is not a date; expected YYYY-MM-DD") from None
    if pd.isna(day):
        raise DateOutOfRange(f"'{when}' is not a date; expected YYYY-MM-DD")
    first, last = record_span(held)
    if day < first:
        raise DateOutOfRange(
            f"{day:%Y-%m-%d} is before the record starts on {first:%Y-%m-%d} ({CONTROL_FILE}: the first event)"
        )
    if day > last:
        raise DateOutOfRange(
            f"{day:%Y-%m-%d} is after the last change in the data ({last:%Y-%m-%d}, "
            f"{CONTROL_FILE}); control after it is not recorded, so it is not asserted"
        )
    return day


def within_record(
    when, held: gpd.GeoDataFrame | None = None, *, lang: Language | None = None
) -> tuple[str, str | None]:
    """The date itself if the record covers it, else the nearest recorded day, with a sentence that says so in the
    report's language (for a story dated outside the record, whose map can only show the first or the last recorded
    state). Without ``lang`` the sentence is English."""
    lang = lang or Language()
    held = territories() if held is None else held
    first, last = record_span(held)
    day = pd.Timestamp(when).normalize()
    if day < first:
        return f"{first:%Y-%m-%d}", lang._("The data records control from {date}: the map shows that day.").format(
            date=lang.day(first)
        )
    if day > last:
        return f"{last:%Y-%m-%d}", lang._(
            "The data records control up to its last change, {date}: the map shows that state."
        ).format(date=lang.day(last))
    return f"{day:%Y-%m-%d}", None


def control_at(when, held: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The territories on a date, in EPSG:4326: one row per piece, with controller, peacekeeping, precision, the
    period (valid_from, valid_to) and the source fields. Together they tile the study area."""
    held = territories() if held is None else held
    day = checked_date(when, held)
    current = held[(held["valid_from"] <= day) & (held["valid_to"].isna() | (held["valid_to"] >= day))]
    out = current.reset_index(drop=True)
    out.attrs.update(held.attrs, as_of=f"{day:%Y-%m-%d}")
    return out


def change_dates(held: gpd.GeoDataFrame | None = None, lang=None) -> dict[str, str]:
    """Every day on which control changed, with the events of that day: {'YYYY-MM-DD': 'title; title'}; the titles
    in ``lang``'s language (an analysis.i18n Language, from the ``data`` catalog) if it is given."""
    held = territories() if held is None else held
    firsts = held.drop_duplicates(["valid_from", "event_id"]).sort_values(["valid_from", "event_id"])
    if lang is not None:
        firsts = firsts.assign(
            title=[
                lang.cell("control", e, "title", t) for e, t in zip(firsts["event_id"], firsts["title"], strict=True)
            ]
        )
    titles = firsts.groupby("valid_from")["title"].agg(lambda t: "; ".join(dict.fromkeys(t)))
    return {f"{day:%Y-%m-%d}": text for day, text in titles.items()}


def km2_over_time(held: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """km² held by each controller (equal-area, unsimplified), one row per change, ending at the last change."""
    held = territories() if held is None else held
    rows = {}
    for day in sorted(held["valid_from"].unique()):
        now = held[(held["valid_from"] <= day) & (held["valid_to"].isna() | (held["valid_to"] >= day))]
        rows[pd.Timestamp(day)] = now.groupby("controller")["km2"].sum()
    table = pd.DataFrame(rows).T.fillna(0.0).sort_index()
    table.index.name = "date"
    table.attrs.update(held.attrs)
    return table


# --- asking the map a question -------------------------------------------------------------------------------------


def _folded(text: str) -> str:
    """Case- and accent-insensitive form of a name (Şuşa → susa), scripts kept."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i").strip()


def find_place(name: str, where: ReportContext | None = None) -> pd.Series:
    """The places.csv row whose name, in any of its forms, is ``name``; an error lists the closest names."""
    places = data.load_places(where)
    wanted = _folded(name)
    for _, row in places.iterrows():
        if any(pd.notna(row[c]) and _folded(row[c]) == wanted for c in NAME_COLUMNS):
            return row
    known = sorted({str(row[c]) for _, row in places.iterrows() for c in NAME_COLUMNS if pd.notna(row[c])})
    folded = {_folded(k): k for k in known}
    close = [folded[k] for k in difflib.get_close_matches(wanted, list(folded), n=5, cutoff=0.6)]
    hint = f"; closest: {', '.join(close)}" if close else ""
    raise UnknownPlace(f"no place called '{name}' in seeds/places.csv{hint}")


def held_by(
    when,
    *,
    lat: float | None = None,
    lon: float | None = None,
    place: str | None = None,
    where: ReportContext | None = None,
) -> dict:
    """Who held a point (``lat``/``lon``) or a place of places.csv (any name form) on a date.

    Returns controller, peacekeeping, precision, area_id (the territory), its period and its source.
    """
    label = None
    if place is not None:
        row = find_place(place, where)
        lat, lon, label = float(row["lat"]), float(row["lon"]), row["name_en"]
    if lat is None or lon is None:
        raise ValueError("give a place, or both lat and lon")
    current = control_at(when, territories(where))
    point = Point(float(lon), float(lat))
    hit = current[current.covers(point)]
    if hit.empty:
        where = f"{label} ({lat:.4f} N, {lon:.4f} E)" if label else f"{lat:.4f} N, {lon:.4f} E"
        raise OutsideStudyArea(
            f"{where} lies outside the study area (the former NKAO and the admin-1 units the "
            f"1994–2020 area touches); the data says nothing about it"
        )
    first = hit.sort_values("piece_id").iloc[0]
    answer = {
        "date": current.attrs["as_of"],
        "place": label,
        "lat": lat,
        "lon": lon,
        "controller": first["controller"],
        "peacekeeping": first["peacekeeping"] if pd.notna(first["peacekeeping"]) else "none",
        "precision": first["precision"],
        "area_id": first["piece_id"],
        "area": first["unit_name"],
        "valid_from": f"{first['valid_from']:%Y-%m-%d}",
        "valid_to": None if pd.isna(first["valid_to"]) else f"{first['valid_to']:%Y-%m-%d}",
        "event": first["title"],
        "event_id": first["event_id"],
        "date_note": first["date_note"] if pd.notna(first["date_note"]) else None,
        "source_kind": first["source_kind"],
        "source_name": first["source_name"],
        "source_url": first["source_url"],
    }
    return answer


# --- other layers ----------------------------------------------------------------------------------------------------


def study_area(held: gpd.GeoDataFrame | None = None):
    """The outline of everything the territories cover (lon/lat)."""
    held = territories() if held is None else held
    return held.drop_duplicates("piece_id").geometry.union_all()


def places_in(area=None, where: ReportContext | None = None) -> gpd.GeoDataFrame:
    """The gazetteer as points, with ``in_study_area``.

    NE boundaries are generalised: Kornidzor, an Armenian border village, falls just inside the study area.
    """
    places = data.load_places(where)
    area = study_area(territories(where)) if area is None else area
    points = gpd.GeoDataFrame(
        places, geometry=gpd.points_from_xy(places["lon"].astype(float), places["lat"].astype(float)), crs="EPSG:4326"
    )
    points["in_study_area"] = points.within(area)
    points.attrs.update(places.attrs)
    return points


def corridor_at(when, where: ReportContext | None = None) -> gpd.GeoDataFrame:
    """The Lachin corridor route(s) in use on a date (schematic lines); empty outside 2020-11-10 to 2024-06-12."""
    day = checked_date(when, territories(where))
    routes = data.load_lachin_corridor(where)
    start, end = pd.to_datetime(routes["valid_from"]), pd.to_datetime(routes["valid_to"])
    return routes[(start <= day) & (end >= day)]
