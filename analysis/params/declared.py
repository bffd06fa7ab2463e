"""Report parameters: names and defaults come from each notebook's `parameters` cell, read with papermill's own
inspection; analysis/params/rules.py adds only what a cell cannot say (help, allowed values, ranges, dates).

The build validates every reports.toml entry before a kernel starts; the notebook validates again through
``report_params.validated``, so a notebook run by hand in JupyterLab is checked the same way.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.core.errors import ParameterError

RESERVED = "report_context"  # the build's context for the kernel: a parameter of every notebook, never of a report
TYPE_NAMES = {
    str: "text",
    int: "whole number",
    float: "number",
    bool: "true or false",
    list: "list of text",
    "date": "date YYYY-MM-DD",
}


@dataclass(frozen=True)
class Rule:
    """What a parameters cell cannot say about one parameter. Callables receive the report context."""

    help: str
    kind: str | None = None  # "date": an ISO date written as a string
    choices: tuple | Callable[[Any], Iterable] | None = None
    minimum: Any = None
    maximum: Any = None


@dataclass(frozen=True)
class Param:
    name: str
    type: Any  # str, int, float, bool, list (of str) or "date" (an ISO date string)
    default: Any
    help: str
    choices: tuple | Callable[[Any], Iterable] | None = None
    minimum: Any = None
    maximum: Any = None

    def allowed(self, ctx=None) -> tuple | None:
        if self.choices is None:
            return None
        return tuple(_resolve(self.choices, ctx))

    def check(self, notebook: str, value: Any, ctx=None) -> Any:
        """Return the value, normalised, or raise a ParameterError saying what was expected."""
        expected = TYPE_NAMES[self.type]
        if self.type == "date":
            if not isinstance(value, str):
                raise ParameterError(notebook, self.name, f"got {value!r}, expected a {expected}")
            try:
                parsed = dt.date.fromisoformat(value)
            except ValueError:
                raise ParameterError(
                    notebook, self.name, f"'{value}' is not a real date, expected a {expected}"
                ) from None
            value, comparable = parsed.isoformat(), parsed
        elif self.type is list:
            if (
                isinstance(value, str)
                or not isinstance(value, (list, tuple))
                or not all(isinstance(v, str) for v in value)
            ):
                raise ParameterError(notebook, self.name, f"got {value!r}, expected a {expected}")
            value, comparable = list(value), None
        elif self.type in (int, float) and (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (self.type is int and not isinstance(value, int))
        ):
            raise ParameterError(notebook, self.name, f"got {value!r}, expected a {expected}")
        elif not isinstance(value, self.type):
            raise ParameterError(notebook, self.name, f"got {value!r}, expected {expected}")
        else:
            comparable = value
        allowed = self.allowed(ctx)
        if allowed is not None:
            for item in value if self.type is list else [value]:
                if item not in allowed:
                    raise ParameterError(
                        notebook, self.name, f"'{item}' is not allowed; choose from: {', '.join(map(str, allowed))}"
                    )
        if comparable is not None:
            low, high = (self._bound(self.minimum, ctx), self._bound(self.maximum, ctx))
            if low is not None and comparable < low:
                raise ParameterError(notebook, self.name, f"{value} is before/below the minimum {low}")
            if high is not None and comparable > high:
                raise ParameterError(notebook, self.name, f"{value} is after/above the maximum {high}")
        return value

    def _bound(self, value, ctx):
        value = _resolve(value, ctx)
        return dt.date.fromisoformat(value) if self.type == "date" and value else value


def _resolve(value, ctx):
    return value(ctx) if callable(value) else value


@dataclass(frozen=True)
class NotebookParams:
    notebook: str
    params: tuple[Param, ...]
    checks: tuple[Callable[[dict[str, Any]], None], ...] = field(default=())

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def validate(self, given: Mapping[str, Any], ctx=None) -> dict[str, Any]:
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ParameterError(
                self.notebook, unknown[0], f"unknown parameter; this notebook takes: {', '.join(known)}"
            )
        values = {name: p.check(self.notebook, given.get(name, p.default), ctx) for name, p in known.items()}
        for check in self.checks:
            check(values)
        return values

    def describe(self, ctx=None) -> str:
        lines = [f"Parameters of notebooks/{self.notebook}.py:"]
        for p in self.params:
            lines.append(f"  {p.name} ({TYPE_NAMES[p.type]}), default {p.default!r}")
            lines.append(f"      {p.help}")
            allowed = p.allowed(ctx)
            if allowed is not None:
                lines.append(f"      allowed: {', '.join(map(str, allowed))}")
            if p.minimum is not None or p.maximum is not None:
                lines.append(f"      range: {_resolve(p.minimum, ctx) or '…'} to {_resolve(p.maximum, ctx) or '…'}")
        return "\n".join(lines)


def cell_defaults(notebook_path: Path) -> dict[str, Any]:
    """Names and defaults of a notebook's `parameters` cell, in order, read with papermill.inspect_notebook
    (without ``report_context``, which belongs to the build)."""
    return {name: value for name, value in _cell(notebook_path) if name != RESERVED}


def takes_context(notebook_path: Path) -> bool:
    """Whether the notebook's parameters cell has a ``report_context`` line for the build to fill."""
    return any(name == RESERVED for name, _ in _cell(notebook_path))


def _cell(notebook_path: Path) -> tuple[tuple[str, Any], ...]:
    text = Path(notebook_path).read_bytes()
    return _cell_defaults(Path(notebook_path).name, hashlib.sha256(text).hexdigest(), text.decode("utf-8"))


@lru_cache(maxsize=32)
def _cell_defaults(name: str, digest: str, text: str) -> tuple[tuple[str, Any], ...]:
    import jupytext
    import nbformat
    import papermill

    nb = jupytext.reads(text, fmt="py:percent")
    nb.metadata.setdefault("kernelspec", {"name": "python3", "language": "python", "display_name": "Python 3"})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{Path(name).stem}.ipynb"
        nbformat.write(nb, path)
        inspected = papermill.inspect_notebook(path)
    if not inspected:
        return ()
    return tuple((key, ast.literal_eval(info["default"])) for key, info in inspected.items())


def combine(
    notebook: str, defaults: Mapping[str, Any], rules: Mapping[str, Rule], checks: tuple = ()
) -> NotebookParams:
    """A notebook's parameters: names, defaults and types from its cell; help and constraints from its rules."""
    orphans = sorted(set(rules) - set(defaults))
    if orphans:
        raise ParameterError(
            notebook,
            orphans[0],
            "has a rule in analysis/params/rules.py but no line in the notebook's parameters cell",
        )
    params = []
    for name, default in defaults.items():
        rule = rules.get(name, Rule(help=""))
        kind = "date" if rule.kind == "date" else type(default)
        if kind not in TYPE_NAMES:
            raise ParameterError(
                notebook,
                name,
                f"the parameters cell gives {default!r}; a default must be text, "
                "a number, true/false or a list of text",
            )
        params.append(Param(name, kind, default, rule.help, rule.choices, rule.minimum, rule.maximum))
    return NotebookParams(notebook, tuple(params), checks)
