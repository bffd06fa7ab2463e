"""Values that several layers share: the naming conventions a report may follow and the languages of its labels.

They live here, below data and maps, so that the build can validate parameters without importing cartography.
"""

from __future__ import annotations

LABEL_STYLES = ("dual", "armenian", "azerbaijani", "english_default")
LANGUAGES = ("en", "hy", "az", "ru")
LANGUAGE_NAMES = {"en": "English", "hy": "Armenian", "az": "Azerbaijani", "ru": "Russian"}
