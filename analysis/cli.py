"""Command line: `python -m analysis build|params|check|rehash|sources|i18n|release`. Run with --help for details."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analysis.build import kernels
from analysis.core.errors import KarabakhError
from analysis.core.paths import PROJECT_ROOT, SEEDS_ENV, STATIC_ENV, seeds_dir

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"  # set by GitHub Actions: where a job's Markdown summary goes

DESCRIPTION = """\
Build and check the karabakh-notebooks reports.

Every report in reports.toml is a notebook run with one parameter set. `build` validates the
parameters, executes each notebook in a real kernel (papermill), renders HTML with the house template
(nbconvert) and writes reports/<slug>.html plus reports/index.html. Unchanged reports are not re-run.
"""

EPILOG = """\
examples:
  python -m analysis build                      build what changed, in parallel
  python -m analysis build --only negotiations-article-window --force
  python -m analysis build --list               list the reports and their parameters
  python -m analysis params negotiations        what a notebook accepts
  python -m analysis check --seeds /tmp/copy    validate a copy of the seeds
  python -m analysis rehash                     record new sha256s after a deliberate seeds edit
  python -m analysis sources                    how many rows of each dataset rest on which kind of source
  python -m analysis release 1.1.0 --date 2026-12-07   prepare a release of the data (prints the tag to create)
"""


def _seeds_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seeds", type=Path, metavar="DIR", help=f"read the data from DIR instead of seeds/ (also: ${SEEDS_ENV})"
    )


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m analysis",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser(
        "build",
        help="build the reports listed in reports.toml",
        description="Build the reports listed in reports.toml into --out.",
    )
    build.add_argument("--config", type=Path, default=PROJECT_ROOT / "reports.toml", help="default: reports.toml")
    build.add_argument("--out", type=Path, default=PROJECT_ROOT / "reports", metavar="DIR", help="default: reports/")
    build.add_argument("--only", action="append", metavar="SLUG", help="build only this report (repeatable)")
    build.add_argument("--force", action="store_true", help="re-execute even reports that have not changed")
    build.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count(),
        metavar="N",
        help="reports run in parallel (default: the number of CPUs, %(default)s)",
    )
    build.add_argument(
        "--self-contained",
        action="store_true",
        help="inline plotly.js into each report instead of reports/assets/plotly.min.js",
    )
    build.add_argument("--list", action="store_true", help="list the reports and their parameters, build nothing")
    build.add_argument(
        "--shard",
        metavar="K/N",
        help="build only shard K of N (a stable share of the reports, for CI runners side by side)",
    )
    build.add_argument(
        "--merge",
        nargs="+",
        type=Path,
        metavar="DIR",
        help="build nothing: join shard outputs (each built with --shard) into --out, with one index",
    )
    build.add_argument(
        "--timeout",
        type=int,
        default=kernels.CELL_TIMEOUT,
        metavar="SECONDS",
        help="a report fails when one of its cells runs longer than this (default: %(default)s)",
    )
    build.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="start a new kernel for every report (slower; for debugging) instead of one warm kernel per worker",
    )
    build.add_argument(
        "--static",
        type=Path,
        metavar="DIR",
        help=f"where print exports (PNG, SVG) go (also: ${STATIC_ENV}; default: OUT/static)",
    )
    build.add_argument(
        "--base-url",
        metavar="URL",
        help="where the site is published (https://…/ ending in /): the embed snippets under each figure use "
        "absolute URLs from it (default: relative URLs)",
    )
    _seeds_option(build)

    params = sub.add_parser("params", help="print a notebook's declared parameters")
    params.add_argument("notebook", help="notebook name, e.g. negotiations (or its path)")
    _seeds_option(params)

    check = sub.add_parser("check", help="validate every dataset in the seeds data package")
    _seeds_option(check)

    rehash = sub.add_parser("rehash", help="record the current sha256 of every seeds file in datapackage.json")
    _seeds_option(rehash)

    sources = sub.add_parser(
        "sources",
        help="count each dataset's rows by the kind of source they rest on",
        description="Count each sourced dataset's rows by source_kind (seeds/notes/sources.md), "
        "list the rows that still rest on a weak kind, with the reason their note "
        "gives, and exit 1 if a dataset is over the 10% target.",
    )
    sources.add_argument("--weak", action="store_true", help="also list every row on a weak kind of source")
    _seeds_option(sources)

    release = sub.add_parser(
        "release",
        help="prepare a release of the data: version, manifest, CHANGELOG.md, CITATION.cff",
        description="Check the data (every dataset valid; every published value changed since the last release "
        "has a corrections entry), then write the version into seeds/datapackage.json and CITATION.cff (with "
        "date-released from --date), the release manifest seeds/releases/<version>.json and CHANGELOG.md, and "
        "print the git tag to create. Runs no git command.",
    )
    release.add_argument("version", nargs="?", help="the new version, MAJOR.MINOR.PATCH (or use --bump)")
    release.add_argument("--bump", choices=("major", "minor", "patch"), help="the next version after the last release")
    release.add_argument("--date", metavar="YYYY-MM-DD", help="the release date (required: nothing reads the clock)")
    release.add_argument(
        "--root", type=Path, default=PROJECT_ROOT, metavar="DIR", help="where CITATION.cff and CHANGELOG.md are"
    )
    _seeds_option(release)

    sub.add_parser(
        "i18n",
        help="how much of each language's catalogs is translated",
        description="For hy, az and ru, count the entries of the interface catalog (messages) and of the "
        "narrative catalog that are translated, fuzzy or missing, list the first missing ones, and exit 1 if a "
        "language is under its target (100% of the interface, 90% of the narrative). `make i18n` refreshes the "
        "catalogs first.",
    )
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.seeds = args.seeds.resolve() if getattr(args, "seeds", None) else seeds_dir()
    try:
        return COMMANDS[args.command](args)
    except KarabakhError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _build(args) -> int:
    from analysis.build import builder as build
    from analysis.build import config, shards

    if args.jobs is not None and args.jobs < 1:
        raise KarabakhError(f"--jobs must be 1 or more, got {args.jobs}")
    if args.merge:
        order = [entry["slug"] for entry in config.read(args.config, args.seeds)]
        outcomes = shards.merge(
            [d.resolve() for d in args.merge], args.out.resolve(), order, log=print, seeds=args.seeds
        )
        return _summary(build, outcomes)
    jobs, rejected = config.jobs(args.config, args.only, args.seeds)
    if args.shard:
        k, n = shards.parse(args.shard)
        jobs = [job for job in jobs if shards.shard_of(job.slug, n) == k]
        rejected = [(entry, exc) for entry, exc in rejected if shards.shard_of(str(entry["slug"]), n) == k]
    if args.list:
        for job in jobs:
            print(f"{job.slug}\t{job.notebook}\t{job.title}\t{job.params}")
        for entry, exc in rejected:
            print(f"{entry['slug']}\tINVALID\t{exc}")
        return 1 if rejected else 0
    from analysis.build.embeds import check_base_url

    check_base_url(args.base_url)  # before anything runs
    static = args.static or (Path(os.environ[STATIC_ENV]) if os.environ.get(STATIC_ENV) else None)
    builder = build.Builder(
        args.out.resolve(),
        args.seeds,
        force=args.force,
        jobs=args.jobs,
        self_contained=args.self_contained,
        static=static.resolve() if static else None,
        fresh_kernels=args.fresh_kernels,
        timeout=args.timeout,
        log=lambda m: print(m, flush=True),
        base_url=args.base_url,
    )
    outcomes = builder.run(jobs, rejected)
    if args.shard:
        shards.record(args.out.resolve(), k, n, args.seeds, [o.slug for o in outcomes])
    return _summary(build, outcomes)


def _summary(build, outcomes) -> int:
    """The closing lines; in GitHub Actions also a Markdown table in the job's summary ($GITHUB_STEP_SUMMARY)."""
    code = build.summary(
        outcomes, log=lambda m: print(m, file=sys.stderr if m.startswith("FAILED") else sys.stdout, flush=True)
    )
    if os.environ.get(SUMMARY_ENV):
        with Path(os.environ[SUMMARY_ENV]).open("a", encoding="utf-8") as handle:
            handle.write(build.markdown_summary(outcomes))
    return code


def _params(args) -> int:
    from analysis.data.context import ReportContext
    from analysis.params.rules import for_notebook

    print(for_notebook(Path(args.notebook).stem).describe(ReportContext(seeds=args.seeds)))
    return 0


def _check(args) -> int:
    """Every seeds file in full, content first (even when its sha256 is stale), then the recorded sha256s, then the
    claims' rules against the data; every problem on its own line, in one run."""
    from analysis import data
    from analysis.claims import transforms as claims
    from analysis.data.context import ReportContext

    content = []
    for res in data.package(args.seeds).get("resources", []):
        found = data.content_problems(res, args.seeds)
        content += found
        for problem in found:
            print(f"FAIL {problem}", file=sys.stderr)
        if not found:
            print(f"ok   seeds/{res['path']}")
    if content:
        print(f"{len(content)} problem(s): fix them, then run `python -m analysis check` again", file=sys.stderr)
        return 1
    ctx = ReportContext(seeds=args.seeds)
    rules = claims.rule_problems(ctx, load=lambda name: data.load_unchecked(name, args.seeds), verify_hash=False)
    for problem in rules:
        print(f"FAIL {problem}", file=sys.stderr)
    if rules:
        print(f"{len(rules)} claim rule(s) to fix (README.md, Claims)", file=sys.stderr)
        return 1
    stale = data.problems(args.seeds)
    for problem in stale:
        print(f"FAIL {problem}", file=sys.stderr)
    if stale:
        print(
            "The content is valid: run `python -m analysis rehash` to record it, and review the diff", file=sys.stderr
        )
        return 1
    return 0


def _rehash(args) -> int:
    """Record the sha256s, but only of seeds that validate (content and claim rules): nothing is written otherwise."""
    from analysis import data
    from analysis.claims import transforms as claims
    from analysis.data.context import ReportContext

    found = [p for res in data.package(args.seeds).get("resources", []) for p in data.content_problems(res, args.seeds)]
    if not found:
        ctx = ReportContext(seeds=args.seeds)
        found = claims.rule_problems(ctx, load=lambda name: data.load_unchecked(name, args.seeds), verify_hash=False)
    if found:
        for problem in found:
            print(f"FAIL {problem}", file=sys.stderr)
        print(f"rehash refused: {len(found)} problem(s); nothing was recorded", file=sys.stderr)
        return 1
    for path, digest in data.rehash(args.seeds).items():
        print(f"{digest[:12]}  seeds/{path}")
    return 0


def _sources(args) -> int:
    from analysis.data.context import ReportContext
    from analysis.sources import transforms as sources

    ctx = ReportContext(seeds=args.seeds)
    frames = sources.load_sourced(ctx)
    counts = sources.kind_counts(frames, ctx)
    print("\n".join(sources.report_lines(counts, ctx)))
    if args.weak:
        for row in sources.weak_rows(frames, ctx).itertuples():
            print(
                f"\n{row.dataset}: {row.row} [{row.source_kind}] {row.source_name} {row.source_url}\n  why kept: "
                f"{row.reason if isinstance(row.reason, str) else 'NO REASON GIVEN'}"
            )
    return 0 if counts["meets_target"].all() else 1


def _release(args) -> int:
    from analysis.data import release

    release.prepare(args.seeds, args.root.resolve(), args.version, bump=args.bump, date=args.date)
    return 0


def _i18n(args) -> int:
    from analysis.i18n import catalogs

    return catalogs.report()


COMMANDS = {
    "build": _build,
    "params": _params,
    "check": _check,
    "rehash": _rehash,
    "sources": _sources,
    "i18n": _i18n,
    "release": _release,
}
