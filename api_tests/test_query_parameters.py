"""Query parameters an operation does not take are refused, never ignored."""

from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, Keys


def test_an_unknown_filter_is_a_400_naming_it(client: TestClient, keys: Keys) -> None:
    response = client.get(
        "/v1/participants?updated_sinse=2026-01-01&limit=5",
        headers=keys.auth("matcher"),
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [
        ("updated_sinse", "unknown_parameter")
    ]


def test_declared_parameters_still_work(client: TestClient, keys: Keys) -> None:
    response = client.get("/v1/needs?limit=5&offset=0", headers=keys.auth("liaison"))
    assert response.status_code == 200


def test_a_name_that_is_not_safe_to_repeat_is_withheld(
    client: TestClient, keys: Keys
) -> None:
    response = client.get("/v1/needs?<script>=1", headers=keys.auth("liaison"))
    assert response.status_code == 400
    assert "<script>" not in response.text
