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
# # Explainer: the story behind the headline, and a check of its claims
#
# One article, laid out against the data: the event it reports, the map on its date, the exodus it
# mentions, the negotiations around it, and every checkable claim with a verdict computed from the datasets.

# %% tags=["parameters"]
article = "afp-2024-01-28-non-aggression-pact"
language = "en"
label_style = "by_language"
report_context = None  # set by the report build; None uses the project's seeds/

# %%
from analysis.report import start_report

report = start_report("explainer", globals())  # checks the parameters above and puts the checked values back
ctx, lang = report.ctx, report.lang

# %%
from IPython.display import HTML, display

from analysis import data
from analysis.claims import tables as ledger_tables
from analysis.claims import transforms as claims
from analysis.displacement import charts as displacement_figures
from analysis.displacement import transforms as displacement
from analysis.negotiations import charts as negotiation_charts
from analysis.negotiations import text as negotiation_text
from analysis.negotiations import transforms as milestones
from analysis.present import style
from maps import figures, layers, names

story, ledger = claims.for_article(article, ctx)
published = story["published"]
all_milestones = data.load_milestones(ctx)
event = all_milestones.set_index("id").loc[story["milestone_id"]]

# %% [markdown]
# ## The headline event

# %%
display(HTML(ledger_tables.article_paragraph(story, lang=lang)))
display(HTML(negotiation_text.event_paragraph(event, lang=lang)))

# %% [markdown]
# ## Who held what on the article's date
#
# Territories drawn from the measured lines of contact, each with its source; the footer names the naming convention.

# %%
basemap = figures.Basemap(ctx)
ctx.note(names.convention(lang))
ctx.note(basemap.terms_note(lang))
ctx.note(lang._(figures.DISCLAIMER))
map_day, outside_record = layers.within_record(published, basemap.territories, lang=lang)
if outside_record:
    style.prose(outside_record)
report.show(figures.control_map(basemap, map_day, lang=lang, show_corridor=True))

# %% [markdown]
# ## The September 2023 exodus
#
# The Armenian government's running counts of people arriving from Nagorno-Karabakh, with hourly inflow.

# %%
figures_2023 = displacement.select(data.load_displacement(ctx), "2023", include_party=True)
report.show(displacement_figures.exodus_chart(figures_2023, all_milestones, lang=lang))

# %% [markdown]
# ## The negotiations around the date

# %%
start, end, nearby = milestones.around(all_milestones, published)
report.show(
    negotiation_charts.timeline(
        nearby,
        story["milestone_id"],
        start=start,
        end=end,
        lang=lang,
        context=ledger_tables.ledger_sentences(ledger, "milestones", lang=lang),
    )
)

# %% [markdown]
# ## The claims ledger
#
# Each checkable claim of the article, in our words, with a verdict computed from the datasets (supported,
# imprecise, contradicted, or not checkable with our data) and one sentence built from the evidence rows
# that explains it. A number printed wrongly does not change the verdict: it is flagged next to it
# ("supported, figure misprinted"). The caveats say when the evidence is dated after the article or rests
# on a weak kind of source, and the last column says how we read each claim.

# %%
style.table(
    ledger_tables.ledger_table(ledger, lang=lang),
    caption=ledger_tables.ledger_caption(story["headline"], ledger, lang=lang),
    source=lang._(
        "Verdicts computed by analysis/claims/transforms.py from the rules in {file}. Article copy read: {url}"
    ).format(file=f"seeds/claims/{article}.yaml", url=story["url"]),
    lang=lang,
    headings=ledger_tables.LEDGER_HEADINGS,
)
