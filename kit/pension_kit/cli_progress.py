"""A command line's progress on standard error: items done of the total and the rate, on one line of a terminal."""

from __future__ import annotations

import time
from typing import TextIO

BAR_WIDTH = 30


class Progress:
    """Items done of the total and the rate, redrawn on one line of a terminal (a line per step when not a terminal,
    so a log of the run keeps every step)."""

    def __init__(self, total: int, out: TextIO, *, unit: str = "rows") -> None:
        self.total, self.out, self.unit = total, out, unit
        self.started = time.monotonic()
        self.terminal = out.isatty()

    def show(self, done: int) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        filled = BAR_WIDTH * done // self.total if self.total else BAR_WIDTH
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        line = f"[{bar}] {done:,}/{self.total:,} {self.unit}  {done / elapsed:,.0f} {self.unit}/s"
        self.out.write(f"\r{line}" if self.terminal else f"{line}\n")
        self.out.flush()

    def close(self) -> None:
        """Ends the terminal's line, so what is written next starts on its own."""
        if self.terminal:
            self.out.write("\n")
            self.out.flush()
