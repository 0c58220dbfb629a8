"""HTTP rules shared by the blocking and the async taxonomy client.

:class:`Exchange` builds each request, decides whether and how long to wait before a
retry, and turns the final answer into a result or a :mod:`taxonomy.errors` exception.
The clients only send and sleep, each in its own way.

Retries: connect errors, timeouts and other transport failures, 5xx and 429 are retried
up to ``max_retries`` times, waiting ``backoff * 2**attempt`` seconds, or for 429 the
``Retry-After`` seconds capped at :data:`RETRY_AFTER_CAP`. Other 4xx are never retried.
"""

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Any, TypeVar

import httpx

from taxonomy import endpoints
from taxonomy.endpoints import Call
from taxonomy.errors import MalformedPayload, TaxonomyRejected, TaxonomyUnreachable

T = TypeVar("T")

RETRY_AFTER_CAP = 30.0


def user_agent() -> str:
    """The User-Agent every request carries, so JobTech can tell who calls them."""
    try:
        own_version = package_version("jobbmatch")
    except PackageNotFoundError:
        own_version = "0+unknown"
    return f"jobbmatch/{own_version} (+municipal labour-market matching)"


def _error_text(document: object) -> str | None:
    """The API's own words: REST ``taxonomy/error`` or GraphQL ``errors[].message``."""
    if not isinstance(document, dict):
        return None
    if isinstance(document.get("taxonomy/error"), str):
        return str(document["taxonomy/error"])
    errors = document.get("errors")
    if isinstance(errors, list) and errors:
        return "; ".join(
            str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors
        )
    return None


def _json_or_none(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


class Exchange:
    """Request building, retry decisions and answer reading shared by both clients."""

    def __init__(
        self, base_url: str, api_key: str | None, max_retries: int, backoff: float
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_retries = max_retries
        self.backoff = backoff
        self.headers = {"accept": "application/json", "user-agent": user_agent()}
        if api_key:
            self.headers["api-key"] = api_key

    def request(
        self, http: httpx.Client | httpx.AsyncClient, call: Call[Any]
    ) -> httpx.Request:
        return http.build_request(
            "GET", self.base_url + call.path, params=call.params, headers=self.headers
        )

    def _give_up(
        self, request: httpx.Request, attempt: int, reason: str
    ) -> TaxonomyUnreachable:
        url = str(request.url.copy_with(query=None))
        return TaxonomyUnreachable(url, f"{reason} (after {attempt + 1} attempts)")

    def wait_after_error(
        self, request: httpx.Request, exc: httpx.TransportError, attempt: int
    ) -> float:
        """Seconds to wait before resending; raises when out of attempts."""
        if attempt >= self.max_retries:
            raise self._give_up(
                request, attempt, f"{type(exc).__name__}: {exc}"
            ) from exc
        return self._backoff(attempt)

    def wait_after_response(
        self, request: httpx.Request, response: httpx.Response, attempt: int
    ) -> float | None:
        """Seconds to wait before retrying this answer, or None when it is final."""
        status = response.status_code
        if status != 429 and status < 500:
            return None
        if attempt >= self.max_retries:
            raise self._give_up(
                request, attempt, f"HTTP {status} {response.reason_phrase}"
            )
        retry_after = response.headers.get("retry-after")
        if status == 429 and retry_after is not None:
            return min(max(self._seconds(retry_after, attempt), 0.0), RETRY_AFTER_CAP)
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        return self.backoff * 2.0**attempt

    def _seconds(self, retry_after: str, attempt: int) -> float:
        try:
            return float(retry_after)
        except ValueError:
            pass
        try:
            return parsedate_to_datetime(retry_after).timestamp() - time.time()
        except (TypeError, ValueError):
            return self._backoff(attempt)

    def read(
        self, call: Call[T], request: httpx.Request, response: httpx.Response
    ) -> T:
        """Turn a final answer into the call's result or a taxonomy exception."""
        url = str(request.url.copy_with(query=None))
        if not response.is_success:
            error = _error_text(_json_or_none(response))
            raise TaxonomyRejected(url, response.status_code, error)
        try:
            document = response.json()
        except ValueError:
            kind = response.headers.get("content-type", "no content-type")
            raise MalformedPayload(
                call.path, f"body is not JSON ({kind}): {response.text[:80]!r}"
            ) from None
        error = _error_text(document)
        if error is not None:
            raise TaxonomyRejected(url, response.status_code, error)
        return call.parse(document, call.path)


def pages(fetch: Callable[[int, int], list[T]], page_size: int) -> Iterator[T]:
    """Items of ``fetch(offset, limit)`` page after page, until a short page."""
    offset: int | None = 0
    while offset is not None:
        page = fetch(offset, page_size)
        yield from page
        offset = endpoints.next_offset(offset, len(page), page_size)


async def apages(
    fetch: Callable[[int, int], Awaitable[list[T]]], page_size: int
) -> AsyncIterator[T]:
    """The async twin of :func:`pages`."""
    offset: int | None = 0
    while offset is not None:
        page = await fetch(offset, page_size)
        for item in page:
            yield item
        offset = endpoints.next_offset(offset, len(page), page_size)
