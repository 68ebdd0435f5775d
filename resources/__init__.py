"""Data, not code: question sets, letter templates, fonts and icons (installed as the package
`debrief_resources` and found with importlib.resources; see debrief/resources.py)."""
