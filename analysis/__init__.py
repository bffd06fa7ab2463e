"""karabakh-notebooks analysis package: sourced datasets, transforms, chart style and the report build."""

import sys

# jsonschema (used by frictionless and nbformat) optionally imports rfc3987-syntax to check the "iri" string
# format; that import builds a Lark grammar and costs ~2.7 s in every kernel and build. Nothing here validates
# IRIs, so we tell jsonschema it is absent (it then skips that one format check).
sys.modules.setdefault("rfc3987_syntax", None)
