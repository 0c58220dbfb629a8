"""Problems speak Swedish to a client whose `Accept-Language` asks for it."""

import pytest
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import create_organisation

SV = {"Accept-Language": "sv"}


class TestSwedishProblems:
    def test_missing_key_is_explained_in_swedish(self, client: TestClient) -> None:
        response = client.get("/v1/keys", headers=SV)
        assert response.status_code == 401
        assert response.headers["content-language"] == "sv"
        assert "Accept-Language" in response.headers["vary"]
        assert response.json() == {
            "type": "urn:jobbmatch:problem:unauthorized",
            "title": "Inte autentiserad",
            "status": 401,
            "detail": "Skicka en API-nyckel som `Authorization: Bearer <key>`.",
            "instance": "/v1/keys",
        }

    def test_schema_errors_name_fields_with_swedish_messages(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        response = client.post(
            "/v1/needs",
            json={"organisation_id": organisation["id"], "positions": 0, "x": 1},
            headers={**keys.auth("liaison"), "Accept-Language": "sv-SE,en;q=0.5"},
        )
        assert response.status_code == 422
        body = response.json()
        assert (body["title"], body["detail"]) == (
            "Ogiltig indata",
            "Begäran uppfyller inte schemat: positions, x.",
        )
        assert sorted(
            (e["field"], e["rule"], e["message"]) for e in body["errors"]
        ) == [
            ("positions", "greater_than_equal", "Värdet ska vara minst 1"),
            ("x", "extra_forbidden", "Fältet är okänt och inte tillåtet"),
        ]

    def test_missing_field_and_short_text(self, client: TestClient, keys: Keys) -> None:
        response = client.post(
            "/v1/keys", json={"name": ""}, headers={**keys.auth("admin"), **SV}
        )
        assert response.status_code == 422
        messages = {e["field"]: e["message"] for e in response.json()["errors"]}
        assert messages == {
            "name": "Texten ska ha minst 1 tecken",
            "role": "Fältet krävs",
        }

    def test_unknown_record_is_a_swedish_404(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.get(
            "/v1/needs/999999", headers={**keys.auth("liaison"), **SV}
        )
        assert response.status_code == 404
        body = response.json()
        assert (body["title"], body["detail"]) == (
            "Hittades inte",
            "Ingen post av typen need har id 999999.",
        )

    @pytest.mark.parametrize(
        "header", [None, "en", "en-GB,sv;q=0.8", "de", "sv;q=0.1,en;q=0.9"]
    )
    def test_english_unless_swedish_is_preferred(
        self, client: TestClient, header: str | None
    ) -> None:
        headers = {} if header is None else {"Accept-Language": header}
        response = client.get("/v1/keys", headers=headers)
        assert response.headers["content-language"] == "en"
        assert (response.json()["title"], response.json()["detail"]) == (
            "Unauthorized",
            "Send an API key as `Authorization: Bearer <key>`.",
        )
