"""Workers that run beside the API in every serve process, as daemon threads."""

import threading
import time
from collections.abc import Callable
from typing import Protocol


class Worker(Protocol):
    """Works in `run` until `stopping` is set."""

    stopping: threading.Event

    def run(self) -> None: ...


class BackgroundWorker:
    """A worker as a thread of the serve process: the lifespan starts it and
    closes it, waking it (`wake`) so that it sees it is stopping."""

    def __init__(
        self, worker: Worker, name: str, wake: threading.Event, join_seconds: float
    ) -> None:
        self.worker, self.wake, self.join_seconds = worker, wake, join_seconds
        self.thread = threading.Thread(target=worker.run, name=name, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def close(self) -> None:
        self.worker.stopping.set()
        self.wake.set()
        if self.thread.is_alive():
            self.thread.join(self.join_seconds)


class NowAndThen:
    """Runs a chore of a worker's loop at most once an interval, first at once."""

    def __init__(self, chore: Callable[[], object], seconds: float) -> None:
        self.chore, self.seconds = chore, seconds
        self._last: float | None = None

    def __call__(self) -> None:
        now = time.monotonic()
        if self._last is not None and now - self._last < self.seconds:
            return
        self._last = now
        self.chore()
