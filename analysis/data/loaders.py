"""One way to load each dataset in seeds/.

Every loader checks the file's sha256 against seeds/datapackage.json, validates the table against its
Table Schema with frictionless, and returns a typed DataFrame whose ``attrs`` carry the dataset's name,
sources and licences. Each loader takes the report's context (analysis.context.ReportContext), or a seeds folder,
or nothing (the project's seeds); the load is recorded in the context, so the build can list what a report read.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core.errors import DataError
from analysis.core.paths import seeds_dir
from analysis.data.context import ReportContext, context_of

PACKAGE_FILE = "datapackage.json"
Where = ReportContext | Path | None  # what a loader is told to read from

# frictionless error types, said plainly. Rows count the header as row 1, as a spreadsheet does.
PROBLEMS = {
    "constraint-error": "breaks the column's rule",
    "type-error": "has the wrong type",
    "missing-cell": "is missing: the row has too few cells (check the quoting)",
    "extra-cell": "is one cell too many (check the quoting)",
    "primary-key": "repeats an id that an earlier row already uses",
    "unique-error": "repeats a value that must be unique",
    "missing-label": "is a column missing from the header",
    "incorrect-label": "is a header that does not match the schema",
    "extra-label": "is a header the schema does not know",
    "blank-row": "is an empty row",
    "duplicate-label": "is a header used twice",
}


def package(seeds: Path | None = None) -> dict[str, Any]:
    """The parsed datapackage.json of the seeds folder."""
    seeds = seeds or seeds_dir()
    path = seeds / PACKAGE_FILE
    if not path.exists():
        raise DataError(
            str(path),
            "the data package description is missing",
            expected="a Frictionless datapackage.json next to the seeds",
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(str(path), f"not valid JSON: {exc.msg}", row=exc.lineno) from exc


def resource(name: str, seeds: Path | None = None) -> dict[str, Any]:
    """The descriptor of one dataset in datapackage.json."""
    pkg = package(seeds)
    for res in pkg.get("resources", []):
        if res.get("name") == name:
            return res
    names = ", ".join(r.get("name", "?") for r in pkg.get("resources", []))
    raise DataError(PACKAGE_FILE, f"no dataset called '{name}'", expected=f"one of: {names}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _checked_path(res: dict[str, Any], seeds: Path) -> Path:
    path = seeds / res["path"]
    label = f"seeds/{res['path']}"
    if not path.exists():
        raise DataError(
            label, "the file is missing", expected=f"the dataset '{res['name']}' described in datapackage.json"
        )
    declared = str(res.get("hash", "")).removeprefix("sha256:")
    actual = sha256(path)
    if declared != actual:
        raise DataError(
            label,
            f"sha256 is {actual[:12]}…, but datapackage.json records {declared[:12] or 'nothing'}…",
            expected="the file to be unchanged since it was described; if the edit is deliberate, "
            "run `python -m analysis rehash` and review the diff",
        )
    return path


def validation_token(digest: str, schema_json: str) -> str:
    """Names one (file content, schema) pair: validating it again can only give the same answer."""
    return hashlib.sha256(f"{digest}\0{schema_json}".encode()).hexdigest()[:32]


def prevalidate(seeds: Path | None = None) -> frozenset[str]:
    """Validate every tabular dataset once and return the tokens of those that passed.

    The report build runs this before starting kernels and hands the tokens to them in each report's context,
    so each kernel checks the sha256 (cheap) and skips re-running frictionless on a file already found valid.
    A dataset that fails is left out: the kernel that reads it validates it and raises the full error.
    """
    seeds = seeds or seeds_dir()
    tokens = set()
    for res in package(seeds).get("resources", []):
        if res.get("format") != "csv":
            continue
        try:
            load_table(res["name"], seeds)
        except DataError:
            continue
        tokens.add(validation_token(sha256(seeds / res["path"]), json.dumps(res.get("schema") or {}, sort_keys=True)))
    return frozenset(tokens)


@lru_cache(maxsize=64)
def _validate_table(path: str, digest: str, schema_json: str) -> None:
    """Validate one CSV against its Table Schema with frictionless; cached by content hash."""
    from frictionless import Dialect, Resource, Schema, formats

    schema = Schema.from_descriptor(json.loads(schema_json))
    _check_header(Path(path), schema.field_names)
    control = formats.CsvControl(delimiter=",", quote_char='"')
    table = Resource(
        path=Path(path).name,
        basepath=str(Path(path).parent),
        schema=schema,
        format="csv",
        encoding="utf-8",
        dialect=Dialect(controls=[control]),
    )
    report = table.validate()
    if report.valid:
        return
    label = f"seeds/{Path(path).name}"
    errors = report.flatten(["rowNumber", "fieldName", "type", "note", "cell"])
    row, field, kind, note, cell = errors[0]
    more = f"; {len(errors) - 1} more problem(s) in this file" if len(errors) > 1 else ""
    expected = _expectation(schema, field, kind)
    problem = PROBLEMS.get(kind, kind)
    if cell not in (None, ""):
        problem = f"value '{cell}' {problem}"
    raise DataError(label, f"{problem}{more}", row=row, column=field, expected=expected or note)


def _check_header(path: Path, expected: list[str]) -> None:
    """Columns are matched by name: say which one is missing or unexpected (frictionless matches by position)."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), [])
    label = f"seeds/{path.name}"
    missing = [name for name in expected if name not in header]
    if missing:
        raise DataError(
            label,
            "a column is missing from the header",
            row=1,
            column=missing[0],
            expected="header: " + ", ".join(expected),
        )
    extra = [name for name in header if name not in expected]
    if extra:
        raise DataError(
            label,
            "the header has a column the schema does not describe",
            row=1,
            column=extra[0],
            expected="header: " + ", ".join(expected) + "; describe new columns in datapackage.json",
        )
    if header != expected:
        raise DataError(
            label,
            "the columns are in a different order than the schema",
            row=1,
            expected="header: " + ", ".join(expected),
        )


def _expectation(schema, field_name: str | None, kind: str) -> str | None:
    if not field_name or not schema.has_field(field_name):
        if kind in {"missing-label", "blank-label", "incorrect-label", "extra-label"}:
            return "header: " + ", ".join(schema.field_names)
        return None
    field = schema.get_field(field_name)
    parts = [field.type]
    constraints = field.constraints or {}
    if "enum" in constraints:
        parts.append("one of " + ", ".join(map(str, constraints["enum"])))
    if "minimum" in constraints:
        parts.append(f">= {constraints['minimum']}")
    if "maximum" in constraints:
        parts.append(f"<= {constraints['maximum']}")
    if "pattern" in constraints:
        parts.append(f"matching {constraints['pattern']}")
    if constraints.get("required"):
        parts.append("not empty")
    if constraints.get("unique"):
        parts.append("unique")
    return ", ".join(parts)


def _typed(frame: pd.DataFrame, fields: list[dict[str, Any]]) -> pd.DataFrame:
    out = {}
    for field in fields:
        name, kind = field["name"], field.get("type", "string")
        col = frame[name]
        blank = col == ""
        if kind == "integer":
            out[name] = pd.to_numeric(col.mask(blank)).astype("Int64")
        elif kind == "number":
            out[name] = pd.to_numeric(col.mask(blank)).astype("Float64")
        elif kind == "boolean":
            out[name] = col.str.lower().map({"true": True, "false": False}).astype("boolean")
        elif kind == "date":
            out[name] = pd.to_datetime(col.mask(blank), format="%Y-%m-%d")
        else:
            out[name] = col.mask(blank).astype("string")
    return pd.DataFrame(out)


def load_table(name: str, where: Where = None) -> pd.DataFrame:
    """Load, check and type one tabular dataset. Prefer the named loaders below."""
    ctx = context_of(where)
    res = resource(name, ctx.seeds)
    path = _checked_path(res, ctx.seeds)
    schema = res.get("schema") or {}
    schema_json = json.dumps(schema, sort_keys=True)
    digest = sha256(path)
    if validation_token(digest, schema_json) not in ctx.validated:
        _validate_table(str(path), digest, schema_json)
    return _with_provenance(_parsed(str(path), digest, schema_json).copy(), res, ctx)


@lru_cache(maxsize=64)
def _parsed(path: str, digest: str, schema_json: str) -> pd.DataFrame:
    """One CSV read and typed by its schema; cached by content hash (callers get a copy), so checking reports.toml
    or running report after report in a warm kernel parses each file once."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return _typed(raw, json.loads(schema_json).get("fields", []))


def _with_provenance(frame, res: dict[str, Any], ctx: ReportContext):
    frame.attrs.update(
        dataset=res["name"],
        title=res.get("title", res["name"]),
        sources=res.get("sources", []),
        licenses=res.get("licenses", []),
    )
    record_read(ctx, res)
    return frame


def record_read(ctx: ReportContext, res: dict[str, Any]) -> None:
    """Log that a report read this dataset (for its footer), e.g. when a caller reuses a parsed copy."""
    ctx.read[res["name"]] = {key: res.get(key) for key in ("name", "title", "path", "hash", "sources", "licenses")}


def field_enum(dataset: str, field_name: str, where: Where = None) -> tuple[str, ...]:
    """The allowed values of a field, as its Table Schema declares them."""
    for field in resource(dataset, context_of(where).seeds).get("schema", {}).get("fields", []):
        if field["name"] == field_name:
            return tuple(field.get("constraints", {}).get("enum", ()))
    raise DataError(PACKAGE_FILE, f"dataset '{dataset}' has no field '{field_name}'")


GEO_CRS = {"EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "OGC:CRS84"}


def load_geo(name: str, where: Where = None):
    """Load, check and return one GeoJSON layer as a GeoDataFrame in EPSG:4326.

    Checks: sha256, a lon/lat CRS (RFC 7946), every geometry present, non-empty and valid, the
    properties the descriptor's schema requires.
    """
    import geopandas as gpd

    ctx = context_of(where)
    res = resource(name, ctx.seeds)
    path = _checked_path(res, ctx.seeds)
    label = f"seeds/{res['path']}"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(label, f"not valid JSON: {exc.msg}", row=exc.lineno) from exc
    crs = ((raw.get("crs") or {}).get("properties") or {}).get("name")
    if crs and crs not in GEO_CRS:
        raise DataError(
            label,
            f"the CRS is {crs}",
            expected="lon/lat WGS84 (EPSG:4326), as GeoJSON requires; "
            "reproject the file, e.g. with ogr2ogr -t_srs EPSG:4326",
        )
    frame = gpd.read_file(path, engine="pyogrio").set_crs("EPSG:4326", allow_override=True)
    for field in res.get("schema", {}).get("fields", []):
        if field["name"] not in frame.columns:
            raise DataError(
                label,
                "a property is missing from the features",
                column=field["name"],
                expected=field.get("description"),
            )
    for number, geom in enumerate(frame.geometry, 1):
        if geom is None or geom.is_empty:
            raise DataError(label, f"feature {number} has an empty geometry", expected="a non-empty geometry")
        if not geom.is_valid:
            from shapely.validation import explain_validity

            raise DataError(
                label,
                f"feature {number} has an invalid geometry: {explain_validity(geom)}",
                expected="a valid geometry (fix it, e.g. with shapely.make_valid)",
            )
    return _with_provenance(frame, res, ctx)


def load(name: str, where: Where = None) -> Any:
    """Load any dataset of the package by name (what `python -m analysis check` uses)."""
    ctx = context_of(where)
    return load_geo(name, ctx) if resource(name, ctx.seeds).get("format") == "geojson" else load_table(name, ctx)


def rehash(seeds: Path | None = None) -> dict[str, str]:
    """Record the current sha256 of every file in datapackage.json (after a deliberate, reviewed edit)."""
    seeds = seeds or seeds_dir()
    pkg = package(seeds)
    digests = {}
    for res in pkg.get("resources", []):
        path = seeds / res["path"]
        if not path.exists():
            raise DataError(f"seeds/{res['path']}", "the file is missing")
        res["hash"] = f"sha256:{sha256(path)}"
        digests[res["path"]] = res["hash"].removeprefix("sha256:")
    (seeds / PACKAGE_FILE).write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return digests


# --- one loader per dataset -----------------------------------------------------------------------------------


def load_milestones(where: Where = None) -> pd.DataFrame:
    """Negotiation and conflict milestones, 1988 onwards (seeds/milestones.csv)."""
    return load_table("milestones", where)


def load_displacement(where: Where = None) -> pd.DataFrame:
    """Displacement figures, one row per published figure (seeds/displacement.csv).

    Adds ``moment``: as_of as a naive Yerevan-time timestamp (the schema allows only +04:00), NaT where the
    moment is unknown. Checks what the Table Schema cannot: as_of carries a time exactly when
    as_of_precision is 'hour', is empty exactly when it is 'unknown', and month or year figures sit on the
    first day of their month or year.
    """
    frame = load_table("displacement", where)
    timed = frame["as_of"].str.len() > 10
    for number, (as_of, precision, has_time) in enumerate(
        zip(frame["as_of"], frame["as_of_precision"], timed, strict=False), 2
    ):
        first_day = {"month": "-01", "year": "-01-01"}.get(precision)
        if pd.isna(as_of) != (precision == "unknown") or (
            pd.notna(as_of)
            and (bool(has_time) != (precision == "hour") or (first_day and not as_of.endswith(first_day)))
        ):
            raise DataError(
                "seeds/displacement.csv",
                f"as_of '{'' if pd.isna(as_of) else as_of}' does not fit as_of_precision '{precision}'",
                row=number,
                column="as_of",
                expected="a time only for 'hour', the first day for 'month' or 'year', and empty only for 'unknown'",
            )
    frame["moment"] = pd.to_datetime(frame["as_of"].str.slice(0, 16), format="ISO8601")
    return frame


def load_places(where: Where = None) -> pd.DataFrame:
    """Gazetteer of places under their contested names (seeds/places.csv)."""
    return load_table("places", where)


def load_terms(where: Where = None) -> pd.DataFrame:
    """Contested terms by language and naming convention (seeds/terms.csv)."""
    return load_table("terms", where)


def load_control(where: Where = None) -> pd.DataFrame:
    """Dated events of control, each applying to the territories its selector names (seeds/control.csv)."""
    return load_table("control", where)


def load_territories(where: Where = None):
    """Who held what: one feature per territory and period, derived from control.csv (seeds/geo/territories.geojson)."""
    return load_geo("territories", where)


def load_karabakh_v5(where: Where = None):
    """NE v5 Nagorno-Karabakh: the post-November-2020 area and the 2020 ceasefire line (seeds/geo/ne_v5_karabakh.geojson)."""
    return load_geo("karabakh_v5", where)


def load_admin0(where: Where = None):
    """Natural Earth countries of the South Caucasus (seeds/geo/ne_admin0.geojson)."""
    return load_geo("admin0", where)


def load_admin1(where: Where = None):
    """Natural Earth admin-1 units of Armenia and Azerbaijan (seeds/geo/ne_admin1.geojson)."""
    return load_geo("admin1", where)


def load_disputed_lines(where: Where = None):
    """NE v4 disputed boundary lines: 1994 ceasefire line, NKAO reference line (seeds/geo/ne_disputed_lines.geojson)."""
    return load_geo("disputed_lines", where)


def load_nkao(where: Where = None):
    """Approximate outline of the former NKAO, derived from NE (seeds/geo/nkao_outline.geojson)."""
    return load_geo("nkao", where)


def load_lachin_corridor(where: Where = None):
    """Lachin corridor routes, schematic lines between gazetteer places (seeds/geo/lachin_corridor.geojson)."""
    return load_geo("lachin_corridor", where)


def load_articles(where: Where = None) -> pd.DataFrame:
    """Articles whose claims are checked: metadata only (seeds/articles.csv)."""
    return load_table("articles", where)


def load_claims(where: Where = None) -> pd.DataFrame:
    """Checkable claims of each article, each with its JSON rule (seeds/claims.csv)."""
    return load_table("claims", where)
