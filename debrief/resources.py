"""Files shipped with Debrief (question sets, letter templates, fonts, icons).

They are package data of `debrief_resources` (the folder resources/, see setup.cfg), found with
importlib.resources, so they are there whether Debrief runs from a checkout or an installed wheel.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """A real path on disk to a shipped file or folder (wheels are installed unzipped)."""
    traversable = files("debrief_resources").joinpath(*parts)
    with as_file(traversable) as path:
        return Path(path)
