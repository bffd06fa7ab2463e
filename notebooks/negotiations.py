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
# # The road to a peace treaty: Armenia–Azerbaijan negotiations
#
# Decades of mediation, two wars, a blockade, a lightning offensive, a prisoner exchange and an agreed treaty
# text. Each milestone below was checked against the source it names; the table at the end links them all.

# %% tags=["parameters"]
start = "1988-01-01"
end = "2025-12-31"
tracks = []
kinds = []
highlight = "2024-01-28-non-aggression-pact-proposal"
language = "en"
label_style = "by_language"
report_context = None  # set by the report build; None uses the project's seeds/

# %%
from analysis.report import start_report

report = start_report("negotiations", globals())  # checks the parameters above and puts the checked values back
ctx, lang = report.ctx, report.lang

# %%
from IPython.display import HTML, display

from analysis import data
from analysis.negotiations import charts as negotiation_charts
from analysis.negotiations import text as negotiation_text
from analysis.negotiations import transforms as milestones
from analysis.present import style

all_milestones = data.load_milestones(ctx)
shown = milestones.window(all_milestones, start, end, tracks, kinds)
focus = all_milestones[all_milestones["id"] == highlight].iloc[0]

# %% [markdown]
# ## The milestone in focus

# %%
display(HTML(negotiation_text.event_paragraph(focus, lang=lang)))
style.prose(
    lang.n_(
        "This report shows {n} milestone from {start} to {end}.",
        "This report shows {n} milestones from {start} to {end}.",
        len(shown),
    ),
    n=lang.number(len(shown)),
    start=lang.day(start),
    end=lang.day(end),
)

# %% [markdown]
# ## Who mediated, and when
#
# One lane per mediator track. Wars and the blockade are bars; meetings, agreements and statements are markers.
# Hover over any mark for its date and source.

# %%
report.show(negotiation_charts.timeline(shown, highlight, start=start, end=end, lang=lang))

# %% [markdown]
# ## Talking and fighting
#
# Meetings of the two countries' leaders set against wars, clashes and blockades, year by year.

# %%
yearly = milestones.yearly_balance(shown, start, end)
report.show(negotiation_charts.balance_chart(yearly, shown, lang=lang))

# %% [markdown]
# ## When talks stalled
#
# The longest spells in this window without a leader-level meeting. A spell still open at the end of the
# window is marked as ongoing.

# %%
stalled = milestones.stalls(shown, until=end)
spells = negotiation_text.stall_rows(stalled, shown, lang).rename(columns={"from_date": "from", "to_date": "to"})
style.table(
    spells,
    caption=lang._("Longest spells without a leader-level meeting"),
    source=style.source_line(shown, lang=lang),
    lang=lang,
    headings=negotiation_charts.HEADINGS,
)

# %% [markdown]
# ## Every milestone, with its source

# %%
style.table(
    negotiation_charts.milestone_table(shown, lang=lang),
    caption=lang._("Milestones, {start} to {end}").format(start=lang.day(start), end=lang.day(end)),
    source=style.source_line(shown, lang=lang),
    lang=lang,
    headings=negotiation_charts.HEADINGS,
    words=negotiation_charts.WORDS,
)
