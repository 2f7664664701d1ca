"""A clock a test moves by hand, standing in for a module's own time function."""

from __future__ import annotations

import time


class StillClock:
    """Stands still between moves, so a boundary is exactly the boundary."""

    def __init__(self) -> None:
        self.now = time.time()

    def advance(self, seconds: float) -> None:
        self.now += seconds


def stand_still(monkeypatch, owner, name: str) -> StillClock:
    """Replace ``owner.<name>`` (a function answering the time) with a still clock; return it."""
    still = StillClock()
    monkeypatch.setattr(owner, name, lambda: still.now)
    return still
