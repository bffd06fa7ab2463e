"""Values that several layers share: the naming conventions a report may follow and the languages it is written in.

They live here, below data and maps, so that the build can validate parameters without importing cartography.
"""

from __future__ import annotations

LABEL_STYLES = ("dual", "armenian", "azerbaijani", "english_default")
LANGUAGES = ("en", "hy", "az", "ru")
LANGUAGE_NAMES = {"en": "English", "hy": "Armenian", "az": "Azerbaijani", "ru": "Russian"}
# Each language's name in itself, for the language switcher.
ENDONYMS = {"en": "English", "hy": "Հայերեն", "az": "Azərbaycanca", "ru": "Русский"}
# A report's naming convention when it names none: the usage of the language's own press.
BY_LANGUAGE = "by_language"
DEFAULT_LABEL_STYLE = {"en": "dual", "hy": "armenian", "az": "azerbaijani", "ru": "dual"}
