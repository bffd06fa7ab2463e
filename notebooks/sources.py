# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Sources: what every figure rests on
#
# Every row of every dataset names the page it was checked against, and says what kind of page that is: a
# government, the UN or another third party, a research dataset, a news agency, an established outlet, media aligned
# with one side, or — the weak kinds — a mirror, an encyclopedia, or a partisan site or blog. This report counts them,
# lists every row that still rests on a weak source with the reason it was kept, and lists the displacement figures
# that only a party to the conflict gives. The rules for each kind are in `seeds/notes/sources.md`.

# %% tags=["parameters"]
datasets = []
language = "en"
label_style = "by_language"
report_context = None  # set by the report build; None uses the project's seeds/

# %%
from analysis.report import start_report

report = start_report("sources", globals())  # checks the parameters above and puts the checked values back
ctx, lang = report.ctx, report.lang

# %%
from analysis import data
from analysis.displacement.text import EPISODE_LABELS, GROUP_LABELS, MEASURE_LABELS
from analysis.present import style
from analysis.sources import charts as source_charts
from analysis.sources import tables as source_tables
from analysis.sources import transforms as sources

frames = sources.load_sourced(ctx, datasets or None)
counts = sources.kind_counts(frames, ctx)

# %% [markdown]
# ## How many rows rest on which kind of source
#
# The target is that at most one row in ten of each dataset rests on a weak kind of source.

# %%
report.show(source_charts.kinds_chart(counts, sources.kinds(ctx), lang=lang))
words = {  # codes the tables below show as words
    "source_kind": source_tables.KIND_NAMES,
    "episode": EPISODE_LABELS,
    "group": GROUP_LABELS,
    "measure": MEASURE_LABELS,
}
per_dataset = counts.reset_index()
style.table(
    per_dataset,
    caption=lang._("Rows per dataset and kind of source"),
    source=lang._("Source: the source_kind column of each dataset in seeds/ (karabakh-notebooks)."),
    lang=lang,
    headings=source_tables.HEADINGS,
    words=words,
)

# %% [markdown]
# ## Rows that still rest on a weak source
#
# Each is kept only because nothing better was found; its note says why. A figure whose only source was a book
# blurb or a quiz site has been dropped instead.

# %%
weak = source_tables.weak_rows_for_readers(sources.weak_rows(frames, ctx), frames)
style.table(
    weak,
    caption=lang._("Rows on a mirror, an encyclopedia or a partisan site, and why"),
    source=lang._("Source: seeds/*.csv (karabakh-notebooks)."),
    lang=lang,
    headings=source_tables.HEADINGS,
    words=words,
    notes=("reason",),  # the rows' own notes: research notes, in English
)

# %% [markdown]
# ## Displacement figures that only a party to the conflict gives
#
# Figures published by, or attributed to, the governments of Armenia or Azerbaijan, the de facto Karabakh
# authorities, their state media or an advocacy group of one side, where no independent row gives the same number.
# The reports label them; they are not wrong for that, but a reader should know whose count they are.

# %%
party_only = sources.party_only_figures(data.load_displacement(ctx)).drop(columns="id")
style.table(
    party_only,
    caption=lang._("Displacement figures given only by a party to the conflict"),
    source=lang._("Source: seeds/displacement.csv (party_to_conflict; definition in seeds/notes/displacement.md)."),
    lang=lang,
    headings=source_tables.HEADINGS,
    words=words,
)
