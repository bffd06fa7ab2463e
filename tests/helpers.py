"""What the tests share besides fixtures: the project root, the CLI as a user runs it, temporary report projects,
the reports.toml fixtures kept in files, and the browser tab the page tests open reports in. Tests import these
(`from helpers import …`); the fixtures are in conftest.py."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_FAKETIME = "needs Debian's faketime (apt-get install faketime; .ci/run installs it)"
NO_BROWSER = (
    "no Chromium for the browser tests: `apt-get install -y chromium` (or `.venv/bin/playwright install "
    "chromium`), or run `make test-fast`"
)
FIXTURES = ROOT / "tests" / "fixtures"

# The clock a year ahead for a build and its kernels, their browser on the real clock (tests/fixtures/chromium-real-
# clock says why). Python's waits with a timeout never end under faketime (their deadline is a year away), and
# faketime's --exclude-monotonic breaks time.sleep: the code under test must not wait with a timeout.
FAKETIME = shutil.which("faketime")
A_YEAR_AHEAD = (
    [FAKETIME, "-f", "+365d", "env", f"BROWSER_PATH={FIXTURES / 'chromium-real-clock'}"] if FAKETIME else None
)


def reports_toml(name: str) -> str:
    """A reports.toml kept in tests/fixtures/reports/<name>.toml."""
    return (FIXTURES / "reports" / f"{name}.toml").read_text(encoding="utf-8")


def report_entry(notebook: str, slug: str, params: str = "", title: str | None = None, **lines: str) -> str:
    """One [[reports]] entry with one variant, for a test that makes up its report list (``params`` is a TOML
    inline table; ``lines`` are further lines of the variant, as TOML values)."""
    text = (
        f'\n[[reports]]\nnotebook = "{notebook}"\ntitle = "{title or slug}"\n\n[[reports.variants]]\nslug = "{slug}"\n'
    )
    text += f"params = {params}\n" if params else ""
    return text + "".join(f"{key} = {value}\n" for key, value in lines.items())


def chromium() -> str | None:
    """Debian's chromium, else one on PATH, else Playwright's own download ("" means: Playwright's default).

    KARABAKH_TEST_CHROMIUM=/path/to/chrome picks one explicitly (and nothing else is tried).
    """
    if "KARABAKH_TEST_CHROMIUM" in os.environ:
        chosen = os.environ["KARABAKH_TEST_CHROMIUM"]
        return chosen if chosen and os.access(chosen, os.X_OK) else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            return "" if Path(pw.chromium.executable_path).exists() else None
    except Exception:  # no playwright driver either
        return None


SPEC_SCRIPT = re.compile(r'^\(window\.kbFigures = window\.kbFigures \|\| \{\}\)\["(fig\d+)"\] = (.*);\n$', re.S)


def figure_specs(out: Path, slug: str) -> list[dict]:
    """The plotly specs of a built report's figures, in order, as its page loads them: from the script each figure
    names (``data-spec``, ``embed/<slug>/figN.spec.js``), or inline JSON in a self-contained report."""
    import json

    html = (out / f"{slug}.html").read_text(encoding="utf-8")
    specs = []
    plots = re.findall(r'<div [^>]*class="kb-plot"[^>]*>', html)
    for name in [found.group(1) for plot in plots if (found := re.search(r'data-spec="([^"]+)"', plot))]:
        found = SPEC_SCRIPT.match((out / name).read_text(encoding="utf-8"))
        assert found, f"{name} is not a figure's spec script"
        specs.append(json.loads(found.group(2)))
    inline = re.findall(r'<script type="application/json" id="[^"]+-spec">(.*?)</script>', html)
    return specs + [json.loads(text) for text in inline]


def rehash(seeds: Path) -> None:
    """Accept an edited seeds copy (so the test reaches the schema check, not the hash check)."""
    from analysis import data

    data.rehash(seeds)


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    prefix: list[str] | None = None,
    process: bool = False,
) -> subprocess.CompletedProcess:
    """`python -m analysis ARGS` as a user runs it: the same parser, output and exit code.

    By default it runs in this process, through the entry point `python -m analysis` calls (analysis.cli.main),
    which saves a new interpreter and its second of imports on every call; the build still starts its kernels as
    processes. It runs in a subprocess when the process itself is under test: a wrapper such as faketime
    (``prefix``), or ``process=True`` (an environment that must reach the interpreter's start, like PYTHONPATH).
    KARABAKH_SEEDS is not passed on: a test names its seeds with --seeds or ``env``.
    """
    full_env = {k: v for k, v in os.environ.items() if k != "KARABAKH_SEEDS"}
    full_env.update(env or {})
    if prefix or process:
        return subprocess.run(
            [*(prefix or []), sys.executable, "-m", "analysis", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=full_env,
            timeout=900,
        )
    from analysis import cli

    saved = dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    os.environ.clear()
    os.environ.update(full_env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(list(args))
            except SystemExit as exc:  # argparse: --help, or a usage error
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["python", "-m", "analysis", *args], code, out.getvalue(), err.getvalue())


def make_project(tmp_path: Path, toml: str, notebooks: dict[str, str] | None = None) -> Path:
    """A temporary reports.toml with a notebooks/ folder next to it: the repository's notebooks plus extra ones."""
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    for nb in (ROOT / "notebooks").glob("*.py"):
        shutil.copy(nb, project / "notebooks" / nb.name)
    for name, text in (notebooks or {}).items():
        (project / "notebooks" / f"{name}.py").write_text(text, encoding="utf-8")
    (project / "reports.toml").write_text(toml, encoding="utf-8")
    return project / "reports.toml"


ALL_PLOTS_DRAWN = "() => Array.from(document.querySelectorAll('.kb-plot')).every(el => el.querySelector('.main-svg'))"


class Tab:
    """One browser tab that opens report after report, as a reader clicking through the site does.

    A new tab for every report would cost Chromium a renderer process and a fresh compile of plotly.js each time;
    navigating one tab makes the browser pass about three times cheaper. Each `open` starts a new document
    and new lists of what it saw.
    """

    def __init__(self, browser):
        self.page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        self.allow = "file:"
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", lambda dialog: (self.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        self.page.on("response", lambda response: self.failed.append(response.url) if response.status >= 400 else None)
        self.page.route("**/*", self._route)

    def open(self, html: Path | str, timeout_ms: int = 20_000, allow: str = "file:") -> dict:
        """Open a report, from disk (a path) or from a local server (a URL whose start is ``allow``), with every
        other request blocked; report the plots drawn, errors, blocked requests and responses that failed (4xx,
        5xx).

        Waits until every `.kb-plot` holds a drawn plotly SVG (or `timeout_ms` passes: the counts then say how many
        drew).
        """
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        self.allow, self.errors, self.blocked, self.failed = allow, [], [], []
        page = self.page
        page.goto(html.as_uri() if isinstance(html, Path) else html)
        page.wait_for_load_state("load")
        with contextlib.suppress(PlaywrightTimeout):  # then "drawn" below is smaller than "plots": the test says so
            page.wait_for_function(ALL_PLOTS_DRAWN, timeout=timeout_ms)
        return {
            "plots": page.locator(".kb-plot").count(),
            "drawn": page.locator(".kb-plot .main-svg").evaluate_all(
                "els => new Set(els.map(e => e.closest('.kb-plot').id)).size"
            ),
            "errors": self.errors,
            "blocked": self.blocked,
            "failed": self.failed,
            "page": page,
        }

    def _route(self, request_route):
        if request_route.request.url.startswith(self.allow):
            request_route.continue_()
        else:
            self.blocked.append(request_route.request.url)
            request_route.abort()


# English function words: their share of the words a reader sees on a translated page says how much English is left.
ENGLISH_FUNCTION_WORDS = frozenset(
    ["the", "of", "and", "to", "in", "a", "for", "on", "with", "by", "from", "at", "as", "is", "was", "that", "which"]
)
# A word: letters, with the letters a hyphen or an apostrophe joins to them ("ATƏT-in", "Post-a", "L'Aquila").
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_VOID_TAGS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)


class VisibleWords(HTMLParser):
    """The words a reader sees on a page: text outside <script>, <style> and <template>, outside <code> (file names,
    parameters, hashes: not language), outside any element marked ``lang="en"`` (research notes, publishers and
    source titles kept as published; ``lang="und"``: a source's title in whatever language it has), and not a link's
    text that is a URL. A word is a run of letters (see WORD)."""

    HIDDEN = frozenset({"script", "style", "template", "noscript", "code"})
    KEPT_AS_PUBLISHED = frozenset({"en", "und"})  # English as compiled; a source's own title in its own language

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)
        self.words: list[str] = []

    def _hidden(self) -> bool:
        return any(hides for _, hides in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in _VOID_TAGS:
            return
        attrs = dict(attrs)
        hides = tag in self.HIDDEN or attrs.get("lang") in self.KEPT_AS_PUBLISHED
        self.stack.append((tag, hides))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):  # close the nearest open element of that name
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self._hidden():
            return
        if self.stack and self.stack[-1][0] == "a" and re.fullmatch(r"\s*(https?://)?[\w.-]+\.[a-z]{2,}/\S*\s*", data):
            return  # a link whose text is its URL
        self.words += WORD.findall(data)


def english_function_words(html: str) -> tuple[int, int, list[str]]:
    """(English function words, all visible words, the function words found) on one page (see VisibleWords)."""
    reader = VisibleWords()
    reader.feed(html)
    found = [w for w in reader.words if w.lower() in ENGLISH_FUNCTION_WORDS]
    return len(found), len(reader.words), found
