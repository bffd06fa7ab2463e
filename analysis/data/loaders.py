"""One way to load each dataset in seeds/.

Every loader checks the file's sha256 against seeds/datapackage.json, validates the table against its
Table Schema with frictionless, and returns a typed DataFrame whose ``attrs`` carry the dataset's name,
sources and licences. Each loader takes the report's context (analysis.context.ReportContext), or a seeds folder,
or nothing (the project's seeds); the load is recorded in the context, so the build can list what a report read.

:func:`problems` validates every file of the package at once (content first, then the recorded sha256) and returns
every problem found, one :class:`DataError` each: what `python -m analysis check`, `rehash` and the build use.
The claims of each article are YAML files in seeds/claims/ (one resource, ``claims``, lists the folder), validated
against the JSON Schema in seeds/claims.schema.json; :func:`load_claims` is the one way to read them.
"""

from __future__ import annotations

import csv
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.core.errors import DataError
from analysis.core.paths import seeds_dir
from analysis.data.context import ReportContext, context_of

PACKAGE_FILE = "datapackage.json"
QUOTING_HINT = "check the quoting: a field with a comma or a line break must be in double quotes"
CLAIMS_SUFFIX = ".yaml"
Where = ReportContext | Path | None  # what a loader is told to read from

# frictionless error types, said plainly. Rows count the header as row 1, as a spreadsheet does.
PROBLEMS = {
    "constraint-error": "breaks the column's rule",
    "type-error": "has the wrong type",
    "missing-cell": f"is missing: the row has too few cells ({QUOTING_HINT})",
    "extra-cell": f"is one cell too many ({QUOTING_HINT})",
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
    """The sha256 of a file; of a folder (seeds/claims), the digest of its files' names and sha256s."""
    if path.is_dir():
        listing = "".join(f"{name}\0{digest}\n" for name, digest in sorted(folder_hashes(path).items()))
        return hashlib.sha256(listing.encode()).hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_hashes(path: Path) -> dict[str, str]:
    """The sha256 of each claims file in a folder, by file name."""
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(path.glob(f"*{CLAIMS_SUFFIX}"))}


REHASH = "the file to be unchanged since it was described; if the edit is deliberate, run `python -m analysis check`, then `python -m analysis rehash`, and review the diff"


def _hash_problems(res: dict[str, Any], seeds: Path) -> list[DataError]:
    """The file (or each claims file of a folder) against the sha256 datapackage.json records."""
    path = seeds / res["path"]
    label = f"seeds/{res['path']}"
    if not path.exists():
        return [
            DataError(
                label, "the file is missing", expected=f"the dataset '{res['name']}' described in datapackage.json"
            )
        ]
    if path.is_dir():
        recorded = {name: str(h).removeprefix("sha256:") for name, h in (res.get("files") or {}).items()}
        actual = folder_hashes(path)
        found = []
        for name in sorted(set(recorded) | set(actual)):
            where = f"{label}/{name}"
            if name not in actual:
                found.append(
                    DataError(
                        where,
                        "the file is missing",
                        expected="the file datapackage.json lists; if it was removed on purpose, run "
                        "`python -m analysis rehash`",
                    )
                )
            elif name not in recorded:
                found.append(DataError(where, "the file is not described in datapackage.json yet", expected=REHASH))
            elif recorded[name] != actual[name]:
                found.append(
                    DataError(
                        where,
                        f"sha256 is {actual[name][:12]}…, but datapackage.json records {recorded[name][:12]}…",
                        expected=REHASH,
                    )
                )
        declared = str(res.get("hash", "")).removeprefix("sha256:")
        if not found and declared != sha256(path):
            found.append(DataError(label, "the folder's sha256 in datapackage.json is out of date", expected=REHASH))
        return found
    declared = str(res.get("hash", "")).removeprefix("sha256:")
    actual = sha256(path)
    if declared != actual:
        return [
            DataError(
                label,
                f"sha256 is {actual[:12]}…, but datapackage.json records {declared[:12] or 'nothing'}…",
                expected=REHASH,
            )
        ]
    return []


def _checked_path(res: dict[str, Any], seeds: Path) -> Path:
    found = _hash_problems(res, seeds)
    if found:
        raise found[0]
    return seeds / res["path"]


def validation_token(digest: str, schema_json: str) -> str:
    """Names one (file content, schema) pair: validating it again can only give the same answer."""
    return hashlib.sha256(f"{digest}\0{schema_json}".encode()).hexdigest()[:32]


class SeedsInvalid(DataError):
    """One or more seeds files failed their checks: ``problems`` holds one DataError per problem."""

    def __init__(self, problems: list[DataError]):
        self.problems = list(problems)
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(first.file, first.problem + more, row=first.row, column=first.column, expected=first.expected)


def content_problems(res: dict[str, Any], seeds: Path) -> list[DataError]:
    """Every problem in the content of one resource, whatever its recorded sha256 says."""
    path = seeds / res["path"]
    label = f"seeds/{res['path']}"
    if not path.exists():
        return [
            DataError(
                label, "the file is missing", expected=f"the dataset '{res['name']}' described in datapackage.json"
            )
        ]
    fmt = res.get("format")
    if fmt == "csv":
        return list(_table_problems(str(path), sha256(path), json.dumps(res.get("schema") or {}, sort_keys=True)))
    if fmt == "geojson":
        try:
            _read_geo(res, path)
        except DataError as exc:
            return [exc]
        return []
    if fmt == "yaml":
        return _claims_problems(res, seeds)
    return []


def problems(seeds: Path | None = None, *, hashes: bool = True) -> list[DataError]:
    """Every problem in the seeds, each file checked in full: its content first; then, only for a file whose content
    is valid, its sha256 against datapackage.json (``hashes``), so "run rehash" is said only of a valid file."""
    seeds = seeds or seeds_dir()
    found: list[DataError] = []
    for res in package(seeds).get("resources", []):
        content = content_problems(res, seeds)
        found += content
        if hashes and not content:
            found += _hash_problems(res, seeds)
    return found


def prevalidate(seeds: Path | None = None) -> frozenset[str]:
    """Validate every seeds file once, before any report runs, and return the tokens of the tables that passed.

    Raises :class:`SeedsInvalid` listing every problem when any file fails (content or sha256). The report build runs
    this before starting kernels and hands the tokens to them in each report's context, so each kernel checks the
    sha256 (cheap) and skips re-running frictionless on a file already found valid.
    """
    seeds = seeds or seeds_dir()
    found = problems(seeds)
    if found:
        raise SeedsInvalid(found)
    return frozenset(
        validation_token(sha256(seeds / res["path"]), json.dumps(res.get("schema") or {}, sort_keys=True))
        for res in package(seeds).get("resources", [])
        if res.get("format") == "csv"
    )


@lru_cache(maxsize=64)
def _validate_table(path: str, digest: str, schema_json: str) -> None:
    """Validate one CSV against its Table Schema; raise its first problem (and how many more there are)."""
    found = _table_problems(path, digest, schema_json)
    if found:
        first = found[0]
        more = f"; {len(found) - 1} more problem(s) in this file" if len(found) > 1 else ""
        raise DataError(first.file, first.problem + more, row=first.row, column=first.column, expected=first.expected)


def _broken_rows(path: Path, width: int) -> list[DataError]:
    """Rows whose cell count differs from the header's: a quote missing or left open. Rows are numbered as a
    spreadsheet shows them (the header is row 1; a quoted line break stays in its row)."""
    label = f"seeds/{path.name}"
    found = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, cells in enumerate(csv.reader(handle), 1):
            if number > 1 and cells and len(cells) != width:
                count = "too few" if len(cells) < width else "too many"
                found.append(
                    DataError(
                        label,
                        f"the row has {len(cells)} cells where the header has {width} ({count}); {QUOTING_HINT}",
                        row=number,
                    )
                )
    return found


@lru_cache(maxsize=64)
def _table_problems(path: str, digest: str, schema_json: str) -> tuple[DataError, ...]:
    """Every problem of one CSV against its Table Schema (frictionless), cached by content hash: the header first,
    then rows broken by their quoting (the cells after a stray quote would only give wrong-column errors), then each
    cell."""
    from frictionless import Dialect, Resource, Schema, formats

    schema = Schema.from_descriptor(json.loads(schema_json))
    try:
        _check_header(Path(path), schema.field_names)
    except DataError as exc:
        return (exc,)
    broken = _broken_rows(Path(path), len(schema.field_names))
    if broken:
        return tuple(broken)
    control = formats.CsvControl(delimiter=",", quote_char='"')
    table = Resource(
        path=Path(path).name,
        basepath=str(Path(path).parent),
        schema=schema,
        format="csv",
        encoding="utf-8",
        dialect=Dialect(controls=[control]),
    )
    report = table.validate(limit_errors=10_000)
    if report.valid:
        return ()
    label = f"seeds/{Path(path).name}"
    found = []
    for row, field, kind, note, cell in report.flatten(["rowNumber", "fieldName", "type", "note", "cell"]):
        problem = PROBLEMS.get(kind, kind)
        if cell not in (None, ""):
            problem = f"value '{cell}' {problem}"
        found.append(
            DataError(label, problem, row=row, column=field, expected=_expectation(schema, field, kind) or note)
        )
    return tuple(found)


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
    ctx = context_of(where)
    res = resource(name, ctx.seeds)
    path = _checked_path(res, ctx.seeds)
    return _with_provenance(_read_geo(res, path), res, ctx)


def _read_geo(res: dict[str, Any], path: Path):
    """One GeoJSON layer, its content checked (not its sha256)."""
    import geopandas as gpd

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
    return frame


def load(name: str, where: Where = None) -> Any:
    """Load any dataset of the package by name."""
    ctx = context_of(where)
    fmt = resource(name, ctx.seeds).get("format")
    if fmt == "geojson":
        return load_geo(name, ctx)
    if fmt == "yaml":
        return pd.concat([load_claims(a, ctx) for a in claim_articles(ctx)], ignore_index=True)
    return load_table(name, ctx)


def rehash(seeds: Path | None = None) -> dict[str, str]:
    """Record the current sha256 of every file in datapackage.json (after a deliberate, reviewed edit).

    This records what is there: `python -m analysis rehash` validates every file first (:func:`content_problems`,
    and the claims' rules) and refuses, writing nothing, while anything fails; tests use this directly to record a
    file broken on purpose."""
    seeds = seeds or seeds_dir()
    pkg = package(seeds)
    digests = {}
    for res in pkg.get("resources", []):
        path = seeds / res["path"]
        if path.is_dir():
            res["files"] = {name: f"sha256:{digest}" for name, digest in folder_hashes(path).items()}
            for name, digest in res["files"].items():
                digests[f"{res['path']}/{name}"] = digest.removeprefix("sha256:")
        res["hash"] = f"sha256:{sha256(path)}"
        digests[res["path"]] = res["hash"].removeprefix("sha256:")
    (seeds / PACKAGE_FILE).write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return digests


def load_unchecked(name: str, seeds: Path) -> pd.DataFrame:
    """A table read and typed without its sha256 check, for `check` and `rehash`, which run before the hashes are
    recorded (and only after :func:`problems` found the content valid)."""
    res = resource(name, seeds)
    path = seeds / res["path"]
    schema_json = json.dumps(res.get("schema") or {}, sort_keys=True)
    frame = _parsed(str(path), sha256(path), schema_json).copy()
    frame.attrs.update(dataset=res["name"], title=res.get("title", res["name"]), sources=res.get("sources", []))
    return frame


# --- the claims of each article: YAML files checked against a JSON Schema ----------------------------------------


def claims_folder(where: Where = None) -> Path:
    ctx = context_of(where)
    return ctx.seeds / resource("claims", ctx.seeds)["path"]


def claim_articles(where: Where = None) -> list[str]:
    """The articles that have a claims file (seeds/claims/<article_id>.yaml), sorted."""
    return sorted(path.stem for path in claims_folder(where).glob(f"*{CLAIMS_SUFFIX}"))


class _YamlLoader(yaml.SafeLoader):
    """YAML without implicit dates: `date: 2023-09-19` stays the text a rule compares, as in the CSV files."""


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _claims_schema(res: dict[str, Any], seeds: Path) -> dict[str, Any]:
    name = res.get("ruleSchema", "claims.schema.json")
    path = seeds / name
    if not path.exists():
        raise DataError(
            f"seeds/{name}", "the claims schema is missing", expected="the JSON Schema datapackage.json names"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def _parse_claims_file(path: Path, label: str) -> tuple[Any, list[DataError]]:
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [
            DataError(
                label,
                f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
                row=mark.line + 1 if mark else None,
                expected="a YAML file as in README.md, Claims (check the indentation and the quotes)",
            )
        ]
    return doc, []


def _schema_path(error, doc) -> str:
    """Where a schema error is, in words: "claim 'camp-david', check.all[1].test"."""
    parts = list(error.absolute_path)
    if len(parts) >= 2 and parts[0] == "claims" and isinstance(parts[1], int):
        claims = doc.get("claims") if isinstance(doc, dict) else None
        item = claims[parts[1]] if isinstance(claims, list) and parts[1] < len(claims) else None
        name = item.get("id") if isinstance(item, dict) and item.get("id") else f"#{parts[1] + 1}"
        rest = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts[2:]).lstrip(".")
        return f"claim '{name}'" + (f", {rest}" if rest else "")
    return ".".join(str(p) for p in parts) or "the file"


def _claims_problems(res: dict[str, Any], seeds: Path) -> list[DataError]:
    """Every claims file: valid YAML, valid against the claims schema, named after its article, the article known
    in articles.csv, claim ids unique within the article."""
    import jsonschema

    folder = seeds / res["path"]
    try:
        schema = _claims_schema(res, seeds)
    except DataError as exc:
        return [exc]
    validator = jsonschema.Draft202012Validator(schema)
    known = _article_ids(seeds)
    found: list[DataError] = []
    for path in sorted(folder.glob(f"*{CLAIMS_SUFFIX}")):
        label = f"seeds/{res['path']}/{path.name}"
        doc, errors = _parse_claims_file(path, label)
        found += errors
        if errors:
            continue
        for error in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
            found.append(
                DataError(label, f"{_schema_path(error, doc)}: {error.message}", expected="see README.md, Claims")
            )
        if not isinstance(doc, dict):
            continue
        article = doc.get("article")
        if isinstance(article, str) and article != path.stem:
            found.append(
                DataError(label, f"the file says article '{article}'", expected=f"'{path.stem}', the file's name")
            )
        if known is not None and path.stem not in known:
            found.append(
                DataError(label, f"no article '{path.stem}' in seeds/articles.csv", expected="a row there first")
            )
        seen: set[str] = set()
        for claim in doc.get("claims") or []:
            cid = claim.get("id") if isinstance(claim, dict) else None
            if isinstance(cid, str) and cid in seen:
                found.append(
                    DataError(label, f"claim id '{cid}' is used twice", expected="each claim id once in the article")
                )
            seen.add(cid)
    return found


def _article_ids(seeds: Path) -> set[str] | None:
    """The article ids of articles.csv, read plainly (None if the file cannot be read; it reports its own errors)."""
    try:
        path = seeds / resource("articles", seeds)["path"]
        with path.open(encoding="utf-8", newline="") as handle:
            return {row.get("article_id") for row in csv.DictReader(handle)}
    except (OSError, DataError, csv.Error):
        return None


CLAIM_COLUMNS = ["claim_id", "claim", "printed", "reading", "misprint", "check", "note"]


def load_claims(article_id: str, where: Where = None, *, verify_hash: bool = True) -> pd.DataFrame:
    """The claims of one article (seeds/claims/<article_id>.yaml), checked (sha256 of the folder's files, the claims
    schema): one row per claim, ``check`` the rule as a dict. ``attrs`` carry the file and the article. An article with
    no claims file has no claims (an empty frame). ``verify_hash=False`` is for `check` and `rehash` only, which
    validate the content before any hash is recorded."""
    ctx = context_of(where)
    res = resource("claims", ctx.seeds)
    folder = _checked_path(res, ctx.seeds) if verify_hash else ctx.seeds / res["path"]
    path = folder / f"{article_id}{CLAIMS_SUFFIX}"
    label = f"seeds/{res['path']}/{path.name}"
    frame = pd.DataFrame(columns=CLAIM_COLUMNS)
    if path.exists():
        found = _claims_problems(res, ctx.seeds)
        mine = [p for p in found if p.file == label]
        if mine:
            raise mine[0]
        doc, _ = _parse_claims_file(path, label)
        frame = pd.DataFrame(
            [
                {
                    "claim_id": c["id"],
                    "claim": c["claim"],
                    "printed": None if c.get("printed") is None else str(c["printed"]),
                    "reading": c.get("reading"),
                    "misprint": c.get("misprint"),
                    "check": c["check"],
                    "note": c.get("note"),
                }
                for c in doc["claims"]
            ],
            columns=CLAIM_COLUMNS,
        )
    frame = _with_provenance(frame, res, ctx)
    frame.attrs.update(file=label, article=article_id)
    return frame


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
