"""What changed, broadcast so each screen refreshes just that (not a reload of everything)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Changes(QObject):
    debrief_changed = Signal(str)  # one debrief's content changed (id)
    debriefs_changed = Signal()  # debriefs were added, removed or restored
    accounts_changed = Signal()  # customers or their people changed
