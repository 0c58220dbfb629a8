"""The async client, through the fake's Starlette app over httpx.ASGITransport."""

import asyncio

import httpx
import pytest

from taxonomy.client import AsyncTaxonomyClient, TaxonomyClient
from taxonomy.errors import TaxonomyRejected, TaxonomyUnreachable
from taxonomy.tests.fake_jobtech import (
    FAKE_BASE_URL,
    FakeJobTech,
    blocking_client,
    rate_limited,
    run_fake_jobtech,
    unavailable,
)


def _async_client(
    fake: FakeJobTech, waits: list[float], max_retries: int = 3
) -> tuple[httpx.AsyncClient, AsyncTaxonomyClient]:
    async def record(seconds: float) -> None:
        waits.append(seconds)

    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app))
    client = AsyncTaxonomyClient(
        http, base_url=FAKE_BASE_URL, sleep=record, max_retries=max_retries
    )
    return http, client


def test_async_methods_answer_like_the_blocking_ones() -> None:
    fake = FakeJobTech()
    blocking, _ = blocking_client(fake)

    async def scenario() -> None:
        http, client = _async_client(fake, [])
        async with http:
            assert await client.versions() == blocking.versions()
            assert await client.concept_types() == blocking.concept_types()
            assert await client.concepts("occupation-name") == blocking.concepts(
                "occupation-name"
            )
            assert await client.concept("17FS_XzU_AQ4") == blocking.concept(
                "17FS_XzU_AQ4"
            )
            assert await client.replaced_by_changes(
                1, 2
            ) == blocking.replaced_by_changes(1, 2)
            assert await client.concept_changes(1, 2) == blocking.concept_changes(1, 2)
            assert await client.autocomplete("skol") == blocking.autocomplete("skol")
            assert await client.graphql("{ versions { id } }") == blocking.graphql(
                "{ versions { id } }"
            )

    asyncio.run(scenario())


def test_async_paging_and_details() -> None:
    fake = FakeJobTech()
    blocking, _ = blocking_client(fake)

    async def scenario() -> None:
        http, client = _async_client(fake, [])
        async with http:
            skills = [c async for c in client.iter_concepts("skill", page_size=3)]
            details = [
                d
                async for d in client.iter_concept_details("ssyk-level-4", page_size=2)
            ]
            one_page = await client.concept_details("ssyk-level-4")
        assert skills == blocking.concepts("skill")
        assert details == one_page == blocking.concept_details("ssyk-level-4")

    asyncio.run(scenario())


def test_async_retries_wait_with_the_injected_sleep() -> None:
    fake = FakeJobTech()
    fake.fail_next(1, rate_limited("4"))
    fake.fail_next(1, unavailable())
    waits: list[float] = []

    async def scenario() -> None:
        http, client = _async_client(fake, waits)
        async with http:
            assert len(await client.versions()) == 2

    asyncio.run(scenario())
    assert waits == [4.0, 1.0]


def test_async_errors_are_the_same_exceptions() -> None:
    fake = FakeJobTech()
    fake.api_key = "secret"

    async def rejected() -> None:
        http, client = _async_client(fake, [])
        async with http:
            await client.versions()

    with pytest.raises(TaxonomyRejected):
        asyncio.run(rejected())

    fake.api_key = None
    fake.fail_next(5, unavailable())

    async def unreachable() -> None:
        http, client = _async_client(fake, [], max_retries=1)
        async with http:
            await client.versions()

    with pytest.raises(TaxonomyUnreachable):
        asyncio.run(unreachable())


def test_blocking_client_over_real_loopback_http() -> None:
    fake = FakeJobTech()
    fake.api_key = "secret"

    with run_fake_jobtech(fake.app) as base_url, httpx.Client(timeout=5) as http:
        client = TaxonomyClient(http, base_url=base_url, api_key="secret")
        assert [v.version for v in client.versions()] == [1, 2]
        assert client.concept("HciA_Cu7_FXt") is not None

    assert base_url.startswith("http://127.0.0.1:")
    assert fake.seen[0].headers["api-key"] == "secret"
