"""Every error is an RFC 9457 problem document; garbage never yields a 5xx."""

import pytest
from dirty_equals import IsStr
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, Keys
from api_tests.conftest import make_settings
from service.main import create_app


def _problem(
    status: int, title: str, instance: str, slug: str | None = None
) -> dict[str, object]:
    return {
        "type": f"urn:jobbmatch:problem:{slug}" if slug else "about:blank",
        "title": title,
        "status": status,
        "detail": IsStr(min_length=1),
        "instance": instance,
    }


class TestProblemShapes:
    def test_malformed_json_is_400(self, client: TestClient, keys: Keys) -> None:
        response = client.post(
            "/v1/keys",
            content=b'{"name": "x",',
            headers={**keys.auth("admin"), "Content-Type": "application/json"},
        )
        assert response.status_code == 400
        assert response.headers["content-type"] == PROBLEM
        body = response.json()
        assert {k: body[k] for k in ("type", "title", "status", "instance")} == {
            "type": "urn:jobbmatch:problem:malformed-json",
            "title": "Malformed JSON",
            "status": 400,
            "instance": "/v1/keys",
        }

    def test_missing_key_is_401(self, client: TestClient) -> None:
        response = client.get("/v1/keys")
        assert response.json() == _problem(
            401, "Unauthorized", "/v1/keys", "unauthorized"
        )

    def test_wrong_role_is_403(self, client: TestClient, keys: Keys) -> None:
        response = client.get("/v1/keys", headers=keys.auth("liaison"))
        assert response.json() == _problem(403, "Forbidden", "/v1/keys", "forbidden")

    def test_unknown_id_is_404(self, client: TestClient, keys: Keys) -> None:
        response = client.get("/v1/keys/nope", headers=keys.auth("admin"))
        assert response.json() == _problem(
            404, "Not found", "/v1/keys/{key_id}", "not-found"
        )

    def test_unknown_path_is_404(self, client: TestClient) -> None:
        response = client.get("/v1/nothing-here")
        assert response.status_code == 404
        assert response.json() == _problem(404, "Not Found", "/v1/nothing-here")

    def test_wrong_method_is_405(self, client: TestClient) -> None:
        response = client.delete("/health")
        assert response.status_code == 405
        assert response.json() == _problem(405, "Method Not Allowed", "/health")
        assert response.headers["allow"] == "GET"

    @pytest.mark.parametrize(
        ("method", "path", "allowed"),
        [
            ("PUT", "/v1/participants", "GET, POST"),
            ("DELETE", "/v1/shortlists", "GET, POST"),
            ("PUT", "/v1/participants/p-1", "DELETE, GET, PATCH"),
        ],
    )
    def test_allow_names_every_method_of_the_path(
        self, client: TestClient, method: str, path: str, allowed: str
    ) -> None:
        response = client.request(method, path)
        assert response.status_code == 405
        assert response.headers["allow"] == allowed

    def test_revoking_twice_is_409(self, client: TestClient, keys: Keys) -> None:
        key = client.post(
            "/v1/keys",
            json={"name": "x", "role": "auditor"},
            headers=keys.auth("admin"),
        ).json()
        client.post(f"/v1/keys/{key['id']}/revoke", headers=keys.auth("admin"))
        response = client.post(
            f"/v1/keys/{key['id']}/revoke", headers=keys.auth("admin")
        )
        assert response.json() == _problem(
            409, "Conflict", "/v1/keys/{key_id}/revoke", "conflict"
        )

    def test_oversized_body_is_413(self, client: TestClient, keys: Keys) -> None:
        response = client.post(
            "/v1/keys",
            content=b"x" * (1024 * 1024 + 1),
            headers={**keys.auth("admin"), "Content-Type": "application/json"},
        )
        assert response.json() == _problem(
            413, "Content Too Large", "/v1/keys", "body-too-large"
        )

    def test_oversized_chunked_body_is_413(
        self, client: TestClient, keys: Keys
    ) -> None:
        def chunks() -> object:
            for _ in range(20):
                yield b"x" * 65536

        response = client.post(
            "/v1/keys",
            content=chunks(),  # type: ignore[arg-type]
            headers={**keys.auth("admin"), "Content-Type": "application/json"},
        )
        assert response.status_code == 413

    def test_wrong_content_type_is_415(self, client: TestClient, keys: Keys) -> None:
        response = client.post(
            "/v1/keys",
            content=b"name=x",
            headers={
                **keys.auth("admin"),
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        assert response.json() == _problem(
            415, "Unsupported Media Type", "/v1/keys", "unsupported-media-type"
        )

    def test_schema_violation_is_422_with_field_errors(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/keys",
            json={"name": "", "role": "admin", "colour": "red"},
            headers=keys.auth("admin"),
        )
        assert response.status_code == 422
        assert response.json() == {
            **_problem(422, "Invalid input", "/v1/keys", "validation"),
            "errors": [
                {"field": "name", "rule": "string_too_short", "message": IsStr()},
                {"field": "colour", "rule": "extra_forbidden", "message": IsStr()},
            ],
        }

    @pytest.mark.parametrize("limit", ["0", "201", "ten", "-1"])
    def test_bad_query_parameters_are_422(
        self, client: TestClient, keys: Keys, limit: str
    ) -> None:
        response = client.get(
            "/v1/keys", params={"limit": limit}, headers=keys.auth("admin")
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "limit"

    @pytest.mark.parametrize(
        "body",
        [b"[]", b"null", b"42", b'"text"', b'{"name": 1, "role": []}', b"\xff\xfe"],
    )
    def test_garbage_bodies_are_4xx(
        self, client: TestClient, keys: Keys, body: bytes
    ) -> None:
        response = client.post(
            "/v1/keys",
            content=body,
            headers={**keys.auth("admin"), "Content-Type": "application/json"},
        )
        assert 400 <= response.status_code < 500
        assert response.headers["content-type"] == PROBLEM


class TestServerSideProblems:
    def test_rate_limit_is_429_with_retry_after(
        self, database_url: str, keys: Keys
    ) -> None:
        app = create_app(
            make_settings(database_url, rate_limit_per_minute=2, migrate_on_start=False)
        )
        with TestClient(app) as limited:
            statuses = [
                limited.get("/v1/audit", headers=keys.auth("auditor")).status_code
                for _ in range(3)
            ]
            response = limited.get("/v1/audit", headers=keys.auth("auditor"))
        assert statuses == [200, 200, 429]
        assert response.json() == _problem(
            429, "Too many requests", "/v1/audit", "rate-limited"
        )
        assert 1 <= int(response.headers["Retry-After"]) <= 60

    def test_unhandled_error_is_a_500_problem_without_internals(
        self, tmp_path: object, keys: Keys
    ) -> None:
        # A database without the schema makes every query fail inside the handler.
        app = create_app(
            make_settings(f"sqlite:///{tmp_path}/empty.db", migrate_on_start=False)
        )
        with TestClient(app, raise_server_exceptions=False) as broken:
            response = broken.get("/v1/audit", headers=keys.auth("auditor"))
        assert response.status_code == 500
        assert response.json() == {
            **_problem(500, "Internal Server Error", "/v1/audit", "internal"),
            "request_id": response.headers["X-Request-ID"],
        }
        assert "sqlite" not in response.text.lower()
        assert "Traceback" not in response.text


class TestOutOfRangeNumbers:
    @pytest.mark.parametrize(
        "path",
        [
            "/v1/needs/99999999999999999999999",
            "/v1/needs?organisation_id=99999999999999999999999",
            "/v1/keys?offset=125388660125598121984",
        ],
    )
    def test_huge_numbers_are_4xx_not_500(
        self, client: TestClient, keys: Keys, path: str
    ) -> None:
        response = client.get(path, headers=keys.auth("admin"))
        assert 400 <= response.status_code < 500
        assert response.headers["content-type"] == PROBLEM
