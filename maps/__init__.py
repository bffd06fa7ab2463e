"""Cartography for karabakh-notebooks: boundary layers, control by date, contested names, map figures."""
