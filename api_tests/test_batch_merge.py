"""Batch rows change only what they carry; `mode=replace` replaces whole records."""

from typing import Any

from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import (
    DEMENTIA_CARE,
    HOME_CARE,
    HUDDINGE,
    NURSE_ASSISTANT_HOME_CARE,
    STOCKHOLM,
    create_organisation,
    create_participant,
)

FULL = {
    "skills": [{"concept_id": HOME_CARE}, {"concept_id": DEMENTIA_CARE}],
    "experience": [
        {"occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE}, "years": 4}
    ],
    "swedish": {"level": "sva_1"},
    "consents": {"shared_with_employers": ["skills"], "given_at": "2026-11-01"},
    "eligibility": [
        {"basis": "af_registered", "decided_by": "AF", "decided_at": "2026-01-05"}
    ],
}


def _csv(client: TestClient, keys: Keys, text: str, **params: str) -> Any:
    return client.post(
        "/v1/participants:batch",
        content=text.encode(),
        params=params,
        headers={**keys.auth("integration"), "Content-Type": "text/csv"},
    )


def _read(client: TestClient, keys: Keys, ref: str) -> dict[str, Any]:
    found: dict[str, Any] = client.get(
        f"/v1/participants/{ref}", headers=keys.auth("matcher")
    ).json()
    return found


def test_a_three_column_csv_row_leaves_every_other_field_intact(
    client: TestClient, keys: Keys
) -> None:
    create_participant(client, keys, "merge-1", **FULL)
    before = _read(client, keys, "merge-1")
    moved = _csv(
        client,
        keys,
        "participant_ref,owning_unit,home_municipality_id\n"
        f"merge-1,Jobbtorg Järva,{HUDDINGE}\n",
    )
    assert moved.status_code == 200, moved.text
    report = moved.json()
    assert (report["updated"], report["unchanged"], report["created"]) == (1, 0, 0)
    assert report["rows"][0]["status"] == "updated"
    assert report["rows"][0]["changed"] == ["home_municipality_id"]
    after = _read(client, keys, "merge-1")
    assert after["home_municipality_id"] == HUDDINGE
    for field in ("skills", "experience", "swedish", "consents", "eligibility"):
        assert after[field] == before[field], field


def test_a_row_that_changes_nothing_is_unchanged_and_untouched(
    client: TestClient, keys: Keys
) -> None:
    create_participant(client, keys, "merge-2", **FULL)
    before = _read(client, keys, "merge-2")
    same = _csv(
        client,
        keys,
        "participant_ref,owning_unit,home_municipality_id\n"
        f"merge-2,Jobbtorg Järva,{STOCKHOLM}\n",
    ).json()
    assert same["rows"][0]["status"] == "unchanged"
    assert (same["updated"], same["unchanged"]) == (0, 1)
    assert _read(client, keys, "merge-2")["updated_at"] == before["updated_at"]


def test_replace_mode_replaces_the_whole_record(client: TestClient, keys: Keys) -> None:
    create_participant(client, keys, "merge-3", **FULL)
    replaced = _csv(
        client,
        keys,
        "participant_ref,owning_unit,home_municipality_id\n"
        f"merge-3,Jobbtorg Järva,{STOCKHOLM}\n",
        mode="replace",
    ).json()
    row = replaced["rows"][0]
    assert row["status"] == "updated"
    assert {"skills", "experience", "swedish", "consents", "eligibility"} <= set(
        row["changed"]
    )
    after = _read(client, keys, "merge-3")
    assert (after["skills"], after["swedish"]) == ([], None)


def test_json_rows_merge_too_and_new_rows_are_created(
    client: TestClient, keys: Keys
) -> None:
    create_participant(client, keys, "merge-4", **FULL)
    report = client.post(
        "/v1/participants:batch",
        json={
            "participants": [
                {"participant_ref": "merge-4", "swedish": {"level": "sva_2"}},
                {
                    "participant_ref": "merge-5",
                    "owning_unit": "Jobbtorg Järva",
                    "home_municipality_id": STOCKHOLM,
                },
            ]
        },
        headers=keys.auth("integration"),
    ).json()
    assert [(r["status"], r["changed"]) for r in report["rows"]] == [
        ("updated", ["swedish"]),
        ("created", []),
    ]
    after = _read(client, keys, "merge-4")
    assert after["swedish"]["level"] == "sva_2"
    assert after["skills"] == _read(client, keys, "merge-4")["skills"]
    assert len(after["skills"]) == 2


def test_a_need_row_changes_only_what_it_carries(
    client: TestClient, keys: Keys
) -> None:
    organisation = create_organisation(client, keys)
    first = {
        "external_ref": "hr-77",
        "organisation_id": organisation["id"],
        "positions": 2,
        "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
        "requirements": {"swedish": "sfi_d"},
    }
    url = "/v1/needs:batch"
    created = client.post(
        url, json={"needs": [first]}, headers=keys.auth("integration")
    )
    assert created.json()["created"] == 1, created.text
    merged = client.post(
        url,
        json={"needs": [{"external_ref": "hr-77", "positions": 5}]},
        headers=keys.auth("integration"),
    ).json()
    assert [(r["status"], r["changed"]) for r in merged["rows"]] == [
        ("updated", ["positions"])
    ]
    listed = client.get("/v1/needs", headers=keys.auth("liaison")).json()["items"]
    need = next(n for n in listed if n["external_ref"] == "hr-77")
    assert (need["positions"], need["requirements"]["swedish"]) == (5, "sfi_d")
    again = client.post(
        url,
        json={"needs": [{"external_ref": "hr-77", "positions": 5}]},
        headers=keys.auth("integration"),
    ).json()
    assert again["rows"][0]["status"] == "unchanged"


def test_a_replayed_key_says_so(client: TestClient, keys: Keys) -> None:
    body = {
        "participants": [
            {
                "participant_ref": "merge-6",
                "owning_unit": "Jobbtorg Järva",
                "home_municipality_id": STOCKHOLM,
            }
        ]
    }
    headers = {**keys.auth("integration"), "Idempotency-Key": "merge-6-once"}
    first = client.post("/v1/participants:batch", json=body, headers=headers)
    replay = client.post("/v1/participants:batch", json=body, headers=headers)
    assert "Idempotent-Replayed" not in first.headers
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
