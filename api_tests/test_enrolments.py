from typing import Any

import pytest
from dirty_equals import IsDatetime, IsInt, IsStr
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import (
    LICENCE_B,
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


FUNNEL = ("info_meeting", "assessed")
REGISTERED = [
    {"basis": "af_registered", "decided_by": "AF", "decided_at": "2026-01-05"}
]


def _select(client: TestClient, keys: Keys, enrolment_id: int) -> Any:
    """Walk an enrolment through the funnel to selection, which takes the seat."""
    for stage in FUNNEL:
        moved = _move(client, keys, enrolment_id, stage=stage)
        assert moved.status_code == 200, moved.text
    return _move(client, keys, enrolment_id, stage="selected_by_employer")


def _taken(client: TestClient, keys: Keys, cohort_id: int) -> int:
    cohort = client.get(f"/v1/cohorts/{cohort_id}", headers=keys.auth("liaison"))
    taken: int = cohort.json()["seats_taken"]
    return taken


@pytest.fixture(name="cohort")
def cohort_fixture(client: TestClient, keys: Keys) -> dict[str, Any]:
    track = create_track(client, keys)
    return create_cohort(client, keys, track["id"], seats=2)


class TestEnrolInCohort:
    def test_interest_enters_the_funnel_takes_no_seat_and_records_who(
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
                    "on": None,
                }
            ],
            "outcome": None,
            "override_reason": None,
            "created_at": IsDatetime(iso_string=True),
            "updated_at": IsDatetime(iso_string=True),
            "created_by": IsStr(),
        }
        assert _taken(client, keys, cohort["id"]) == 0

    def test_any_number_show_interest_and_seats_go_at_selection(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        for n in range(12):
            create_participant(client, keys, f"funnel-{n}")
            assert _enrol(client, keys, cohort["id"], f"funnel-{n}").status_code == 201
        assert _taken(client, keys, cohort["id"]) == 0

    def test_full_cohort_is_a_409_and_a_drop_out_frees_the_seat(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        enrolled = []
        for ref in ("e-2", "e-3", "e-4"):
            create_participant(client, keys, ref)
            enrolled.append(_enrol(client, keys, cohort["id"], ref).json())
        first, second, third = enrolled
        assert _select(client, keys, first["id"]).status_code == 200
        assert _select(client, keys, second["id"]).status_code == 200
        full = _select(client, keys, third["id"])
        assert full.status_code == 409
        assert (full.json()["rule"], full.json()["seats"]) == ("seats_full", 2)
        assert _taken(client, keys, cohort["id"]) == 2
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
        selected = _move(client, keys, third["id"], stage="selected_by_employer")
        assert selected.status_code == 200, selected.text
        assert _taken(client, keys, cohort["id"]) == 2

    def test_enrolling_twice_is_a_409(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        create_participant(client, keys, "e-5")
        _enrol(client, keys, cohort["id"], "e-5")
        again = _enrol(client, keys, cohort["id"], "e-5")
        assert again.status_code == 409
        assert _taken(client, keys, cohort["id"]) == 0

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
        self, client: TestClient, keys: Keys
    ) -> None:
        track = create_track(client, keys)
        # Started already: completion and hiring cannot precede the start.
        cohort = create_cohort(
            client,
            keys,
            track["id"],
            start_date="2026-09-01",
            end_date="2026-11-30",
            selection_deadline="2026-08-20",
        )
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
            client,
            keys,
            enrolment["id"],
            stage="hired",
            outcome=OUTCOME_HIRED,
            happened_on="2026-12-01",
        )
        body = hired.json()
        assert body["stage"] == "hired"
        assert body["transitions"][-1]["on"] == "2026-12-01"
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

    def test_asking_for_the_current_stage_changes_nothing(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        create_participant(client, keys, "e-noop")
        enrolment = _enrol(client, keys, cohort["id"], "e-noop").json()
        moved = _move(client, keys, enrolment["id"], stage="info_meeting")
        again = [
            _move(client, keys, enrolment["id"], stage="info_meeting") for _ in range(3)
        ]
        assert {r.status_code for r in again} == {200}
        assert {r.headers["ETag"] for r in again} == {moved.headers["ETag"]}
        assert again[-1].json() == moved.json()
        trail = client.get(
            "/v1/audit?object_id=e-noop", headers=keys.auth("auditor")
        ).json()["items"]
        actions = [e["action"] for e in trail]
        assert actions.count("participant.stage.info_meeting") == 1
        # The caller still saw the record: each no-op is logged as the read it is.
        assert actions.count("participant.read") == 3

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
            create_participant(client, keys, ref, eligibility=REGISTERED)
        url = f"/v1/placements/{placement['id']}/enrolments"
        first = client.post(
            url, json={"participant_ref": "p-1"}, headers=keys.auth(MATCHER)
        )
        second = client.post(
            url, json={"participant_ref": "p-2"}, headers=keys.auth(MATCHER)
        )
        assert (first.status_code, second.status_code) == (201, 201)
        assert _select(client, keys, first.json()["id"]).status_code == 200
        full = _select(client, keys, second.json()["id"])
        assert full.status_code == 409
        assert full.json()["rule"] == "placement_full"

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
            eligibility=[
                {
                    "basis": "stockholmsjobb",
                    "decided_by": "Jobbtorg Stockholm",
                    "decided_at": "2026-06-01",
                }
            ],
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
        assert response.json()["rule"] == "rules_not_met"
        assert [r["code"] for r in response.json()["failed_rules"]] == [
            "stockholmsjobb_12_months"
        ]


class TestRules:
    """Enrolment runs the shortlist's hard rules (one implementation)."""

    def test_swedish_below_the_track_requirement_is_refused_with_reasons(
        self, client: TestClient, keys: Keys
    ) -> None:
        track = create_track(client, keys, entry_requirements={"swedish": "sfi_c"})
        cohort = create_cohort(client, keys, track["id"])
        create_participant(client, keys, "r-1", swedish={"level": "sfi_b"})
        refused = _enrol(client, keys, cohort["id"], "r-1")
        assert refused.status_code == 409
        body = refused.json()
        assert body["rule"] == "rules_not_met"
        assert body["failed_rules"] == [
            {
                "code": "swedish",
                "reason_sv": "Svenskan är under den nivå som krävs.",
                "reason_en": "Swedish is below the required level.",
            }
        ]
        listed = client.get(
            "/v1/enrolments?participant_ref=r-1", headers=keys.auth(MATCHER)
        )
        assert listed.json()["total"] == 0

    def test_an_override_reason_lets_it_through_and_is_audited(
        self, client: TestClient, keys: Keys
    ) -> None:
        track = create_track(client, keys, entry_requirements={"swedish": "sfi_c"})
        cohort = create_cohort(client, keys, track["id"])
        create_participant(client, keys, "r-2", swedish={"level": "sfi_b"})
        allowed = client.post(
            f"/v1/cohorts/{cohort['id']}/enrolments",
            json={
                "participant_ref": "r-2",
                "override_reason": "Bedömd av SFI-lärare, klarar nivå C muntligt",
            },
            headers=keys.auth(MATCHER),
        )
        assert allowed.status_code == 201, allowed.text
        assert allowed.json()["override_reason"].startswith("Bedömd")
        trail = client.get(
            "/v1/audit?object_id=r-2", headers=keys.auth("auditor")
        ).json()["items"]
        assert "participant.override" in {e["action"] for e in trail}

    def test_stockholmsjobb_needs_its_eligibility(
        self, client: TestClient, keys: Keys
    ) -> None:
        host = create_organisation(client, keys)
        placement = create_placement(
            client,
            keys,
            host["id"],
            programme="stockholmsjobb",
            support_form="none",
            supervisor_ref=None,
        )
        create_participant(client, keys, "r-3")
        refused = client.post(
            f"/v1/placements/{placement['id']}/enrolments",
            json={"participant_ref": "r-3"},
            headers=keys.auth(MATCHER),
        )
        assert refused.status_code == 409
        assert [r["code"] for r in refused.json()["failed_rules"]] == [
            "stockholmsjobb_eligibility"
        ]

    def test_a_licence_the_work_requires_is_checked(
        self, client: TestClient, keys: Keys
    ) -> None:
        host = create_organisation(client, keys)
        placement = create_placement(
            client,
            keys,
            host["id"],
            requirements={
                "must": [{"kind": "driving_licence", "concept_id": LICENCE_B}]
            },
        )
        create_participant(client, keys, "r-4", eligibility=REGISTERED)
        refused = client.post(
            f"/v1/placements/{placement['id']}/enrolments",
            json={"participant_ref": "r-4"},
            headers=keys.auth(MATCHER),
        )
        assert [r["code"] for r in refused.json()["failed_rules"]] == [
            "driving_licence"
        ]

    def test_overlapping_placements_are_refused(
        self, client: TestClient, keys: Keys
    ) -> None:
        host = create_organisation(client, keys)
        first = create_placement(client, keys, host["id"], supervisor_ref="h-1")
        second = create_placement(
            client,
            keys,
            host["id"],
            supervisor_ref="h-2",
            start_date="2027-04-01",
            end_date="2027-06-30",
        )
        create_participant(client, keys, "r-5", eligibility=REGISTERED)
        held = client.post(
            f"/v1/placements/{first['id']}/enrolments",
            json={"participant_ref": "r-5"},
            headers=keys.auth(MATCHER),
        ).json()
        assert _select(client, keys, held["id"]).status_code == 200
        overlap = client.post(
            f"/v1/placements/{second['id']}/enrolments",
            json={"participant_ref": "r-5"},
            headers=keys.auth(MATCHER),
        )
        assert overlap.status_code == 409
        assert [r["code"] for r in overlap.json()["failed_rules"]] == ["busy"]

    def test_stage_dates_are_never_in_the_future_nor_hired_before_start(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        create_participant(client, keys, "r-6")
        enrolment = _enrol(client, keys, cohort["id"], "r-6").json()
        future = _move(
            client,
            keys,
            enrolment["id"],
            stage="info_meeting",
            happened_on="2030-01-01",
        )
        assert rules(future) == [("happened_on", "not_in_future")]
        for stage in (*FUNNEL, "selected_by_employer", "in_training"):
            assert _move(client, keys, enrolment["id"], stage=stage).status_code == 200
        early = _move(client, keys, enrolment["id"], stage="completed")
        assert rules(early) == [("happened_on", "not_before_start")]
