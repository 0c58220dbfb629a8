import pytest
from dirty_equals import IsDatetime, IsFloat, IsInt, IsStr
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import (
    CHILDCARE_GROUP,
    DEPRECATED_OCCUPATION,
    ENGLISH,
    HOME_CARE,
    LICENCE_B,
    NURSE_ASSISTANT_HOME_CARE,
    create_need,
    create_organisation,
    create_workplace,
    rules,
)


class TestCreateNeed:
    def test_free_text_need_is_read_and_mapped_at_write_time(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        text = "Vi söker undersköterskor till hemtjänsten, körkort B, SFI D"
        response = client.post(
            "/v1/needs",
            json={
                "organisation_id": organisation["id"],
                "description": text,
                "positions": 3,
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 201, response.text
        assert response.json() == {
            "id": IsInt(),
            "organisation_id": organisation["id"],
            "workplace_id": None,
            "external_ref": None,
            "description": text,
            "positions": 3,
            "earliest_start": None,
            "latest_start": None,
            "employment_type": None,
            "worktime_extent": None,
            "scope_percent": None,
            "schedules": [],
            "requirements": {
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
            "programmes": ["ordinary"],
            "status": "draft",
            "occupation": {
                "concept_id": NURSE_ASSISTANT_HOME_CARE,
                "preferred_label": IsStr(regex="^Undersköterska, hemtjänst.*"),
                "text": "Vi söker undersköterskor till hemtjänsten",
                "confidence": IsFloat(ge=0.5, le=1),
                "taxonomy_version": IsStr(min_length=1),
                "source": "mapped",
            },
            "created_at": IsDatetime(iso_string=True),
            "updated_at": IsDatetime(iso_string=True),
            "created_by": IsStr(),
        }

    def test_unmappable_text_is_kept_without_a_concept(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        need = create_need(
            client, keys, organisation["id"], occupation={"text": "xqzzy vlorp"}
        )
        assert need["occupation"] == {
            "concept_id": None,
            "preferred_label": None,
            "text": "xqzzy vlorp",
            "confidence": IsFloat(ge=0, lt=0.5),
            "taxonomy_version": IsStr(),
            "source": "unmapped",
        }
        assert need["occupation"]["confidence"] is not None

    def test_typed_requirements_and_an_ssyk_group_are_accepted(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        workplace = create_workplace(client, keys, organisation["id"])
        requirements = {
            "swedish": "sva_1",
            "languages": [{"language_id": ENGLISH, "level": "b1"}],
            "must": [
                {"kind": "skill", "concept_id": HOME_CARE, "min_years": None},
                {
                    "kind": "occupation_experience",
                    "concept_id": CHILDCARE_GROUP,
                    "min_years": 2,
                },
            ],
            "merits": [{"kind": "driving_licence", "concept_id": LICENCE_B}],
        }
        need = create_need(
            client,
            keys,
            organisation["id"],
            workplace_id=workplace["id"],
            occupation={"concept_id": CHILDCARE_GROUP},
            requirements=requirements,
            programmes=["jobbspar", "praktik"],
            schedules=["day", "weekend"],
            employment_type="fixed_term",
            worktime_extent="part_time",
            scope_percent=75,
            earliest_start="2027-01-10",
            latest_start="2027-02-01",
        )
        assert need["occupation"]["source"] == "given"
        assert need["requirements"]["must"][1]["min_years"] == 2
        assert need["requirements"]["merits"] == [
            {
                "kind": "driving_licence",
                "concept_id": LICENCE_B,
                "preferred_label": "B",
                "min_years": None,
                "text": None,
                "confidence": None,
                "taxonomy_version": IsStr(min_length=1),
            }
        ]
        assert need["requirements"]["languages"] == [
            {
                "language_id": ENGLISH,
                "level": "b1",
                "preferred_label": "Engelska",
                "text": None,
                "confidence": None,
                "taxonomy_version": IsStr(min_length=1),
            }
        ]

    @pytest.mark.parametrize(
        ("text", "ground"),
        [
            ("Undersköterska med svenska som modersmål", "etnisk tillhörighet"),
            ("Lagerarbetare, max 35 år", "ålder"),
            ("Städare, endast kvinnor", "kön"),
        ],
    )
    def test_discriminatory_text_is_a_422_saying_why(
        self, client: TestClient, keys: Keys, text: str, ground: str
    ) -> None:
        organisation = create_organisation(client, keys)
        response = client.post(
            "/v1/needs",
            json={
                "organisation_id": organisation["id"],
                "description": text,
                "positions": 1,
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422
        assert rules(response) == [("description", "discriminatory")]
        message = response.json()["errors"][0]["message"]
        assert ground in message
        assert "diskrimineringslagen (2008:567)" in message
        listed = client.get(
            "/v1/needs",
            params={"organisation_id": organisation["id"]},
            headers=keys.auth("liaison"),
        )
        assert listed.json()["total"] == 0

    def test_age_limit_needs_a_legal_basis(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        body = {
            "organisation_id": organisation["id"],
            "positions": 1,
            "occupation": {"text": "Bartender"},
            "requirements": {"minimum_age": 18},
        }
        refused = client.post("/v1/needs", json=body, headers=keys.auth("liaison"))
        assert rules(refused) == [("requirements", "legal_basis_required")]
        body["requirements"] = {
            "minimum_age": 18,
            "minimum_age_basis": "alkohollagen (2010:1622) 3 kap. 5 §",
        }
        accepted = client.post("/v1/needs", json=body, headers=keys.auth("liaison"))
        assert accepted.status_code == 201

    def test_deprecated_and_wrong_concepts_are_listed_with_replacements(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        response = client.post(
            "/v1/needs",
            json={
                "organisation_id": organisation["id"],
                "positions": 1,
                "occupation": {"concept_id": DEPRECATED_OCCUPATION},
                "requirements": {"must": [{"kind": "skill", "concept_id": LICENCE_B}]},
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422
        assert rules(response) == [
            ("occupation.concept_id", "deprecated"),
            ("requirements.must[0].concept_id", "wrong_type"),
        ]
        deprecated = response.json()["concepts"][0]
        assert deprecated["replacements"] == [
            {
                "id": IsStr(),
                "preferred_label": IsStr(),
                "type": "ssyk-level-4",
                "fallback": True,
            }
        ]

    @pytest.mark.parametrize(
        ("overrides", "expected"),
        [
            ({"positions": 0}, [("positions", "greater_than_equal")]),
            (
                {"requirements": {"swedish": "fluent"}},
                [("requirements.swedish", "enum")],
            ),
            ({"programmes": ["ordinary", "extra"]}, [("programmes.1", "enum")]),
            (
                {"earliest_start": "2027-03-01", "latest_start": "2027-02-01"},
                [("latest_start", "after_earliest_start")],
            ),
            ({"occupation": None}, [("occupation", "occupation_required")]),
            (
                {"occupation": {"concept_id": CHILDCARE_GROUP, "text": "x"}},
                [("occupation", "concept_or_text")],
            ),
        ],
    )
    def test_broken_rules_name_field_and_rule(
        self,
        client: TestClient,
        keys: Keys,
        overrides: dict[str, object],
        expected: list[tuple[str, str]],
    ) -> None:
        organisation = create_organisation(client, keys)
        response = client.post(
            "/v1/needs",
            json={
                "organisation_id": organisation["id"],
                "positions": 1,
                "occupation": {"concept_id": CHILDCARE_GROUP},
                **overrides,
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422
        assert rules(response) == expected

    def test_workplace_must_belong_to_the_organisation(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        other = create_organisation(client, keys, name="Other")
        workplace = create_workplace(client, keys, other["id"])
        response = client.post(
            "/v1/needs",
            json={
                "organisation_id": organisation["id"],
                "workplace_id": workplace["id"],
                "positions": 1,
                "occupation": {"concept_id": CHILDCARE_GROUP},
            },
            headers=keys.auth("liaison"),
        )
        assert rules(response) == [("workplace_id", "workplace_of_organisation")]
