from service.kit.ratelimit import RateLimiter, retry_after_header


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class TestRateLimiter:
    def test_budget_is_per_key_and_resets_each_window(self) -> None:
        clock = FakeClock()
        limiter = RateLimiter(2, clock=clock)
        assert [limiter.acquire("a") for _ in range(2)] == [None, None]
        clock.now += 15
        assert limiter.acquire("a") == 45.0
        assert limiter.acquire("b") is None
        clock.now += 45
        assert limiter.acquire("a") is None

    def test_retry_after_is_whole_seconds_at_least_one(self) -> None:
        assert retry_after_header(0.2) == {"Retry-After": "1"}
        assert retry_after_header(44.1) == {"Retry-After": "45"}
