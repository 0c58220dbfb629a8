from typing import Any

import pytest
from dirty_equals import IsDatetime, IsInt, IsStr
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import (
    VALID_ORG_NUMBER,
    create_cohort,
    create_organisation,
    create_participant,
    create_placement,
    create_track,
    rules,
)

MATCHER = "matcher"
OUTCOME_HIRED = {
    "exit_date": "2027-06-20",
    "exit_reason": "work_unsubsidised",
    "hired_by_employer": True,
}


def _enrol(client: TestClient, keys: Keys, cohort_id: int, ref: str) -> Any:
    return client.post(
        f"/v1/cohorts/{cohort_id}/enrolments",
        json={"participant_ref": ref},
        headers=keys.auth(MATCHER),
    )


def _move(client: TestClient, keys: Keys, enrolment_id: int, **body: object) -> Any:
    return client.patch(
        f"/v1/enrolments/{enrolment_id}", json=body, headers=keys.auth(MATCHER)
    )


@pytest.fixture(name="cohort")
def cohort_fixture(client: TestClient, keys: Keys) -> dict[str, Any]:
    track = create_track(client, keys)
    return create_cohort(client, keys, track["id"], seats=2)


class TestEnrolInCohort:
    def test_enrolment_takes_a_seat_and_records_who(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        create_participant(client, keys, "e-1")
        response = _enrol(client, keys, cohort["id"], "e-1")
        assert response.status_code == 201
        assert response.json() == {
            "id": IsInt(),
            "participant_ref": "e-1",
            "cohort_id": cohort["id"],
            "placement_id": None,
            "stage": "interested",
            "transitions": [
                {
                    "from_stage": None,
                    "to_stage": "interested",
                    "at": IsDatetime(iso_string=True),
                    "by_key_id": keys.secrets[MATCHER].split("_")[1],
                    "by_role": MATCHER,
                }
            ],
            "outcome": None,
            "created_at": IsDatetime(iso_string=True),
            "updated_at": IsDatetime(iso_string=True),
            "created_by": IsStr(),
        }
        seats = client.get(f"/v1/cohorts/{cohort['id']}", headers=keys.auth("liaison"))
        assert seats.json()["seats_taken"] == 1

    def test_full_cohort_is_a_409_and_a_drop_out_frees_the_seat(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        for ref in ("e-2", "e-3", "e-4"):
            create_participant(client, keys, ref)
        first = _enrol(client, keys, cohort["id"], "e-2").json()
        _enrol(client, keys, cohort["id"], "e-3")
        full = _enrol(client, keys, cohort["id"], "e-4")
        assert full.status_code == 409
        assert (full.json()["rule"], full.json()["seats"]) == ("seats_full", 2)
        dropped = _move(
            client,
            keys,
            first["id"],
            stage="dropped_out",
            outcome={
                "exit_date": "2027-02-10",
                "exit_reason": "moved",
                "hired_by_employer": False,
                "not_hired_reason": "left_early",
            },
        )
        assert dropped.json()["stage"] == "dropped_out"
        assert _enrol(client, keys, cohort["id"], "e-4").status_code == 201

    def test_enrolling_twice_is_a_409(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        create_participant(client, keys, "e-5")
        _enrol(client, keys, cohort["id"], "e-5")
        again = _enrol(client, keys, cohort["id"], "e-5")
        assert again.status_code == 409
        seats = client.get(f"/v1/cohorts/{cohort['id']}", headers=keys.auth("matcher"))
        assert seats.json()["seats_taken"] == 1

    def test_unknown_participant_is_a_404_and_takes_no_seat(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        assert _enrol(client, keys, cohort["id"], "nobody").status_code == 404
        seats = client.get(f"/v1/cohorts/{cohort['id']}", headers=keys.auth("matcher"))
        assert seats.json()["seats_taken"] == 0

    def test_liaisons_cannot_enrol_or_list_enrolments(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        url = f"/v1/cohorts/{cohort['id']}/enrolments"
        liaison = keys.auth("liaison")
        assert client.get(url, headers=liaison).status_code == 403
        posted = client.post(url, json={"participant_ref": "x"}, headers=liaison)
        assert posted.status_code == 403


class TestStages:
    def test_the_whole_path_to_hired_is_recorded(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        create_participant(client, keys, "e-6")
        enrolment = _enrol(client, keys, cohort["id"], "e-6").json()
        path = [
            "info_meeting",
            "assessed",
            "selected_by_employer",
            "in_training",
            "in_praktik",
            "completed",
        ]
        for stage in path:
            assert _move(client, keys, enrolment["id"], stage=stage).status_code == 200
        hired = _move(
            client, keys, enrolment["id"], stage="hired", outcome=OUTCOME_HIRED
        )
        body = hired.json()
        assert body["stage"] == "hired"
        assert [(t["from_stage"], t["to_stage"]) for t in body["transitions"]] == list(
            zip(
                [None, "interested", *path], ["interested", *path, "hired"], strict=True
            )
        )
        follow_up = _move(
            client,
            keys,
            enrolment["id"],
            outcome={**OUTCOME_HIRED, "status_after_90_days": "work_unsubsidised"},
        )
        assert follow_up.json()["outcome"] == {
            **OUTCOME_HIRED,
            "not_hired_reason": None,
            "status_after_90_days": "work_unsubsidised",
        }

    @pytest.mark.parametrize(
        ("path", "illegal"),
        [([], "assessed"), ([], "hired"), (["info_meeting"], "interested")],
    )
    def test_illegal_transitions_are_409s(
        self,
        client: TestClient,
        keys: Keys,
        cohort: dict[str, Any],
        path: list[str],
        illegal: str,
    ) -> None:
        create_participant(client, keys, "e-7")
        enrolment = _enrol(client, keys, cohort["id"], "e-7").json()
        for stage in path:
            _move(client, keys, enrolment["id"], stage=stage)
        response = _move(client, keys, enrolment["id"], stage=illegal)
        assert response.status_code == 409
        assert response.json()["current"] == (path[-1] if path else "interested")

    def test_exit_needs_a_matching_outcome(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        create_participant(client, keys, "e-8")
        enrolment = _enrol(client, keys, cohort["id"], "e-8").json()
        missing = _move(client, keys, enrolment["id"], stage="dropped_out")
        assert rules(missing) == [("outcome", "outcome_required")]
        early = _move(client, keys, enrolment["id"], outcome=OUTCOME_HIRED)
        assert rules(early) == [("outcome", "outcome_on_exit")]
        no_reason = _move(
            client,
            keys,
            enrolment["id"],
            stage="dropped_out",
            outcome={**OUTCOME_HIRED, "hired_by_employer": False},
        )
        assert rules(no_reason) == [("outcome", "not_hired_reason")]


class TestPlacementEnrolments:
    def test_placement_capacity_is_enforced(
        self, client: TestClient, keys: Keys
    ) -> None:
        host = create_organisation(client, keys)
        placement = create_placement(client, keys, host["id"], capacity=1)
        for ref in ("p-1", "p-2"):
            create_participant(client, keys, ref)
        url = f"/v1/placements/{placement['id']}/enrolments"
        first = client.post(
            url, json={"participant_ref": "p-1"}, headers=keys.auth(MATCHER)
        )
        second = client.post(
            url, json={"participant_ref": "p-2"}, headers=keys.auth(MATCHER)
        )
        assert (first.status_code, second.status_code) == (201, 409)
        assert second.json()["rule"] == "placement_full"

    def test_stockholmsjobb_twelve_months_in_five_years(
        self, client: TestClient, keys: Keys
    ) -> None:
        host = create_organisation(client, keys, org_number=VALID_ORG_NUMBER)
        placement = create_placement(
            client,
            keys,
            host["id"],
            programme="stockholmsjobb",
            support_form="none",
            supervisor_ref=None,
            start_date="2027-01-01",
            end_date="2027-09-01",
        )
        create_participant(
            client,
            keys,
            "p-3",
            prior_employment=[
                {"org_number": VALID_ORG_NUMBER, "months": 6, "ended_on": "2025-06-30"}
            ],
        )
        response = client.post(
            f"/v1/placements/{placement['id']}/enrolments",
            json={"participant_ref": "p-3"},
            headers=keys.auth(MATCHER),
        )
        assert response.status_code == 409
        assert response.json()["rule"] == "stockholmsjobb_12_months_in_5_years"
