"""Rate-limit windows: counted per key in wall-clock minutes, shared by processes
through one mapped file."""

import multiprocessing
from pathlib import Path

from service.kit.ratelimit import (
    WINDOW_SECONDS,
    LocalWindows,
    RateLimiter,
    SharedWindows,
)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_budget_per_key_and_window() -> None:
    clock = Clock(10 * WINDOW_SECONDS + 5)
    limiter = RateLimiter(2, LocalWindows(), clock)
    assert [limiter.acquire("a") for _ in range(2)] == [None, None]
    assert limiter.acquire("a") == WINDOW_SECONDS - 5
    assert limiter.acquire("b") is None
    clock.now = 11 * WINDOW_SECONDS
    assert limiter.acquire("a") is None


def test_two_openers_of_one_file_share_the_count(tmp_path: Path) -> None:
    path = tmp_path / "keys.bin"
    first, second = SharedWindows(path), SharedWindows(path)
    allowed = [w.count("key", 7, 3) for w in (first, second, first, second)]
    assert allowed == [True, True, True, False]
    assert second.count("other", 7, 3)
    assert first.count("key", 8, 3)
    first.close()
    second.close()


def _spend(path: str, tries: int, results: "multiprocessing.Queue[int]") -> None:
    windows = SharedWindows(Path(path))
    results.put(sum(windows.count("key", 1, 25) for _ in range(tries)))
    windows.close()


def test_processes_spend_one_budget(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[int] = context.Queue()
    path = str(tmp_path / "keys.bin")
    workers = [
        context.Process(target=_spend, args=(path, 20, results)) for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    allowed = sum(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert allowed == 25


def test_many_keys_fit_and_stale_slots_are_reused(tmp_path: Path) -> None:
    windows = SharedWindows(tmp_path / "keys.bin")
    assert all(windows.count(f"k{i}", 1, 1) for i in range(2000))
    assert not windows.count("k1", 1, 1)
    assert all(windows.count(f"n{i}", 2, 1) for i in range(2000))
    windows.close()
