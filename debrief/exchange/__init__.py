"""Data that moves: exports (JSON, CSV, XLSX, a CRM note) and the import that merges a JSON export.

The JSON format is documented by `resources/exchange/debrief-export-v1.schema.json` and the
README next to it; `format` holds the names both sides agree on.
"""
