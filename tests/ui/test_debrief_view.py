"""The detail page reads the one debrief record and the one vocabulary of labels."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QRadioButton, QTextBrowser
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import CloseOutcome, load_record
from debrief.labels import CLOSE_FIELDS, PRIMARY_REASON
from debrief.meeting import session as m
from debrief.meeting.question_sets import load_set_file
from debrief.model import CaptureKind, KeepInTouch, LossReason, NewDebrief, Outcome
from debrief.store.database import Store
from tests.conftest import ROOT
from ui.autosave import Autosaver
from ui.browse.debrief_view import render_detail
from ui.meeting.capture import ClosePanel, ReasonsPanel
from ui.operations import Operations
from ui.widgets.rich_text import Page

DEFAULT = ROOT / "resources" / "question_sets" / "default.json"
TAG = "[internal — not for the customer]"


def _shown(qtbot: QtBot, store: Store, debrief_id: str) -> list[str]:
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml(render_detail(Page(browser), load_record(store, debrief_id)))
    return browser.toPlainText().splitlines()


def test_the_internal_tag_follows_the_reps_flag(qtbot: QtBot, store: Store) -> None:
    d = create_debrief(
        store,
        NewDebrief(account_name="Acme", contact_name="Ana", opportunity="Fleet", competitor="X"),
    )
    record = m.start_meeting(store, d.id, load_set_file(DEFAULT))
    (people,) = [q for q in record.questions if q.sensitive]
    m.save_question(store, people.id, note="Your engineer was brilliant")
    question = next(line for line in _shown(qtbot, store, d.id) if people.text in line)
    assert TAG in question  # a sensitive question's note starts internal…
    m.save_question(store, people.id, note_internal=False)
    question = next(line for line in _shown(qtbot, store, d.id) if people.text in line)
    assert TAG not in question  # …and unticked, the page no longer calls it internal


def test_one_label_for_what_they_chose_instead(qtbot: QtBot, store: Store) -> None:
    d = create_debrief(
        store,
        NewDebrief(
            account_name="Acme",
            contact_name="Ana",
            opportunity="Fleet",
            outcome=Outcome.NO_DECISION,
        ),
    )
    m.start_meeting(store, d.id, load_set_file(DEFAULT))
    m.add_item(store, d.id, CaptureKind.COMPETITOR_STRENGTH, "Doing nothing costs nothing")
    lines = _shown(qtbot, store, d.id)
    assert CaptureKind.COMPETITOR_STRENGTH.label in lines
    assert not [line for line in lines if "winner" in line.lower()]
    assert "No decision" in "\n".join(lines)


def test_the_meeting_and_the_detail_page_name_the_close_alike(qtbot: QtBot, store: Store) -> None:
    """Before: "Consolation order" in the meeting was "Smaller order now" on the detail page."""
    d = create_debrief(
        store,
        NewDebrief(account_name="Acme", contact_name="Ana", opportunity="Fleet", competitor="X"),
    )
    record = m.start_meeting(store, d.id, load_set_file(DEFAULT))
    m.add_reason(store, d.id, LossReason.PRICE_VALUE)
    m.save_close(
        store,
        d.id,
        CloseOutcome(
            keep_in_touch=KeepInTouch.YES,
            keep_in_touch_when="spring",
            keep_in_touch_on="2027-03",
            consolation_order="spares",
            renewal_date="2028-01-31",
            promised_followup="the plan",
            followup_date="2027-01-15",
        ),
    )
    saver = Autosaver()
    ops = Operations(store)
    close = ClosePanel(ops, saver)
    reasons = ReasonsPanel(ops, saver)
    for panel in (close, reasons):
        qtbot.addWidget(panel)
        panel.load(load_record(store, record.id))
    form = close.layout()
    assert isinstance(form, QFormLayout)
    in_meeting = []
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            in_meeting.append(label.text().replace("&", ""))
    assert in_meeting == list(CLOSE_FIELDS.values())
    lines = _shown(qtbot, store, d.id)
    for label in CLOSE_FIELDS.values():
        assert any(line.startswith(label) for line in lines), label
    (radio,) = reasons.findChildren(QRadioButton)
    assert radio.text() == PRIMARY_REASON
    assert any(line.startswith(f"{PRIMARY_REASON}: ") for line in lines)
