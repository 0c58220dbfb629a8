"""Every route needs a key, and each role gets exactly the routes declared for it."""

import re
from typing import Any

import pytest
from dirty_equals import IsStr
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, ROLES, Keys
from api_tests.conftest import make_settings
from service.main import create_app

PUBLIC = {
    "/health",
    "/ready",
    "/docs",
    "/docs/oauth2-redirect",
    "/redoc",
    "/openapi.json",
}


def _operations(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    """Every (method, path) the app routes, with its spec operation (or {})."""
    spec = client.get("/openapi.json").json()
    found = []
    for route in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        assert route.path is not None
        for method in sorted((route.methods or set()) - {"HEAD", "OPTIONS"}):
            operation = spec["paths"].get(route.path, {}).get(method.lower(), {})
            found.append((method, route.path, operation))
    return found


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "does-not-exist", path)


def _call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> Any:
    body: dict[str, object] | None = {} if method in {"POST", "PUT", "PATCH"} else None
    return client.request(method, _concrete(path), headers=headers, json=body)


def test_every_route_but_the_public_ones_requires_a_key(client: TestClient) -> None:
    for method, path, operation in _operations(client):
        if path in PUBLIC:
            continue
        assert operation.get("security"), f"{method} {path} declares no security"
        response = _call(client, method, path, {})
        assert response.status_code == 401, f"{method} {path}"
        assert response.headers["content-type"] == PROBLEM
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_each_role_gets_exactly_its_declared_routes(
    client: TestClient, keys: Keys
) -> None:
    checked = 0
    for method, path, operation in _operations(client):
        if path in PUBLIC:
            continue
        allowed = set(operation["security"][0]["ApiKey"])
        assert allowed <= set(ROLES), f"{method} {path}"
        for role in ROLES:
            status = _call(client, method, path, keys.auth(role)).status_code
            if role in allowed:
                assert status not in (401, 403), f"{role} refused {method} {path}"
            else:
                assert status == 403, f"{role} let into {method} {path}"
            checked += 1
    assert checked >= 5 * 6


@pytest.mark.parametrize(
    "header",
    [
        "Bearer jmk_000000000000_notarealsecret",
        "Bearer ",
        "Basic YWRtaW46YWRtaW4=",
        "Bearer jmk_only-two-parts",
        "Bearer " + "x" * 5000,
        "garbage",
    ],
)
def test_bad_authorization_headers_are_401_problems(
    client: TestClient, header: str
) -> None:
    response = client.get("/v1/audit", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json() == {
        "type": "urn:jobbmatch:problem:unauthorized",
        "title": "Unauthorized",
        "status": 401,
        "detail": IsStr(),
        "instance": "/v1/audit",
    }


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Purpose": "x" * 201},
        {"X-Purpose": "a\tb"},
        {"Authorization": "Bearer not-a-key", "X-Purpose": "x" * 201},
    ],
)
def test_the_key_is_checked_before_the_purpose(
    client: TestClient, headers: dict[str, str]
) -> None:
    # A caller without a valid key learns nothing about its other input.
    response = client.get("/v1/needs", headers=headers)
    assert response.status_code == 401
    assert response.json()["type"] == "urn:jobbmatch:problem:unauthorized"


def test_a_revoked_key_stops_working_at_once(client: TestClient, keys: Keys) -> None:
    created = client.post(
        "/v1/keys",
        json={"name": "short-lived", "role": "matcher", "all_units": True},
        headers=keys.auth("admin"),
    ).json()
    matcher = {"Authorization": f"Bearer {created['key']}"}
    assert client.get("/v1/keys", headers=matcher).status_code == 403
    client.post(f"/v1/keys/{created['id']}/revoke", headers=keys.auth("admin"))
    assert client.get("/v1/keys", headers=matcher).status_code == 401


def test_failed_authentication_is_audited(client: TestClient, keys: Keys) -> None:
    client.get("/v1/keys", headers={"Authorization": "Bearer jmk_000000000000_nope"})
    client.get("/v1/keys", headers=keys.auth("auditor"))
    entries = client.get(
        "/v1/audit",
        params={"outcome": "denied", "limit": 2},
        headers=keys.auth("auditor"),
    ).json()["items"]
    assert [(e["action"], e["role"], e["object_id"]) for e in entries] == [
        ("auth.forbidden", "auditor", "GET /v1/keys"),
        ("auth.invalid", None, "GET /v1/keys"),
    ]


def test_failed_authentications_are_limited_and_audited_once_a_minute(
    database_url: str, keys: Keys
) -> None:
    app = create_app(
        make_settings(database_url, auth_failures_per_minute=5, migrate_on_start=False)
    )
    route = "GET /v1/participants/flood-probe"
    with TestClient(app) as anonymous:
        statuses = [
            anonymous.get("/v1/participants/flood-probe").status_code for _ in range(8)
        ]
        rows = anonymous.get(
            "/v1/audit",
            params={"object_id": route, "action": "auth.missing"},
            headers=keys.auth("auditor"),
        ).json()
    assert statuses == [401] * 5 + [429] * 3
    assert rows["total"] == 1
