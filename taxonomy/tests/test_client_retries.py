"""Retries, waits and how failures of the API surface as taxonomy errors."""

import time

import httpx
import pytest

from taxonomy.client import TaxonomyClient
from taxonomy.errors import MalformedPayload, TaxonomyRejected, TaxonomyUnreachable
from taxonomy.exchange import RETRY_AFTER_CAP
from taxonomy.tests.fake_jobtech import (
    FAKE_BASE_URL,
    FakeJobTech,
    blocking_client,
    closed_port,
    not_json,
    rate_limited,
    unavailable,
    wrong_shape,
)


def test_429_waits_as_retry_after_says_then_succeeds(fake: FakeJobTech) -> None:
    client, waits = blocking_client(fake)
    fake.fail_next(2, rate_limited("7"))

    assert [v.version for v in client.versions()] == [1, 2]
    assert waits == [7.0, 7.0]
    assert len(fake.seen) == 3


def test_429_wait_is_capped(fake: FakeJobTech) -> None:
    client, waits = blocking_client(fake)
    fake.fail_next(1, rate_limited("3600"))

    client.versions()

    assert waits == [RETRY_AFTER_CAP]


def test_429_without_retry_after_backs_off_exponentially(fake: FakeJobTech) -> None:
    client, waits = blocking_client(fake, backoff=0.25)
    fake.fail_next(3, rate_limited(None))

    client.versions()

    assert waits == [0.25, 0.5, 1.0]


def test_503_is_retried_then_succeeds(fake: FakeJobTech) -> None:
    client, waits = blocking_client(fake)
    fake.fail_next(2, unavailable())

    assert client.concept_types() != []
    assert waits == [0.5, 1.0]


def test_503_forever_is_unreachable_after_the_retries(fake: FakeJobTech) -> None:
    client, waits = blocking_client(fake, max_retries=2)
    fake.fail_next(10, unavailable())

    with pytest.raises(TaxonomyUnreachable) as caught:
        client.versions()

    assert len(fake.seen) == 3
    assert waits == [0.5, 1.0]
    message = str(caught.value)
    assert f"{FAKE_BASE_URL}/main/versions" in message
    assert "HTTP 503" in message
    assert "\n" not in message


def test_connection_refused_is_unreachable_quickly() -> None:
    port = closed_port()
    waits: list[float] = []
    started = time.monotonic()
    with httpx.Client(timeout=2) as http:
        client = TaxonomyClient(
            http, base_url=f"http://127.0.0.1:{port}/v1/taxonomy", sleep=waits.append
        )
        with pytest.raises(TaxonomyUnreachable, match="ConnectError") as caught:
            client.versions()

    assert time.monotonic() - started < 2
    assert waits == [0.5, 1.0, 2.0]
    assert f"127.0.0.1:{port}" in caught.value.url


def test_timeouts_are_retried() -> None:
    calls = 0

    def slow_then_fine(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(200, json=["skill"])

    waits: list[float] = []
    http = httpx.Client(transport=httpx.MockTransport(slow_then_fine))
    client = TaxonomyClient(http, base_url=FAKE_BASE_URL, sleep=waits.append)

    assert client.concept_types() == ["skill"]
    assert waits == [0.5]


def test_non_json_body_is_malformed_and_not_retried(fake: FakeJobTech) -> None:
    client, waits = blocking_client(fake)
    fake.fail_next(1, not_json())

    with pytest.raises(MalformedPayload, match="not JSON") as caught:
        client.versions()

    assert caught.value.endpoint == "/main/versions"
    assert waits == []


def test_wrong_shape_is_malformed(fake: FakeJobTech) -> None:
    client, _ = blocking_client(fake)
    fake.fail_next(1, wrong_shape())

    with pytest.raises(MalformedPayload) as caught:
        client.concepts("skill")

    assert caught.value.endpoint == "/graphql"


def test_missing_api_key_is_rejected_without_retrying(fake: FakeJobTech) -> None:
    fake.api_key = "secret"
    client, waits = blocking_client(fake)

    with pytest.raises(TaxonomyRejected) as caught:
        client.versions()

    assert caught.value.status == 401
    assert caught.value.error == "Not authorized"
    assert waits == []
    assert len(fake.seen) == 1


def test_configured_api_key_is_sent(fake: FakeJobTech) -> None:
    fake.api_key = "secret"
    client, _ = blocking_client(fake, api_key="secret")

    assert client.versions() != []
    assert fake.seen[-1].headers["api-key"] == "secret"


def test_bad_request_is_rejected_with_the_api_message(fake: FakeJobTech) -> None:
    client, _ = blocking_client(fake)

    with pytest.raises(TaxonomyRejected, match="no version 99") as caught:
        client.concept_types(version=99)

    assert caught.value.status == 400
