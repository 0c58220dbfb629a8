"""A per-key request budget, counted in fixed one-minute windows in this process.

Each worker process counts on its own; behind N workers a key gets up to N times the
budget. That is enough to stop a runaway integration, which is what it is for.
"""

import math
import threading
import time
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class RateLimiter:
    def __init__(
        self, per_minute: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}

    def acquire(self, key: str) -> float | None:
        """Count a request; return None if allowed, else seconds to the next window."""
        now = self._clock()
        with self._lock:
            started, count = self._windows.get(key, (now, 0))
            if now - started >= WINDOW_SECONDS:
                started, count = now, 0
            if count >= self.per_minute:
                return WINDOW_SECONDS - (now - started)
            self._windows[key] = (started, count + 1)
            return None


def retry_after_header(seconds: float) -> dict[str, str]:
    return {"Retry-After": str(max(1, math.ceil(seconds)))}
