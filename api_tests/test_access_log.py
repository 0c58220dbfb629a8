"""Every operation that reads or writes a participant leaves an access-log entry.

The operations are found by walking the served OpenAPI document: any operation whose
path, parameters, request body or response mentions `participant_ref` touches
participant data. Each must have a call below; a new route without one fails
`test_every_participant_operation_is_called_here`, and a call whose route forgets
the access log fails `test_operation_leaves_an_access_log_entry`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import (
    create_cohort,
    create_organisation,
    create_participant,
    create_placement,
    create_track,
    participant_body,
)

REF = "walk-1"
OTHER_REF = "walk-2"
NEW_REF = "walk-3"
PURPOSE = "route walk"


@dataclass(frozen=True)
class World:
    cohort_id: int
    placement_id: int
    enrolment_id: int
    shortlist_id: int


Call = Callable[[TestClient, dict[str, str], World], Any]


def _purposeful(path: str, body: Callable[[World], dict[str, Any]]) -> Call:
    """A POST whose body states the purpose, as shortlists and matches do."""
    return lambda client, headers, world: client.post(
        path.format(w=world),
        json={**body(world), "purpose": headers["X-Purpose"]},
        headers=headers,
    )


def _get(path: str) -> Call:
    return lambda client, headers, world: client.get(
        path.format(w=world), headers=headers
    )


CALLS: dict[tuple[str, str], tuple[Call, str]] = {
    ("get", "/v1/participants"): (_get("/v1/participants"), "matcher"),
    ("post", "/v1/participants"): (
        lambda c, h, w: c.post(
            "/v1/participants", json=participant_body(NEW_REF), headers=h
        ),
        "matcher",
    ),
    ("get", "/v1/participants/{participant_ref}"): (
        _get(f"/v1/participants/{REF}"),
        "matcher",
    ),
    ("patch", "/v1/participants/{participant_ref}"): (
        lambda c, h, w: c.patch(
            f"/v1/participants/{REF}", json={"owning_unit": "Jobbtorg Kista"}, headers=h
        ),
        "matcher",
    ),
    ("delete", "/v1/participants/{participant_ref}"): (
        lambda c, h, w: c.delete(f"/v1/participants/{OTHER_REF}", headers=h),
        "matcher",
    ),
    ("post", "/v1/participants:batch"): (
        lambda c, h, w: c.post(
            "/v1/participants:batch",
            json={"participants": [participant_body(REF)]},
            headers=h,
        ),
        "integration",
    ),
    ("post", "/v1/cohorts/{cohort_id}/enrolments"): (
        lambda c, h, w: c.post(
            f"/v1/cohorts/{w.cohort_id}/enrolments",
            json={"participant_ref": OTHER_REF},
            headers=h,
        ),
        "matcher",
    ),
    ("get", "/v1/cohorts/{cohort_id}/enrolments"): (
        _get("/v1/cohorts/{w.cohort_id}/enrolments"),
        "matcher",
    ),
    ("post", "/v1/placements/{placement_id}/enrolments"): (
        lambda c, h, w: c.post(
            f"/v1/placements/{w.placement_id}/enrolments",
            json={"participant_ref": OTHER_REF},
            headers=h,
        ),
        "matcher",
    ),
    ("get", "/v1/placements/{placement_id}/enrolments"): (
        _get("/v1/placements/{w.placement_id}/enrolments"),
        "matcher",
    ),
    ("get", "/v1/enrolments"): (_get("/v1/enrolments"), "matcher"),
    ("get", "/v1/enrolments/{enrolment_id}"): (
        _get("/v1/enrolments/{w.enrolment_id}"),
        "matcher",
    ),
    ("post", "/v1/shortlists"): (
        _purposeful(
            "/v1/shortlists",
            lambda w: {"target": {"kind": "cohort", "id": w.cohort_id}},
        ),
        "matcher",
    ),
    ("get", "/v1/shortlists/{shortlist_id}"): (
        _get("/v1/shortlists/{w.shortlist_id}"),
        "matcher",
    ),
    ("post", "/v1/shortlists/{shortlist_id}/decisions"): (
        lambda c, h, w: c.post(
            f"/v1/shortlists/{w.shortlist_id}/decisions",
            json={"participant_ref": REF, "decision": "proposed"},
            headers=h,
        ),
        "matcher",
    ),
    ("post", "/v1/participants/{participant_ref}/matches"): (
        _purposeful(f"/v1/participants/{REF}/matches", lambda w: {}),
        "matcher",
    ),
    ("get", "/v1/participants/{participant_ref}/export"): (
        _get(f"/v1/participants/{REF}/export"),
        "matcher",
    ),
    ("patch", "/v1/enrolments/{enrolment_id}"): (
        lambda c, h, w: c.patch(
            f"/v1/enrolments/{w.enrolment_id}",
            json={"stage": "info_meeting"},
            headers=h,
        ),
        "matcher",
    ),
}


# Operations that name participant_ref without showing participant data from
# outside the audit trail, or whose entries need committed history to exist, each
# with the test that shows its own log entries.
ELSEWHERE = {
    # Reading the trail is itself audited (audit.read): api_tests/test_log_review.py.
    ("get", "/v1/audit"),
    ("get", "/v1/audit/review"),
    # The feed shows committed changes only, which this rolled-back client has none
    # of; participant.event entries: api_tests/test_events.py.
    ("get", "/v1/events"),
    # Lists only participants past their planned length, which this world has
    # none of; the route logs each one it lists (service/stats/routes.py).
    ("get", "/v1/stats/lock-in/participants"),
}


def _mentions_ref(node: Any, schemas: dict[str, Any], seen: set[str]) -> bool:
    """Whether a schema fragment, with its references followed, has the field."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name in seen:
                return False
            seen.add(name)
            return _mentions_ref(schemas[name], schemas, seen)
        if "participant_ref" in node.get("properties", {}):
            return True
        if node.get("name") == "participant_ref":
            return True
        return any(_mentions_ref(value, schemas, seen) for value in node.values())
    if isinstance(node, list):
        return any(_mentions_ref(item, schemas, seen) for item in node)
    return False


def participant_operations(spec: dict[str, Any]) -> set[tuple[str, str]]:
    schemas = spec["components"]["schemas"]
    found = set()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            relevant = {
                key: operation.get(key)
                for key in ("parameters", "requestBody")
                if key in operation
            }
            success = {
                status: body
                for status, body in operation.get("responses", {}).items()
                if status.startswith("2")
            }
            touched = "participant_ref" in path or _mentions_ref(
                [relevant, success], schemas, set()
            )
            if touched:
                found.add((method, path))
    return found


def test_every_participant_operation_is_called_here(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    missing = participant_operations(spec) - set(CALLS) - ELSEWHERE
    assert not missing, f"add a call for each of these operations: {sorted(missing)}"
    assert set(CALLS) | ELSEWHERE <= participant_operations(spec)


@pytest.fixture(name="world")
def world_fixture(client: TestClient, keys: Keys) -> World:
    # Registered at Arbetsförmedlingen, so praktik's eligibility rule holds.
    registered = [
        {
            "basis": "af_registered",
            "decided_by": "Arbetsförmedlingen",
            "decided_at": "2026-01-05",
        }
    ]
    create_participant(client, keys, REF, eligibility=registered)
    create_participant(client, keys, OTHER_REF, eligibility=registered)
    host = create_organisation(client, keys)
    track = create_track(client, keys)
    cohort = create_cohort(client, keys, track["id"])
    placement = create_placement(
        client, keys, host["id"], capacity=3, supervisor_capacity=3
    )
    enrolments = [
        client.post(
            f"/v1/{where}/enrolments",
            json={"participant_ref": REF},
            headers=keys.auth("matcher"),
        )
        for where in (f"cohorts/{cohort['id']}", f"placements/{placement['id']}")
    ]
    assert all(e.status_code == 201 for e in enrolments), enrolments[-1].text
    shortlist = client.post(
        "/v1/shortlists",
        json={"target": {"kind": "cohort", "id": cohort["id"]}, "purpose": "set-up"},
        headers=keys.auth("matcher"),
    )
    assert shortlist.status_code == 201, shortlist.text
    return World(
        cohort["id"],
        placement["id"],
        enrolments[0].json()["id"],
        shortlist.json()["id"],
    )


def _entries(client: TestClient, keys: Keys, purpose: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(
        "/v1/audit",
        params={"object_type": "participant", "limit": 200},
        headers=keys.auth("auditor"),
    ).json()["items"]
    return [item for item in items if item["purpose"] == purpose]


@pytest.mark.parametrize("operation", sorted(CALLS), ids="{0[0]} {0[1]}".format)
def test_operation_leaves_an_access_log_entry(
    client: TestClient, keys: Keys, world: World, operation: tuple[str, str]
) -> None:
    call, role = CALLS[operation]
    purpose = f"{PURPOSE}: {operation[0]} {operation[1]}"
    headers = {**keys.auth(role), "X-Purpose": purpose}
    response = call(client, headers, world)
    assert response.status_code < 300, response.text
    entries = _entries(client, keys, purpose)
    assert entries, f"{operation} left no access-log entry"
    # An erasure's entry names the tombstone that replaced the ref, never the ref.
    named = {entry["object_id"] for entry in entries}
    assert {n for n in named if not n.startswith("erased:")} <= {
        REF,
        OTHER_REF,
        NEW_REF,
    }
    assert all(entry["action"].startswith("participant.") for entry in entries)
