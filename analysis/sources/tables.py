"""What the Sources report's tables and legend call things: the kinds of source in words, the column headings."""

from __future__ import annotations

import pandas as pd

from analysis.i18n.language import N_, Language

# The declared kinds (seeds/datapackage.json) as a reader sees them: table headings, the chart's legend. A kind
# declared later and missing here is shown by its name.
KIND_NAMES = {
    "official_party": N_("official source of a party to the conflict"),
    "official_other": N_("official source of a third party"),
    "dataset": N_("dataset"),
    "wire": N_("news agency"),
    "outlet": N_("news outlet"),
    "party_aligned_media": N_("media close to one side"),
    "mirror": N_("mirror copy"),
    "encyclopedia": N_("encyclopedia"),
    "partisan_or_blog": N_("partisan site or blog"),
}
# The headings of the Sources report's tables. The frames keep their column names (source_url stays a link column);
# the report shows these, translated.
HEADINGS = {
    **KIND_NAMES,
    "table": N_("table"),
    "rows": N_("rows"),
    "weak": N_("weak"),
    "weak_share": N_("share on weak sources"),
    "meets_target": N_("within the 10% target"),
    "row": N_("row"),
    "what": N_("row"),
    "source_kind": N_("kind of source"),
    "source_name": N_("publisher"),
    "source_url": N_("source (link)"),
    "reason": N_("reason"),
    "id": N_("id"),
    "episode": N_("episode"),
    "group": N_("group"),
    "measure": N_("measure"),
    "value": N_("value"),
    "as_of": N_("as of"),
    "reported_by": N_("reported by"),
}


def kind_name(kind: str, lang: Language) -> str:
    """A kind of source as the report names it (its declared name if it has no entry in the catalog)."""
    return lang._(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


# Where a row of each dataset says what it is, for a reader (the first of these columns it has).
ROW_WORDS = ("title", "name_en", "text", "reported_by")


def weak_rows_for_readers(weak: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """transforms.weak_rows with each row named by what it is (its title, name or reporter), not by its id."""

    def what(dataset: str, row_id) -> str:
        frame = frames.get(dataset)
        if frame is None:
            return ""
        ids = next((c for c in ("id", "event_id", "place_id", "term_id") if c in frame.columns), None)
        match = frame[frame[ids].astype(str) == str(row_id)] if ids else frame.iloc[0:0]
        if match.empty:
            return ""
        row = match.iloc[0]
        return next((str(row[c]) for c in ROW_WORDS if c in row.index and isinstance(row[c], str) and row[c]), "")

    named = weak.assign(what=[what(d, r) for d, r in zip(weak["dataset"], weak["row"], strict=True)])
    return named[["dataset", "what", *[c for c in weak.columns if c not in ("dataset", "row")]]]
