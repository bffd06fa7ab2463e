"""The language of a report: its message catalogs (Babel/gettext), locale formatting, and what stayed English.

Catalogs live in ``analysis/locale/<lang>/LC_MESSAGES/<domain>.po`` (committed, reviewed as text). Three domains:

- ``messages``: every string a reader sees that the code or a template writes (titles, legends, hover text, table
  headers, verdicts, alt text, header and footer, the index, report titles from reports.toml);
- ``narrative``: the paragraphs of the notebooks' markdown cells, one entry per paragraph;
- ``data``: the cells of the seeds that are written for readers in English and listed for translation in
  datapackage.json (a resource's ``translate``: its columns), one entry per cell, with the context
  ``<dataset>:<row id>:<column>`` (:func:`data_context`). The English text is the msgid, so editing a cell makes its
  translation fuzzy (or missing, if it was rewritten beyond recognition): the page shows the English and lists it.

The compiled ``.mo`` files are build output, never committed: ``make i18n`` and the report build write them, and
:func:`catalog_bytes` recompiles one whose ``.po`` is newer. English is the source language: an English report
translates nothing. A string with no translation (missing, empty or fuzzy) is shown in English and recorded in
:attr:`Language.missing`, and the report footer lists it.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import threading
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_datetime, get_day_names, get_month_names
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from analysis.core.conventions import DEFAULT_LABEL_STYLE, LABEL_STYLES, LANGUAGES
from analysis.core.paths import atomic_write

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAINS = ("messages", "narrative", "data")
SOURCE_LANGUAGE = "en"


def N_(text: str) -> str:
    """Mark a string for the catalog where it is defined; it is translated where it is shown."""
    return text


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural pair for the catalog where it is defined; ``lang.n_(*pair, n)`` translates it where shown."""
    return singular, plural


DESCRIPTORS = "datapackage"  # the dataset name of the data package's own texts (titles, descriptions) in ``data``


def data_context(dataset: str, row_id: str, column: str) -> str:
    """The msgctxt of one translated seeds cell: 'corrections:<correction_id>:reason'."""
    return f"{dataset}:{row_id}:{column}"


def po_path(language: str, domain: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


_COMPILE_LOCK = threading.Lock()


def compile_catalog(language: str, domain: str) -> Path:
    """Write ``<domain>.mo`` next to its ``.po`` if it is missing or older (fuzzy entries are left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = po_path(language, domain)
    mo = po.with_suffix(".mo")
    with _COMPILE_LOCK:
        if mo.exists() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
            return mo
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=domain)
        for message in list(catalog):  # a plural entry with an empty form would show the English msgid unreported
            if message.id and message.pluralizable and not all(message.string):
                catalog.delete(message.id, context=message.context)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        atomic_write(mo, buffer.getvalue())
    return mo


def compile_all() -> list[Path]:
    """Compile every catalog that needs it (the report build calls this before running anything)."""
    return [
        compile_catalog(language, domain)
        for language in LANGUAGES
        for domain in DOMAINS
        if po_path(language, domain).exists()
    ]


def catalog_bytes(language: str, domain: str) -> bytes | None:
    """The compiled catalog of one language and domain, or None for English (the source language)."""
    if language == SOURCE_LANGUAGE:
        return None
    if not po_path(language, domain).exists():
        raise FileNotFoundError(f"{po_path(language, domain)}: no catalog for language '{language}'; run make i18n")
    return compile_catalog(language, domain).read_bytes()


class _English(gettext.NullTranslations):
    """The last fallback: the English source text, with each miss written down."""

    def __init__(self, missing: list[str]):
        super().__init__()
        self._missing = missing

    def _miss(self, text: str) -> None:
        if text not in self._missing:
            self._missing.append(text)

    def gettext(self, message):
        self._miss(message)
        return message

    def ngettext(self, msgid1, msgid2, n):
        self._miss(msgid1)
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context, message):
        self._miss(message)
        return message


def _translations(language: str, domain: str, missing: list[str]) -> gettext.NullTranslations:
    compiled = catalog_bytes(language, domain)
    if compiled is None:
        return gettext.NullTranslations()
    translations = gettext.GNUTranslations(io.BytesIO(compiled))
    translations.add_fallback(_English(missing))
    return translations


# How precise a date is (the *_precision columns) → a CLDR pattern. The patterns are catalog entries: a translator
# gives the local order and abbreviations ("d MMMM y 'г.'"). 'MMMM' is the month as it stands in a date (Russian
# "января"), 'LLLL' the month on its own ("январь").
DATE_PATTERNS = {
    # TRANSLATORS: the date patterns are Unicode CLDR patterns (d day, MMM/MMMM month in a date, LLL/LLLL month on
    # its own, y year, HH:mm time); give your language's order and words in quotes, e.g. "d MMMM y 'г.'".
    ("hour", False): N_("d MMM y, HH:mm"),
    ("hour", True): N_("d MMMM y, HH:mm"),
    ("day", False): N_("d MMM y"),
    ("day", True): N_("d MMMM y"),
    ("month", False): N_("LLL y"),
    ("month", True): N_("LLLL y"),
    ("year", False): N_("y"),
    ("year", True): N_("y"),
}


class Language:
    """One report's language: translation, plural forms and locale formats, and a record of what stayed English.

    ``label_style`` is the naming convention the report follows; contested terms follow it like place names.
    """

    def __init__(self, code: str = SOURCE_LANGUAGE, label_style: str | None = None):
        if code not in LANGUAGES:
            raise ValueError(f"unknown language '{code}'; choose from: {', '.join(LANGUAGES)}")
        style = label_style or DEFAULT_LABEL_STYLE[code]
        if style not in LABEL_STYLES:
            raise ValueError(f"unknown label style '{style}'; choose from: {', '.join(LABEL_STYLES)}")
        self.code, self.label_style = code, style
        self.locale = Locale.parse(code)
        self.missing: list[str] = []
        # The report's convention's own forms of contested terms (seeds/terms.csv, by term_id), where it has them:
        # set by the notebook from the data (analysis.i18n.terms.side_terms, set by analysis.report.start); empty means the kit's neutral wording.
        self.terms: dict[str, str] = {}
        self._messages = _translations(code, "messages", self.missing)
        self._narrative = _translations(code, "narrative", self.missing)
        self._data = _translations(code, "data", self.missing)

    # Translation
    def _(self, text: str) -> str:
        """The translation of an interface string (English if there is none, recorded)."""
        return self._messages.gettext(text)

    def n_(self, singular: str, plural: str, n: int) -> str:
        """The plural form for ``n`` by the language's plural rules (Russian has three)."""
        return self._messages.ngettext(singular, plural, n)

    def term(self, term_id: str, neutral: str) -> str:
        """A contested term standing alone (a label): the convention's own form, else ``neutral`` (translated)."""
        return self.terms.get(term_id, neutral)

    def narrative(self, paragraph: str) -> str:
        """The translation of one markdown paragraph of a notebook."""
        return self._narrative.gettext(paragraph)

    def cell(self, dataset: str, row_id: str, column: str, text: str) -> str:
        """The translation of one seeds cell written for readers (a correction's reason), English if none."""
        return self._data.pgettext(data_context(dataset, row_id, column), text) if text else text

    def descriptor(self, descriptor: dict) -> dict:
        """A copy of a data package or resource descriptor (seeds/datapackage.json) with its texts written for
        readers translated: title, description, each source's and licence's title (the package's ``translate``)."""
        name, out = descriptor.get("name", ""), dict(descriptor)
        for field in ("title", "description"):
            if isinstance(out.get(field), str):
                out[field] = self.cell(DESCRIPTORS, name, field, out[field])
        for group in ("sources", "licenses"):
            out[group] = [
                {**item, "title": self.cell(DESCRIPTORS, name, f"{group}.{i}.title", item["title"])}
                if isinstance(item, dict) and isinstance(item.get("title"), str)
                else item
                for i, item in enumerate(out.get(group) or [])
            ]
        return out

    # Formats
    def date(self, moment, precision: str | None = "day", *, long: bool = False) -> str:
        """A moment in words, as precise as its source: '5 Sep 2023, 14:00', '5 Sep 2023', 'Sep 2023' or '2023';
        ``long`` spells the month out. A missing moment or one of unknown precision is 'date unknown'; a missing
        precision (None, an empty cell) means the day."""
        if precision == "unknown" or moment is None or pd.isna(moment):
            return self._("date unknown")
        precision = precision if isinstance(precision, str) else "day"  # no precision column, or an empty cell
        moment = pd.Timestamp(moment)
        pattern = self._(DATE_PATTERNS[(precision, long)])
        if precision == "hour":
            return format_datetime(moment.to_pydatetime().replace(tzinfo=None), pattern, locale=self.locale)
        return format_date(moment.date(), pattern, locale=self.locale)

    def day(self, iso: str | dt.date, *, long: bool = True) -> str:
        """An ISO date ('2024-01-28') in words: '28 January 2024', '28 января 2024 г.'."""
        return self.date(pd.Timestamp(iso), "day", long=long)

    def number(self, value, digits: int = 0) -> str:
        """A number with the language's separators: 100,617 / 100 617 / 100.617."""
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, pattern, locale=self.locale)

    def decimal(self, value) -> str:
        """A number as precise as it is (up to three decimals), with the language's separators: 0.016 / 0,016."""
        return format_decimal(value, locale=self.locale)

    def percent(self, share: float, digits: int = 0) -> str:
        """A share (0.845) as a percentage: '84.5%', '84,5 %'."""
        pattern = self.locale.percent_formats[None].pattern  # where the sign goes and its spacing: "#,##0 %"
        return format_percent(
            share, pattern.replace("0", "0." + "0" * digits, 1) if digits else pattern, locale=self.locale
        )

    @property
    def separators(self) -> str:
        """plotly's layout.separators: the decimal mark, then the thousands separator."""
        return get_decimal_symbol(self.locale) + get_group_symbol(self.locale)

    def plotly_locale(self) -> dict:
        """A plotly.js locale module built from Babel's CLDR data, so date axes and hover dates read in this
        language (registered by the report page with ``Plotly.register``)."""
        months = get_month_names("wide", context="stand-alone", locale=self.locale)
        short = get_month_names("abbreviated", context="stand-alone", locale=self.locale)
        days = get_day_names("wide", context="stand-alone", locale=self.locale)
        short_days = get_day_names("abbreviated", context="stand-alone", locale=self.locale)
        week = [6, 0, 1, 2, 3, 4, 5]  # plotly starts the week on Sunday, Babel numbers Monday 0
        return {
            "moduleType": "locale",
            "name": self.code,
            "dictionary": {},
            "format": {
                "days": [days[i] for i in week],
                "shortDays": [short_days[i] for i in week],
                "months": [months[i] for i in range(1, 13)],
                "shortMonths": [short[i] for i in range(1, 13)],
                "date": "%d.%m.%Y" if self.code != "en" else "%d/%m/%Y",
                "decimal": get_decimal_symbol(self.locale),
                "thousands": get_group_symbol(self.locale),
            },
        }

    def untranslated(self) -> list[str]:
        """The interface strings and paragraphs this report showed in English for want of a translation."""
        return list(self.missing)
