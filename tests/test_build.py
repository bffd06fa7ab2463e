"""The report build end to end: real kernels, offline figures, byte-identical rebuilds, cache hits, isolated failures.

What the HTML of a real report holds is read from the session's build of reports.toml (`report_matrix`); the
cache, rebuild and failure tests use a small project of their own (one negotiations variant, one toy notebook),
because they rebuild it, break it and change its seeds.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import os
import re
import shutil
import subprocess
import sys

import pytest

from helpers import ROOT, figure_specs, make_project, rehash, reports_toml, run_cli

TOML = reports_toml("build")

FLAKY_OK = """# %% [markdown]
# A small report whose next version breaks.

# %%
print("fine")
"""

FLAKY_BROKEN = """# %%
print("about to fail")

# %%
raise RuntimeError("the casualty table is empty")
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory, build_cli):
    """The small project built once, then the tests look at it (and some rebuild it)."""
    tmp = tmp_path_factory.mktemp("build")
    config = make_project(tmp, TOML, {"flaky": FLAKY_OK})
    out = tmp / "reports"
    result = build_cli("--config", str(config), "--out", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    return config, out, result


def build(config, out, *extra, env=None):
    return run_cli("build", "--config", str(config), "--out", str(out), "--jobs", "2", *extra, env=env)


@pytest.mark.slow
def test_every_report_and_the_index_are_written(built):
    _, out, result = built
    for slug in ("neg-2020s", "flaky"):
        assert (out / f"{slug}.html").exists()
    assert (out / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    index = (out / "index.html").read_text(encoding="utf-8")
    for slug in ("neg-2020s", "flaky"):
        assert f'href="{slug}.html"' in index
    assert 'href="build.html"' in index
    build_page = (out / "build.html").read_text(encoding="utf-8")
    assert "Negotiation and conflict milestones" in build_page  # the sources each report read
    assert "[1/2]" in result.stdout and "Done: 2 built" in result.stdout


ARTICLE = "negotiations-article-window"  # reports.toml: start = "2023-12-01", end = "2024-02-29"


@pytest.mark.slow
def test_figures_are_in_the_html_with_descriptions(report_matrix):
    html = (report_matrix / f"{ARTICLE}.html").read_text(encoding="utf-8")
    plots = re.findall(r'<div [^>]*class="kb-plot"[^>]*>', html)
    assert len(plots) == 2
    assert f'id="{ARTICLE}-fig1"' in plots[0] and "role=" not in plots[0], "no role on the element holding the toolbar"
    figure = html[html.index(plots[0]) : html.index("</figure>", html.index(plots[0]))]
    assert "<figcaption>" in figure and "Timeline of 5 milestones between December 2023 and February 2024" in figure
    spec = figure_specs(report_matrix, ARTICLE)[0]
    assert spec["data"] and spec["layout"]["meta"]["alt"] and spec["narrow"]
    # static first: the figure is an image at once (the narrow drawing on phones), plotly.js is not in the head
    whole = html[html.rindex("<figure", 0, html.index(plots[0])) : html.index("</figure>", html.index(plots[0]))]
    source = re.search(r"<source [^>]*>", whole).group(0)
    assert 'media="(max-width: 600px)"' in source and f'srcset="embed/{ARTICLE}/fig1-narrow.svg"' in source
    image = re.search(r"<img [^>]*>", whole).group(0)
    assert f'src="embed/{ARTICLE}/fig1.svg"' in image and 'width="960"' in image
    assert html_lib.unescape(re.search(r'alt="([^"]*)"', image).group(1)) == spec["layout"]["meta"]["alt"]
    assert "plotly" not in html[: html.index("</head>")]
    assert "No description has been provided" not in html


@pytest.mark.slow
def test_report_pages_link_one_shared_stylesheet_instead_of_the_lab_theme(report_matrix):
    from analysis.build import builder

    css = (report_matrix / "assets" / "report.css").read_text(encoding="utf-8")
    assert css == builder.report_css() and len(css) < 20_000, "the house stylesheet, small"
    for slug in (ARTICLE, "map-2024-01-28", "displacement-2023-exodus-ru"):
        html = (report_matrix / f"{slug}.html").read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        assert re.search(r'<link href="assets/report\.css" rel="stylesheet"/?>', head), slug
        assert "<style" not in html and "--jp-" not in html, f"{slug}: no inline theme"
        assert len(head) < 1_000, f"{slug}: the head holds no CSS or script"


@pytest.mark.slow
def test_header_and_footer(report_matrix):
    html = (report_matrix / f"{ARTICLE}.html").read_text(encoding="utf-8")
    assert re.search(
        r"<h1>Armenia–Azerbaijan negotiations: the article(&#39;|&#x27;|')s window, "
        r"December 2023 to February 2024</h1>",
        html,
    )
    assert "start = &#34;2023-12-01&#34;" in html or 'start = "2023-12-01"' in html
    assert "Data version" in html and "seeds/milestones.csv" in html
    assert dt.date.today().isoformat() not in html, "no build date or wall-clock time in the report"
    assert str(ROOT) not in html, "no absolute paths"


@pytest.mark.slow
def test_built_list_parameters_reach_the_notebook(built):
    _, out, _ = built
    html = (out / "neg-2020s.html").read_text(encoding="utf-8")
    assert re.search(r"tracks = \[(&#34;|\")eu(&#34;|\")", html), "the list parameter is shown in the header"
    assert html.count('class="kb-plot"') == 2


@pytest.mark.parametrize("where", ["matrix", "project"])
@pytest.mark.slow
def test_no_cdn_or_remote_script(report_matrix, built, where):
    out = report_matrix if where == "matrix" else built[1]
    for page in out.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", html), page.name
        for cdn in ("cdn.plot.ly", "cdnjs", "jsdelivr", "unpkg", "mathjax", "require.min.js"):
            assert cdn not in html.lower(), f"{page.name} mentions {cdn}"


@pytest.mark.slow
def test_unchanged_reports_are_cache_hits(built):
    config, out, _ = built
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.html") if p.name not in ("index.html", "build.html")}
    result = build(config, out)
    assert result.returncode == 0
    assert "Done: 0 built, 2 unchanged, 0 failed." in result.stdout
    assert "executing" not in result.stdout
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.html") if p.name not in ("index.html", "build.html")}
    assert before == after


@pytest.mark.slow
def test_forced_rebuild_is_byte_identical(built):
    config, out, _ = built
    before = {p.name: p.read_bytes() for p in out.glob("*.html")}
    result = build(config, out, "--force")
    assert result.returncode == 0 and "Done: 2 built" in result.stdout
    after = {p.name: p.read_bytes() for p in out.glob("*.html")}
    assert before == after


@pytest.mark.slow
def test_a_failing_report_keeps_its_last_good_html_and_the_others_build(built):
    config, out, _ = built
    good = (out / "flaky.html").read_bytes()
    (config.parent / "notebooks" / "flaky.py").write_text(FLAKY_BROKEN, encoding="utf-8")
    result = build(config, out)
    assert result.returncode == 1
    assert (
        'FAILED flaky: notebooks/flaky.py, cell 1 (`raise RuntimeError("the casualty table is empty")`): '
        "RuntimeError: the casualty table is empty (the last good HTML is kept)" in result.stderr
    )
    assert "1 unchanged, 1 failed" in result.stdout
    assert (out / "flaky.html").read_bytes() == good
    index = (out / "build.html").read_text(encoding="utf-8")
    assert "failed</span> (showing last good build)" in index
    assert "the casualty table is empty" in index
    (config.parent / "notebooks" / "flaky.py").write_text(FLAKY_OK, encoding="utf-8")


@pytest.mark.slow
def test_changed_seeds_re_execute_only_the_reports_that_read_them(built, tmp_path):
    config, out, _ = built
    (config.parent / "notebooks" / "flaky.py").write_text(FLAKY_OK, encoding="utf-8")
    build(config, out)  # settle
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    path = seeds / "milestones.csv"
    text = path.read_text(encoding="utf-8")
    assert "swap prisoners at the border" in text
    path.write_text(
        text.replace("swap prisoners at the border", "exchange prisoners at the border", 1), encoding="utf-8"
    )
    rehash(seeds)
    result = build(config, out, "--seeds", str(seeds))
    assert result.returncode == 0, result.stderr
    assert "Done: 1 built, 1 unchanged" in result.stdout
    assert "flaky: unchanged" in result.stdout


@pytest.mark.slow
def test_self_contained_inlines_plotly(built, tmp_path):
    config, _, _ = built
    out = tmp_path / "inline"
    result = run_cli("build", "--config", str(config), "--out", str(out), "--only", "neg-2020s", "--self-contained")
    assert result.returncode == 0, result.stderr
    html = (out / "neg-2020s.html").read_text(encoding="utf-8")
    assert "assets/plotly.min.js" not in html and "plotly.js (cartesian - minified)" in html
    assert 'href="assets/report.css"' not in html and ".kb-footer {" in html, "the stylesheet is inlined too"
    assert 'id="neg-2020s-fig1-spec"' in html and 'class="kb-chart"' not in html, "no images: the specs are inline"
    assert not (out / "assets").exists()


def test_list_and_help():
    listed = run_cli("build", "--list")
    assert listed.returncode == 0 and "negotiations-article-window\tnegotiations" in listed.stdout
    helped = run_cli("--help")
    assert "python -m analysis build" in helped.stdout and "params" in helped.stdout
    build_help = run_cli("build", "--help")
    for option in ("--only", "--force", "--jobs", "--out", "--list", "--self-contained", "--seeds"):
        assert option in build_help.stdout


@pytest.mark.slow
def test_bad_reports_toml_entries_are_refused_and_nothing_escapes_reports(tmp_path, build_cli):
    toml = TOML + reports_toml("build-bad-entries")
    config = make_project(tmp_path, toml, {"flaky": FLAKY_OK})
    out = tmp_path / "project" / "reports"
    result = build_cli(
        "--config",
        str(config),
        "--out",
        str(out),
        "--only",
        "flaky",
        "--only",
        "../outside",
        "--only",
        "/tmp/absolute",
        "--only",
        "missing",
        "--only",
        "bad-param",
    )
    assert result.returncode == 1
    assert "slug '../outside' is not allowed" in result.stderr
    assert "slug '/tmp/absolute' is not allowed" in result.stderr
    assert "notebook 'notebooks/no_such_notebook.py' does not exist" in result.stderr
    assert "parameter 'strat': unknown parameter" in result.stderr
    assert (out / "flaky.html").exists()
    assert not (tmp_path / "project" / "outside.html").exists() and not (out.parent / "outside.html").exists()
    assert sorted(p.name for p in out.glob("*.html")) == ["build.html", "corrections.html", "flaky.html", "index.html"]


@pytest.mark.slow
def test_a_docstring_or_comment_edit_rebuilds_nothing_and_changes_no_html(tmp_path):
    """The cache key counts a module by its syntax tree without docstrings: such an edit keeps the cached report,
    a forced rebuild gives the same bytes, and a real code change still rebuilds. Runs on a copy of the project, so
    the edits never touch the checkout other tests import."""
    project = tmp_path / "kit"
    skip = shutil.ignore_patterns("__pycache__", "*.mo")
    for name in ("analysis", "maps", "notebooks", "seeds", "requirements"):
        shutil.copytree(ROOT / name, project / name, ignore=skip)
    shutil.copy(ROOT / "reports.toml", project / "reports.toml")
    slug, out = "negotiations-article-window", project / "reports"
    charts = project / "analysis" / "negotiations" / "charts.py"

    def build(*extra: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "analysis", "build", "--only", slug, "--out", str(out), *extra],
            cwd=project,
            env={**os.environ, "PYTHONPATH": str(project)},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    assert f"{slug}: built" in build()
    first = (out / f"{slug}.html").read_bytes()
    text = charts.read_text(encoding="utf-8")
    edited = text.replace('"""', '"""Edited docstring. ', 1).replace("\ndef ", "\n# an edited comment\ndef ", 1)
    assert edited != text
    charts.write_text(edited, encoding="utf-8")
    assert f"{slug}: unchanged, kept" in build()
    assert f"{slug}: built" in build("--force")
    assert (out / f"{slug}.html").read_bytes() == first
    charts.write_text(edited + "\nEDITED = 1\n", encoding="utf-8")
    assert f"{slug}: built" in build()
