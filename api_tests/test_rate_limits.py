"""Rate limits hold per host, not per worker: `jobbmatch serve --workers 2` gives
a key its budget once, and an address its failed authentications once."""

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from api_tests.conftest import cli
from api_tests.live import serve_workers

BUDGET = 10
FAILURES = 5
CLIENTS = 20


def _statuses(base_url: str, headers: dict[str, str], count: int) -> list[int]:
    """`count` requests from concurrent clients, each on a connection of its own,
    so both workers accept some."""

    def one(_: int) -> int:
        with httpx.Client(base_url=base_url, timeout=60) as http:
            return http.get("/v1/keys", headers=headers).status_code

    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(one, range(count)))


def _inside_one_window() -> None:
    """Start well inside a wall-clock minute, so the burst meets one window."""
    second = time.time() % 60
    if second > 45:
        time.sleep(61 - second)


def test_two_workers_share_one_budget(
    scratch_database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    with serve_workers(
        scratch_database_url,
        log,
        rate_limit_per_minute=BUDGET,
        auth_failures_per_minute=FAILURES,
    ) as base_url:
        created = cli(
            scratch_database_url,
            "keys",
            "create",
            "--role",
            "admin",
            "--name",
            "limits",
        )
        assert created.returncode == 0, created.stderr
        admin = {"Authorization": f"Bearer {created.stdout.split()[-1]}"}
        _inside_one_window()
        keyed = _statuses(base_url, admin, 4 * BUDGET)
        wrong = {"Authorization": "Bearer not-a-key"}
        anonymous = _statuses(base_url, wrong, 4 * FAILURES)
    assert keyed.count(200) == BUDGET
    assert keyed.count(429) == 3 * BUDGET
    assert anonymous.count(401) == FAILURES
    assert anonymous.count(429) == 3 * FAILURES
