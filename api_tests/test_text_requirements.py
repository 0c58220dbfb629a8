"""Issue 12 item 3: needs, tracks, placements and participants written the way people
write them (no concept ids anywhere), read back with ids and labels; a text the
mapper cannot read is a 422 naming the field, with suggestions, never a silent drop."""

from typing import Any

import pytest
from dirty_equals import IsFloat, IsStr
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, Keys
from api_tests.factories import ARABIC, LICENCE_B, PERSONNUMMER, created, rules

pytestmark = pytest.mark.needs_shared_taxonomy

TRUCKVANA = "pGts_PKK_c8W"
MS_EXCEL = "5wab_aFK_gdL"
STADTJANSTER = "fZdk_vbt_LhP"
KUNDTJANST = "aMyW_hB7_TpU"
LICENCE_CE = "zZu8_iZ9_wMH"
OSTERSUND = "Vt7P_856_WZS"
STOCKHOLM = "AvNB_uwa_6n6"
VASTRA_GOTALAND = "zdoY_6u5_Krt"
ENGLISH = "NVxJ_hLg_TYS"


def mapped(
    kind: str, concept_id: str, label: str, text: str, *, min_years: int | None = None
) -> dict[str, Any]:
    """A requirement item as stored from a text."""
    return {
        "kind": kind,
        "concept_id": concept_id,
        "preferred_label": label,
        "min_years": min_years,
        "text": text,
        "confidence": IsFloat(gt=0, le=1),
        "taxonomy_version": IsStr(min_length=1),
    }


def language(concept_id: str, label: str, text: str, level: str) -> dict[str, Any]:
    return {
        "language_id": concept_id,
        "level": level,
        "preferred_label": label,
        "text": text,
        "confidence": IsFloat(gt=0, le=1),
        "taxonomy_version": IsStr(min_length=1),
    }


# What an employer writes, in their words; the occupation too is text.
REQUIREMENTS = {
    "swedish": "sfi_d",
    "languages": [{"text": "engelska", "level": "b1"}],
    "must": [{"text": "truckkort"}, {"text": "B-körkort"}],
    "merits": [{"text": "Excel"}, {"kind": "skill", "text": "kundservice"}],
}
STORED_REQUIREMENTS = {
    "swedish": "sfi_d",
    "languages": [language(ENGLISH, "Engelska", "engelska", "b1")],
    "must": [
        mapped("skill", TRUCKVANA, "Truckvana", "truckkort"),
        mapped("driving_licence", LICENCE_B, "B", "B-körkort"),
    ],
    "merits": [
        mapped("skill", MS_EXCEL, "MS Excel", "Excel"),
        mapped("skill", KUNDTJANST, "Kundtjänst", "kundservice"),
    ],
    "minimum_age": None,
    "minimum_age_basis": None,
    "notes": None,
}
OCCUPATION = {
    "concept_id": IsStr(min_length=1),
    "preferred_label": "Lagerarbetare/Terminalarbetare",
    "text": "lagerarbetare",
    "confidence": IsFloat(gt=0.5, le=1),
    "taxonomy_version": IsStr(min_length=1),
    "source": "mapped",
}


def _organisation(client: TestClient, keys: Keys) -> dict[str, Any]:
    body = {
        "name": "Lagerbolaget AB",
        "kind": "private",
        "municipality_id": "Östersund",
    }
    return created(
        client.post("/v1/organisations", json=body, headers=keys.auth("liaison"))
    )


def _round_trip(
    client: TestClient, keys: Keys, path: str, body: dict[str, Any], role: str
) -> dict[str, Any]:
    """Create from the body, then read it back and list it: all three agree."""
    made = created(client.post(path, json=body, headers=keys.auth(role)))
    key = "participant_ref" if "participant_ref" in made else "id"
    read = client.get(f"{path}/{made[key]}", headers=keys.auth(role))
    assert read.status_code == 200, read.text
    assert read.json() == made
    listed = client.get(path, headers=keys.auth(role)).json()["items"]
    assert [item for item in listed if item[key] == made[key]] == [made]
    return made


class TestWrittenAsText:
    def test_an_organisation_takes_its_municipality_by_name(
        self, client: TestClient, keys: Keys
    ) -> None:
        assert _organisation(client, keys)["municipality_id"] == OSTERSUND

    def test_a_need_from_text_alone_round_trips_with_labels(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = _organisation(client, keys)
        body = {
            "organisation_id": organisation["id"],
            "positions": 2,
            "occupation": {"text": "lagerarbetare"},
            "requirements": REQUIREMENTS,
        }
        need = _round_trip(client, keys, "/v1/needs", body, "liaison")
        assert need["occupation"] == OCCUPATION
        assert need["requirements"] == STORED_REQUIREMENTS

    def test_requirements_as_read_are_written_back_as_they_were(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = _organisation(client, keys)
        first = created(
            client.post(
                "/v1/needs",
                json={
                    "organisation_id": organisation["id"],
                    "positions": 1,
                    "occupation": {"text": "lagerarbetare"},
                    "requirements": REQUIREMENTS,
                },
                headers=keys.auth("liaison"),
            )
        )
        # A client copies what it read, labels and provenance included: the ids
        # count, and the copy stores what the original did, without the texts.
        copy = created(
            client.post(
                "/v1/needs",
                json={
                    "organisation_id": organisation["id"],
                    "positions": 1,
                    "occupation": {"concept_id": first["occupation"]["concept_id"]},
                    "requirements": first["requirements"],
                },
                headers=keys.auth("liaison"),
            )
        )
        ids = [
            (item["kind"], item["concept_id"]) for item in first["requirements"]["must"]
        ]
        assert [
            (item["kind"], item["concept_id"]) for item in copy["requirements"]["must"]
        ] == ids
        assert all(item["text"] is None for item in copy["requirements"]["must"])
        assert copy["requirements"]["languages"][0]["language_id"] == ENGLISH

    def test_an_id_beside_a_text_of_ones_own_is_refused(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = _organisation(client, keys)
        response = client.post(
            "/v1/needs",
            json={
                "organisation_id": organisation["id"],
                "positions": 1,
                "requirements": {
                    "must": [{"concept_id": LICENCE_B, "text": "truckkort"}]
                },
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422, response.text
        assert rules(response) == [("requirements.must.0", "concept_or_text")]

    def test_a_patch_maps_new_texts_too(self, client: TestClient, keys: Keys) -> None:
        organisation = _organisation(client, keys)
        need = created(
            client.post(
                "/v1/needs",
                json={
                    "organisation_id": organisation["id"],
                    "positions": 1,
                    "occupation": {"text": "lagerarbetare"},
                },
                headers=keys.auth("liaison"),
            )
        )
        response = client.patch(
            f"/v1/needs/{need['id']}",
            json={"requirements": {"must": [{"text": "körkort CE"}]}},
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 200, response.text
        assert response.json()["requirements"]["must"] == [
            mapped("driving_licence", LICENCE_CE, "CE", "körkort CE")
        ]

    def test_a_track_from_text_alone_round_trips_with_labels(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = {
            "name": "Lager och logistik vt 2027",
            "kind": "jobbspar",
            "occupation": {"text": "lagerarbetare"},
            "entry_requirements": REQUIREMENTS,
        }
        track = _round_trip(client, keys, "/v1/tracks", body, "liaison")
        assert track["occupation"] == OCCUPATION
        assert track["entry_requirements"] == STORED_REQUIREMENTS
        assert track["labels"] == {}

    def test_a_placement_from_text_alone_round_trips_with_labels(
        self, client: TestClient, keys: Keys
    ) -> None:
        host = _organisation(client, keys)
        body = {
            "programme": "praktik",
            "host_organisation_id": host["id"],
            "occupation": {"text": "lagerarbetare"},
            "start_date": "2027-03-01",
            "end_date": "2027-05-31",
            "supervisor_ref": "handledare-3",
            "support_form": "kommunal_praktik",
            "requirements": REQUIREMENTS,
        }
        placement = _round_trip(client, keys, "/v1/placements", body, "liaison")
        assert placement["occupation"] == OCCUPATION
        assert placement["requirements"] == STORED_REQUIREMENTS

    def test_a_participant_from_text_alone_round_trips_with_labels(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = {
            "participant_ref": "crm-text-1",
            "owning_unit": "Jobbtorg Östersund",
            "home_municipality_id": "Östersund",
            "mobility": {
                "municipality_ids": ["stockholm"],
                "region_ids": ["Västra Götaland"],
            },
            "skills": [{"text": "städning"}],
            "languages": [{"text": "arabiska", "level": "c2"}],
            "driving_licences": ["B", "ce"],
        }
        participant = _round_trip(client, keys, "/v1/participants", body, "matcher")
        assert {
            key: participant[key]
            for key in (
                "home_municipality_id",
                "mobility",
                "driving_licences",
                "languages",
                "labels",
            )
        } == {
            "home_municipality_id": OSTERSUND,
            "mobility": {
                "municipality_ids": [STOCKHOLM],
                "region_ids": [VASTRA_GOTALAND],
            },
            "driving_licences": [LICENCE_B, LICENCE_CE],
            "languages": [language(ARABIC, "Arabiska", "arabiska", "c2")],
            "labels": {
                OSTERSUND: "Östersund",
                STOCKHOLM: "Stockholm",
                VASTRA_GOTALAND: "Västra Götalands län",
                LICENCE_B: "B",
                LICENCE_CE: "CE",
            },
        }
        assert participant["skills"] == [
            {
                "concept_id": STADTJANSTER,
                "preferred_label": "Städtjänster",
                "text": "städning",
                "confidence": IsFloat(gt=0, le=1),
                "taxonomy_version": IsStr(min_length=1),
                "source": "mapped",
            }
        ]

    @pytest.mark.parametrize("written", ["B-körkort", "körkort B", "b", LICENCE_B])
    def test_a_licence_is_taken_by_code_phrasing_or_id(
        self, client: TestClient, keys: Keys, written: str
    ) -> None:
        body = {
            "participant_ref": "crm-text-2",
            "owning_unit": "Jobbtorg Östersund",
            "home_municipality_id": OSTERSUND,
            "driving_licences": [written],
        }
        participant = created(
            client.post("/v1/participants", json=body, headers=keys.auth("matcher"))
        )
        assert participant["driving_licences"] == [LICENCE_B]
        assert participant["labels"] == {OSTERSUND: "Östersund", LICENCE_B: "B"}

    def test_a_participant_patch_maps_names_and_relabels(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = {
            "participant_ref": "crm-text-4",
            "owning_unit": "Jobbtorg Östersund",
            "home_municipality_id": "Östersund",
            "driving_licences": ["B"],
        }
        created(
            client.post("/v1/participants", json=body, headers=keys.auth("matcher"))
        )
        response = client.patch(
            "/v1/participants/crm-text-4",
            json={
                "home_municipality_id": "Stockholm",
                "driving_licences": ["CE"],
                "languages": [{"text": "engelska", "level": "b2"}],
            },
            headers=keys.auth("matcher"),
        )
        assert response.status_code == 200, response.text
        changed = response.json()
        assert (
            changed["home_municipality_id"],
            changed["driving_licences"],
            changed["languages"],
            changed["labels"],
        ) == (
            STOCKHOLM,
            [LICENCE_CE],
            [language(ENGLISH, "Engelska", "engelska", "b2")],
            {STOCKHOLM: "Stockholm", LICENCE_CE: "CE"},
        )


class TestUnmapped:
    def test_a_requirement_the_mapper_cannot_read_is_a_422_with_suggestions(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = _organisation(client, keys)
        body = {
            "organisation_id": organisation["id"],
            "positions": 1,
            "occupation": {"text": "lagerarbetare"},
            "requirements": {
                "must": [{"text": "truckkort"}, {"text": "xyzzy qwerty"}],
                "languages": [{"text": "Arabsika", "level": "b1"}],
            },
        }
        response = client.post("/v1/needs", json=body, headers=keys.auth("liaison"))
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == PROBLEM
        problem = response.json()
        assert rules(response) == [
            ("requirements.languages[0].text", "unmapped"),
            ("requirements.must[1].text", "unmapped"),
        ]
        assert [entry["field"] for entry in problem["unmapped"]] == [
            "requirements.languages[0].text",
            "requirements.must[1].text",
        ]
        arabic = problem["unmapped"][0]["suggestions"][0]
        assert arabic == {
            "concept_id": ARABIC,
            "preferred_label": "Arabiska",
            "type": "language",
            "confidence": IsFloat(ge=0, le=1),
        }
        assert all(
            {"concept_id", "preferred_label"} <= suggestion.keys()
            for suggestion in problem["unmapped"][1]["suggestions"]
        )
        assert "xyzzy" not in response.text
        assert "Arabsika" not in response.text
        listed = client.get("/v1/needs", headers=keys.auth("liaison")).json()
        assert listed["total"] == 0

    def test_an_unknown_place_or_licence_is_a_422_naming_the_field(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = {
            "participant_ref": "crm-text-3",
            "owning_unit": "Jobbtorg Östersund",
            "home_municipality_id": "Atlantis",
            "driving_licences": ["B", "Z9"],
        }
        response = client.post(
            "/v1/participants", json=body, headers=keys.auth("matcher")
        )
        assert response.status_code == 422, response.text
        assert rules(response) == [
            ("home_municipality_id", "unmapped"),
            ("driving_licences[1]", "unmapped"),
        ]
        assert "Atlantis" not in response.text
        assert "Z9" not in response.text

    def test_a_personnummer_in_a_text_item_is_refused_without_echo(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = _organisation(client, keys)
        body = {
            "organisation_id": organisation["id"],
            "positions": 1,
            "occupation": {"text": "lagerarbetare"},
            "requirements": {"must": [{"text": f"truckkort {PERSONNUMMER}"}]},
        }
        response = client.post("/v1/needs", json=body, headers=keys.auth("liaison"))
        assert response.status_code == 422, response.text
        assert rules(response) == [
            ("requirements.must[0].text", "personal_identity_number")
        ]
        assert PERSONNUMMER not in response.text
        assert PERSONNUMMER.replace("-", "") not in response.text

    def test_an_education_level_is_not_taken_as_text(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = _organisation(client, keys)
        body = {
            "organisation_id": organisation["id"],
            "positions": 1,
            "occupation": {"text": "lagerarbetare"},
            "requirements": {
                "must": [{"kind": "education_level", "text": "gymnasium"}]
            },
        }
        response = client.post("/v1/needs", json=body, headers=keys.auth("liaison"))
        assert response.status_code == 422, response.text
        assert rules(response) == [("requirements.must.0", "concept_id_required")]
