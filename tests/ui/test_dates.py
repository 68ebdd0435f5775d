"""Where the UI reads or writes a date, it goes through the core's one parser (debrief.dates)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateTimeEdit, QWidget
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import load_record
from debrief.errors import ValidationError
from debrief.meeting import session as m
from debrief.meeting.question_sets import load_set_file
from debrief.model import NewDebrief
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.typing import type_text
from ui.autosave import Autosaver
from ui.browse.filter_bar import PERIODS, FilterBar
from ui.dates import from_qdate, to_qdate
from ui.followups.when_picker import DAY
from ui.forms.deal_fields import DealFields
from ui.meeting.capture import ClosePanel
from ui.operations import Operations


def started_meeting(store: Store) -> str:
    debrief_id = create_debrief(
        store,
        NewDebrief(account_name="Acme", contact_name="Ana", opportunity="X", competitor="Y"),
    ).id
    default = ROOT / "resources" / "question_sets" / "default.json"
    m.start_meeting(store, debrief_id, load_set_file(default), 45)
    return debrief_id


def test_close_panel_saves_a_typed_day_as_iso_and_the_core_explains_a_wrong_one(
    qtbot: QtBot, store: Store
) -> None:
    """The close tab's dates are pickers (issue 11): digits typed into the day go through
    `debrief.dates`; a day-first date can't be entered there, and the core still refuses it."""
    debrief_id = started_meeting(store)
    holder = QWidget()
    qtbot.addWidget(holder)
    saver = Autosaver(holder)
    panel = ClosePanel(Operations(store), saver, holder)
    panel.load(load_record(store, debrief_id))

    picker = panel.renewal_date
    picker.mode.setCurrentIndex(picker.mode.findData(DAY))
    picker.date.setSelectedSection(QDateTimeEdit.Section.YearSection)  # as Tab leaves it
    type_text(picker.date, "20280331")
    saver.flush()
    assert load_record(store, debrief_id).close.renewal_date == "2028-03-31"
    assert panel.problem.text() == ""

    close = load_record(store, debrief_id).close
    with pytest.raises(ValidationError) as refused:
        m.save_close(store, debrief_id, replace(close, renewal_date="31/03/2028"))
    assert refused.value.fields == {
        "renewal_date": "Enter the renewal date as YYYY-MM-DD (year first), e.g. 2027-01-31."
    }
    assert load_record(store, debrief_id).close.renewal_date == "2028-03-31"  # last good one
    panel.load(load_record(store, debrief_id))
    assert picker.value() == "2028-03-31"


def test_deal_form_shows_a_stored_date_and_gives_it_back_as_iso(qtbot: QtBot, store: Store) -> None:
    fields = DealFields(store, date_lost="2024-01-05")
    qtbot.addWidget(fields.date_lost)
    assert fields.date_lost.date() == QDate(2024, 1, 5)
    assert fields.values()["date_lost"] == "2024-01-05"
    assert to_qdate("20240105") == QDate(2024, 1, 5)
    assert to_qdate("") is None and to_qdate("soon") is None
    assert from_qdate(QDate(2027, 2, 3)) == "2027-02-03"


def test_filter_bar_asks_for_iso_dates(qtbot: QtBot, store: Store) -> None:
    bar = FilterBar(store)
    qtbot.addWidget(bar)
    custom = next(i for i, (_label, days) in enumerate(PERIODS) if days == -1)
    bar.period.setCurrentIndex(custom)
    bar.date_from.setDate(QDate(2024, 1, 5))
    bar.date_to.setDate(QDate(2024, 2, 29))
    filters = bar.filters()
    assert (filters.date_from, filters.date_to) == ("2024-01-05", "2024-02-29")
