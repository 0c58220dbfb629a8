"""Employer texts asking for a protected ground are refused wherever they are written.

Each refusal is a 422 problem naming the field and every ground (diskrimineringslagen
2008:567 1 kap. 4 §), never the refused words, and nothing is stored.
"""

from typing import Any

from dirty_equals import IsStr
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, Keys
from api_tests.factories import (
    NURSE_ASSISTANT_HOME_CARE,
    STOCKHOLM,
    create_cohort,
    create_organisation,
    create_track,
)


def refusal(field: str, grounds: list[str]) -> dict[str, Any]:
    return {
        "type": "urn:jobbmatch:problem:validation",
        "title": "Invalid input",
        "status": 422,
        "detail": IsStr(regex=rf".*{', '.join(grounds)}.*"),
        "instance": IsStr(),
        "grounds": grounds,
        "errors": [
            {
                "field": field,
                "rule": "discriminatory",
                "message": IsStr(
                    regex=".*"
                    + ".*".join(f"'{ground}'" for ground in grounds)
                    + r".*diskrimineringslagen \(2008:567\).*"
                ),
            }
        ],
    }


def assert_not_echoed(response: Any, *words: str) -> None:
    text = response.text.casefold()
    for word in words:
        assert word.casefold() not in text


class TestCohortName:
    def test_a_cohort_named_for_one_sex_and_age_is_refused_and_not_stored(
        self, client: TestClient, keys: Keys
    ) -> None:
        track = create_track(client, keys)
        response = client.post(
            f"/v1/tracks/{track['id']}/cohorts",
            json={
                "name": "Endast\u00a0 män under 30 år",
                "seats": 3,
                "start_date": "2027-02-01",
                "end_date": "2027-06-15",
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == PROBLEM
        assert response.json() == refusal("name", ["kön", "ålder"])
        assert_not_echoed(response, "endast", "30 år")
        listed = client.get(
            f"/v1/tracks/{track['id']}/cohorts", headers=keys.auth("liaison")
        )
        assert listed.json()["total"] == 0

    def test_renaming_a_cohort_is_screened_too(
        self, client: TestClient, keys: Keys
    ) -> None:
        track = create_track(client, keys)
        cohort = create_cohort(client, keys, track["id"], name="Vår 2027")
        response = client.patch(
            f"/v1/cohorts/{cohort['id']}",
            json={"name": "Svenska som modersmal, frisk och stark"},
            headers=keys.auth("liaison"),
        )
        assert response.json() == refusal(
            "name", ["etnisk tillhörighet", "funktionsnedsättning"]
        )
        stored = client.get(f"/v1/cohorts/{cohort['id']}", headers=keys.auth("liaison"))
        assert stored.json()["name"] == "Vår 2027"


class TestOrganisationName:
    def test_an_organisation_name_asking_for_origin_is_refused_and_not_stored(
        self, client: TestClient, keys: Keys
    ) -> None:
        name = "Städbolaget AB, svenskt ursprung, heterosexuell personal"
        response = client.post(
            "/v1/organisations",
            json={
                "name": name,
                "kind": "private",
                "municipality_id": STOCKHOLM,
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422
        assert response.json() == refusal(
            "name", ["etnisk tillhörighet", "sexuell läggning"]
        )
        assert_not_echoed(response, "Städbolaget", "ursprung", "heterosexuell")
        listed = client.get(
            "/v1/organisations",
            params={"name": "Städbolaget"},
            headers=keys.auth("liaison"),
        )
        assert listed.json()["total"] == 0

    def test_renaming_an_organisation_is_screened_too(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        response = client.patch(
            f"/v1/organisations/{organisation['id']}",
            json={"name": "Bygg AB (ej slöja)"},
            headers=keys.auth("liaison"),
        )
        assert response.json() == refusal(
            "name", ["religion eller annan trosuppfattning"]
        )
        stored = client.get(
            f"/v1/organisations/{organisation['id']}", headers=keys.auth("liaison")
        )
        assert stored.json()["name"] == organisation["name"]

    def test_an_ordinary_name_naming_a_target_group_is_stored(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(
            client, keys, name="Kvinnojouren Frida", kind="nonprofit"
        )
        assert organisation["name"] == "Kvinnojouren Frida"


class TestEnglishPhrases:
    def test_an_english_need_lists_every_ground_and_is_not_stored(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        response = client.post(
            "/v1/needs",
            json={
                "organisation_id": organisation["id"],
                "positions": 1,
                "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
                "description": "Only men under 30 years old, native Swedish speaker",
            },
            headers=keys.auth("liaison"),
        )
        assert response.json() == refusal(
            "description", ["kön", "etnisk tillhörighet", "ålder"]
        )
        assert_not_echoed(response, "only men", "native", "30 years")
        listed = client.get(
            "/v1/needs",
            params={"organisation_id": organisation["id"]},
            headers=keys.auth("liaison"),
        )
        assert listed.json()["total"] == 0

    def test_a_track_step_in_english_is_screened(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/tracks",
            json={
                "name": "Lager vt 2027",
                "kind": "jobbspar",
                "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
                "steps": [
                    {
                        "kind": "praktik",
                        "provider": "Women only, in good health",
                        "weeks": 4,
                    }
                ],
            },
            headers=keys.auth("liaison"),
        )
        assert response.json() == refusal(
            "steps[0].provider", ["kön", "funktionsnedsättning"]
        )
        listed = client.get("/v1/tracks", headers=keys.auth("liaison"))
        assert all(track["name"] != "Lager vt 2027" for track in listed.json()["items"])
