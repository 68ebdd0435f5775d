"""What the benchmark runs in a fresh process: `python -m tools.bench.probe KIND [DATA_DIR]`.

`app` starts Debrief through its real entry point (`ui.entry.main`) on DATA_DIR; `bare` shows a
bare PySide6 QMainWindow, the floor. Both stop at the first paint of the main window and print
one JSON line: the wall-clock time of that paint (the parent subtracts its own start time), the
peak memory so far, and which heavy modules were loaded by then (with `DEBRIEF_PROBE_MODULES=1`
in the environment, also every module loaded by then, as "modules").
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

HEAVY = [
    "reportlab",
    "sqlite_utils",
    "click",
    "dateutil",
    "pluggy",
    "matplotlib",
    "numpy",
    "debrief.insights.report",
    "debrief.exchange.importing",
    "icalendar",
    "babel",
    "debrief.samples",
    "debrief.letters.pdf",
    "PySide6.QtPdf",
    "PySide6.QtWidgets",
]


def _peak_kib() -> int:
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux carries the
    parent's peak across fork and exec, so a probe started by a big benchmark would inherit it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _report(extra: dict[str, object]) -> None:
    loaded = [name for name in HEAVY if name in sys.modules]
    peak_kib = _peak_kib()
    if os.environ.get("DEBRIEF_PROBE_MODULES"):
        extra = {**extra, "modules": sorted(sys.modules)}
    print(json.dumps({"painted_at": time.time(), "peak_kib": peak_kib, "loaded": loaded, **extra}))
    sys.stdout.flush()


def _first_paint_then_quit() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    app = QApplication.instance() or QApplication(sys.argv[:1])

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                not self.done
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and isinstance(watched.window(), QMainWindow)
            ):
                self.done = True
                QTimer.singleShot(0, self.finish)
            return False

        def finish(self) -> None:
            window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow))
            rows = getattr(getattr(window, "list_page", None), "model", None)
            _report({"rows": rows.rowCount() if rows is not None else 0})
            QApplication.closeAllWindows()
            QApplication.quit()

    spy = FirstPaint(app)
    app.installEventFilter(spy)
    app.setProperty("bench_spy", spy)  # keep it alive


def main(argv: list[str]) -> int:
    kind = argv[0]
    if kind == "bare":
        from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

        app = QApplication(sys.argv[:1])
        _first_paint_then_quit()
        window = QMainWindow()
        window.setCentralWidget(QLabel("Debrief"))
        window.resize(1280, 720)
        window.show()
        return app.exec()
    if kind == "app":
        from PySide6.QtWidgets import QApplication

        QApplication(sys.argv[:1])
        _first_paint_then_quit()
        from ui.entry import main as debrief_main

        return debrief_main(["--data-dir", argv[1], "--no-crash-dialog"])
    if kind == "letter-modules":
        # The `letter` command, then which modules it needed (it must not need the widgets).
        from ui.entry import main as debrief_main

        code = debrief_main(["--data-dir", *argv[1:]])
        _report({"code": code})
        return code
    raise SystemExit(f"unknown probe {kind!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
