"""Log review (loggkontroll) through HTTP: filters of the trail, the per-actor
review with its flags, and its CSV."""

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.conftest import make_settings
from api_tests.factories import create_participant
from service.settings import app_settings

JARVA, KISTA = "Jobbtorg Järva", "Jobbtorg Kista"
MATCHER = "matcher"


def trail(client: TestClient, keys: Keys, **filters: str) -> list[dict[str, Any]]:
    response = client.get(
        "/v1/audit", params={"limit": 200, **filters}, headers=keys.auth("auditor")
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def read(client: TestClient, keys: Keys, ref: str, purpose: str | None = None) -> None:
    headers = keys.auth(MATCHER)
    if purpose is not None:
        headers["X-Purpose"] = quote(purpose)
    assert client.get(f"/v1/participants/{ref}", headers=headers).status_code == 200


def outside_now() -> tuple[int, int]:
    """A working day that does not contain the present hour in Stockholm."""
    hour = datetime.now(ZoneInfo("Europe/Stockholm")).hour
    return (hour + 1, hour + 2) if hour < 22 else (0, 1)


@pytest.fixture(name="strict")
def strict_fixture(client: TestClient, database_url: str) -> Iterator[TestClient]:
    """The app reviewing with a low bulk threshold and a working day that the
    present hour falls outside."""
    starts, ends = outside_now()
    settings = make_settings(
        database_url,
        audit_review_bulk_participants=5,
        audit_review_day_starts=starts,
        audit_review_day_ends=ends,
    )
    overrides = client.app.dependency_overrides  # type: ignore[attr-defined]
    overrides[app_settings] = lambda: settings
    try:
        yield client
    finally:
        overrides.pop(app_settings, None)


class TestAuditFilters:
    def test_by_participant_actor_action_purpose_and_period(
        self, client: TestClient, keys: Keys
    ) -> None:
        started = datetime.now(UTC) - timedelta(seconds=1)
        create_participant(client, keys, "lr-1")
        create_participant(client, keys, "lr-2")
        read(client, keys, "lr-1", purpose="Uppföljning vecka 49")
        read(client, keys, "lr-2")

        about = trail(client, keys, participant_ref="lr-1")
        assert [(e["action"], e["object_id"]) for e in about] == [
            ("participant.read", "lr-1"),
            ("participant.create", "lr-1"),
        ]
        actor = about[0]["key_id"]
        assert {e["key_id"] for e in trail(client, keys, key_id=actor)} == {actor}
        why = trail(client, keys, purpose_contains="uppföljning")
        assert [(e["object_id"], e["purpose"]) for e in why] == [
            ("lr-1", "Uppföljning vecka 49")
        ]
        reads = trail(
            client, keys, action="participant.read", since=started.isoformat()
        )
        assert [e["object_id"] for e in reads] == ["lr-2", "lr-1"]
        naive = started.replace(tzinfo=None).isoformat()
        assert trail(client, keys, participant_ref="lr-2", to=naive) == []
        assert len(trail(client, keys, participant_ref="lr-2", **{"from": naive})) == 2

    def test_every_read_of_the_trail_is_itself_audited(
        self, client: TestClient, keys: Keys
    ) -> None:
        trail(client, keys, participant_ref="lr-9")
        (entry,) = trail(client, keys, action="audit.list", object_id="lr-9")
        assert entry["role"] == "auditor"


class TestReview:
    def test_reads_are_counted_per_actor_and_unusual_patterns_flagged(
        self, strict: TestClient, keys: Keys
    ) -> None:
        client = strict
        started = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
        for number in range(14):
            create_participant(client, keys, f"lr-j{number}", owning_unit=JARVA)
        create_participant(client, keys, "lr-k0", owning_unit=KISTA)
        listed = client.get(
            "/v1/participants", params={"limit": 100}, headers=keys.auth(MATCHER)
        )
        assert listed.status_code == 200
        assert listed.json()["total"] == 15
        read(client, keys, "lr-j0", purpose="uppföljning")
        assert (
            client.delete(
                "/v1/participants/lr-j13", headers=keys.auth(MATCHER)
            ).status_code
            == 204
        )

        response = client.get(
            "/v1/audit/review", params={"from": started}, headers=keys.auth("auditor")
        )

        assert response.status_code == 200, response.text
        body = response.json()
        starts, ends = outside_now()
        assert body == {
            "since": body["since"],
            "until": None,
            "time_zone": "Europe/Stockholm",
            "day_starts": starts,
            "day_ends": ends,
            "bulk_participants": 5,
            "actors": [
                {
                    "key_id": body["actors"][0]["key_id"],
                    "role": MATCHER,
                    "units": "*",
                    "reads": 16,
                    "participants": 15,
                    "erased_participants": 1,
                    "usual_units": [JARVA],
                    "purposes": [
                        {"purpose": None, "reads": 15},
                        {"purpose": "uppföljning", "reads": 1},
                    ],
                    "flags": [
                        {
                            "code": "bulk_without_shortlist",
                            "count": 15,
                            "detail": "15 participants read other than through a "
                            "shortlist (threshold 5)",
                        },
                        {
                            "code": "outside_usual_units",
                            "count": 1,
                            "detail": "1 reads of participants outside the usual units",
                        },
                        {
                            "code": "unusual_hours",
                            "count": 16,
                            "detail": "16 reads outside the working day",
                        },
                    ],
                }
            ],
        }

    def test_within_the_working_day_and_units_nothing_is_flagged(
        self, client: TestClient, keys: Keys
    ) -> None:
        started = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
        create_participant(client, keys, "lr-calm")
        read(client, keys, "lr-calm", purpose="planering")
        review = client.get(
            "/v1/audit/review", params={"from": started}, headers=keys.auth("auditor")
        ).json()
        (actor,) = review["actors"]
        weekend = datetime.now(ZoneInfo("Europe/Stockholm")).weekday() >= 5
        local_hour = datetime.now(ZoneInfo("Europe/Stockholm")).hour
        working = review["day_starts"] <= local_hour < review["day_ends"]
        expected = [] if working and not weekend else ["unusual_hours"]
        assert [f["code"] for f in actor["flags"]] == expected
        assert (actor["reads"], actor["participants"], actor["usual_units"]) == (
            1,
            1,
            ["Jobbtorg Järva"],
        )

    def test_the_csv_has_a_line_per_actor_and_no_live_formulas(
        self, client: TestClient, keys: Keys
    ) -> None:
        started = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
        create_participant(client, keys, "lr-csv")
        read(client, keys, "lr-csv", purpose="=HYPERLINK(1)")
        response = client.get(
            "/v1/audit/review",
            params={"from": started},
            headers={**keys.auth("auditor"), "Accept": "text/csv"},
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == [
            "key_id",
            "role",
            "units",
            "reads",
            "participants",
            "erased_participants",
            "usual_units",
            "purposes",
            "flags",
        ]
        (line,) = rows[1:]
        assert line[1:8] == [
            MATCHER,
            "*",
            "1",
            "1",
            "0",
            "Jobbtorg Järva",
            "'=HYPERLINK(1)=1",
        ]

    def test_the_review_is_for_auditors_and_admins_and_is_audited(
        self, client: TestClient, keys: Keys
    ) -> None:
        for role in (MATCHER, "liaison", "integration"):
            refused = client.get("/v1/audit/review", headers=keys.auth(role))
            assert refused.status_code == 403
        admin = client.get(
            "/v1/audit/review", params={"key_id": "k-x"}, headers=keys.auth("admin")
        )
        assert admin.status_code == 200
        assert admin.json()["actors"] == []
        (entry,) = trail(client, keys, action="audit.review")
        assert (entry["role"], entry["object_id"]) == ("admin", "k-x")
