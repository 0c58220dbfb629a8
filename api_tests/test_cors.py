"""Cross-origin requests: allowed origins get the CORS headers, a refused preflight
is a problem document like every other error."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM
from api_tests.conftest import make_settings
from service.main import create_app

ALLOWED = "https://intranet.example.se"


@pytest.fixture
def cors_client(database_url: str) -> Iterator[TestClient]:
    settings = make_settings(
        database_url, cors_origins=[ALLOWED], migrate_on_start=False
    )
    with TestClient(create_app(settings)) as client:
        yield client


def _preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "GET",
    }


def test_allowed_origin_preflight_succeeds(cors_client: TestClient) -> None:
    response = cors_client.options("/v1/participants", headers=_preflight(ALLOWED))
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED


def test_refused_origin_is_a_problem(cors_client: TestClient) -> None:
    origin = "https://evil.example.com"
    response = cors_client.options("/v1/participants", headers=_preflight(origin))
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == "urn:jobbmatch:problem:cors-refused"
    assert body["instance"] == "/v1/participants"
    assert "origin" in body["detail"]
    assert origin not in response.text


def test_simple_request_from_allowed_origin_carries_header(
    cors_client: TestClient,
) -> None:
    response = cors_client.get("/health", headers={"Origin": ALLOWED})
    assert response.headers["access-control-allow-origin"] == ALLOWED
