"""Real concurrency: 50 clients race for the last 3 seats of a cohort.

The app is served by uvicorn on 127.0.0.1 in a thread, on a database of its own (a
temporary SQLite file, or a fresh PostgreSQL schema), so every request commits for
real and nothing is rolled back between them.
"""

import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api_tests.conftest import SNAPSHOT, cli, make_settings
from api_tests.factories import NURSE_ASSISTANT_HOME_CARE, STOCKHOLM
from service.main import create_app

SCHEMA = "concurrency"
RACERS = 50
SEATS = 5
ALREADY_TAKEN = 2


@pytest.fixture(name="dedicated_url")
def dedicated_url_fixture(tmp_path: Path) -> Iterator[str]:
    url = os.environ.get("JOBBMATCH_TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'concurrency.db'}"
        return
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={SCHEMA}"})
    yield scoped.render_as_string(hide_password=False)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    admin.dispose()


@contextmanager
def serve(database_url: str) -> Iterator[str]:
    """Serve the app with uvicorn on a free port in a thread; yield its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(make_settings(database_url))
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", http="h11", ws="none")
    )
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + 180
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the app did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _key(http: httpx.Client, admin: str, role: str) -> dict[str, str]:
    response = http.post(
        "/v1/keys",
        json={"name": f"race {role}", "role": role},
        headers={"Authorization": f"Bearer {admin}"},
    )
    return {"Authorization": f"Bearer {response.json()['key']}"}


def _prepare(
    http: httpx.Client, liaison: dict[str, str], integration: dict[str, str]
) -> int:
    track = http.post(
        "/v1/tracks",
        json={
            "name": "Race track",
            "kind": "jobbspar",
            "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
        },
        headers=liaison,
    ).json()
    cohort = http.post(
        f"/v1/tracks/{track['id']}/cohorts",
        json={"seats": SEATS, "start_date": "2027-02-01", "end_date": "2027-06-01"},
        headers=liaison,
    ).json()
    rows = [
        {
            "participant_ref": f"race-{n}",
            "owning_unit": "Jobbtorg",
            "home_municipality_id": STOCKHOLM,
        }
        for n in range(RACERS + ALREADY_TAKEN)
    ]
    report = http.post(
        "/v1/participants:batch", json={"participants": rows}, headers=integration
    ).json()
    assert report["created"] == RACERS + ALREADY_TAKEN, report
    cohort_id: int = cohort["id"]
    return cohort_id


@pytest.mark.skipif(
    not (SNAPSHOT / "concepts.jsonl").exists(), reason="no taxonomy snapshot"
)
def test_fifty_racers_for_three_seats_get_three_201s_and_47_409s(
    dedicated_url: str,
) -> None:
    with (
        serve(dedicated_url) as base_url,
        httpx.Client(
            base_url=base_url,
            timeout=120,
            limits=httpx.Limits(max_connections=RACERS + 10),
        ) as http,
    ):
        created = cli(
            dedicated_url, "keys", "create", "--role", "admin", "--name", "race"
        )
        admin = created.stdout.strip().splitlines()[-1]
        matcher = _key(http, admin, "matcher")
        cohort_id = _prepare(
            http, _key(http, admin, "liaison"), _key(http, admin, "integration")
        )
        url = f"/v1/cohorts/{cohort_id}/enrolments"
        for n in range(ALREADY_TAKEN):
            taken = http.post(
                url, json={"participant_ref": f"race-{n}"}, headers=matcher
            )
            assert taken.status_code == 201
        start = threading.Barrier(RACERS)

        def race(n: int) -> httpx.Response:
            start.wait()
            return http.post(
                url,
                json={"participant_ref": f"race-{ALREADY_TAKEN + n}"},
                headers=matcher,
            )

        with ThreadPoolExecutor(max_workers=RACERS) as pool:
            responses = list(pool.map(race, range(RACERS)))
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [201] * (SEATS - ALREADY_TAKEN) + [409] * (
            RACERS - SEATS + ALREADY_TAKEN
        )
        refusals = [r.json() for r in responses if r.status_code == 409]
        assert {(r["title"], r["rule"], r["seats"]) for r in refusals} == {
            ("Conflict", "seats_full", SEATS)
        }
        cohort = http.get(f"/v1/cohorts/{cohort_id}", headers=matcher).json()
        enrolled = http.get(url, headers=matcher).json()
        assert (cohort["seats_taken"], enrolled["total"]) == (SEATS, SEATS)
