"""Blocking and async clients for the JobTech Taxonomy API.

Both take their ``httpx`` client from the caller, who owns timeouts, proxies and
transports (tests pass ``httpx.MockTransport`` or ``httpx.ASGITransport``). Which API
section answers each method is explained in :mod:`taxonomy.endpoints`; retries and
error mapping in :mod:`taxonomy.exchange`. Every method raises only
:class:`taxonomy.errors.TaxonomyError` subclasses.
"""

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TypeVar

import httpx

from taxonomy import endpoints
from taxonomy.endpoints import DEFAULT_PAGE_SIZE, Call
from taxonomy.exchange import Exchange, apages, pages
from taxonomy.models import (
    Concept,
    ConceptChange,
    ConceptDetail,
    ReplacedByChange,
    TaxonomyVersion,
)

T = TypeVar("T")

DEFAULT_BASE_URL = "https://taxonomy.api.jobtechdev.se/v1/taxonomy"


class TaxonomyClient:
    """Blocking client; ``base_url`` is the API root, e.g. :data:`DEFAULT_BASE_URL`."""

    def __init__(
        self,
        http: httpx.Client,
        *,
        base_url: str,
        api_key: str | None = None,
        max_retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = http
        self._exchange = Exchange(base_url, api_key, max_retries, backoff)
        self._sleep = sleep

    @property
    def base_url(self) -> str:
        return self._exchange.base_url

    def _run(self, call: Call[T]) -> T:
        request = self._exchange.request(self._http, call)
        attempt = 0
        while True:
            try:
                response = self._http.send(request)
            except httpx.TransportError as exc:
                self._sleep(self._exchange.wait_after_error(request, exc, attempt))
            else:
                wait = self._exchange.wait_after_response(request, response, attempt)
                if wait is None:
                    return self._exchange.read(call, request, response)
                self._sleep(wait)
            attempt += 1

    def versions(self) -> list[TaxonomyVersion]:
        """Published versions, oldest first."""
        return self._run(endpoints.versions())

    def concept_types(self, version: int | None = None) -> list[str]:
        return self._run(endpoints.concept_types(version))

    def concepts(
        self,
        type: str,
        *,
        version: int | None = None,
        include_deprecated: bool = False,
        offset: int = 0,
        limit: int = DEFAULT_PAGE_SIZE,
    ) -> list[Concept]:
        """One page of the concepts of ``type``, with codes and ``replaced_by``."""
        return self._run(
            endpoints.concepts(type, version, include_deprecated, offset, limit)
        )

    def iter_concepts(
        self,
        type: str,
        *,
        version: int | None = None,
        include_deprecated: bool = False,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> Iterator[Concept]:
        """Every concept of ``type``, fetched page by page until a short page."""
        call = endpoints.concepts
        return pages(
            lambda o, n: self._run(call(type, version, include_deprecated, o, n)),
            page_size,
        )

    def concept_details(
        self,
        type: str,
        *,
        version: int | None = None,
        include_deprecated: bool = False,
        offset: int = 0,
        limit: int = DEFAULT_PAGE_SIZE,
    ) -> list[ConceptDetail]:
        """One page of concepts with their outgoing broader, related, substitutes."""
        call = endpoints.concept_details(
            type, version, include_deprecated, offset, limit
        )
        return self._run(call)

    def iter_concept_details(
        self,
        type: str,
        *,
        version: int | None = None,
        include_deprecated: bool = False,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> Iterator[ConceptDetail]:
        """Every concept of ``type`` with its outgoing edges, page by page."""
        call = endpoints.concept_details
        return pages(
            lambda o, n: self._run(call(type, version, include_deprecated, o, n)),
            page_size,
        )

    def concept(self, id: str, *, version: int | None = None) -> ConceptDetail | None:
        """One concept (deprecated or not) with every edge touching it, or None."""
        return self._run(endpoints.concept(id, version))

    def replaced_by_changes(
        self, after_version: int, to_version: int
    ) -> list[ReplacedByChange]:
        """Concepts replaced after ``after_version``, up to ``to_version`` included."""
        return self._run(endpoints.replaced_by_changes(after_version, to_version))

    def concept_changes(
        self, after_version: int, to_version: int
    ) -> list[ConceptChange]:
        """Change events after ``after_version`` up to and including ``to_version``."""
        return self._run(endpoints.concept_changes(after_version, to_version))

    def autocomplete(
        self, query: str, *, type: str | None = None, limit: int = 10
    ) -> list[Concept]:
        """Concepts whose label starts like ``query``; ``type`` may list several."""
        return self._run(endpoints.autocomplete(query, type, limit))

    def graphql(
        self, query: str, variables: dict[str, object] | None = None
    ) -> dict[str, object]:
        """The ``data`` of a GraphQL query; ``errors`` raise TaxonomyRejected."""
        return self._run(endpoints.graphql(query, variables))


class AsyncTaxonomyClient:
    """Async twin of :class:`TaxonomyClient`, with the same methods as coroutines."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        api_key: str | None = None,
        max_retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._http = http
        self._exchange = Exchange(base_url, api_key, max_retries, backoff)
        self._sleep = sleep

    @property
    def base_url(self) -> str:
        return self._exchange.base_url

    async def _run(self, call: Call[T]) -> T:
        request = self._exchange.request(self._http, call)
        attempt = 0
        while True:
            try:
                response = await self._http.send(request)
            except httpx.TransportError as exc:
                await self._sleep(
                    self._exchange.wait_after_error(request, exc, attempt)
                )
            else:
                wait = self._exchange.wait_after_response(request, response, attempt)
                if wait is None:
                    return self._exchange.read(call, request, response)
                await self._sleep(wait)
            attempt += 1

    async def versions(self) -> list[TaxonomyVersion]:
        return await self._run(endpoints.versions())

    async def concept_types(self, version: int | None = None) -> list[str]:
        return await self._run(endpoints.concept_types(version))

    async def concepts(
        self,
        type: str,
        *,
        version: int | None = None,
        include_deprecated: bool = False,
        offset: int = 0,
        limit: int = DEFAULT_PAGE_SIZE,
    ) -> list[Concept]:
        call = endpoints.concepts(type, version, include_deprecated, offset, limit)
        return await self._run(call)

    def iter_concepts(
        self,
        type: str,
        *,
        version: int | None = None,
        include_deprecated: bool = False,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> AsyncIterator[Concept]:
        call = endpoints.concepts
        return apages(
            lambda o, n: self._run(call(type, version, include_deprecated, o, n)),
            page_size,
        )

    async def concept_details(
        self,
        type: str,
        *,
        version: int | None = None,
        include_deprecated: bool = False,
        offset: int = 0,
        limit: int = DEFAULT_PAGE_SIZE,
    ) -> list[ConceptDetail]:
        call = endpoints.concept_details(
            type, version, include_deprecated, offset, limit
        )
        return await self._run(call)

    def iter_concept_details(
        self,
        type: str,
        *,
        version: int | None = None,
        include_deprecated: bool = False,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> AsyncIterator[ConceptDetail]:
        call = endpoints.concept_details
        return apages(
            lambda o, n: self._run(call(type, version, include_deprecated, o, n)),
            page_size,
        )

    async def concept(
        self, id: str, *, version: int | None = None
    ) -> ConceptDetail | None:
        return await self._run(endpoints.concept(id, version))

    async def replaced_by_changes(
        self, after_version: int, to_version: int
    ) -> list[ReplacedByChange]:
        return await self._run(endpoints.replaced_by_changes(after_version, to_version))

    async def concept_changes(
        self, after_version: int, to_version: int
    ) -> list[ConceptChange]:
        return await self._run(endpoints.concept_changes(after_version, to_version))

    async def autocomplete(
        self, query: str, *, type: str | None = None, limit: int = 10
    ) -> list[Concept]:
        return await self._run(endpoints.autocomplete(query, type, limit))

    async def graphql(
        self, query: str, variables: dict[str, object] | None = None
    ) -> dict[str, object]:
        return await self._run(endpoints.graphql(query, variables))
