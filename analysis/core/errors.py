"""Errors written for people: each names the file, row, column or parameter and what was expected."""

from __future__ import annotations


class KarabakhError(Exception):
    """Base class: an input problem the user can fix."""


class DataError(KarabakhError):
    """A seeds file failed its checks."""

    def __init__(
        self, file: str, problem: str, *, row: int | None = None, column: str | None = None, expected: str | None = None
    ):
        self.file, self.row, self.column, self.expected = file, row, column, expected
        self.problem = problem
        where = [file]
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column '{column}'")
        message = f"{', '.join(where)}: {problem}"
        if expected:
            message += f" (expected {expected})"
        super().__init__(message)


class ParameterError(KarabakhError):
    """A report parameter is unknown, mistyped or out of range."""

    def __init__(self, notebook: str, name: str, problem: str):
        self.notebook, self.name = notebook, name
        super().__init__(f"notebook '{notebook}', parameter '{name}': {problem}")


class ConfigError(KarabakhError):
    """reports.toml is wrong."""
