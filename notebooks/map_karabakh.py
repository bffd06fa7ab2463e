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
# # Nagorno-Karabakh: who held which district, and where the Lachin road ran
#
# Control of Nagorno-Karabakh and the seven districts around it, district by district, from 1991 to today.
# Every period of control names its source; hover over a district to read it. District level is an
# approximation of the front lines, and the boundaries are generalised: this is not an authoritative map.

# %% tags=["parameters"]
as_of = "2024-01-28"
label_style = "dual"
language = "en"
show_corridor = True
export_static = False

# %%
from analysis import parameters, provenance, static_export, style
from maps import figures, layers, names

p = parameters.validated("map_karabakh", globals())
lay = figures.Layers()
held = layers.control_at(p["as_of"], districts=lay.districts)
example = names.label(lay.places.set_index("place_id").loc["stepanakert_khankendi"], p["label_style"], p["language"])
provenance.note(names.convention(p["label_style"], p["language"], example))
provenance.note(figures.DISCLAIMER)

# %% [markdown]
# ## The map on the chosen date

# %%
control_map = figures.control_map(lay, p["as_of"], style=p["label_style"], language=p["language"],
                                  show_corridor=p["show_corridor"])
style.show(control_map)
if p["export_static"]:
    written = static_export.export_static(control_map, f"map-{p['as_of']}-{p['label_style']}-{p['language']}")
    style.prose("Static copies written: {files}.", files=", ".join(path.name for path in written))

# %% [markdown]
# ## Step by step: the key dates
#
# Move the slider to see control change. Hatching marks the Russian peacekeeping zone (November 2020 to June 2024).

# %%
key_dates = dict(layers.KEY_DATES)
key_dates.setdefault(p["as_of"], f"{p['as_of']} (this report's date)")
style.show(figures.slider_map(lay, dict(sorted(key_dates.items())), start=p["as_of"]))

# %% [markdown]
# ## How much land each side held
#
# Area in km², measured on the unsimplified boundaries in an equal-area projection.

# %%
areas = layers.km2_over_time(lay.districts)
style.show(figures.area_chart(areas))

# %% [markdown]
# ## Every district on the chosen date, with its source

# %%
rows = held.assign(km2=held["km2"].round(0).astype(int))
style.table(rows[["area_name", "controller", "peacekeeping", "partial", "km2", "note", "source_name", "source_url"]],
            caption=f"Control by district on {p['as_of']}", source=figures.sources_line(held))
