"""The taxonomy read API over the real snapshot loaded at start-up."""

import pytest
from dirty_equals import IsFloat, IsInt, IsList, IsPartialDict, IsStr
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, Keys

pytestmark = pytest.mark.needs_shared_taxonomy
BARNSKOTARE_GROUP = "Hi9c_iTe_gHH"
BARNSKOTARE = "rM7G_ge7_XhP"
PEDAGOGIK_FIELD = "MVqp_eS8_kDZ"
TRAPPSTADARE = "L82w_2jv_m68"


def _ids(items: list[dict[str, object]]) -> list[object]:
    return [item["id"] for item in items]


class TestVersions:
    def test_the_snapshot_is_the_current_version(
        self, client: TestClient, keys: Keys
    ) -> None:
        page = client.get("/v1/taxonomy/versions", headers=keys.auth("auditor")).json()
        assert page == {
            "items": [
                {
                    "id": IsInt(),
                    "label": "jj-2026-01",
                    "number": None,
                    "source": IsStr(regex=r".*taxonomy.*"),
                    "imported_at": IsStr(),
                    "is_current": True,
                    "concept_count": 17564,
                    "relation_count": 35816,
                }
            ],
            "total": 1,
            "limit": 50,
            "offset": 0,
        }


class TestGetConcept:
    def test_ssyk_group_with_code_field_and_skills(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = client.get(
            f"/v1/taxonomy/concepts/{BARNSKOTARE_GROUP}", headers=keys.auth("liaison")
        ).json()
        assert body == IsPartialDict(
            id=BARNSKOTARE_GROUP,
            type="ssyk-level-4",
            preferred_label="Barnskötare",
            deprecated=False,
            codes=IsPartialDict(ssyk_code_2012="5311"),
            taxonomy_version="jj-2026-01",
        )
        assert [c["type"] for c in body["broader"]] == IsList(
            "occupation-field",
            "ssyk-level-3",
            "ssyk-level-2",
            "ssyk-level-1",
            check_order=False,
        )
        assert PEDAGOGIK_FIELD in _ids(body["broader"])
        assert len(body["skills"]) > 5
        assert {s["type"] for s in body["skills"]} == {"skill"}

    def test_occupation_name_with_its_group_and_field(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = client.get(
            f"/v1/taxonomy/concepts/{BARNSKOTARE}", headers=keys.auth("matcher")
        ).json()
        assert body["preferred_label"] == "Barnskötare"
        assert _ids(body["broader"])[0] == BARNSKOTARE_GROUP
        assert PEDAGOGIK_FIELD in _ids(body["broader"])
        assert all(s["percentage"] in (25, 75) for s in body["substitutes"])

    def test_deprecated_concept_offers_its_group_as_fallback(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = client.get(
            f"/v1/taxonomy/concepts/{TRAPPSTADARE}", headers=keys.auth("admin")
        ).json()
        assert body["deprecated"] is True
        assert body["replacements"] == [
            {
                "concept": IsPartialDict(type="ssyk-level-4", deprecated=False),
                "fallback": True,
            }
        ]

    def test_unknown_concept_is_a_404_problem(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.get(
            "/v1/taxonomy/concepts/nope_nope_nop", headers=keys.auth("admin")
        )
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM


class TestListConcepts:
    def test_search_ignores_case_and_diacritics(
        self, client: TestClient, keys: Keys
    ) -> None:
        page = client.get(
            "/v1/taxonomy/concepts",
            params={"type": "occupation-name", "q": "BARNSKOTARE"},
            headers=keys.auth("liaison"),
        ).json()
        assert BARNSKOTARE in _ids(page["items"])
        assert all(item["type"] == "occupation-name" for item in page["items"])

    def test_deprecated_only_on_request(self, client: TestClient, keys: Keys) -> None:
        params = {"type": "occupation-name", "q": "trappstädare"}
        without = client.get(
            "/v1/taxonomy/concepts", params=params, headers=keys.auth("admin")
        )
        with_old = client.get(
            "/v1/taxonomy/concepts",
            params={**params, "include_deprecated": "true"},
            headers=keys.auth("admin"),
        )
        assert TRAPPSTADARE not in _ids(without.json()["items"])
        assert TRAPPSTADARE in _ids(with_old.json()["items"])

    def test_unknown_type_is_a_422_naming_the_field(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.get(
            "/v1/taxonomy/concepts",
            params={"type": "planet"},
            headers=keys.auth("admin"),
        )
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {
                "field": "type",
                "rule": "enum",
                "message": IsStr(regex=".*occupation-name.*"),
            }
        ]


class TestMapping:
    def test_need_text_maps_to_the_home_care_group(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = client.post(
            "/v1/taxonomy/map",
            json={"text": "Vi söker undersköterskor till hemtjänsten", "limit": 3},
            headers=keys.auth("liaison"),
        ).json()
        assert body["abstained"] is False
        assert body["taxonomy_version"] == "jj-2026-01"
        assert body["matches"][0] == {
            "concept_id": IsStr(),
            "type": "occupation-name",
            "preferred_label": IsStr(regex="Undersköterska.*"),
            "ssyk_code_2012": "5321",
            "score": IsFloat(ge=0, le=1),
            "confidence": IsFloat(ge=0, le=1),
            "matched_label": IsStr(),
            "reason": IsStr(),
        }
        assert len(body["matches"]) <= 3

    @pytest.mark.parametrize("text", ["asdfgh", "bästa jobbet"])
    def test_nonsense_abstains(self, client: TestClient, keys: Keys, text: str) -> None:
        body = client.post(
            "/v1/taxonomy/map", json={"text": text}, headers=keys.auth("matcher")
        ).json()
        assert body["abstained"] is True

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"text": ""}, "text"),
            ({"text": "x" * 2001}, "text"),
            ({"text": "diskare", "limit": 21}, "limit"),
            ({"text": "diskare", "type": "planet"}, "type"),
        ],
    )
    def test_bad_requests_are_422(
        self, client: TestClient, keys: Keys, body: dict[str, object], field: str
    ) -> None:
        response = client.post(
            "/v1/taxonomy/map", json=body, headers=keys.auth("liaison")
        )
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == [field]

    def test_autocomplete_tolerates_missing_diacritics(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = client.get(
            "/v1/taxonomy/autocomplete",
            params={"q": "underskot", "type": "occupation-name", "limit": 5},
            headers=keys.auth("liaison"),
        ).json()
        assert 1 <= len(body["items"]) <= 5
        labels = [item["preferred_label"].lower() for item in body["items"]]
        assert labels[0].startswith("undersköterska")
        assert all("undersköterska" in label for label in labels)

    def test_autocomplete_of_a_typo_near_a_filler_word_answers(
        self, client: TestClient, keys: Keys
    ) -> None:
        # "arbet" is one edit from the stop word "arbete"; this was once a 500.
        response = client.get(
            "/v1/taxonomy/autocomplete",
            params={"q": "arbet"},
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 200
        assert response.json()["items"]


class TestExtract:
    def test_occupations_and_skills_come_with_their_spans(
        self, client: TestClient, keys: Keys
    ) -> None:
        text = "Har jobbat som barnskötare i tre år och kan demensvård."
        body = client.post(
            "/v1/taxonomy/extract", json={"text": text}, headers=keys.auth("matcher")
        ).json()
        occupation = body["occupations"][0]
        start, end = occupation["span"]
        assert text[start:end] == occupation["text"] == "barnskötare"
        assert occupation["concept_id"] == IsStr()
        skill_spans = [text[s["span"][0] : s["span"][1]] for s in body["skills"]]
        assert "demensvård" in skill_spans
        assert all(s["type"] == "skill" for s in body["skills"])

    def test_empty_text_is_a_422(self, client: TestClient, keys: Keys) -> None:
        response = client.post(
            "/v1/taxonomy/extract", json={"text": ""}, headers=keys.auth("matcher")
        )
        assert response.status_code == 422
