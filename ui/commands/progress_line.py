"""A progress line on stderr for long exports and imports (only when the work is large)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

LARGE = 2000  # items: below this, work finishes before a progress line would help


class ProgressLine:
    """`progress(stage, done, total)` callback that prints at most a few lines a second."""

    def __init__(self, stream: TextIO | None = None, every_s: float = 0.25) -> None:
        self.stream = stream or sys.stderr
        self.every_s = every_s
        self._last = 0.0
        self._shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < LARGE:
            return
        now = time.monotonic()
        if done < total and now - self._last < self.every_s:
            return
        self._last = now
        percent = 100 * done // total if total else 100
        line = f"debrief: {stage}: {done:,} of {total:,} ({percent}%)"
        if self.stream.isatty():
            self.stream.write("\r" + line.ljust(72))
            if done >= total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self._shown = True
