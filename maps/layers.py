"""Boundary layers and who held each district on a given date.

District level is an approximation of front lines: a split district carries one controller (see
seeds/notes/control.md) and ``partial`` says it was split. Areas are measured in an equal-area projection on the
unsimplified Natural Earth geometry.
"""
from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd

from analysis import data
from analysis.errors import DataError, KarabakhError

EARLIEST = dt.date(1991, 1, 1)
# Lambert azimuthal equal-area centred on Nagorno-Karabakh: areas in m² are true; also the display projection.
EQUAL_AREA = "+proj=laea +lat_0=39.8 +lon_0=46.5 +datum=WGS84 +units=m +no_defs"
NO_ROW = "no_sourced_row"  # a district with no control.csv row covering the date
CONTROL_FILE = "seeds/control.csv"

# Dates where control changed in ways the story turns on; each is the first day of rows in control.csv.
KEY_DATES = {
    "1991-01-01": "1991: start of the record",
    "1992-05-18": "18 May 1992: Lachin taken, the corridor opens",
    "1993-10-29": "29 Oct 1993: Zangilan, the last district taken",
    "1994-05-12": "12 May 1994: ceasefire",
    "2020-11-10": "10 Nov 2020: trilateral statement, peacekeepers",
    "2020-12-01": "1 Dec 2020: Lachin district handed over",
    "2022-08-26": "26 Aug 2022: Lachin town handed over",
    "2023-09-20": "20 Sep 2023: Karabakh forces disarm",
    "2024-06-13": "13 Jun 2024: peacekeepers gone",
}


class DateOutOfRange(KarabakhError, ValueError):
    """A date outside the record: before 1991-01-01 or in the future."""


def checked_date(when) -> dt.date:
    """A date inside the record, or a clear error."""
    try:
        day = pd.Timestamp(when).date()
    except (ValueError, TypeError):
        raise DateOutOfRange(f"'{when}' is not a date; expected YYYY-MM-DD") from None
    today = dt.date.today()
    if day < EARLIEST:
        raise DateOutOfRange(f"{day} is before {EARLIEST}: control.csv starts on 1 January 1991")
    if day > today:
        raise DateOutOfRange(f"{day} is in the future (today is {today}): control is known only up to today")
    return day


def check_control(control: pd.DataFrame, admin1: gpd.GeoDataFrame) -> None:
    """control.csv's rules beyond its schema: every area_id exists in admin-1; periods of one area do not overlap."""
    known = set(admin1["adm1_code"])
    for number, row in enumerate(control.itertuples(), start=2):
        if row.area_id not in known:
            raise DataError(CONTROL_FILE, f"area '{row.area_id}' is not in geo/ne_admin1.geojson", row=number,
                            column="area_id", expected="an adm1_code of the admin-1 layer")
        if pd.notna(row.valid_to) and row.valid_to < row.valid_from:
            raise DataError(CONTROL_FILE, f"valid_to {row.valid_to:%Y-%m-%d} is before valid_from", row=number,
                            column="valid_to", expected="a period that ends on or after its first day")
    rows = control.assign(_row=range(2, len(control) + 2)).sort_values(["area_id", "valid_from"])
    for area, periods in rows.groupby("area_id"):
        ends = periods["valid_to"]
        for (end, row), start in zip(zip(ends.iloc[:-1], periods["_row"].iloc[:-1]), periods["valid_from"].iloc[1:]):
            if pd.isna(end) or start <= end:
                raise DataError(CONTROL_FILE, f"the periods of {area} overlap: row {row} runs until "
                                f"{'ongoing' if pd.isna(end) else f'{end:%Y-%m-%d}'} but the next "
                                f"period starts on {start:%Y-%m-%d}", row=row, column="valid_to",
                                expected="each period of an area to end before the next one starts")


def areas() -> gpd.GeoDataFrame:
    """The districts that control.csv covers, with their unsimplified geometry and area in km²."""
    control, admin1 = data.load_control(), data.load_admin1()
    check_control(control, admin1)
    names = control.drop_duplicates("area_id").set_index("area_id")["area_name"]
    units = admin1[admin1["adm1_code"].isin(names.index)][["adm1_code", "name", "geometry"]]
    units = units.rename(columns={"adm1_code": "area_id", "name": "ne_name"})
    units.insert(1, "area_name", units["area_id"].map(names))
    units["km2"] = units.to_crs(EQUAL_AREA).area / 1e6
    return units.reset_index(drop=True)


def control_at(when, *, districts: gpd.GeoDataFrame | None = None,
               control: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """Every district with its controller, peacekeeping, partial, note and source on a date.

    A district that no control.csv row covers on that date gets controller ``no_sourced_row``.
    """
    day = pd.Timestamp(checked_date(when))
    districts = areas() if districts is None else districts
    control = data.load_control() if control is None else control
    current = control[(control["valid_from"] <= day) & (control["valid_to"].isna() | (control["valid_to"] >= day))]
    columns = ["area_id", "controller", "peacekeeping", "partial", "valid_from", "valid_to", "note", "source_name",
               "source_title", "source_date", "source_url"]
    out = districts.merge(current[columns], on="area_id", how="left")
    out["controller"] = out["controller"].fillna(NO_ROW)
    out.attrs.update(control.attrs, as_of=day.date().isoformat())
    return out


def km2_over_time(districts: gpd.GeoDataFrame | None = None, control: pd.DataFrame | None = None) -> pd.DataFrame:
    """Area (km², equal-area, unsimplified) held by each controller from every change in control.csv to today.

    One row per day on which any row of control.csv starts or ends, one column per controller. A split district
    counts whole under its recorded controller (see ``partial``).
    """
    districts = areas() if districts is None else districts
    control = data.load_control() if control is None else control
    starts = set(control["valid_from"]) | {d + pd.Timedelta(days=1) for d in control["valid_to"].dropna()}
    today = pd.Timestamp(dt.date.today())
    days = sorted(d for d in starts if pd.Timestamp(EARLIEST) <= d <= today)
    rows = []
    for day in days:
        held = control_at(day, districts=districts, control=control)
        for controller, km2 in held.groupby("controller")["km2"].sum().items():
            rows.append({"date": day, "controller": controller, "km2": km2})
    table = pd.DataFrame(rows).pivot(index="date", columns="controller", values="km2").fillna(0.0)
    table.attrs.update(control.attrs)
    return table


def places_in(districts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The gazetteer as points, with the district each place lies in and `in_districts` (inside a mapped district).

    NE boundaries are generalised: Kornidzor, an Armenian border village, falls just inside the Laçın polygon.
    """
    places = data.load_places()
    points = gpd.GeoDataFrame(places, geometry=gpd.points_from_xy(places["lon"].astype(float),
                                                                  places["lat"].astype(float)), crs="EPSG:4326")
    joined = gpd.sjoin(points, districts[["area_id", "geometry"]], how="left", predicate="within")
    joined = joined.drop(columns="index_right")
    joined["in_districts"] = joined["area_id"].notna()
    joined.attrs.update(places.attrs)
    return joined


def corridor_at(when) -> gpd.GeoDataFrame:
    """The Lachin corridor route(s) in use on a date (schematic lines); empty outside 2020-11-10 to 2024-06-12."""
    day = pd.Timestamp(checked_date(when))
    routes = data.load_lachin_corridor()
    start, end = pd.to_datetime(routes["valid_from"]), pd.to_datetime(routes["valid_to"])
    return routes[(start <= day) & (end >= day)]
