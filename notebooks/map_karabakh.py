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
# # Nagorno-Karabakh: who held what, and where the Lachin road ran
#
# Control of Nagorno-Karabakh and the districts around it, from the first months of the conflict in 1988 to the
# departure of the Russian peacekeepers in 2024. The fill follows the measured lines of contact of 1994 and 2020
# (Natural Earth); where no measured line exists, a district boundary or a hand-made cut stands in, and the map
# shows it lighter or dotted. Every period names its source: hover over a territory to read it. The boundaries are
# generalised: this is not an authoritative map.

# %% tags=["parameters"]
as_of = "2024-01-28"
language = "en"
label_style = "by_language"
show_corridor = True
export_static = False
report_context = None  # set by the report build; None uses the project's seeds/

# %%
from analysis.report import start_report

report = start_report("map_karabakh", globals())  # checks the parameters above and puts the checked values back
ctx, lang = report.ctx, report.lang

# %%
from analysis.present import style
from analysis.sources import tables as source_tables
from maps import figures, layers

basemap = figures.Basemap(ctx)
held = basemap.held(as_of)
ctx.note(basemap.convention(lang))
ctx.note(basemap.terms_note(lang))
ctx.note(lang._(figures.DISCLAIMER))

# %% [markdown]
# ## The map on the chosen date
#
# Orange is held by Armenian forces, blue by Azerbaijan. A line of contact is drawn only where it separated the two
# sides on that day.

# %%
control_map = figures.control_map(basemap, as_of, lang=lang, show_corridor=show_corridor)
report.show(control_map, export_as=f"map-{as_of}-{label_style}-{language}")

# %% [markdown]
# ## Step by step: every change in the data
#
# The slider has a step for each day on which control changed: the captures of 1992–93, the 1994 ceasefire, each
# stage of the 2020 war, the handovers, August 2022, September 2023 and the peacekeepers' departure. Hatching marks
# the Russian peacekeeping zone.

# %%
changes = layers.change_dates(basemap.territories, lang)
start = max(day for day in changes if day <= as_of)
report.show(figures.slider_map(basemap, changes, start=start, lang=lang))

# %% [markdown]
# ## How much land each side held
#
# Area in km², measured on the unsimplified territories in an equal-area projection, from the first event to the
# last change in the data.

# %%
report.show(figures.area_chart(layers.km2_over_time(basemap.territories), lang=lang, labels=basemap.held_labels(lang)))

# %% [markdown]
# ## Every territory on the chosen date, with its source

# %%
style.table(
    figures.territory_table(held, lang, basemap.held_labels(lang)),
    caption=lang._("Territories on {date}").format(date=lang.day(as_of)),
    source=figures.sources_line(held, lang=lang),
    lang=lang,
    headings=figures.TABLE_HEADINGS,
    words={"source_kind": source_tables.KIND_NAMES},
)
