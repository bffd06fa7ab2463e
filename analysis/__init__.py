"""karabakh-notebooks analysis package: sourced datasets, transforms, chart style and the report build."""
