"""Debrief's Qt layer: windows, views, dialogs and item models. No SQL, no business rules."""
