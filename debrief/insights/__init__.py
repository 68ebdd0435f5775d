"""Insights across losses: what the archive says when the debriefs are added up.

`records` reads the debriefs of a period (the only SQL here), `aggregate` counts them,
`findings` turns the counts into headline findings and suggested actions by stated rules,
`charts` describes the charts both the view and the report draw, and `report` renders the
internal competitive-intelligence PDF. Everything is plain Python: no Qt, no matplotlib.
"""

from __future__ import annotations

SMALL_SAMPLE = 9
"""Groups with fewer debriefs than this are flagged: nine loss interviews give about an 85%
chance of hearing an issue that affects one buyer in five; below that it is easily missed."""
