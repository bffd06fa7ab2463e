"""Ask the map a question from the shell: `python -m maps held-by --date 2020-11-10 --place Shushi`."""

from __future__ import annotations

import argparse
import json
import sys

from analysis.core.errors import KarabakhError

DESCRIPTION = """\
Who held a place or a point on a date, from the dated territories in seeds/geo/territories.geojson
(derived from seeds/control.csv on Natural Earth's lines of contact).

A place can be named in any of its forms in seeds/places.csv: English, Armenian, Azerbaijani or Russian,
in their own script or in Latin letters (Shusha, Shushi, Şuşa, Շուշի, Шуша).
"""

EPILOG = """\
examples:
  python -m maps held-by --date 2020-11-10 --place Shushi
  python -m maps held-by --date 1994-05-12 --place Martakert --json
  python -m maps held-by --date 2022-01-01 --lat 39.6408 --lon 46.5469
"""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m maps",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    held = sub.add_parser(
        "held-by",
        help="who held a place or point on a date",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    held.add_argument("--date", required=True, help="YYYY-MM-DD, between the first event and the last change")
    where = held.add_mutually_exclusive_group(required=True)
    where.add_argument("--place", help="a name from seeds/places.csv, in any of its forms")
    where.add_argument("--lat", type=float, help="latitude in degrees north (WGS84); needs --lon")
    held.add_argument("--lon", type=float, help="longitude in degrees east (WGS84), with --lat")
    held.add_argument("--json", action="store_true", help="print the answer as JSON")
    return top


def main(argv: list[str] | None = None) -> int:
    top = parser()
    args = top.parse_args(argv)
    if args.lat is not None and args.lon is None:
        top.error("--lat needs --lon")
    if args.place is not None and args.lon is not None:
        top.error("give either --place or --lat with --lon, not both")
    from maps import layers

    try:
        answer = layers.held_by(args.date, place=args.place, lat=args.lat, lon=args.lon)
    except KarabakhError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        keys = (
            "controller",
            "peacekeeping",
            "precision",
            "area_id",
            "source_name",
            "source_url",
            "date",
            "place",
            "lat",
            "lon",
            "area",
            "valid_from",
            "valid_to",
            "event",
            "date_note",
        )
        print(json.dumps({k: answer[k] for k in keys}, ensure_ascii=False, indent=1))
        return 0
    who = {"armenian_forces": "Armenian forces", "azerbaijan": "Azerbaijan"}[answer["controller"]]
    what = answer["place"] or f"{answer['lat']:.4f} N, {answer['lon']:.4f} E"
    lines = [
        f"{what} on {answer['date']}: held by {who}"
        + (" (Russian peacekeeping zone)" if answer["peacekeeping"] == "russia" else ""),
        f"  territory  {answer['area_id']} ({answer['area']}), {answer['valid_from']} to "
        f"{answer['valid_to'] or 'the last change in the data'}",
        f"  since      {answer['event']}",
        f"  precision  {answer['precision']}",
        f"  source     {answer['source_name']}: {answer['source_url']}",
    ]
    if answer["date_note"]:
        lines.append(f"  dates      {answer['date_note']}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
