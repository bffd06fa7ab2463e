"""Report parameters, declared once per notebook and validated before any kernel starts.

A notebook's `parameters` cell mirrors the defaults declared here (a test keeps them in step), and its
first code cell after that calls :func:`validated`, so a notebook run by hand in JupyterLab is checked
the same way as one run by the build.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ParameterError

TYPE_NAMES = {str: "text", int: "whole number", bool: "true or false", list: "list of text", "date": "date YYYY-MM-DD"}


@dataclass(frozen=True)
class Param:
    name: str
    type: Any  # str, int, bool, list (of str) or "date" (an ISO date string)
    default: Any
    help: str
    choices: tuple | Callable[[], Iterable] | None = None  # allowed values, or a function reading them from the data
    minimum: Any = None
    maximum: Any = None

    def allowed(self) -> tuple | None:
        if self.choices is None:
            return None
        return tuple(self.choices() if callable(self.choices) else self.choices)

    def check(self, notebook: str, value: Any) -> Any:
        """Return the value, normalised, or raise a ParameterError saying what was expected."""
        expected = TYPE_NAMES[self.type]
        if self.type == "date":
            if not isinstance(value, str):
                raise ParameterError(notebook, self.name, f"got {value!r}, expected a {expected}")
            try:
                parsed = dt.date.fromisoformat(value)
            except ValueError:
                raise ParameterError(notebook, self.name, f"'{value}' is not a real date, expected a {expected}") from None
            value = parsed.isoformat()
            comparable = parsed
        elif self.type is list:
            if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise ParameterError(notebook, self.name, f"got {value!r}, expected a {expected}")
            value, comparable = list(value), None
        elif self.type is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ParameterError(notebook, self.name, f"got {value!r}, expected a {expected}")
        elif not isinstance(value, self.type):
            raise ParameterError(notebook, self.name, f"got {value!r}, expected {expected}")
        else:
            comparable = value
        allowed = self.allowed()
        if allowed is not None:
            for item in value if self.type is list else [value]:
                if item not in allowed:
                    raise ParameterError(notebook, self.name, f"'{item}' is not allowed; choose from: {', '.join(map(str, allowed))}")
        if comparable is not None:
            low = _resolve(self.minimum)
            low = dt.date.fromisoformat(low) if self.type == "date" and low else low
            high = _resolve(self.maximum)
            high = dt.date.fromisoformat(high) if self.type == "date" and high else high
            if low is not None and comparable < low:
                raise ParameterError(notebook, self.name, f"{value} is before/below the minimum {low}")
            if high is not None and comparable > high:
                raise ParameterError(notebook, self.name, f"{value} is after/above the maximum {high}")
        return value


def _resolve(value):
    return value() if callable(value) else value


@dataclass(frozen=True)
class NotebookParams:
    notebook: str
    params: tuple[Param, ...]
    checks: tuple[Callable[[dict[str, Any]], None], ...] = field(default=())

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def validate(self, given: Mapping[str, Any]) -> dict[str, Any]:
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ParameterError(self.notebook, unknown[0],
                                 f"unknown parameter; this notebook takes: {', '.join(known)}")
        values = {name: p.check(self.notebook, given.get(name, p.default)) for name, p in known.items()}
        for check in self.checks:
            check(values)
        return values

    def describe(self) -> str:
        lines = [f"Parameters of notebooks/{self.notebook}.py:"]
        for p in self.params:
            lines.append(f"  {p.name} ({TYPE_NAMES[p.type]}), default {p.default!r}")
            lines.append(f"      {p.help}")
            allowed = p.allowed()
            if allowed is not None:
                lines.append(f"      allowed: {', '.join(map(str, allowed))}")
            if p.minimum is not None or p.maximum is not None:
                lines.append(f"      range: {_resolve(p.minimum) or '…'} to {_resolve(p.maximum) or '…'}")
        return "\n".join(lines)


REGISTRY: dict[str, NotebookParams] = {}


def declare(notebook: str, *params: Param, checks: tuple = ()) -> NotebookParams:
    REGISTRY[notebook] = NotebookParams(notebook, params, checks)
    return REGISTRY[notebook]


def for_notebook(notebook: str) -> NotebookParams:
    """The declaration of a notebook's parameters; a notebook that declares none takes none."""
    from . import report_params  # noqa: F401  (registers every notebook's declaration)

    return REGISTRY.get(notebook) or NotebookParams(notebook, ())


def validated(notebook: str, namespace: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a notebook's parameters as they stand in its namespace (call it right after the parameters cell)."""
    spec = for_notebook(notebook)
    return spec.validate({p.name: namespace[p.name] for p in spec.params if p.name in namespace})
