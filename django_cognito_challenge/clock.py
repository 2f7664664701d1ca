"""The app's notion of now, in one place so tests can move it."""

from __future__ import annotations

import time


def now() -> float:
    """Seconds since the epoch."""
    return time.time()
