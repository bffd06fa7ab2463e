"""The report build: reports.toml → validated parameters → papermill → nbconvert → reports/.

- A report is re-executed only when its cache key changed: notebook text, parameters, package code,
  lock file, or the seeds files it read last time (their bytes and their datapackage descriptors).
- A failing report never replaces the last good HTML; the others still build; the index marks it.
- HTML is written to a temporary file and moved into place, so nothing half-written is ever served.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from analysis import data
from analysis.build import corrections, embeds, images, index, kernels
from analysis.build.config import SLUG, Job, title_text
from analysis.core.conventions import ENDONYMS
from analysis.core.errors import KarabakhError
from analysis.core.paths import PROJECT_ROOT, atomic_write
from analysis.data.context import ReportContext
from analysis.i18n import language as i18n
from analysis.params.declared import RESERVED, cell_defaults, takes_context

LOCK_FILES = (PROJECT_ROOT / "requirements" / "runtime.txt",)  # what the kernels run with (test and lab do not)
CODE_DIRS = (PROJECT_ROOT / "analysis", PROJECT_ROOT / "maps")
CODE_SUFFIXES = {".py", ".j2", ".json", ".css", ".js", ".po"}  # .po: the message catalogs
MANIFESTS = ".build"
ASSETS = "assets"
PLOTLY_ASSET = "plotly.min.js"
PLOTLY_BUNDLE = Path(__file__).parent / "assets" / "plotly-cartesian.min.js"  # `make plotly-bundle` refreshes it
CSS_ASSET = "report.css"
CSS_SOURCE = Path(__file__).parent / "assets" / CSS_ASSET  # the reports' one stylesheet


@dataclass
class Outcome:
    slug: str
    notebook: str
    title: str
    params: dict[str, Any]
    status: str  # built | cached | failed
    seconds: float = 0.0
    error: str | None = None
    datasets: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    html: bool = False  # a good HTML exists (this build's or the last good one)
    language: str = "en"
    group: str = ""  # the variant's slug, shared by its translations
    titles: list[str] = field(default_factory=list)  # catalog entries: the report's title, the variant's
    untranslated: list[str] = field(default_factory=list)  # what the page shows in English for want of a translation
    embeds: list[dict[str, str]] = field(default_factory=list)  # the figures' embed pages: name (fig1…) and title


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def code_digest() -> str:
    """Hash of the package source, templates and the runtime lock: a change re-executes every report. A Python
    module counts by its syntax tree without docstrings, so an edit to a docstring or a comment rebuilds nothing."""
    files = sorted(p for d in CODE_DIRS for p in d.rglob("*") if p.is_file() and p.suffix in CODE_SUFFIXES)
    parts = [str(p.relative_to(PROJECT_ROOT)).encode() + b"\0" + _code(p) for p in files]
    parts += [lock.read_bytes() if lock.exists() else b"no lock" for lock in LOCK_FILES]
    return _digest(*parts)


DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _code(path: Path) -> bytes:
    """What one file contributes to the code digest: a Python module's syntax tree (no comments, no line numbers)
    with every docstring removed; any other file's bytes."""
    if path.suffix != ".py":
        return path.read_bytes()
    tree = ast.parse(path.read_bytes(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, DOCUMENTED) and ast.get_docstring(node, clean=False) is not None:
            node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(tree).encode()


def static_key(job: Job, code: str, self_contained: bool, package: str = "", static: str = "", embed: str = "") -> str:
    """Everything but the seeds files a report read: notebook, parameters, title, package code, the data package's
    shared settings (``package_digest``), the inlining choice, where print exports go and the embed settings (base
    URL, whether PNGs are drawn)."""
    return _digest(
        job.notebook_path.read_bytes(),
        json.dumps(job.params, sort_keys=True).encode(),
        job.title.encode(),
        json.dumps(job.siblings).encode(),
        code.encode(),
        str(self_contained).encode(),
        package.encode(),
        static.encode(),
        embed.encode(),
    )


def package_digest(seeds: Path) -> str:
    """What every report may depend on beyond the files it read: datapackage.json's own settings (e.g. the source
    kinds) and the list of datasets, not each dataset's entry (those are compared per report)."""
    pkg = data.package(seeds)
    shared = {key: value for key, value in pkg.items() if key != "resources"}
    shared["datasets"] = [res.get("name") for res in pkg.get("resources", [])]
    # the corrections log: every footer lists the entries about the datasets its report read
    shared["corrections"] = [res.get("hash") for res in pkg.get("resources", []) if res.get("name") == "corrections"]
    return _digest(json.dumps(shared, sort_keys=True).encode())


def seeds_state(datasets: list[dict[str, Any]], seeds: Path) -> list[dict[str, Any]]:
    """The current descriptor and file hash of each dataset a report read, to compare with the last build."""
    state = []
    for ds in datasets:
        try:
            res = data.resource(ds["name"], seeds)
            path = seeds / res["path"]
            actual = data.sha256(path) if path.exists() else None
        except KarabakhError:
            res, actual = None, None
        state.append({"name": ds["name"], "descriptor": res, "sha256": actual})
    return state


class Builder:
    def __init__(
        self,
        out: Path,
        seeds: Path,
        *,
        force: bool = False,
        jobs: int | None = None,
        self_contained: bool = False,
        static: Path | None = None,
        fresh_kernels: bool = False,
        timeout: int = kernels.CELL_TIMEOUT,
        log=print,
        base_url: str | None = None,
    ):
        self.timeout = timeout
        self.out, self.seeds, self.force = out, seeds, force
        self.fresh_kernels = fresh_kernels
        self.static = static or out / "static"  # print exports go next to the reports
        self.png = static is not None  # --static: each figure also as PNG (social card, print) beside its embed
        self.base_url = embeds.check_base_url(base_url)  # the snippets' URLs: absolute with --base-url
        self._validated: frozenset[str] | None = None
        self.jobs = jobs or os.cpu_count() or 1
        self.self_contained = self_contained
        self.log = log
        self._drawer = images.Drawer(log)  # each report's images, drawn while the next reports run
        self._lock = threading.Lock()
        self._done = 0
        self._package = package_digest(seeds)  # datapackage.json's shared settings, part of every cache key
        self._warm: kernels.WarmKernels | None = None  # run() starts the build workers' kernels

    # -- paths -----------------------------------------------------------------------------
    def html_path(self, slug: str) -> Path:
        path = (self.out / f"{slug}.html").resolve()
        if path.parent != self.out.resolve():  # slugs are checked in config; this is the last line of defence
            raise KarabakhError(f"report '{slug}' would be written outside {self.out}")
        return path

    def manifest_path(self, slug: str) -> Path:
        return self.out / MANIFESTS / f"{slug}.json"

    def manifest(self, slug: str) -> dict[str, Any]:
        path = self.manifest_path(slug)
        return json.loads(path.read_text()) if path.exists() else {}

    # -- the build -------------------------------------------------------------------------
    def run(self, jobs: list[Job], rejected: list[tuple[dict[str, Any], Exception]]) -> list[Outcome]:
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / MANIFESTS).mkdir(exist_ok=True)
        if not self.self_contained:  # a self-contained report is one file to pass around: no assets, no embeds
            self._write_asset()
            embeds.write_assets(self.out)
        i18n.compile_all()
        code = code_digest()
        total = len(jobs)
        self.log(
            f"Building {total} report(s) into {self.out} with {min(self.jobs, max(total, 1))} worker(s)"
            f"{' (forced)' if self.force else ''}{' (fresh kernels)' if self.fresh_kernels else ''}; "
            f"seeds: {self.seeds}"
        )
        refused = self._refused_seeds(jobs, rejected)
        if refused is not None:
            return refused
        outcomes = [self._rejected(entry, exc) for entry, exc in rejected]
        self._warm = None if self.fresh_kernels else kernels.WarmKernels(self.out / MANIFESTS / "kernels", self.timeout)
        try:
            with ThreadPoolExecutor(max_workers=self.jobs) as pool:
                outcomes += list(pool.map(lambda job: self._one(job, code, total), jobs))
        finally:
            if self._warm is not None:
                self._warm.close()
            self._drawer.close()
        index.write(self.out, outcomes, self.seeds)
        return outcomes

    def _refused_seeds(self, jobs: list[Job], rejected) -> list[Outcome] | None:
        """Validate every seeds file and every claim rule once, before any kernel starts. When something fails,
        print each problem once, run no report, keep every last good HTML, mark the reports failed in the index."""
        started = time.perf_counter()
        try:
            self._validated = validate_seeds(self.seeds)
        except data.SeedsInvalid as exc:
            problems = exc.problems
        else:
            return None
        self.log(f"The seeds do not validate ({len(problems)} problem(s)); no report was run:")
        for problem in problems:
            self.log(f"  {problem}")
        self.log("Fix them (`python -m analysis check` lists them again), then `python -m analysis rehash`.")
        error = f"not run: the seeds do not validate ({len(problems)} problem(s), each listed once above)"
        seconds = time.perf_counter() - started
        outcomes = []
        for entry in [*(dict(job.__dict__) for job in jobs), *(entry for entry, _ in rejected)]:
            slug = str(entry["slug"])
            slug_ok = bool(SLUG.match(slug))
            previous = self.manifest(slug) if slug_ok else {}
            outcome = Outcome(
                slug,
                entry["notebook"],
                entry["title"],
                entry.get("params", {}),
                "failed",
                seconds=seconds,
                error=error,
                datasets=previous.get("datasets", []),
                html=slug_ok and self.html_path(slug).exists(),
                language=entry.get("params", {}).get("language", "en"),
                group=str(entry.get("group") or slug),
                titles=list(entry.get("titles") or [entry["title"]]),
            )
            if slug_ok:
                self._save_manifest(outcome, previous.get("key"), previous.get("seeds_state"))
            outcomes.append(outcome)
        index.write(self.out, outcomes)
        return outcomes

    def context(self, job: Job) -> ReportContext:
        """What the kernel of one report depends on; before the first, validate the seeds once for all kernels."""
        with self._lock:
            if self._validated is None:
                self._validated = data.prevalidate(self.seeds)
        return ReportContext(
            seeds=self.seeds,
            static=self.static,
            notebook=job.notebook_path,
            params=job.params,
            as_of=job.params.get("as_of"),
            validated=self._validated,
            declared=cell_defaults(job.notebook_path),
        )

    def _progress(self, total: int, message: str) -> None:
        with self._lock:
            self._done += 1
            self.log(f"[{self._done}/{total}] {message}")

    def _rejected(self, entry: dict[str, Any], exc: Exception) -> Outcome:
        self.log(f"[skip] {entry['slug']}: {exc}")
        slug_ok = isinstance(entry["slug"], str) and bool(SLUG.match(entry["slug"]))
        previous = self.manifest(entry["slug"]) if slug_ok else {}
        outcome = Outcome(
            str(entry["slug"]),
            entry["notebook"],
            entry["title"],
            entry.get("params", {}),
            "failed",
            error=str(exc),
            datasets=previous.get("datasets", []),
            html=slug_ok and self.html_path(entry["slug"]).exists(),
            language=entry.get("params", {}).get("language", "en"),
            group=str(entry.get("group", entry["slug"])),
            titles=list(entry.get("titles", [entry["title"]])),
        )
        if slug_ok:  # the failure is on record (for --merge), and an older good manifest no longer passes as current
            self._save_manifest(outcome, previous.get("key"), previous.get("seeds_state"))
        return outcome

    def _one(self, job: Job, code: str, total: int) -> Outcome:
        started = time.perf_counter()
        key = static_key(
            job, code, self.self_contained, self._package, str(self.static), embeds.settings(self.base_url, self.png)
        )
        previous = self.manifest(job.slug)
        html_path = self.html_path(job.slug)
        if (
            not self.force
            and previous.get("status") != "failed"
            and previous.get("key") == key
            and html_path.exists()
            and embeds.complete(self.out, job.slug, previous.get("figures", []), self.png)
            and previous.get("seeds_state") == seeds_state(previous.get("datasets", []), self.seeds)
        ):
            outcome = _outcome(job, "cached", previous, html=True)
            self._progress(total, f"{job.slug}: unchanged, kept")
            return outcome
        self.log(f"[run] {job.slug}: executing notebooks/{job.notebook}.py")
        from analysis.build import render  # nbconvert and papermill load only when something runs

        try:
            ctx = self.context(job)
            if self._warm is None:
                nb = execute(job, self.out / MANIFESTS / f"{job.slug}.kernel.log", ctx, self.timeout)
            else:
                nb = execute_warm(job, ctx, self._warm)
            embed = embeds.Embeds(self.out, job.slug, ctx.lang, self.base_url)
            hook = None if self.self_contained else embed.collect
            record, stderr, figures = render.prepare(nb, job.slug, ctx.lang, hook, pictures=hook is not None)
            html = self._html(job, nb, record, figures, ctx.lang, render)
            if hook is not None:
                embed.write(translated_title(job.titles or (job.title,), ctx.lang), self.png)
            atomic_write(html_path, html)
            self._drawer.add(
                [
                    image
                    for fig in embed.figures
                    for image in images.for_figure(fig.spec, embed.folder, fig.name, embeds.size(fig.spec), self.png)
                ]
            )
        except Exception as exc:
            outcome = _outcome(
                job,
                "failed",
                previous,
                seconds=time.perf_counter() - started,
                error=describe_failure(job, exc),
                html=html_path.exists(),
            )
            self._save_manifest(outcome, previous.get("key"), previous.get("seeds_state"))
            self._progress(total, f"{job.slug}: FAILED after {outcome.seconds:.1f}s: {outcome.error}")
            return outcome
        for text in stderr:
            self.log(f"      {job.slug} (warning): {text.strip()[:300]}")
        figures_made = [{"name": fig.name, "title": fig.title} for fig in embed.figures]  # none when self-contained
        outcome = _outcome(job, "built", record, seconds=time.perf_counter() - started, html=True, embeds=figures_made)
        self._save_manifest(outcome, key, seeds_state(outcome.datasets, self.seeds), [f.name for f in embed.figures])
        untranslated = f", {len(outcome.untranslated)} string(s) left in English" if outcome.untranslated else ""
        self._progress(total, f"{job.slug}: built in {outcome.seconds:.1f}s ({figures} figure(s){untranslated})")
        return outcome

    def _html(self, job: Job, nb, record: dict[str, Any], figures: int, lang: i18n.Language, render) -> str:
        """The page. What it shows in English for want of a translation (the narrative paragraphs swapped before the
        run, the interface strings of the kernel, the words of the header and footer) goes into ``record`` and the
        footer; the page is rendered again if the header or footer added to that list."""
        kernel = record.get("untranslated", [])

        def english() -> list[str]:
            return lang.untranslated() + [text for text in kernel if text not in lang.missing]

        record["untranslated"] = english()
        html = render.to_html(nb, self._template_values(job, record, figures, lang))
        if english() != record["untranslated"]:  # the header or footer had words without a translation
            record["untranslated"] = english()
            html = render.to_html(nb, self._template_values(job, record, figures, lang))
        return html

    def _template_values(self, job: Job, record: dict[str, Any], figures: int, lang: i18n.Language) -> dict[str, Any]:
        datasets = record["datasets"]
        short = [
            {**lang.descriptor(ds), "hash": str(ds.get("hash", "")).removeprefix("sha256:")[:12]} for ds in datasets
        ]
        version = _digest(*[str(ds.get("hash", "")).encode() for ds in datasets])[:12]
        values = {
            "slug": job.slug,
            "notebook": f"notebooks/{job.notebook}.py",
            "title": translated_title(job.titles or (job.title,), lang),
            "params": job.params,
            "datasets": short,
            "notes": record["notes"],
            "untranslated": record["untranslated"],
            "data_version": version,
            "package_version": data.package(self.seeds).get("version"),
            "corrections": corrections.for_report(self.seeds, [ds["name"] for ds in datasets], lang),
            "corrections_page": corrections.page_name(job.language),
            "has_figures": figures > 0,
            "plotly_src": f"{ASSETS}/{PLOTLY_ASSET}",
            "plotly_inline": None,
            "css_href": f"{ASSETS}/{CSS_ASSET}",
            "css_inline": report_css() if self.self_contained else None,
            "plotly_locale": lang.plotly_locale() if job.language != i18n.SOURCE_LANGUAGE else None,
            "language": job.language,
            "languages": [
                {"code": code, "name": ENDONYMS[code], "href": f"{slug}.html", "current": slug == job.slug}
                for code, slug in job.siblings
            ],
            "gettext": lang._,
            "ngettext": lang.n_,
        }
        if self.self_contained and figures:
            values["plotly_inline"] = plotly_js()
        return values

    def _save_manifest(self, outcome: Outcome, key: str | None, state, figures: list[str] | None = None) -> None:
        record = {**asdict(outcome), "key": key, "seeds_state": state, "figures": figures or []}
        record.pop("seconds")
        atomic_write(self.manifest_path(outcome.slug), json.dumps(record, indent=1, default=str))

    def _write_asset(self) -> None:
        """plotly.js and the reports' stylesheet in ``assets/`` (each written only when it changed)."""
        for name, text in ((PLOTLY_ASSET, plotly_js()), (CSS_ASSET, report_css())):
            path = self.out / ASSETS / name
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(path, text)


def validate_seeds(seeds: Path) -> frozenset[str]:
    """Every seeds file (content and sha256) and every claim rule, checked once for the whole build: the tokens of the
    valid tables for the kernels, or :class:`analysis.data.SeedsInvalid` listing every problem."""
    from analysis.claims import transforms as claims

    tokens = data.prevalidate(seeds)
    problems = claims.rule_problems(ReportContext(seeds=seeds))
    if problems:
        raise data.SeedsInvalid(problems)
    return tokens


def _outcome(job: Job, status: str, record: dict[str, Any], **values) -> Outcome:
    """A report's outcome: the job's identity, and the datasets, notes and untranslated strings of ``record`` (this
    run's provenance, or the last manifest, whose embed pages are kept with its HTML)."""
    values.setdefault("embeds", record.get("embeds", []))
    return Outcome(
        job.slug,
        job.notebook,
        job.title,
        job.params,
        status,
        datasets=record.get("datasets", []),
        notes=record.get("notes", []),
        untranslated=record.get("untranslated", []),
        language=job.language,
        group=job.group or job.slug,
        titles=list(job.titles or (job.title,)),
        **values,
    )


def translated_title(titles, lang: i18n.Language) -> str:
    """A report's title in the page's language: the report's title, then the variant's."""
    if len(titles) == 1:
        return title_text(titles[0], lang)
    return lang._("{report}: {variant}").format(report=title_text(titles[0], lang), variant=title_text(titles[1], lang))


def plotly_js() -> str:
    """plotly.js for the reports: the cartesian bundle (scatter, bar, shapes, sliders: all the reports draw),
    1.5 MB against the 4.8 MB full bundle, at the version plotly.py was built for (a test checks it)."""
    return PLOTLY_BUNDLE.read_text(encoding="utf-8")


def report_css() -> str:
    """The reports' one stylesheet: the house's own, in place of the JupyterLab theme nbconvert's lab template
    inlines (263 KB in every page, uncached)."""
    return CSS_SOURCE.read_text(encoding="utf-8")


def prepared(job: Job, ctx: ReportContext):
    """The notebook to run: read from its text file, its narrative in the report's language (misses logged in
    ``ctx.lang``), the provenance cell appended."""
    import jupytext
    import nbformat

    from analysis.build import provenance
    from analysis.i18n import catalogs

    nb = jupytext.read(job.notebook_path)
    catalogs.translate_narrative(nb, ctx.lang)
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])  # as papermill's own loader does: its injection reads every cell's tags
    nb.cells.append(nbformat.v4.new_code_cell(provenance.CELL_SOURCE, metadata={"tags": [provenance.CELL_TAG]}))
    return nb


def injected(job: Job, ctx: ReportContext) -> dict[str, Any]:
    """The parameters papermill injects: the report's, and the context if the notebook takes one."""
    return {**job.params, RESERVED: ctx.to_json()} if takes_context(job.notebook_path) else dict(job.params)


def execute(job: Job, kernel_log: Path, ctx: ReportContext, timeout: int = kernels.CELL_TIMEOUT):
    """Run the notebook through papermill in a fresh kernel of its own (``--fresh-kernels``), with the report
    context injected as its ``report_context`` parameter and the provenance cell appended."""
    import papermill

    return papermill.execute_notebook(
        prepared(job, ctx),
        None,
        parameters=injected(job, ctx),
        kernel_name=kernels.KERNEL_NAME,
        language="python",
        progress_bar=False,
        request_save_on_cell_execute=False,
        log_output=False,
        execution_timeout=timeout,
        kernel_manager_class=kernels.launcher(kernel_log, mode="w"),
        shutdown_kernel="immediate",  # the report is done: no need to wait seconds for a graceful exit
    )


def execute_warm(job: Job, ctx: ReportContext, warm: kernels.WarmKernels):
    """Run the notebook in this worker's warm kernel, parameters injected as papermill would."""
    from papermill.parameterize import parameterize_notebook

    nb = prepared(job, ctx)
    parameters = injected(job, ctx)
    if parameters:
        nb.metadata.setdefault("papermill", {})  # papermill's loader adds it; its injection writes into it
        nb = parameterize_notebook(nb, parameters, kernel_name=kernels.KERNEL_NAME, language="python")
    return warm.run(nb, job.notebook)


def describe_failure(job: Job, exc: Exception) -> str:
    """Notebook, cell and error in one line a journalist can act on."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        source = " ".join(exc.source.strip().splitlines()[:1])[:80]
        return f"notebooks/{job.notebook}.py, cell {exc.cell_index} (`{source}`): {exc.ename}: {_plain(exc.evalue)}"
    if isinstance(exc, KarabakhError):
        return f"notebooks/{job.notebook}.py: {exc}"
    detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return f"notebooks/{job.notebook}.py: {detail}"


def _plain(text: str) -> str:
    """Strip terminal colour codes that kernels put into error values."""
    from nbconvert.filters import strip_ansi

    return strip_ansi(text)


def markdown_summary(outcomes: list[Outcome]) -> str:
    """Built, unchanged and failed reports as a Markdown table (for a CI job's summary page)."""
    counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "cached", "failed")}
    lines = [
        f"### Reports: {counts['built']} built, {counts['cached']} unchanged, {counts['failed']} failed",
        "",
        "| report | status | detail |",
        "|---|---|---|",
    ]
    for o in outcomes:
        status = {"built": "built", "cached": "unchanged", "failed": "**FAILED**"}.get(o.status, o.status)
        detail = (o.error or "").replace("|", "\\|").replace("\n", " ")
        if o.status == "failed":
            detail += " (last good HTML kept)" if o.html else " (no HTML)"
        lines.append(f"| `{o.slug}` | {status} | {detail} |")
    lines += ["", "Parameters, sources and data versions of every report: `build.html` in the published site."]
    return "\n".join(lines) + "\n\n"


def summary(outcomes: list[Outcome], log=print) -> int:
    """Print the closing summary; return the exit code (1 if any report failed)."""
    counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "cached", "failed")}
    log(f"Done: {counts['built']} built, {counts['cached']} unchanged, {counts['failed']} failed.")
    for o in outcomes:
        if o.status == "failed":
            kept = "the last good HTML is kept" if o.html else "no HTML exists for it"
            log(f"FAILED {o.slug}: {o.error} ({kept})")
    return 1 if counts["failed"] else 0
