import pytest
from dirty_equals import IsDatetime, IsFloat, IsStr
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import (
    ARABIC,
    BUS_DRIVER,
    DEPRECATED_OCCUPATION,
    EXCEL,
    LICENCE_B,
    PERSONNUMMER,
    SOLNA,
    STOCKHOLM,
    STOCKHOLMS_LAN,
    UPPER_SECONDARY,
    VALID_ORG_NUMBER,
    audit_trail,
    create_participant,
    create_track,
    participant_body,
    rules,
)


class TestCreateParticipant:
    def test_full_record_is_stored_with_mapped_free_text(
        self, client: TestClient, keys: Keys
    ) -> None:
        track = create_track(client, keys)
        body = participant_body(
            "crm-4711",
            eligibility=[
                {
                    "basis": "jobbtorg_aspirant",
                    "decided_by": "Jobbtorg Stockholm",
                    "decided_at": "2026-10-01",
                    "valid_until": "2027-10-01",
                }
            ],
            availability={
                "from_date": "2027-01-15",
                "worktime_extent": "full_time",
                "schedules": ["day", "evening"],
            },
            mobility={"municipality_ids": [SOLNA], "region_ids": [STOCKHOLMS_LAN]},
            occupation_interests=[{"concept_id": BUS_DRIVER}],
            experience=[{"occupation": {"text": "lagerarbetare"}, "years": 2.5}],
            skills=[{"concept_id": EXCEL}, {"text": "truckkörning"}],
            education={"level_id": UPPER_SECONDARY},
            swedish={"level": "sfi_d", "assessed_at": "2026-09-01"},
            languages=[{"language_id": ARABIC, "level": "c2"}],
            driving_licences=[LICENCE_B],
            certifications=["Hygienkort"],
            prior_employment=[
                {"org_number": VALID_ORG_NUMBER, "months": 6, "ended_on": "2025-12-31"}
            ],
            interests=[{"track_id": track["id"], "expressed_at": "2026-11-01"}],
            consents={
                "shared_with_employers": ["skills", "languages"],
                "given_at": "2026-11-01",
            },
            birth_year=1990,
            statistics_gender="woman",
        )
        response = client.post(
            "/v1/participants", json=body, headers=keys.auth("matcher")
        )
        assert response.status_code == 201, response.text
        assert response.headers["ETag"]
        stored = response.json()
        assert stored == {
            **body,
            "education": {"level_id": UPPER_SECONDARY, "field_id": None},
            "occupation_interests": [
                {
                    "concept_id": BUS_DRIVER,
                    "preferred_label": "Bussförare",
                    "text": None,
                    "confidence": None,
                    "taxonomy_version": IsStr(),
                    "source": "given",
                }
            ],
            "experience": [
                {
                    "occupation": {
                        "concept_id": IsStr(),
                        "preferred_label": IsStr(regex="^Lagerarbetare.*"),
                        "text": "lagerarbetare",
                        "confidence": IsFloat(ge=0.5),
                        "taxonomy_version": IsStr(),
                        "source": "mapped",
                    },
                    "years": 2.5,
                }
            ],
            "skills": [
                {
                    "concept_id": EXCEL,
                    "preferred_label": "MS Excel",
                    "text": None,
                    "confidence": None,
                    "taxonomy_version": IsStr(),
                    "source": "given",
                },
                {
                    "concept_id": stored["skills"][1]["concept_id"],
                    "preferred_label": stored["skills"][1]["preferred_label"],
                    "text": "truckkörning",
                    "confidence": IsFloat(ge=0, le=1),
                    "taxonomy_version": IsStr(),
                    "source": IsStr(),
                },
            ],
            "prior_employment": [
                {"org_number": "556036-0793", "months": 6, "ended_on": "2025-12-31"}
            ],
            "interests": [
                {
                    "track_id": track["id"],
                    "cohort_id": None,
                    "expressed_at": "2026-11-01",
                }
            ],
            "languages": [
                {
                    "language_id": ARABIC,
                    "level": "c2",
                    "preferred_label": "Arabiska",
                    "text": None,
                    "confidence": None,
                    "taxonomy_version": IsStr(),
                }
            ],
            "labels": {
                STOCKHOLM: "Stockholm",
                SOLNA: "Solna",
                STOCKHOLMS_LAN: "Stockholms län",
                LICENCE_B: "B",
                UPPER_SECONDARY: IsStr(),
            },
            "created_at": IsDatetime(iso_string=True),
            "updated_at": IsDatetime(iso_string=True),
            "created_by": keys.secrets["matcher"].split("_")[1],
        }

    @pytest.mark.parametrize(
        "field", ["name", "personnummer", "address", "phone", "ethnicity", "notes"]
    )
    def test_never_stored_fields_are_refused_as_unknown(
        self, client: TestClient, keys: Keys, field: str
    ) -> None:
        response = client.post(
            "/v1/participants",
            json=participant_body("crm-1", **{field: "x"}),
            headers=keys.auth("matcher"),
        )
        assert response.status_code == 422
        assert rules(response) == [(field, "extra_forbidden")]

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"participant_ref": "811228-9874"}, "participant_ref"),
            ({"certifications": ["Truckkort, pnr 19811228-9874"]}, "certifications[0]"),
            ({"owning_unit": "Järva 8112289874"}, "owning_unit"),
            (
                {"experience": [{"occupation": {"text": "811228+9874"}, "years": 1}]},
                "experience[0].occupation.text",
            ),
            ({"unknown": "811228-9874"}, "unknown"),
        ],
    )
    def test_personal_identity_numbers_are_refused_without_echo(
        self,
        client: TestClient,
        keys: Keys,
        overrides: dict[str, object],
        field: str,
    ) -> None:
        response = client.post(
            "/v1/participants",
            json=participant_body("crm-2", **overrides),
            headers=keys.auth("matcher"),
        )
        assert response.status_code == 422
        assert rules(response) == [(field, "personal_identity_number")]
        assert "personnummer" in response.json()["detail"]
        digits = PERSONNUMMER.replace("-", "")
        assert digits[:6] not in response.text
        assert digits[-4:] not in response.text

    def test_samordningsnummer_is_refused_too(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/participants",
            json=participant_body("crm-3", owning_unit="701063-2391"),
            headers=keys.auth("matcher"),
        )
        assert rules(response) == [("owning_unit", "personal_identity_number")]

    def test_deprecated_and_wrong_concepts_are_refused(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/participants",
            json=participant_body(
                "crm-5",
                home_municipality_id=STOCKHOLMS_LAN,
                occupation_interests=[{"concept_id": DEPRECATED_OCCUPATION}],
            ),
            headers=keys.auth("matcher"),
        )
        assert rules(response) == [
            ("home_municipality_id", "wrong_type"),
            ("occupation_interests[0].concept_id", "deprecated"),
        ]

    def test_duplicate_ref_is_a_409(self, client: TestClient, keys: Keys) -> None:
        create_participant(client, keys, "crm-6")
        response = client.post(
            "/v1/participants",
            json=participant_body("crm-6"),
            headers=keys.auth("matcher"),
        )
        assert response.status_code == 409


class TestParticipantAccess:
    def test_liaisons_get_403_on_every_participant_route(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, "crm-7")
        liaison = keys.auth("liaison")
        assert client.get("/v1/participants", headers=liaison).status_code == 403
        assert client.get("/v1/participants/crm-7", headers=liaison).status_code == 403
        patched = client.patch(
            "/v1/participants/crm-7", json={"birth_year": 1980}, headers=liaison
        )
        assert patched.status_code == 403

    def test_every_read_and_write_is_audited_with_purpose(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, "crm-8")
        purpose = {**keys.auth("matcher"), "X-Purpose": "matching for home care"}
        client.get("/v1/participants/crm-8", headers=purpose)
        client.get(
            "/v1/participants",
            params={"owning_unit": "Jobbtorg Järva"},
            headers=purpose,
        )
        client.patch(
            "/v1/participants/crm-8",
            json={"swedish": {"level": "sva_1"}},
            headers=keys.auth("integration"),
        )
        assert audit_trail(client, keys, "crm-8") == [
            ("participant.create", "matcher", None),
            ("participant.read", "matcher", "matching for home care"),
            ("participant.list", "matcher", "matching for home care"),
            ("participant.update", "integration", None),
        ]


class TestUpdateParticipant:
    def test_patch_with_stale_etag_is_a_412(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, "crm-9")
        url = "/v1/participants/crm-9"
        etag = client.get(url, headers=keys.auth("matcher")).headers["ETag"]
        first = client.patch(
            url,
            json={"birth_year": 1985},
            headers={**keys.auth("matcher"), "If-Match": etag},
        )
        assert first.json()["birth_year"] == 1985
        second = client.patch(
            url,
            json={"birth_year": 1986},
            headers={**keys.auth("matcher"), "If-Match": etag},
        )
        assert second.status_code == 412

    def test_delete_erases_the_record(self, client: TestClient, keys: Keys) -> None:
        create_participant(client, keys, "crm-10")
        url = "/v1/participants/crm-10"
        assert client.delete(url, headers=keys.auth("matcher")).status_code == 204
        assert client.get(url, headers=keys.auth("matcher")).status_code == 404
