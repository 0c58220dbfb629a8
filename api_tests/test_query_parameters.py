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


def test_a_repeated_parameter_is_a_400_naming_it(
    client: TestClient, keys: Keys
) -> None:
    # Before, the last value won silently.
    response = client.get(
        "/v1/needs?status=open&status=filled&limit=5", headers=keys.auth("liaison")
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [
        ("status", "repeated_parameter")
    ]


def test_the_reads_that_send_an_etag_declare_304(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    conditional = sorted(
        path
        for path, operations in spec["paths"].items()
        if "304" in operations.get("get", {}).get("responses", {})
    )
    # GET /v1/webhooks/{webhook_id} sends one too and is still to declare it.
    assert conditional == [
        "/v1/cohorts/{cohort_id}",
        "/v1/enrolments/{enrolment_id}",
        "/v1/keys/{key_id}",
        "/v1/needs/{need_id}",
        "/v1/organisations/{organisation_id}",
        "/v1/organisations/{organisation_id}/workplaces/{workplace_id}",
        "/v1/participants/{participant_ref}",
        "/v1/placements/{placement_id}",
        "/v1/tracks/{track_id}",
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


def test_if_none_match_with_the_current_etag_is_a_304(
    client: TestClient, keys: Keys
) -> None:
    made = client.post(
        "/v1/organisations",
        json={
            "name": "Etag AB",
            "kind": "private",
            "municipality_id": "AvNB_uwa_6n6",
        },
        headers=keys.auth("liaison"),
    )
    assert made.status_code == 201, made.text
    url = f"/v1/organisations/{made.json()['id']}"
    first = client.get(url, headers=keys.auth("liaison"))
    etag = first.headers["ETag"]
    again = client.get(url, headers={**keys.auth("liaison"), "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    stale = client.get(
        url, headers={**keys.auth("liaison"), "If-None-Match": '"stale"'}
    )
    assert stale.status_code == 200
    assert stale.json() == first.json()


def test_api_answers_are_never_stored_by_caches(client: TestClient, keys: Keys) -> None:
    listed = client.get("/v1/participants", headers=keys.auth("matcher"))
    assert listed.headers["Cache-Control"] == "no-store"
    refused = client.get("/v1/participants")
    assert refused.headers["Cache-Control"] == "no-store"


def test_a_repeated_csv_column_is_refused_not_last_one_wins(
    client: TestClient, keys: Keys
) -> None:
    body = (
        "participant_ref,owning_unit,home_municipality_id,owning_unit\n"
        "dup-col-1,Jobbtorg Järva,AvNB_uwa_6n6,Jobbtorg Söder\n"
    )
    response = client.post(
        "/v1/participants:batch",
        content=body.encode(),
        headers={**keys.auth("integration"), "Content-Type": "text/csv"},
    )
    assert response.status_code == 422
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [
        ("(header)[4]", "duplicate_column")
    ]
    gone = client.get("/v1/participants/dup-col-1", headers=keys.auth("matcher"))
    assert gone.status_code == 404


def test_key_names_refuse_control_characters(client: TestClient, keys: Keys) -> None:
    for name in ("evil\x1b[2J", "two\nlines", "carriage\rreturn"):
        response = client.post(
            "/v1/keys",
            json={"name": name, "role": "auditor"},
            headers=keys.auth("admin"),
        )
        assert response.status_code == 422, name
        assert response.json()["errors"][0]["field"] == "name"
