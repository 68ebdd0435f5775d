"""The sender profile with this desktop's defaults. QtCore only: the headless `letter` command
reads it too, without the widget stack."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from debrief.letters.sender_profile import SenderProfile, get_sender_profile
from debrief.store.database import Store


def locale_page_size() -> str:
    """US Letter where the locale measures in inches the US way, A4 everywhere else."""
    imperial = QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "Letter" if imperial else "A4"


def load_profile(store: Store) -> SenderProfile:
    return get_sender_profile(store, default_page_size=locale_page_size())
