"""Every notebook's parameters: name, type, default, allowed values and help, declared once."""
from __future__ import annotations

import datetime as dt

from . import data
from .errors import ParameterError
from .parameters import Param, declare

EARLIEST = "1988-01-01"  # the February 1988 appeal of the NKAO regional soviet opens our record


def today() -> str:
    return dt.date.today().isoformat()


def _start_before_end(values: dict) -> None:
    if values["start"] > values["end"]:
        raise ParameterError("negotiations", "start", f"{values['start']} is after end ({values['end']})")


declare(
    "negotiations",
    Param("start", "date", "1988-01-01", "First day of the window shown.", minimum=EARLIEST, maximum=today),
    Param("end", "date", "2025-12-31", "Last day of the window shown.", minimum=EARLIEST, maximum=today),
    Param("tracks", list, [], "Mediator tracks to show; empty means all.",
          choices=lambda: data.field_enum("milestones", "track")),
    Param("kinds", list, [], "Kinds of milestone to show; empty means all.",
          choices=lambda: data.field_enum("milestones", "kind")),
    Param("highlight", str, "2024-01-28-non-aggression-pact-proposal", "Milestone id to annotate on the timeline.",
          choices=lambda: tuple(data.load_milestones()["id"])),
    checks=(_start_before_end,),
)
