"""What the Sources report's tables and legend call things: the kinds of source in words, the column headings."""

from __future__ import annotations

from analysis.i18n.language import N_, Language

# The declared kinds (seeds/datapackage.json) as a reader sees them: table headings, the chart's legend. A kind
# declared later and missing here is shown by its name.
KIND_NAMES = {
    "official_party": N_("official_party"),
    "official_other": N_("official_other"),
    "dataset": N_("dataset"),
    "wire": N_("wire"),
    "outlet": N_("outlet"),
    "party_aligned_media": N_("party_aligned_media"),
    "mirror": N_("mirror"),
    "encyclopedia": N_("encyclopedia"),
    "partisan_or_blog": N_("partisan_or_blog"),
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
