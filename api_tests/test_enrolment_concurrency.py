"""Real concurrency: 50 clients race to select people for the last 3 seats of a cohort.

Selection (a shortlist decision) takes the seat, so that is where the race is.

The app is served by uvicorn on 127.0.0.1 in a thread, on a database of its own (a
temporary SQLite file, or a fresh PostgreSQL schema), so every request commits for
real and nothing is rolled back between them.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from api_tests.conftest import cli
from api_tests.factories import NURSE_ASSISTANT_HOME_CARE, STOCKHOLM
from api_tests.live import serve

RACERS = 50
SEATS = 5
ALREADY_TAKEN = 2


def _key(http: httpx.Client, admin: str, role: str) -> dict[str, str]:
    response = http.post(
        "/v1/keys",
        json={
            "name": f"race {role}",
            "role": role,
            "all_units": role in ("matcher", "integration"),
        },
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


@pytest.mark.needs_shared_taxonomy
def test_fifty_racers_for_three_seats_get_three_201s_and_47_409s(
    scratch_database_url: str,
) -> None:
    with (
        serve(scratch_database_url) as base_url,
        httpx.Client(
            base_url=base_url,
            timeout=120,
            limits=httpx.Limits(max_connections=RACERS + 10),
        ) as http,
    ):
        created = cli(
            scratch_database_url, "keys", "create", "--role", "admin", "--name", "race"
        )
        admin = created.stdout.strip().splitlines()[-1]
        matcher = _key(http, admin, "matcher")
        cohort_id = _prepare(
            http, _key(http, admin, "liaison"), _key(http, admin, "integration")
        )
        url = f"/v1/cohorts/{cohort_id}/enrolments"
        shortlist = http.post(
            "/v1/shortlists",
            json={
                "target": {"kind": "cohort", "id": cohort_id},
                "purpose": "race",
                "limit": RACERS + ALREADY_TAKEN,
            },
            headers=matcher,
        )
        assert shortlist.status_code == 201, shortlist.text
        assert len(shortlist.json()["results"]) == RACERS + ALREADY_TAKEN
        decisions = f"/v1/shortlists/{shortlist.json()['id']}/decisions"

        def select(n: int) -> httpx.Response:
            return http.post(
                decisions,
                json={"participant_ref": f"race-{n}", "decision": "selected"},
                headers=matcher,
            )

        for n in range(ALREADY_TAKEN):
            assert select(n).status_code == 201
        start = threading.Barrier(RACERS)

        def race(n: int) -> httpx.Response:
            start.wait()
            return select(ALREADY_TAKEN + n)

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
        stored = http.get(
            f"/v1/shortlists/{shortlist.json()['id']}", headers=matcher
        ).json()
        assert len(stored["decisions"]) == SEATS
