"""The benchmark's measurements. Each returns its figure and the floor measured in the same run.

Figures are medians (and p95 for latencies) of repeated runs. Processes are started in turns
(app, floor, app, floor …) so a busy machine weighs on both alike.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

# What a rep types into the search box, each typed a key at a time (so every one- and two-letter
# prefix of these is measured too).
QUERIES = [
    "corvane",
    "lodz",
    "michal wisn",
    "fleet telematics",
    "pilot",
    "price",
    "tromso",
    "dorde",
    "invoice confusing",
    "renewal",
]


@dataclass
class Figure:
    """One line of the table: what was measured, its value, its floor and their ratio."""

    key: str
    what: str
    unit: str
    value: float
    floor: float | None = None
    floor_what: str = ""
    p95: float | None = None
    floor_p95: float | None = None
    runs: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def against_floor(
        cls,
        key: str,
        what: str,
        unit: str,
        ours: list[float],
        floor: list[float],
        floor_what: str,
        extra: dict[str, Any] | None = None,
    ) -> Figure:
        """A latency line: the medians and p95s of our runs and the floor's, side by side."""
        return cls(
            key,
            what,
            unit,
            median(ours),
            median(floor),
            floor_what,
            p95=p95(ours),
            floor_p95=p95(floor),
            runs=len(ours),
            extra=extra or {},
        )

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor <= 0:
            return None
        return self.value / self.floor


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def p95(xs: list[float]) -> float:
    if not xs:
        return float("nan")
    ordered = sorted(xs)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed_ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


# -- separate processes ------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["DEBRIEF_NO_CRASH_DIALOG"] = "1"
    # An installed app starts from bytecode (pip compiles it); with this set (as on the build
    # machines) every start would compile our sources again, which the floor never pays. The
    # first start of each measurement, not counted, writes the bytecode.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _probe(*args: str) -> tuple[float, dict[str, Any]]:
    """Seconds from spawning the probe to its first paint, and what it reported."""
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "tools.bench.probe", *args],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"probe {args} failed: {done.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(lines[-1])
    return report["painted_at"] - started, report


@contextmanager
def data_dir_on(archive: Path, copy: bool = False) -> Iterator[Path]:
    """A data folder whose database is `archive` (linked, or copied when it will be written)."""
    with tempfile.TemporaryDirectory(prefix="debrief-bench-data-") as tmp:
        target = Path(tmp) / "debrief.sqlite3"
        if copy:
            with sqlite3.connect(archive) as src, sqlite3.connect(target) as dst:
                src.backup(dst)
        else:
            target.symlink_to(archive)
        yield Path(tmp)


def startup(archive: Path, runs: int) -> tuple[Figure, Figure, dict[str, Any]]:
    """Cold start to the first painted main window, and peak memory by then, vs a bare window."""
    app_s, bare_s, app_kib, bare_kib = [], [], [], []
    report: dict[str, Any] = {}
    with data_dir_on(archive) as data:
        _probe("app", str(data))  # the first start after a build also warms the page cache
        for _ in range(runs):
            seconds, report = _probe("app", str(data))
            app_s.append(seconds)
            app_kib.append(report["peak_kib"])
            seconds, bare = _probe("bare")
            bare_s.append(seconds)
            bare_kib.append(bare["peak_kib"])
    start = Figure.against_floor(
        "startup",
        "start to first painted main window",
        "s",
        app_s,
        bare_s,
        "bare PySide6 QMainWindow",
        extra={"loaded_before_paint": report.get("loaded", []), "rows": report.get("rows")},
    )
    memory = Figure(
        "memory",
        "peak memory at first paint",
        "MiB",
        median(app_kib) / 1024,
        median(bare_kib) / 1024,
        "bare PySide6 QMainWindow",
        runs=runs,
    )
    return start, memory, report


def letter_command(archive: Path, debrief_id: str, runs: int) -> Figure:
    """`debrief letter` as a whole process vs a process that renders a minimal reportlab PDF."""
    cmd_s: list[float] = []
    floor_s: list[float] = []
    loaded: list[str] = []
    with data_dir_on(archive, copy=True) as data:
        out = data / "letter.pdf"
        args = ["letter", debrief_id, "--kind", "summary", "-o", str(out)]
        _, report = _probe("letter-modules", str(data), *args)
        loaded = report["loaded"]
        minimal = (
            "from reportlab.platypus import SimpleDocTemplate, Paragraph;"
            "from reportlab.lib.styles import getSampleStyleSheet;import io;"
            "s=getSampleStyleSheet()['Normal'];"
            "SimpleDocTemplate(io.BytesIO()).build([Paragraph('Thank you. ' * 400, s)])"
        )
        for _ in range(runs):
            for argv, into in (
                ([str(ROOT / "main.py"), "--data-dir", str(data), *args], cmd_s),
                (["-c", minimal], floor_s),
            ):
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, *argv],
                    cwd=ROOT,
                    env=_env(),
                    capture_output=True,
                    check=True,
                    timeout=120,
                )
                into.append(time.perf_counter() - started)
    return Figure.against_floor(
        "letter_command",
        "`debrief letter` command, whole process",
        "s",
        cmd_s,
        floor_s,
        "python + reportlab minimal PDF process",
        extra={"loaded": loaded, "widgets_loaded": "PySide6.QtWidgets" in loaded},
    )


# -- in process: the real widgets -------------------------------------------------------------


class _PaintWatch:
    """Notes when any of `widgets` gets a Paint event after `arm()`."""

    def __init__(self, widgets: list[Any]) -> None:
        from PySide6.QtCore import QEvent, QObject

        watch = self

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and watch.armed:
                    watch.painted = True
                return False

        self.armed = False
        self.painted = False
        self._filter = Filter()
        for widget in widgets:
            widget.installEventFilter(self._filter)

    def arm(self) -> None:
        self.armed, self.painted = True, False

    def wait(self, ready: Callable[[], bool], timeout_s: float = 10.0) -> None:
        from PySide6.QtCore import QCoreApplication, QEventLoop

        deadline = time.perf_counter() + timeout_s
        flags = QEventLoop.ProcessEventsFlag.AllEvents
        while not (ready() and self.painted):
            QCoreApplication.processEvents(flags, 5)
            if time.perf_counter() > deadline:
                raise TimeoutError("nothing was painted")
        self.armed = False


@contextmanager
def main_window(archive: Path) -> Iterator[Any]:
    from PySide6.QtWidgets import QApplication

    from debrief.store.database import Store
    from ui.app import build_window
    from ui.paths import resolve_paths

    app = QApplication.instance() or QApplication([])
    with data_dir_on(archive) as data:
        store = Store.open(data / "debrief.sqlite3")
        window = build_window(store, resolve_paths(data))
        window.resize(1366, 768)
        window.show()
        for _ in range(20):
            app.processEvents()
        try:
            yield window
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
            store.close()


_NEWEST = (
    "SELECT rowid FROM debrief_search WHERE debrief_search MATCH ? ORDER BY rowid DESC LIMIT 200"
)
_RANKED = "SELECT rowid FROM debrief_search WHERE debrief_search MATCH ? ORDER BY rank LIMIT 200"


def _sql_ms(store: Any, sql: str, match: str | None) -> float:
    started = time.perf_counter()
    store.db.execute(sql, [match]).fetchall()
    return (time.perf_counter() - started) * 1000


def search_as_you_type(window: Any, queries: list[str]) -> tuple[Figure, Figure]:
    """Keystroke in the search box to the list painted with its results; and the core query."""
    from PySide6.QtTest import QTest

    from debrief.search import browse
    from debrief.search.browse import Filters, Sort, SortKey

    page = window.list_page
    watch = _PaintWatch([page.table.viewport(), page.no_results])
    reset = {"done": False}
    page.model.modelReset.connect(lambda: reset.update(done=True))
    keys: list[float] = []
    short_keys: list[float] = []
    prefixes: list[str] = []
    # One search first, not measured: the first-ever search in a process also pays for Qt's
    # one-off set-up of the rich-text excerpts and the table's new columns.
    QTest.keyClicks(page.search, "xq")
    page.filter_bar.apply_now()
    watch.arm()
    watch.wait(lambda: True)
    for query in queries:
        page.search.clear()
        page.filter_bar.apply_now()
        for ch in query:
            reset["done"] = False
            watch.arm()
            started = time.perf_counter()
            QTest.keyClicks(page.search, ch)
            watch.wait(lambda: reset["done"])
            ms = (time.perf_counter() - started) * 1000
            keys.append(ms)
            prefixes.append(page.search.text())
            if len(page.search.text().split()[-1] if page.search.text().split() else "") <= 2:
                short_keys.append(ms)
    visible = page.table.rowAt(page.table.viewport().height() - 1) + 1 or 25
    page.search.clear()
    page.filter_bar.apply_now()
    store = page.model.store
    core: list[float] = []
    floor: list[float] = []
    floor_ranked: list[float] = []
    from debrief.search.query import build_match

    # The list remembers the excerpts it made while typing; time the core as a new search.
    browse.forget_excerpts()
    for text in prefixes:
        filters = Filters(text=text)

        def ask(f: Filters = filters) -> None:
            browse.count_shown(store, f)
            rows = browse.page(
                store, f, Sort(SortKey.RELEVANCE), 0, page.model.PAGE_SIZE, snippets=False
            )
            for row in rows[:visible]:  # the list makes excerpts for the rows it paints
                browse.snippet(store, f.text, row.id)

        core.append(timed_ms(ask))
        match = build_match(text)
        floor.append(_sql_ms(store, _NEWEST, match))
        floor_ranked.append(_sql_ms(store, _RANKED, match))
    typed = Figure.against_floor(
        "search_keystroke",
        "search: keystroke to painted results (real widgets)",
        "ms",
        keys,
        floor,
        "raw FTS5: newest 200 matches",
        extra={
            "short_prefix_p95_ms": p95(short_keys),
            "max_ms": max(keys),
            "keystrokes": len(keys),
        },
    )
    core_figure = Figure.against_floor(
        "search_core",
        "search: count, first page and its shown excerpts (core)",
        "ms",
        core,
        floor,
        "raw FTS5: newest 200 matches",
        extra={
            "raw_bm25_top200_p50_ms": median(floor_ranked),
            "raw_bm25_p95_ms": p95(floor_ranked),
        },
    )
    return typed, core_figure


def open_debrief(window: Any, debrief_ids: list[str]) -> Figure:
    """A debrief with a whole meeting: from asking to open it to its page painted."""
    from debrief.debriefs.record import load_record

    detail = window.browsing.detail_page
    watch = _PaintWatch([detail.browser.viewport()])
    opened: list[float] = []
    data: list[float] = []
    for debrief_id in debrief_ids:
        window.show_list()
        watch.arm()
        started = time.perf_counter()
        window.browsing.open_debrief(debrief_id)
        watch.wait(lambda: True)
        opened.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        load_record(window.store, debrief_id)
        data.append((time.perf_counter() - started) * 1000)
    window.show_list()
    return Figure.against_floor(
        "open_debrief",
        "open a debrief with a full meeting, to painted",
        "ms",
        opened,
        data,
        "reading its record (load_record)",
    )


def letter_render(archive: Path, debrief_id: str, runs: int) -> Figure:
    """A two-page summary letter rendered in process vs a minimal reportlab document of the
    same text (and LibreOffice converting it, where installed)."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from debrief.debriefs.customer_view import load_customer_view
    from debrief.letters.drafting import Draft, letter_document
    from debrief.letters.pdf import render_pdf
    from debrief.letters.sender_profile import get_sender_profile
    from debrief.model import LetterKind
    from debrief.resources import resource_path
    from debrief.store.database import Store

    store = Store.open(archive)
    try:
        view = load_customer_view(store, debrief_id)
        profile = get_sender_profile(store)
        letters = [r[0] for r in store.db.execute("SELECT text FROM letters LIMIT 40")]
    finally:
        store.close()
    # A letter in European languages (the usual case) for the figure; one with a Japanese
    # sentence is timed on the side: reportlab wraps such a paragraph letter by letter.
    latin = [t for t in letters if t.isascii() or not any("\u3000" <= c <= "\u9fff" for c in t)]
    cjk = [t for t in letters if t not in latin]
    text = "\n\n".join(latin)[:4200]  # two pages with the letterhead and signature
    cjk_text = ("\n\n".join(cjk) or text)[:4200]
    draft = Draft(LetterKind.SUMMARY, "Thank you for your time", text)
    fonts = resource_path("fonts")
    pdf = render_pdf(letter_document(view, draft, profile), fonts)  # warm: fonts registered
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    style = getSampleStyleSheet()["Normal"]

    def minimal() -> None:
        story = [
            Paragraph(p.replace("&", "&amp;").replace("<", "&lt;"), style)
            for p in text.split("\n\n")
        ]
        SimpleDocTemplate(io.BytesIO()).build(list[Any](story))

    from reportlab.lib.styles import ParagraphStyle

    from debrief.letters.pdf import SANS

    same_font = ParagraphStyle("same-font", parent=style, fontName=SANS)

    def minimal_same_font() -> None:
        story = [
            Paragraph(p.replace("&", "&amp;").replace("<", "&lt;"), same_font)
            for p in text.split("\n\n")
        ]
        SimpleDocTemplate(io.BytesIO()).build(list[Any](story))

    minimal()
    minimal_same_font()
    same = [timed_ms(minimal_same_font) for _ in range(runs)]
    ours, floor = [], []
    for _ in range(runs):
        ours.append(timed_ms(lambda: render_pdf(letter_document(view, draft, profile), fonts)))
        floor.append(timed_ms(minimal))
    cjk_draft = Draft(LetterKind.SUMMARY, "Thank you for your time", cjk_text)
    with_cjk = [
        timed_ms(lambda: render_pdf(letter_document(view, cjk_draft, profile), fonts))
        for _ in range(3)
    ]
    extra: dict[str, Any] = {
        "pages": pages,
        "with_a_japanese_sentence_ms": median(with_cjk),
        "floor_with_the_letters_font_ms": median(same),  # DejaVu, embedded, as the letter
    }
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "letter.txt"
            source.write_text(text, encoding="utf-8")
            started = time.perf_counter()
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)],
                capture_output=True,
                check=False,
                timeout=300,
            )
            extra["soffice_s"] = time.perf_counter() - started
    else:
        extra["soffice_s"] = None
    return Figure.against_floor(
        "letter_render",
        f"{pages}-page summary letter, rendered in process",
        "ms",
        ours,
        floor,
        "minimal reportlab document, same text",
        extra=extra,
    )


def autosave(archive: Path, debrief_id: str, seconds: float) -> tuple[Figure, Figure]:
    """Typing fast (a key every 15 ms) at the end of a 1 MB note pad in a running meeting:
    the longest GUI-thread stall per save, and keystroke-to-committed latency."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest

    def wait(ms: int) -> None:
        # As the app's own event loop does, and unlike QTest.qWait, this lets other Python
        # threads (the autosave writer) run meanwhile.
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    from debrief.store.database import Store
    from ui.app import build_window
    from ui.paths import resolve_paths

    with data_dir_on(archive, copy=True) as data:
        path = data / "debrief.sqlite3"
        with sqlite3.connect(path) as conn:
            conn.execute(
                "UPDATE debriefs SET meeting_started_at = '2026-11-30T09:00:00+00:00',"
                " question_set_name = 'Standard' WHERE id = ?",
                [debrief_id],
            )
        store = Store.open(path)
        window = build_window(store, resolve_paths(data))
        window.resize(1366, 768)
        window.show()
        page = window.meeting_mode.page
        page.open(debrief_id)
        window.show_page(page)
        saver = page.saver
        editor = page.meeting_screen.notepad
        line = "They compared our response times with Corvane's and asked about the pilot.\n"
        editor.setPlainText((line * (1_000_000 // len(line) + 1))[:1_000_000])
        saver.flush()
        editor.setFocus()
        editor.moveCursor(editor.textCursor().MoveOperation.End)
        stalls: list[float] = []
        commits: list[float] = []
        keys: list[float] = []
        # A save holds the GUI thread twice: the timed round (read the text, hand it to the
        # writer thread) and the outcome's delivery (the broadcast and whoever reacts to it).
        # Each is a stall; commit times are the writer's own.
        round_ = saver._run_due
        done = saver.writer_done

        def timed_round() -> None:
            started = time.perf_counter()
            round_()
            stalls.append((time.perf_counter() - started) * 1000)

        def timed_done(results: list[Any]) -> None:
            started = time.perf_counter()
            done(results)
            stalls.append((time.perf_counter() - started) * 1000)
            commits.extend(r.finished for r in results if r.ran and r.error is None)

        saver._timer.timeout.disconnect()
        saver._timer.timeout.connect(timed_round)
        saver.writer_done = timed_done  # type: ignore[method-assign]
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            keys.append(time.perf_counter())
            QTest.keyClick(editor, Qt.Key.Key_A)
            wait(15)
        wait(1200)
        latencies = []
        saver.flush()
        commits.sort()
        for key in keys:
            after = [c for c in commits if c >= key]
            if after:
                latencies.append((after[0] - key) * 1000)
        # The floor: SQLite writing the same 1 MB note, committed, on the same file.
        note = editor.toPlainText()
        raw = sqlite3.connect(path)
        floor = []
        for i in range(5):
            changed = note + "abcde"[i]  # SQLite skips rewriting a byte-identical row
            started = time.perf_counter()
            raw.execute("UPDATE debriefs SET notepad = ? WHERE id = ?", [changed, debrief_id])
            raw.commit()
            floor.append((time.perf_counter() - started) * 1000)
        raw.close()
        window.close()
        store.close()
    stall = Figure(
        "autosave_stall",
        "autosave: GUI-thread stall per save, 1 MB note",
        "ms",
        median(stalls),
        median(floor),
        "SQLite UPDATE + COMMIT of the note",
        p95=max(stalls) if stalls else None,
        floor_p95=max(floor),
        runs=len(stalls),
        extra={"max_ms": max(stalls) if stalls else None, "keystrokes": len(keys)},
    )
    committed = Figure(
        "autosave_committed",
        "autosave: keystroke to committed",
        "ms",
        median(latencies),
        None,
        "",
        p95=p95(latencies),
        runs=len(latencies),
    )
    return stall, committed
