import pytest
from dirty_equals import IsDatetime, IsInt, IsStr
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import (
    DEMENTIA_CARE,
    HOME_CARE,
    LICENCE_B,
    NURSE_ASSISTANT_HOME_CARE,
    create_cohort,
    create_need,
    create_organisation,
    create_track,
    rules,
)


class TestCreateTrack:
    def test_track_links_needs_employers_steps_and_entry_requirements(
        self, client: TestClient, keys: Keys
    ) -> None:
        employer = create_organisation(client, keys)
        need = create_need(client, keys, employer["id"])
        body = {
            "name": "Rekryteringsutbildning hemtjänst",
            "kind": "rekryteringsutbildning",
            "occupation": {"text": "undersköterska hemtjänst"},
            "need_ids": [need["id"]],
            "employer_ids": [employer["id"]],
            "letter_of_intent": {
                "committed_hires": 8,
                "conditions": "Anställning efter godkänd praktik",
                "valid_until": "2027-12-31",
            },
            "steps": [
                {"kind": "info_meeting", "provider": "Jobbtorg", "weeks": 0},
                {
                    "kind": "yrkesvux",
                    "provider": "Komvux Järva",
                    "weeks": 20,
                    "skill_ids": [HOME_CARE, DEMENTIA_CARE],
                },
                {"kind": "praktik", "provider": "Äldreförvaltningen", "weeks": 6},
            ],
            "entry_requirements": {
                "swedish": "sfi_d",
                "must": [{"kind": "driving_licence", "concept_id": LICENCE_B}],
            },
        }
        response = client.post("/v1/tracks", json=body, headers=keys.auth("liaison"))
        assert response.status_code == 201, response.text
        track = response.json()
        assert track == {
            **body,
            "id": IsInt(),
            "phase": "planning",
            "occupation": {
                "concept_id": NURSE_ASSISTANT_HOME_CARE,
                "preferred_label": IsStr(),
                "text": "undersköterska hemtjänst",
                "confidence": track["occupation"]["confidence"],
                "taxonomy_version": IsStr(),
                "source": "mapped",
            },
            "steps": [
                {**body["steps"][0], "skill_ids": []},  # type: ignore[index]
                body["steps"][1],  # type: ignore[index]
                {**body["steps"][2], "skill_ids": []},  # type: ignore[index]
            ],
            "entry_requirements": {
                "swedish": "sfi_d",
                "languages": [],
                "must": [
                    {
                        "kind": "driving_licence",
                        "concept_id": LICENCE_B,
                        "preferred_label": "B",
                        "min_years": None,
                        "text": None,
                        "confidence": None,
                        "taxonomy_version": IsStr(min_length=1),
                    }
                ],
                "merits": [],
                "minimum_age": None,
                "minimum_age_basis": None,
                "notes": None,
            },
            "labels": {HOME_CARE: "Hemtjänst", DEMENTIA_CARE: "Demensvård"},
            "created_at": IsDatetime(iso_string=True),
            "updated_at": IsDatetime(iso_string=True),
            "created_by": IsStr(),
        }

    def test_unknown_links_and_step_skills_are_refused(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/tracks",
            json={
                "name": "X",
                "kind": "jobbspar",
                "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
                "steps": [
                    {
                        "kind": "amu",
                        "provider": "AF",
                        "weeks": 4,
                        "skill_ids": [LICENCE_B],
                    }
                ],
            },
            headers=keys.auth("liaison"),
        )
        assert rules(response) == [("steps[0].skill_ids[0]", "wrong_type")]
        missing = client.post(
            "/v1/tracks",
            json={
                "name": "X",
                "kind": "jobbspar",
                "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
                "need_ids": [987654],
            },
            headers=keys.auth("liaison"),
        )
        assert rules(missing) == [("need_ids[0]", "exists")]

    def test_entry_requirements_are_checked_for_discrimination(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/tracks",
            json={
                "name": "X",
                "kind": "jobbspar",
                "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
                "entry_requirements": {"notes": "Deltagare födda i Sverige"},
            },
            headers=keys.auth("liaison"),
        )
        assert rules(response) == [("entry_requirements.notes", "discriminatory")]


class TestTrackPhase:
    def test_phases_move_forward_one_at_a_time(
        self, client: TestClient, keys: Keys
    ) -> None:
        track = create_track(client, keys)
        url = f"/v1/tracks/{track['id']}"
        skipped = client.patch(
            url, json={"phase": "delivery"}, headers=keys.auth("liaison")
        )
        assert skipped.status_code == 409
        assert skipped.json()["allowed"] == ["recruitment"]
        for phase in ("recruitment", "delivery", "closing", "closed"):
            response = client.patch(
                url, json={"phase": phase}, headers=keys.auth("liaison")
            )
            assert response.json()["phase"] == phase


class TestCohorts:
    def test_cohort_is_created_under_its_track_and_listed(
        self, client: TestClient, keys: Keys
    ) -> None:
        track = create_track(client, keys)
        cohort = create_cohort(client, keys, track["id"], name="Vår 2027")
        assert cohort == {
            "id": IsInt(),
            "track_id": track["id"],
            "name": "Vår 2027",
            "seats": 3,
            "seats_taken": 0,
            "start_date": "2027-02-01",
            "end_date": "2027-06-15",
            "selection_deadline": "2027-01-20",
            "status": "planned",
            "created_at": IsDatetime(iso_string=True),
            "updated_at": IsDatetime(iso_string=True),
            "created_by": IsStr(),
        }
        listed = client.get(
            f"/v1/tracks/{track['id']}/cohorts", headers=keys.auth("matcher")
        )
        assert listed.json()["items"] == [cohort]

    @pytest.mark.parametrize(
        ("overrides", "expected"),
        [
            ({"seats": 0}, ("seats", "greater_than_equal")),
            ({"end_date": "2027-01-01"}, ("end_date", "end_after_start")),
            (
                {"selection_deadline": "2027-03-01"},
                ("selection_deadline", "deadline_before_start"),
            ),
        ],
    )
    def test_bad_cohorts_are_refused(
        self,
        client: TestClient,
        keys: Keys,
        overrides: dict[str, object],
        expected: tuple[str, str],
    ) -> None:
        track = create_track(client, keys)
        response = client.post(
            f"/v1/tracks/{track['id']}/cohorts",
            json={
                "seats": 3,
                "start_date": "2027-02-01",
                "end_date": "2027-06-15",
                **overrides,
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422
        assert rules(response) == [expected]

    def test_cohort_etag_guards_updates_and_delete(
        self, client: TestClient, keys: Keys
    ) -> None:
        track = create_track(client, keys)
        cohort = create_cohort(client, keys, track["id"])
        url = f"/v1/cohorts/{cohort['id']}"
        etag = client.get(url, headers=keys.auth("liaison")).headers["ETag"]
        updated = client.patch(
            url,
            json={"seats": 10, "status": "recruiting"},
            headers={**keys.auth("liaison"), "If-Match": etag},
        )
        assert (updated.json()["seats"], updated.json()["status"]) == (10, "recruiting")
        stale = client.delete(url, headers={**keys.auth("liaison"), "If-Match": etag})
        assert stale.status_code == 412
        fresh = updated.headers["ETag"]
        deleted = client.delete(
            url, headers={**keys.auth("liaison"), "If-Match": fresh}
        )
        assert deleted.status_code == 204
        assert client.get(url, headers=keys.auth("liaison")).status_code == 404
