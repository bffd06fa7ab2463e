"""How good is the evidence: every sourced dataset counted by the kind of page its rows cite.

The kinds, and which of them are weak, are declared once in seeds/datapackage.json (``sourceKinds``); the rule for
each is in seeds/notes/sources.md. ``python -m analysis sources`` prints the counts; the Sources report shows them.
"""

from __future__ import annotations

import pandas as pd

from analysis import data
from analysis.core.errors import DataError
from analysis.data.context import ReportContext, context_of

WEAK_TARGET = 0.10  # at most this share of a dataset's rows may rest on a weak kind of source
REASON_COLUMNS = ("note", "date_note")  # where a row that keeps a weak source says why


def kinds(where: ReportContext | None = None) -> pd.DataFrame:
    """The declared kinds, in order: name, description, weak."""
    declared = data.package(context_of(where).seeds).get("sourceKinds")
    if not declared:
        raise DataError(data.PACKAGE_FILE, "no sourceKinds list", expected="the closed list of source kinds")
    return pd.DataFrame(declared).set_index("name")


def sourced_datasets(where: ReportContext | None = None) -> list[str]:
    """The tables whose rows carry a source_kind, in datapackage order (derived layers repeat their rows' kinds).
    A table that only refers to sources (the corrections log, the kinds per address) says ``"sourced": false``."""
    return [
        res["name"]
        for res in data.package(context_of(where).seeds)["resources"]
        if res.get("format") == "csv"
        and res.get("sourced", True)
        and any(f["name"] == "source_kind" for f in res.get("schema", {}).get("fields", []))
    ]


def check_declared_kinds(where: ReportContext | None = None) -> None:
    """Every dataset's source_kind field allows exactly the declared kinds, in their order."""
    ctx = context_of(where)
    declared = list(kinds(ctx).index)
    for name in sourced_datasets(ctx):
        field = next(f for f in data.resource(name, ctx.seeds)["schema"]["fields"] if f["name"] == "source_kind")
        allowed = field.get("constraints", {}).get("enum", [])
        if allowed != declared:
            raise DataError(
                data.PACKAGE_FILE,
                f"dataset '{name}', field source_kind allows {', '.join(allowed)}",
                expected=f"the declared sourceKinds: {', '.join(declared)}",
            )


def load_sourced(where: ReportContext | None = None, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Each sourced dataset, loaded and checked like any other."""
    ctx = context_of(where)
    check_declared_kinds(ctx)
    return {name: data.load_table(name, ctx) for name in (names or sourced_datasets(ctx))}


def kind_counts(frames: dict[str, pd.DataFrame], where: ReportContext | None = None) -> pd.DataFrame:
    """Rows per dataset and kind, with the number and share of weak rows and whether the target is met."""
    declared = kinds(where)
    table = pd.DataFrame({name: frame["source_kind"].value_counts() for name, frame in frames.items()}).T
    table = table.reindex(columns=declared.index, fill_value=0).fillna(0).astype(int)
    weak = list(declared.index[declared["weak"]])
    table["rows"] = table[list(declared.index)].sum(axis=1)
    table["weak"] = table[weak].sum(axis=1)
    table["weak_share"] = (table["weak"] / table["rows"]).round(3)
    table["meets_target"] = table["weak_share"] <= WEAK_TARGET
    table.index.name = "table"  # not "dataset": that is one of the kinds
    return table


def _row_id(frame: pd.DataFrame, name: str, where: ReportContext | None) -> pd.Series:
    key = data.resource(name, context_of(where).seeds).get("schema", {}).get("primaryKey") or [frame.columns[0]]
    return frame[key].astype(str).agg(" / ".join, axis=1)


def _reason(frame: pd.DataFrame) -> pd.Series:
    columns = [c for c in REASON_COLUMNS if c in frame.columns]
    return frame[columns].bfill(axis=1).iloc[:, 0] if columns else pd.Series(pd.NA, index=frame.index)


def weak_rows(frames: dict[str, pd.DataFrame], where: ReportContext | None = None) -> pd.DataFrame:
    """Every row that still rests on a weak kind of source, with the reason its note gives."""
    declared = kinds(where)
    weak = set(declared.index[declared["weak"]])
    parts = []
    for name, frame in frames.items():
        rows = frame[frame["source_kind"].isin(weak)]
        if rows.empty:
            continue
        parts.append(
            pd.DataFrame(
                {
                    "dataset": name,
                    "row": _row_id(rows, name, where),
                    "source_kind": rows["source_kind"],
                    "source_name": rows["source_name"],
                    "source_url": rows["source_url"],
                    "reason": _reason(rows),
                }
            )
        )
    columns = ["dataset", "row", "source_kind", "source_name", "source_url", "reason"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def party_only_figures(displacement: pd.DataFrame) -> pd.DataFrame:
    """Displacement figures that only a party to the conflict gives: no non-party row reports the same value for
    the same episode, group and measure."""
    key = ["episode", "group", "measure", "value"]
    neutral = displacement.loc[~displacement["party_to_conflict"].astype(bool), key].drop_duplicates()
    party = displacement[displacement["party_to_conflict"].astype(bool)]
    merged = party.merge(neutral.assign(_neutral=True), on=key, how="left")
    only = merged[merged["_neutral"].isna()].drop(columns="_neutral")
    columns = [
        "id",
        "episode",
        "group",
        "measure",
        "value",
        "as_of",
        "reported_by",
        "source_kind",
        "source_name",
        "source_url",
    ]
    return only[[c for c in columns if c in only.columns]].reset_index(drop=True)


def report_lines(counts: pd.DataFrame, where: ReportContext | None = None) -> list[str]:
    """The counts as aligned text, for the terminal."""
    table = kinds(where)
    declared = list(table.index)
    shown = [k for k in declared if counts[k].any()]
    width = max(len(k) for k in shown)
    header = f"{'':{width}}  " + "  ".join(f"{name:>12}" for name in counts.index)
    lines = [header]
    for kind in shown:
        weak = " (weak)" if table.loc[kind, "weak"] else ""
        lines.append(f"{kind:{width}}  " + "  ".join(f"{counts.loc[name, kind]:>12}" for name in counts.index) + weak)
    lines.append(f"{'rows':{width}}  " + "  ".join(f"{counts.loc[n, 'rows']:>12}" for n in counts.index))
    lines.append(
        f"{'weak share':{width}}  "
        + "  ".join(
            f"{counts.loc[n, 'weak_share']:>11.1%}{'' if counts.loc[n, 'meets_target'] else '!'}" for n in counts.index
        )
    )
    lines.append(
        f"target: at most {WEAK_TARGET:.0%} of each dataset's rows on a weak kind "
        f"({', '.join(k for k in declared if table.loc[k, 'weak'])}); '!' marks a dataset over it."
    )
    return lines
