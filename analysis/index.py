"""reports/index.html: every report with its title, parameters, status, sources and data version."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .paths import atomic_write

TEMPLATES = Path(__file__).parent / "templates"


def write(out: Path, outcomes) -> Path:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    page = env.get_template("index.html.j2").render(
        reports=outcomes, failed=sum(o.status == "failed" for o in outcomes)
    )
    path = out / "index.html"
    atomic_write(path, page)
    return path
