"""What one report run depends on, in one object handed to the kernel explicitly.

The build makes a :class:`ReportContext` for each report and injects it, as JSON, into the notebook's
``report_context`` parameter; ``report_params.validated`` turns it back into an object. A notebook opened in
JupyterLab has ``report_context = None`` and gets :meth:`ReportContext.default`. Nothing here reads the clock or
changes the process: the context is the only channel between the build and a kernel, besides the parameters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.core.paths import PROJECT_ROOT, seeds_dir
from analysis.i18n.language import Language

DEFAULT_STATIC = PROJECT_ROOT / "reports" / "static"


@dataclass
class ReportContext:
    """The seeds folder, where print exports go, the report's parameters and "as of" date, the seeds files the
    build already validated, the notebook's declared parameters as the build read them (so a kernel need not load
    papermill to read them again), the report's language, and the log of what the run read and which conventions it
    followed."""

    seeds: Path
    static: Path = DEFAULT_STATIC
    notebook: Path | None = None  # the notebook file whose parameters cell declares the parameters
    params: dict[str, Any] = field(default_factory=dict)
    as_of: str | None = None
    validated: frozenset[str] = frozenset()  # data.validation_token of each seeds file already found valid
    declared: dict[str, Any] = field(default_factory=dict)  # the notebook's parameters cell: names and defaults
    read: dict[str, dict[str, Any]] = field(default_factory=dict)  # datasets read, in order, with descriptors
    notes: list[str] = field(default_factory=list)  # sentences the report footer must carry
    _lang: Language | None = field(default=None, repr=False, compare=False)

    @property
    def lang(self) -> Language:
        """The report's language and naming convention (parameters ``language`` and ``label_style``), with the log
        of what it had to show in English."""
        code, style = self.params.get("language", "en"), self.params.get("label_style")
        if self._lang is None or (self._lang.code, self._lang.label_style) != (code, style or self._lang.label_style):
            self._lang = Language(code, style)
        return self._lang

    @classmethod
    def default(cls) -> ReportContext:
        """The context of a notebook run by hand: the project's seeds (or $KARABAKH_SEEDS), reports/static."""
        return cls(seeds=seeds_dir())

    def note(self, sentence: str) -> None:
        """Add a sentence to the report footer (once)."""
        if sentence not in self.notes:
            self.notes.append(sentence)

    def to_json(self) -> str:
        """What the build hands to a kernel (the logs start empty there)."""
        return json.dumps(
            {
                "seeds": str(self.seeds),
                "static": str(self.static),
                "notebook": str(self.notebook) if self.notebook else None,
                "params": self.params,
                "as_of": self.as_of,
                "validated": sorted(self.validated),
                "declared": list(self.declared.items()),  # pairs: the cell's order survives sort_keys
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str | None) -> ReportContext:
        if not text:
            return cls.default()
        given = json.loads(text)
        notebook = given.get("notebook")
        return cls(
            seeds=Path(given["seeds"]),
            static=Path(given["static"]),
            notebook=Path(notebook) if notebook else None,
            params=given.get("params", {}),
            as_of=given.get("as_of"),
            validated=frozenset(given.get("validated", ())),
            declared=dict(given.get("declared", ())),
        )


def context_of(where: ReportContext | Path | str | None) -> ReportContext:
    """A context from what a caller has: a context, a seeds folder, or nothing (the default)."""
    if isinstance(where, ReportContext):
        return where
    return ReportContext(seeds=Path(where)) if where else ReportContext.default()
