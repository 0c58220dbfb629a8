"""`X-Purpose` and `?purpose=`: Swedish text reaches the audit trail as written."""

import asyncio

import httpx
import pytest
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, Keys
from api_tests.factories import PERSONNUMMER, audit_trail, create_participant, rules

REF = "purpose-1"
URL = f"/v1/participants/{REF}"


def _purposes(client: TestClient, keys: Keys) -> list[str | None]:
    """The purposes stated for reads of the participant, oldest first."""
    return [
        p
        for action, _, p in audit_trail(client, keys, REF)
        if action == "participant.read"
    ]


def _get_raw(
    client: TestClient, url: str, headers: dict[bytes, bytes]
) -> httpx.Response:
    """GET with header bytes exactly as given: the TestClient re-encodes header
    values as UTF-8, which would hide what a latin-1 client really sends."""

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=client.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver"
        ) as raw:
            return await raw.get(url, headers=headers)

    return asyncio.run(send())


def _auth(keys: Keys, role: str) -> dict[bytes, bytes]:
    return {name.encode(): value.encode() for name, value in keys.auth(role).items()}


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(b"jobbsp%C3%A5r f%C3%B6r %C3%A4ldreomsorg", id="percent-encoded"),
        pytest.param("jobbspår för äldreomsorg".encode(), id="raw utf-8"),
    ],
)
def test_the_header_is_stored_as_the_text_it_encodes(
    client: TestClient, keys: Keys, header: bytes
) -> None:
    create_participant(client, keys, REF)
    response = _get_raw(client, URL, {**_auth(keys, "matcher"), b"X-Purpose": header})
    assert response.status_code == 200, response.text
    assert _purposes(client, keys) == ["jobbspår för äldreomsorg"]


def test_the_query_parameter_states_the_purpose(client: TestClient, keys: Keys) -> None:
    create_participant(client, keys, REF)
    response = client.get(
        f"{URL}?purpose=jobbsp%C3%A5r%20Nord", headers=keys.auth("matcher")
    )
    assert response.status_code == 200, response.text
    assert _purposes(client, keys) == ["jobbspår Nord"]


def test_header_and_query_that_agree_are_one_purpose(
    client: TestClient, keys: Keys
) -> None:
    create_participant(client, keys, REF)
    response = client.get(
        f"{URL}?purpose=jobbsp%C3%A5r",
        headers={**keys.auth("matcher"), "X-Purpose": "jobbsp%C3%A5r"},
    )
    assert response.status_code == 200, response.text
    assert _purposes(client, keys) == ["jobbspår"]


def test_header_and_query_that_differ_are_refused(
    client: TestClient, keys: Keys
) -> None:
    create_participant(client, keys, REF)
    response = client.get(
        f"{URL}?purpose=urval",
        headers={**keys.auth("matcher"), "X-Purpose": "uppfoljning"},
    )
    assert response.status_code == 422
    assert rules(response) == [
        ("X-Purpose", "purpose_conflict"),
        ("purpose", "purpose_conflict"),
    ]
    assert _purposes(client, keys) == []


@pytest.mark.parametrize(
    "url",
    ["/v1/needs", "/v1/organisations", "/v1/tracks", "/v1/keys", "/v1/audit"],
)
def test_every_operation_takes_the_purpose_parameter(
    client: TestClient, keys: Keys, url: str
) -> None:
    response = client.get(f"{url}?purpose=kontroll", headers=keys.auth("admin"))
    assert response.status_code == 200, response.text


class TestRefusals:
    """Nothing is stored garbled: bytes that are not UTF-8 are a 400 naming where
    they came from, and the read does not happen."""

    def test_latin_1_header_bytes_are_refused(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, REF)
        latin_1 = "jobbspår".encode("latin-1")
        response = _get_raw(
            client, URL, {**_auth(keys, "matcher"), b"X-Purpose": latin_1}
        )
        assert response.status_code == 400
        assert response.headers["content-type"] == PROBLEM
        assert rules(response) == [("X-Purpose", "not_utf8")]
        assert _purposes(client, keys) == []

    def test_percent_encoded_latin_1_is_refused(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, REF)
        response = client.get(
            URL, headers={**keys.auth("matcher"), "X-Purpose": "jobbsp%E5r"}
        )
        assert response.status_code == 400
        assert rules(response) == [("X-Purpose", "not_utf8")]
        assert _purposes(client, keys) == []

    def test_a_query_purpose_that_is_not_utf_8_is_refused(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, REF)
        response = client.get(f"{URL}?purpose=jobbsp%E5r", headers=keys.auth("matcher"))
        assert response.status_code == 400
        assert rules(response) == [("purpose", "not_utf8")]
        assert _purposes(client, keys) == []

    @pytest.mark.parametrize(
        "encoded",
        [
            # Every character escaped, so no raw digit betrays it.
            "".join(f"%{byte:02X}" for byte in PERSONNUMMER.encode()),
            f"urval {PERSONNUMMER}",
        ],
        ids=["escaped", "plain"],
    )
    def test_a_personnummer_in_the_purpose_is_refused_and_not_echoed(
        self, client: TestClient, keys: Keys, encoded: str
    ) -> None:
        create_participant(client, keys, REF)
        response = client.get(
            URL, headers={**keys.auth("matcher"), "X-Purpose": encoded}
        )
        assert response.status_code == 422
        assert rules(response) == [("X-Purpose", "personal_identity_number")]
        assert PERSONNUMMER not in response.text
        assert PERSONNUMMER.replace("-", "") not in response.text
        assert _purposes(client, keys) == []

    def test_a_personnummer_in_the_query_purpose_is_refused(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, REF)
        response = client.get(
            URL, params={"purpose": PERSONNUMMER}, headers=keys.auth("matcher")
        )
        assert response.status_code == 422
        assert PERSONNUMMER not in response.text
        assert _purposes(client, keys) == []

    def test_an_escaped_line_break_is_refused(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, REF)
        response = client.get(
            URL, headers={**keys.auth("matcher"), "X-Purpose": "urval%0Aforged: yes"}
        )
        assert response.status_code == 422
        assert rules(response) == [("X-Purpose", "control_character")]
        assert _purposes(client, keys) == []
