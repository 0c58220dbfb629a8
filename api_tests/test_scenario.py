"""The issue's scenario, end to end through HTTP, with the audit trail it leaves.

An employer states a need in free text; a liaison answers with a recruitment
training and a cohort of three seats; a matcher asks for a shortlist (the one
without the B licence the need asks for is excluded, and hinted), selects the three
who fit, which takes the seats; one is hired and the outcome is recorded.
"""

from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import (
    LICENCE_B,
    NURSE_ASSISTANT_HOME_CARE,
    audit_trail,
    create_organisation,
    created,
    participant_body,
)

NEED_TEXT = "Vi söker undersköterskor till hemtjänsten, körkort B, SFI D"


def test_need_to_hire_through_http(client: TestClient, keys: Keys) -> None:
    liaison, matcher = keys.auth("liaison"), keys.auth("matcher")
    employer = create_organisation(
        client, keys, name="Hemtjänst Nord AB", kind="private"
    )
    need = created(
        client.post(
            "/v1/needs",
            json={
                "organisation_id": employer["id"],
                "description": NEED_TEXT,
                "positions": 3,
                "programmes": ["jobbspar"],
                "status": "open",
            },
            headers=liaison,
        )
    )
    assert need["occupation"]["concept_id"] == NURSE_ASSISTANT_HOME_CARE
    assert need["requirements"]["swedish"] == "sfi_d"
    assert [r["concept_id"] for r in need["requirements"]["must"]] == [LICENCE_B]

    track = created(
        client.post(
            "/v1/tracks",
            json={
                "name": "Rekryteringsutbildning hemtjänst Nord",
                "kind": "rekryteringsutbildning",
                "occupation": {"concept_id": need["occupation"]["concept_id"]},
                "need_ids": [need["id"]],
                "employer_ids": [employer["id"]],
                "letter_of_intent": {"committed_hires": 3, "valid_until": "2027-12-31"},
                "steps": [
                    {"kind": "info_meeting", "provider": "Jobbtorg", "weeks": 0},
                    {"kind": "yrkesvux", "provider": "Komvux", "weeks": 16},
                    {"kind": "praktik", "provider": "Hemtjänst Nord", "weeks": 4},
                ],
                "entry_requirements": need["requirements"],
            },
            headers=liaison,
        )
    )
    client.patch(
        f"/v1/tracks/{track['id']}", json={"phase": "recruitment"}, headers=liaison
    )
    cohort = created(
        client.post(
            f"/v1/tracks/{track['id']}/cohorts",
            json={"seats": 3, "start_date": "2026-09-01", "end_date": "2026-11-30"},
            headers=liaison,
        )
    )

    refs = [f"scenario-{n}" for n in range(4)]
    interest = [{"cohort_id": cohort["id"], "expressed_at": "2026-08-05"}]
    swedish = {"swedish": {"level": "sfi_d"}}
    fit = {**swedish, "driving_licences": [LICENCE_B]}
    report = client.post(
        "/v1/participants:batch",
        json={
            "participants": [
                participant_body(ref, interests=interest, **(fit if n < 3 else swedish))
                for n, ref in enumerate(refs)
            ]
        },
        headers=keys.auth("integration"),
    ).json()
    assert report["created"] == 4

    shortlist = created(
        client.post(
            "/v1/shortlists",
            json={
                "target": {"kind": "cohort", "id": cohort["id"]},
                "purpose": "urval hemtjanst Nord",
                "seed": 1,
            },
            headers=matcher,
        )
    )
    assert sorted(r["participant_ref"] for r in shortlist["results"]) == refs[:3]
    assert shortlist["excluded_by_rule"]["driving_licence"] == 1
    assert shortlist["relaxation_hints"]["driving_licence"] == 1
    purpose = {**matcher, "X-Purpose": "urval hemtjanst Nord"}
    for ref in refs[:3]:
        created(
            client.post(
                f"/v1/shortlists/{shortlist['id']}/decisions",
                json={"participant_ref": ref, "decision": "selected"},
                headers=purpose,
            )
        )
    url = f"/v1/cohorts/{cohort['id']}/enrolments"
    enrolments = client.get(url, headers=purpose).json()["items"]
    assert {e["stage"] for e in enrolments} == {"selected_by_employer"}
    hired = next(e for e in enrolments if e["participant_ref"] == refs[0])
    for stage in ("in_training", "in_praktik", "completed"):
        client.patch(
            f"/v1/enrolments/{hired['id']}", json={"stage": stage}, headers=matcher
        )
    outcome = {
        "exit_date": "2026-12-01",
        "exit_reason": "work_unsubsidised",
        "hired_by_employer": True,
    }
    final = client.patch(
        f"/v1/enrolments/{hired['id']}",
        json={"stage": "hired", "outcome": outcome},
        headers=matcher,
    ).json()
    assert (final["stage"], len(final["transitions"])) == ("hired", 5)
    assert (
        client.get(f"/v1/cohorts/{cohort['id']}", headers=liaison).json()["seats_taken"]
        == 3
    )

    assert audit_trail(client, keys, refs[0]) == [
        ("participant.import", "integration", None),
        ("participant.shortlist", "matcher", "urval hemtjanst Nord"),
        ("participant.decision.selected", "matcher", "urval hemtjanst Nord"),
        ("participant.list", "matcher", "urval hemtjanst Nord"),
        *[
            (f"participant.stage.{stage}", "matcher", None)
            for stage in ("in_training", "in_praktik", "completed", "hired")
        ],
    ]
    assert audit_trail(client, keys, refs[3]) == [
        ("participant.import", "integration", None)
    ]
    need_entries = client.get(
        "/v1/audit",
        params={"object_type": "need", "object_id": str(need["id"])},
        headers=keys.auth("auditor"),
    ).json()["items"]
    assert [(e["action"], e["role"]) for e in need_entries] == [
        ("need.create", "liaison")
    ]
