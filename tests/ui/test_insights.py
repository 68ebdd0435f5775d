"""The Insights view: loaded only when opened, counts that match the rows, a bar click that
lists the debriefs behind it and opens one, and the report saved from it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from debrief.changes import ChangeSet
from debrief.insights.report import INTERNAL_MARK
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.insights_data import rich_archive
from ui.exchange.export_dialog import ExportDialog
from ui.insights.report_dialog import ReportDialog
from ui.main_window import MainWindow

PROBE = """
import sys
from PySide6.QtWidgets import QApplication
from ui.app import build_window, open_store, set_identity
from ui.paths import resolve_paths
app = QApplication(sys.argv[:1]); set_identity(app)
paths = resolve_paths(sys.argv[1]); store = open_store(paths)
window = build_window(store, paths); window.show(); app.processEvents()
print("matplotlib" in sys.modules)
window.insights.action.trigger(); app.processEvents()
print("matplotlib" in sys.modules, window.pages.currentWidget().objectName())
store.close()
"""


@pytest.fixture(autouse=True)
def no_thread_outlives_the_test(qtbot: QtBot) -> Iterator[None]:
    yield
    qtbot.waitUntil(lambda: not [t for t in threading.enumerate() if t.name == "insights"])


def test_starting_the_app_does_not_import_matplotlib(data_dir: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "insightsHost"]


def open_insights(qtbot: QtBot, window: MainWindow):
    window.insights.action.trigger()
    page = window.insights.page
    assert page is not None
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.insights.host)
    settle(qtbot, page, lambda: page.period.setCurrentText("All dates"))
    return page


def settle(qtbot: QtBot, page, change) -> None:
    """Make a change that recounts, and wait until the worker's figures are on the page."""
    with qtbot.waitSignal(page.shown, timeout=30_000):
        change()


def count(store: Store, where: str = "1=1", params: tuple = ()) -> int:
    return store.db.execute(
        f"SELECT COUNT(DISTINCT d.id) FROM debriefs d LEFT JOIN loss_reasons r"
        f" ON r.debrief_id = d.id WHERE d.deleted_at IS NULL AND d.is_sample = 0 AND {where}",
        params,
    ).fetchone()[0]


def test_view_counts_match_and_a_bar_opens_its_debriefs(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    rich_archive(store, bulk=120)
    page = open_insights(qtbot, window)
    total = count(store)
    assert page.summary.text().startswith(f"{total} debriefs:")
    competitor = count(store, "d.outcome = 'competitor'")
    assert f"{competitor} lost to a competitor" in page.summary.text()

    page.tabs.setCurrentIndex(1)  # Reasons
    canvas = page.reason_canvas
    qtbot.waitUntil(lambda: canvas.isVisible() and bool(canvas.hits))
    for index in (0, len(canvas.hits) - 1):
        hit = canvas.hits[index][1]
        x, y = canvas.hit_centre(index)
        with qtbot.waitSignal(canvas.picked) as picked:
            qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
        assert picked.args[0] == hit
        reason = page.insights.reasons[0].key if index == 0 else None
        if reason is not None:
            expected = count(
                store,
                "r.is_primary = 1 AND r.category = ? AND d.outcome = ?",
                (reason, hit.series),
            )
            assert page.behind.topLevelItemCount() == expected == len(hit.ids)
        assert page.behind_title.text().endswith(f"{len(hit.ids)} debriefs") or len(hit.ids) == 1

    # Enter on a row opens that debrief.
    item = page.behind.topLevelItem(0)
    debrief_id = item.data(0, Qt.ItemDataRole.UserRole)
    page.behind.setFocus()
    page.behind.setCurrentItem(item)
    qtbot.keyClick(page.behind, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_debrief_id() == debrief_id)


def test_filters_and_the_empty_state(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    page = open_insights(qtbot, window)
    assert page.summary.text().startswith("No debriefs in this selection")
    assert page.reason_canvas.spec is not None and page.reason_canvas.spec.empty
    rich_archive(store, bulk=60)
    settle(qtbot, page, lambda: window.ops.broadcast(ChangeSet.of(added=["x"])))
    assert not page.summary.text().startswith("No debriefs")
    settle(qtbot, page, lambda: page.competitor.setCurrentText("Corvane Systems"))
    expected = count(store, "d.competitor = 'Corvane Systems' AND d.outcome = 'competitor'")
    assert page.summary.text().startswith(f"{expected} debrief")
    assert "small sample" in page.caution.text().lower() or expected >= 9


def test_the_report_saved_from_the_view(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    rich_archive(store, bulk=40)
    page = open_insights(qtbot, window)
    out = tmp_path / "report.pdf"
    assert window.insights.save_report(out, False)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages]
    assert pages and all(INTERNAL_MARK in " ".join(p.split()) for p in pages)
    assert "CANARY" not in " ".join(pages)
    assert page.isVisible()


def test_the_report_reuses_figures_only_while_they_are_current(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """The report takes the figures on screen instead of counting again, but never stale ones:
    a change made while the page is hidden means counting again."""
    rich_archive(store, bulk=10)
    page = open_insights(qtbot, window)
    assert page.current_insights() is page.insights is not None
    window.show_list()
    qtbot.waitUntil(lambda: not page.isVisible())
    window.ops.broadcast(ChangeSet.of(added=["y"]))
    assert page.current_insights() is None


def test_export_from_the_view_takes_its_filters(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    """Export… on the Insights view offers (and picks) exactly the debriefs its filters count."""
    rich_archive(store, bulk=60)
    page = open_insights(qtbot, window)
    settle(qtbot, page, lambda: page.competitor.setCurrentText("Corvane Systems"))
    expected = count(store, "d.competitor = 'Corvane Systems' AND d.outcome = 'competitor'")
    assert 0 < expected < count(store)
    assert page.export_button.isVisible()
    page.export_button.click()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ExportDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ExportDialog)
    assert dialog.chosen_button is not None and dialog.chosen_button.isChecked()
    assert not dialog.all_button.isChecked() and not dialog.filtered_button.isChecked()
    assert f"({expected})" in dialog.chosen_button.text()
    out = tmp_path / "corvane.json"
    with qtbot.waitSignal(dialog.exported):
        dialog.export_to(out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["debriefs"]) == expected
    assert {d["competitor"] for d in doc["debriefs"]} == {"Corvane Systems"}
    assert doc["filters"]["chosen_in"] == "Insights"
    assert doc["filters"]["competitor"] == "Corvane Systems"
    assert doc["filters"]["include_samples"] == "no"
    assert "exported to" in window.statusBar().currentMessage()


def test_keyboard_links_and_the_report_dialog(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, monkeypatch
) -> None:
    ids = rich_archive(store, bulk=30)
    page = open_insights(qtbot, window)
    page.tabs.setCurrentIndex(3)  # Outcomes
    canvas = page.outcome_canvas
    qtbot.waitUntil(lambda: canvas.isVisible() and bool(canvas.hits))
    canvas.setFocus()
    with qtbot.waitSignal(canvas.picked) as picked:
        qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert picked.args[0].label == "Lost to a competitor"
    assert canvas.hits[0][0].get_linewidth() == 2.5  # the chosen bar is outlined
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.hits[0][0].get_linewidth() == 0 and canvas.hits[1][0].get_linewidth() == 2.5
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert page.behind.topLevelItemCount() == count(store, "d.outcome = 'competitor'")

    # A request in the text lists the debriefs that asked for it.
    (n,) = [k for k, g in enumerate(page.insights.requests) if g.label.casefold() == "faster app"]
    page.criteria_text.anchorClicked.emit(QUrl(f"request:{n}"))
    listed = {
        page.behind.topLevelItem(k).data(0, Qt.ItemDataRole.UserRole)
        for k in range(page.behind.topLevelItemCount())
    }
    assert listed == {ids["hostile"], ids["long"]}

    # The report dialog: notes about our people only when ticked.
    out = tmp_path / "with people"
    monkeypatch.setattr(
        "ui.insights.report_dialog.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), "PDF files (*.pdf)"),
    )
    page.report_button.click()
    qtbot.waitUntil(lambda: page.findChild(ReportDialog) is not None)
    dialog = page.findChild(ReportDialog)
    assert not dialog.people.isChecked()
    dialog.people.setChecked(True)
    save = next(b for b in dialog.findChildren(QPushButton) if "Save PDF" in b.text())
    save.click()
    saved = out.with_name("with people.pdf")
    qtbot.waitUntil(saved.exists)
    text = " ".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "CANARYPEOPLE" in " ".join(text.split())


def test_chart_labels_are_literal_even_with_dollars(qtbot: QtBot) -> None:
    """A "$" starts matplotlib's mathtext; a customer's odd name must neither render as a
    formula nor break the drawing."""
    from debrief.insights.aggregate import build_insights
    from debrief.insights.charts import competitor_chart
    from debrief.insights.filters import InsightFilters
    from tests.insights_data import add_debrief
    from ui.insights.chart_canvas import ChartCanvas

    store = Store.memory()
    odd = r"$\frac{ Price $5 & ^{up}"
    add_debrief(store, lost_on="2026-01-05", competitor=odd)
    add_debrief(store, lost_on="2026-01-06", competitor="Cost $$ Co")
    canvas = ChartCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(600, 300)
    canvas.show_spec(competitor_chart(build_insights(store, InsightFilters())))
    ticks = canvas.figure.axes[0].get_yticklabels()
    shown = {t.get_text() for t in ticks}
    assert shown == {r"\$\frac{ Price \$5 & ^{up}", r"Cost \$\$ Co"}
    canvas.grab()  # draws without raising
    store.close()


def test_hostile_and_multilingual_text_shows_as_typed(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from tests.insights_data import HOSTILE, MULTILINGUAL

    rich_archive(store, bulk=10)
    page = open_insights(qtbot, window)
    praise = page.praise_text.toPlainText()
    assert HOSTILE in praise and "Strength " + HOSTILE in praise
    assert page.competitor.findText(HOSTILE) >= 0
    assert f"Request {HOSTILE}" in page.criteria_text.toPlainText()
    assert MULTILINGUAL in page.criteria_text.toPlainText()  # the criterion's customer
    settle(qtbot, page, lambda: page.competitor.setCurrentText(HOSTILE))
    assert page.summary.text().startswith("1 debrief:")
