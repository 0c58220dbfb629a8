"""Input contracts that hold: refs that can always be read again, bounded strings,
no NUL, naive datetimes read as UTC, bounded nesting and known media types; every
refusal a 4xx problem naming the field and the rule, with nothing written."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, Keys
from api_tests.factories import (
    create_cohort,
    create_participant,
    create_track,
    participant_body,
    rules,
)

REF_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"


@pytest.fixture(scope="module", name="spec")
def spec_fixture(app_client: TestClient) -> dict[str, Any]:
    document: dict[str, Any] = app_client.get("/openapi.json").json()
    return document


def _unbounded(node: Any, where: str) -> list[str]:
    """Every string in a schema with no maxLength (enums, dates and refs aside)."""
    found: list[str] = []
    if isinstance(node, dict):
        bounded = "maxLength" in node or "enum" in node or "const" in node
        dated = node.get("format") in ("date", "date-time")
        if node.get("type") == "string" and not (bounded or dated):
            found.append(where)
        for key, child in node.items():
            if key not in ("examples", "example", "default"):
                found += _unbounded(child, f"{where}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _unbounded(child, f"{where}[{index}]")
    return found


def _request_schemas(spec: dict[str, Any]) -> set[str]:
    """The component schemas reachable from any request body."""
    schemas = spec["components"]["schemas"]
    pending = [
        media["schema"]
        for path in spec["paths"].values()
        for operation in path.values()
        for media in operation.get("requestBody", {}).get("content", {}).values()
    ]
    seen: set[str] = set()
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                name = ref.rsplit("/", 1)[-1]
                if name not in seen:
                    seen.add(name)
                    pending.append(schemas[name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return seen


class TestSchema:
    def test_participant_ref_is_one_shared_bounded_pattern(
        self, spec: dict[str, Any]
    ) -> None:
        schemas = spec["components"]["schemas"]
        for name in ("ParticipantCreate", "EnrolmentCreate"):
            ref = schemas[name]["properties"]["participant_ref"]
            assert (ref["pattern"], ref["maxLength"]) == (REF_PATTERN, 64)

    def test_every_string_a_request_body_may_carry_is_bounded(
        self, spec: dict[str, Any]
    ) -> None:
        schemas = spec["components"]["schemas"]
        unbounded = [
            where
            for name in sorted(_request_schemas(spec))
            for where in _unbounded(schemas[name], name)
        ]
        inline = [
            where
            for path, item in spec["paths"].items()
            for method, operation in item.items()
            for media, content in operation.get("requestBody", {})
            .get("content", {})
            .items()
            if media != "text/csv"
            for where in _unbounded(content["schema"], f"{method} {path}")
        ]
        assert unbounded + inline == []

    def test_every_string_parameter_is_bounded(self, spec: dict[str, Any]) -> None:
        unbounded = {
            (path, parameter["name"])
            for path, item in spec["paths"].items()
            for operation in item.values()
            for parameter in operation.get("parameters", [])
            if parameter["in"] != "header"
            and _unbounded(parameter["schema"], parameter["name"])
        }
        assert unbounded == set()


class TestParticipantRef:
    @pytest.mark.parametrize(
        ("ref", "rule"),
        [
            ("", "string_pattern_mismatch"),
            ("a/b", "string_pattern_mismatch"),
            ("has space", "string_pattern_mismatch"),
            ("<script>alert(1)</script>", "string_pattern_mismatch"),
            ("-leading-dash", "string_pattern_mismatch"),
            ("x" * 65, "string_too_long"),
            ("a\x00b", "nul_character"),
        ],
    )
    def test_a_ref_that_could_not_be_read_again_is_refused(
        self, client: TestClient, keys: Keys, ref: str, rule: str
    ) -> None:
        response = client.post(
            "/v1/participants", json=participant_body(ref), headers=keys.auth("matcher")
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == PROBLEM
        assert rules(response) == [("participant_ref", rule)]
        listed = client.get("/v1/participants", headers=keys.auth("matcher"))
        assert listed.json()["total"] == 0

    def test_a_batch_row_with_such_a_ref_is_reported_and_not_written(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/participants:batch",
            json={"participants": [participant_body("a/b"), participant_body("ok")]},
            headers=keys.auth("integration"),
        )
        assert response.status_code == 200
        report = response.json()
        assert (report["created"], report["invalid"]) == (1, 1)
        assert report["rows"][0]["errors"][0]["rule"] == "string_pattern_mismatch"


class TestNul:
    def test_nul_in_a_body_field_is_a_422_naming_it(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/participants",
            json=participant_body("nul-1", owning_unit="Järva\x00"),
            headers=keys.auth("matcher"),
        )
        assert response.status_code == 422
        assert rules(response) == [("owning_unit", "nul_character")]
        assert "NUL" in response.json()["errors"][0]["message"]

    def test_nul_in_a_query_or_path_parameter_is_a_422_naming_it(
        self, client: TestClient, keys: Keys
    ) -> None:
        query = client.get(
            "/v1/participants?owning_unit=J%00", headers=keys.auth("matcher")
        )
        path = client.get("/v1/participants/a%00b", headers=keys.auth("matcher"))
        assert (query.status_code, rules(query)) == (
            422,
            [("owning_unit", "nul_character")],
        )
        assert (path.status_code, rules(path)) == (
            422,
            [("participant_ref", "nul_character")],
        )

    def test_nul_in_a_csv_upload_is_a_422(self, client: TestClient, keys: Keys) -> None:
        response = client.post(
            "/v1/participants:batch",
            content=b"participant_ref,owning_unit\nc-1,J\x00\n",
            headers={**keys.auth("integration"), "Content-Type": "text/csv"},
        )
        assert (response.status_code, rules(response)) == (
            422,
            [("(body)", "nul_character")],
        )


class TestDatetimeFilters:
    def test_a_naive_datetime_is_read_as_utc(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, "dt-1")
        naive = client.get(
            "/v1/audit",
            params={"since": "2026-01-01T00:00:00", "until": "2999-01-01T00:00:00"},
            headers=keys.auth("auditor"),
        )
        aware = client.get(
            "/v1/audit",
            params={"since": "2026-01-01T00:00:00Z", "until": "2999-01-01T00:00:00Z"},
            headers=keys.auth("auditor"),
        )
        assert naive.status_code == 200, naive.text
        assert naive.json()["total"] >= 1
        # The naive read is itself audited, so the aware one sees one entry more.
        assert aware.json()["total"] == naive.json()["total"] + 1

    @pytest.mark.parametrize("value", ["1.9", "1700000000", "86400", "yesterday"])
    def test_a_datetime_that_is_not_rfc_3339_is_a_422(
        self, client: TestClient, keys: Keys, value: str
    ) -> None:
        # Read as seconds since 1970 before, so `updated_since=1.9` listed everything.
        response = client.get(
            "/v1/needs", params={"updated_since": value}, headers=keys.auth("liaison")
        )
        assert response.status_code == 422
        assert rules(response) == [("updated_since", "datetime_format")]
        assert value not in response.text


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


class TestNesting:
    @pytest.mark.parametrize("depth", [25, 5_000])
    def test_deep_nesting_is_a_422_on_every_body(
        self, client: TestClient, keys: Keys, depth: int
    ) -> None:
        cohort = create_cohort(client, keys, create_track(client, keys)["id"])
        deep = _nested(depth)
        cases = [
            ("/v1/participants", b'{"skills": ' + deep + b"}", "matcher"),
            ("/v1/participants:batch", b'{"participants": ' + deep + b"}", "admin"),
            ("/v1/needs:batch", b'{"needs": [' + deep + b"]}", "admin"),
            (f"/v1/cohorts/{cohort['id']}/enrolments", deep, "matcher"),
            ("/v1/taxonomy/extract", b'{"text": ' + deep + b"}", "matcher"),
        ]
        for path, body, role in cases:
            response = client.post(
                path,
                content=body,
                headers={**keys.auth(role), "Content-Type": "application/json"},
            )
            assert response.status_code == 422, (path, response.text)
            assert [e["rule"] for e in response.json()["errors"]] == ["max_depth"]

    def test_ordinary_nesting_passes(self, client: TestClient, keys: Keys) -> None:
        create_participant(
            client,
            keys,
            "deep-ok",
            experience=[{"occupation": {"text": "undersköterska"}, "years": 2}],
        )


class TestMediaTypes:
    @pytest.mark.parametrize(
        "content_type",
        ["application/xml", "Application/XML", "text/plain", "multipart/form-data"],
    )
    def test_an_unknown_media_type_is_a_415(
        self, client: TestClient, keys: Keys, content_type: str
    ) -> None:
        response = client.post(
            "/v1/participants",
            content=b"<participant/>",
            headers={**keys.auth("matcher"), "Content-Type": content_type},
        )
        assert response.status_code == 415
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["instance"] == "/v1/participants"
