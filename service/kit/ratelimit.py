"""A per-key request budget, counted in fixed one-minute windows.

The windows are aligned to the wall clock, so processes agree on them. Behind
`jobbmatch serve --workers N` the workers share one count per key through a small
memory-mapped file (`JOBBMATCH_RATE_LIMIT_DIR`, made by `serve`), so a key gets its
budget once per host, not once per worker. A single process counts in memory.
Several hosts each count their own: the limit stops a runaway integration, it is
not a quota.
"""

import fcntl
import hashlib
import math
import mmap
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

WINDOW_SECONDS = 60.0
# Slots of the shared table: (key hash, window, count), probed linearly.
SLOTS = 8192
PROBES = 16
_SLOT = struct.Struct("<qqq")


class Windows(Protocol):
    def count(self, key: str, window: int, limit: int) -> bool:
        """Count one request of `key` in `window`; False once `limit` is spent."""
        ...

    def close(self) -> None: ...


class LocalWindows:
    """The counts of this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, int]] = {}

    def count(self, key: str, window: int, limit: int) -> bool:
        with self._lock:
            started, used = self._counts.get(key, (window, 0))
            if started != window:
                used = 0
            if used >= limit:
                return False
            self._counts[key] = (window, used + 1)
            return True

    def close(self) -> None:
        self._counts.clear()


class SharedWindows:
    """Counts shared by the processes of one host through a mapped file, under an
    exclusive `flock` for the few microseconds of each update."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("a+b")
        size = SLOTS * _SLOT.size
        if self._file.seek(0, 2) < size:
            self._file.truncate(size)
        self._map = mmap.mmap(self._file.fileno(), size)
        self._thread_lock = threading.Lock()

    def count(self, key: str, window: int, limit: int) -> bool:
        digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
        tag = int.from_bytes(digest, "little", signed=True) or 1
        home = tag % SLOTS
        with self._thread_lock:
            fcntl.flock(self._file, fcntl.LOCK_EX)
            try:
                return self._count(tag, home, window, limit)
            finally:
                fcntl.flock(self._file, fcntl.LOCK_UN)

    def close(self) -> None:
        self._map.close()
        self._file.close()

    def _count(self, tag: int, home: int, window: int, limit: int) -> bool:
        free: int | None = None
        for probe in range(PROBES):
            offset = ((home + probe) % SLOTS) * _SLOT.size
            held, started, used = _SLOT.unpack_from(self._map, offset)
            if held == tag:
                used = used if started == window else 0
                if used >= limit:
                    return False
                _SLOT.pack_into(self._map, offset, tag, window, used + 1)
                return True
            if free is None and (held == 0 or started < window):
                free = offset
        # A slot of an empty or past window is reused; with every probed slot busy
        # this minute the key is counted nowhere and let through.
        if free is not None:
            _SLOT.pack_into(self._map, free, tag, window, 1)
        return True


class RateLimiter:
    def __init__(
        self,
        per_minute: int,
        windows: Windows | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.per_minute = per_minute
        self._windows = windows or LocalWindows()
        self._clock = clock

    def acquire(self, key: str) -> float | None:
        """Count a request; return None if allowed, else seconds to the next window."""
        now = self._clock()
        window = math.floor(now / WINDOW_SECONDS)
        if self._windows.count(key, window, self.per_minute):
            return None
        return (window + 1) * WINDOW_SECONDS - now

    def close(self) -> None:
        self._windows.close()


def limiter(per_minute: int, shared_dir: Path | None, name: str) -> RateLimiter:
    """A limiter counting in `shared_dir` when there is one, else in this process."""
    windows = SharedWindows(shared_dir / f"{name}.bin") if shared_dir else None
    return RateLimiter(per_minute, windows)


def retry_after_header(seconds: float) -> dict[str, str]:
    return {"Retry-After": str(max(1, math.ceil(seconds)))}
