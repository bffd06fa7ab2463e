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
# # Displacement: every figure attributed
#
# The conflict over Nagorno-Karabakh has driven people from their homes again and again: Azerbaijanis and
# Armenians in both directions in 1988–94, Karabakh Armenians during the 2020 war, and almost the whole Armenian
# population of Karabakh in a single week of 2023. How many people moved depends on who is counting. Below, every
# figure carries the name of whoever published it and the date it refers to, and figures from the governments
# that are party to the conflict are marked wherever they appear.

# %% tags=["parameters"]
episode = "all"
population_estimate = "2023-stock-am-fm-mirzoyan-120000"
include_party_figures = True
export_static = False
language = "en"
label_style = "by_language"
report_context = None  # set by the report build; None uses the project's seeds/

# %%
from analysis.report import start_report

report = start_report("displacement", globals())  # checks the parameters above and puts the checked values back
ctx, lang = report.ctx, report.lang

# %%
from IPython.display import HTML, display

from analysis import data
from analysis.displacement import charts, tables, text
from analysis.displacement import transforms as displacement

figures = data.load_displacement(ctx)
stem = charts.static_stem(episode, include_party_figures)  # print exports, with export_static
shown = displacement.select(figures, episode, include_party_figures)
hidden = displacement.hidden_party_figures(figures, episode, include_party_figures)
display(HTML(text.overview(shown, hidden, lang=lang)))

# %%
if displacement.covers(episode, "2023"):
    display(HTML(text.section("exodus", lang=lang)))
    report.show(charts.exodus_chart(shown, data.load_milestones(ctx), lang=lang), export_as=f"{stem}-exodus")
    display(HTML(text.exodus_story(shown, lang=lang)))

# %%
if displacement.covers(episode, "2023"):
    display(HTML(text.section("population", lang=lang)))
    shares = displacement.population_shares(shown)
    display(HTML(text.share_story(shares, population_estimate, lang=lang)))
    tables.show(
        tables.shares_table(shares, lang=lang),
        caption=lang._("Final counts of arrivals as a share of each population estimate"),
        rows=shown[shown["measure"].isin(["stock", "cumulative_arrivals"])],
        lang=lang,
    )

# %%
if displacement.covers(episode, "1988_1994"):
    display(HTML(text.section("1988_1994", lang=lang)))
    report.show(charts.sources_dot_plot(shown, lang=lang), export_as=f"{stem}-1988-1994")

# %% [markdown]
# ## The spread of published figures
#
# For each episode and group of people: the lowest and highest figure of people displaced, as published, and who
# published them.

# %%
report.show(charts.episodes_chart(shown, lang=lang), export_as=f"{stem}-episodes")
tables.show(
    tables.ranges_table(shown, lang=lang),
    caption=lang._("Range of published figures per episode, group and measure"),
    rows=shown,
    lang=lang,
)

# %% [markdown]
# ## Where the figures cannot all be right
#
# A running count that falls, two different figures for the same moment, or the same figure given for two
# different hours. In the chart above, one figure is kept per moment by a fixed rule; the others are set aside,
# and listed here when they contradict it.

# %%
tables.show(
    tables.inconsistencies_table(shown, lang=lang),
    caption=lang._("Inconsistencies between published figures"),
    rows=shown,
    lang=lang,
)

# %% [markdown]
# ## Every figure, with its source

# %%
tables.show(
    tables.figures_table(shown, lang=lang),
    caption=lang._("Every published figure in this report"),
    rows=shown,
    lang=lang,
)
