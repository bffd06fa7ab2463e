"""The negotiations report's sentences that depend on the data: a milestone as a paragraph."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from analysis.i18n.language import Language

# A milestone as a paragraph of a report: the HTML lives here, next to the code that fills it, and
# Markup.format escapes every value taken from the data (titles and summaries come from the ``data`` catalog).
EVENT_PARAGRAPH = Markup("<p><strong>{heading}</strong> {summary} <span class='kb-source'>{source}</span></p>")


def event_paragraph(row: pd.Series, *, lang: Language) -> Markup:
    """One milestone in a sentence or two: date, title, summary and the publisher it was checked against. ``row``
    is a row of the milestones table, with its ``id`` as a column or as its name (a frame indexed by id)."""
    row_id = row["id"] if "id" in row.index else row.name
    return EVENT_PARAGRAPH.format(
        heading=lang._("{date}: {title}.").format(
            date=lang.date(row["date"], row.get("date_precision"), long=True),
            title=lang.cell("milestones", row_id, "title", row["title"]),
        ),
        summary=lang.cell("milestones", row_id, "summary", row["summary"]),
        source=lang._("Source: {source}.").format(source=row["source_name"]),
    )


def stall_rows(spells: pd.DataFrame, milestones: pd.DataFrame, lang: Language) -> pd.DataFrame:
    """The longest stalls (transforms.stalls) for a table: each meeting named by its title and date, not its id."""
    meetings = milestones.set_index("id")

    def named(mid) -> str:
        if not isinstance(mid, str) or mid not in meetings.index:
            return ""
        row = meetings.loc[mid]
        title = lang.cell("milestones", mid, "title", row["title"])
        return lang._("{title} ({date})").format(title=title, date=lang.date(row["date"]))

    return spells.assign(
        after_meeting=[named(m) for m in spells["after_meeting"]],
        next_meeting=[named(m) for m in spells["next_meeting"]],
    )
