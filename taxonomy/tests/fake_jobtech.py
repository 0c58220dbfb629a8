"""A fake JobTech Taxonomy API over the small dataset in ``fake_jobtech_data``.

It answers, under ``/v1/taxonomy``, the shapes ``shared/taxonomy/API.md`` documents:
REST ``/main/versions``, ``/main/concept/types``, ``/main/replaced-by-changes``,
``/main/concept/changes``, ``/suggesters/autocomplete`` (namespaced ``taxonomy/`` keys)
and ``GET /graphql?query=`` (``{"data": ...}``), with ``offset``/``limit`` paging.

Three ways to reach it, fastest first::

    fake = FakeJobTech()
    # 1. blocking client, no server, no threads
    http = httpx.Client(transport=httpx.MockTransport(fake.handle))
    TaxonomyClient(http, base_url=FAKE_BASE_URL)
    # 2. async client, through the Starlette ASGI app in the same event loop
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app))
    AsyncTaxonomyClient(http, base_url=FAKE_BASE_URL)
    # 3. real loopback HTTP (e.g. end-to-end tests of a CLI in a subprocess)
    with run_fake_jobtech(fake.app) as base_url:
        TaxonomyClient(httpx.Client(), base_url=base_url)

Scenario switches: ``fake.fail_next(n, rate_limited("7"))`` (or ``unavailable()``,
``not_json()``, ``wrong_shape()``) makes the next ``n`` requests fail that way
(``after=k`` lets ``k`` requests through first);
``fake.api_key = "secret"`` answers 401 ``{"taxonomy/error": "Not authorized"}`` to
requests without that ``api-key`` header. ``fake.seen`` records every request.
"""

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from taxonomy.client import TaxonomyClient
from taxonomy.tests import fake_graphql
from taxonomy.tests.fake_jobtech_data import LATEST, VERSIONS, FakeConcept, FakeTaxonomy

PREFIX = "/v1/taxonomy"
FAKE_BASE_URL = f"http://fake-jobtech.test{PREFIX}"


@dataclass(frozen=True)
class FakeResponse:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def _json(document: object, status: int = 200) -> FakeResponse:
    return FakeResponse(status, json.dumps(document, ensure_ascii=False).encode())


def rate_limited(retry_after: str | None = "2") -> FakeResponse:
    headers = {} if retry_after is None else {"retry-after": retry_after}
    return FakeResponse(
        429, b'{"taxonomy/error": "Too many requests"}', headers=headers
    )


def unavailable() -> FakeResponse:
    return FakeResponse(503, b"<html>503 Service Unavailable</html>", "text/html")


def not_json() -> FakeResponse:
    return FakeResponse(200, b"<html>Maintenance until 10:00</html>", "text/html")


def wrong_shape() -> FakeResponse:
    return _json({"unexpected": ["shape"]})


@dataclass(frozen=True)
class SeenRequest:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]


def rest_concept(
    concept: FakeConcept, version: int, taxonomy: FakeTaxonomy
) -> dict[str, Any]:
    """A concept as REST ``/main`` spells it; only ``/specific`` adds codes."""
    body: dict[str, Any] = {
        "taxonomy/id": concept.id,
        "taxonomy/type": concept.type,
        "taxonomy/preferred-label": concept.label,
    }
    if concept.definition:
        body["taxonomy/definition"] = concept.definition
    if concept.deprecated_at(version):
        body["taxonomy/deprecated"] = True
        body["taxonomy/replaced-by"] = [
            {
                "taxonomy/id": r.id,
                "taxonomy/type": r.type,
                "taxonomy/preferred-label": r.label,
            }
            for r in map(taxonomy.by_id.__getitem__, concept.replaced_by)
        ]
    return body


class FakeJobTech:
    """The fake API's state and answers; one instance per test."""

    def __init__(self, taxonomy: FakeTaxonomy | None = None) -> None:
        self.taxonomy = taxonomy or FakeTaxonomy()
        self.api_key: str | None = None
        self.seen: list[SeenRequest] = []
        self._faults: list[FakeResponse | None] = []
        self._lock = threading.Lock()
        self._routes: dict[str, Callable[[Mapping[str, str]], FakeResponse]] = {
            "/main/versions": self._versions,
            "/main/concept/types": self._types,
            "/main/replaced-by-changes": self._replaced_by_changes,
            "/main/concept/changes": self._concept_changes,
            "/suggesters/autocomplete": self._autocomplete,
            "/graphql": self._graphql,
        }
        self.app = Starlette(
            routes=[Route(PREFIX + "/{rest:path}", self._asgi_endpoint)]
        )

    def fail_next(self, count: int, fault: FakeResponse, *, after: int = 0) -> None:
        """Answer ``after`` more requests normally, then ``count`` with ``fault``."""
        with self._lock:
            self._faults.extend([None] * after + [fault] * count)

    def respond(
        self,
        method: str,
        path: str,
        params: Mapping[str, str],
        headers: Mapping[str, str],
    ) -> FakeResponse:
        """The answer to one request; ``headers`` keys must be lower-case."""
        with self._lock:
            self.seen.append(SeenRequest(method, path, dict(params), dict(headers)))
            fault = self._faults.pop(0) if self._faults else None
        if fault is not None:
            return fault
        if self.api_key is not None and headers.get("api-key") != self.api_key:
            return _json({"taxonomy/error": "Not authorized"}, 401)
        route = self._routes.get(path.removeprefix(PREFIX))
        if not path.startswith(PREFIX) or route is None:
            return _json({"taxonomy/error": "Not found"}, 404)
        if method != "GET":
            return _json({"taxonomy/error": "Method not allowed"}, 405)
        try:
            return route(params)
        except (KeyError, ValueError) as exc:
            return _json({"taxonomy/error": f"Bad request: {exc}"}, 400)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """An ``httpx.MockTransport`` handler."""
        params = dict(request.url.params)
        answer = self.respond(request.method, request.url.path, params, request.headers)
        headers = {"content-type": answer.content_type, **answer.headers}
        return httpx.Response(answer.status, content=answer.body, headers=headers)

    async def _asgi_endpoint(self, request: Request) -> Response:
        params = dict(request.query_params)
        answer = self.respond(request.method, request.url.path, params, request.headers)
        return Response(answer.body, answer.status, answer.headers, answer.content_type)

    def _version(self, params: Mapping[str, str], name: str = "version") -> int:
        version = int(params.get(name, LATEST))
        if version not in VERSIONS:
            raise ValueError(f"no version {version}")
        return version

    def _versions(self, params: Mapping[str, str]) -> FakeResponse:
        return _json(
            [
                {"taxonomy/version": v, "taxonomy/timestamp": t}
                for v, t in VERSIONS.items()
            ]
        )

    def _types(self, params: Mapping[str, str]) -> FakeResponse:
        return _json(self.taxonomy.types(self._version(params)))

    def _window(self, params: Mapping[str, str]) -> tuple[int, int, int]:
        after = (
            self._version(params, "after-version") if "after-version" in params else 0
        )
        to = self._version(params, "to-version-inclusive")
        return after, to, int(params.get("offset", 0))

    def _replaced_by_changes(self, params: Mapping[str, str]) -> FakeResponse:
        after, to, _ = self._window(params)
        return _json(
            [
                {
                    "taxonomy/version": c.deprecated_in,
                    "taxonomy/concept": rest_concept(c, to, self.taxonomy),
                }
                for c in self.taxonomy.concepts
                if c.deprecated_in is not None
                and after < c.deprecated_in <= to
                and c.replaced_by
            ]
        )

    def _concept_changes(self, params: Mapping[str, str]) -> FakeResponse:
        after, to, offset = self._window(params)
        events = [
            (version, kind, c)
            for c in self.taxonomy.concepts
            for version, kind in ((c.since, "CREATED"), (c.deprecated_in, "DEPRECATED"))
            if version is not None and after < version <= to
        ]
        events.sort(key=lambda event: event[0])
        limit = int(params.get("limit", len(events)))
        return _json(
            [
                {
                    "taxonomy/event-type": kind,
                    "taxonomy/version": version,
                    "taxonomy/changed-concept": rest_concept(c, version, self.taxonomy),
                }
                for version, kind, c in events[offset : offset + limit]
            ]
        )

    def _autocomplete(self, params: Mapping[str, str]) -> FakeResponse:
        text = params["query-string"].casefold()
        types = params.get("type", "").split() or None
        version = self._version(params)
        found = [
            {
                "taxonomy/id": c.id,
                "taxonomy/type": c.type,
                "taxonomy/preferred-label": c.label,
            }
            for c in self.taxonomy.visible(version, include_deprecated=False)
            if (types is None or c.type in types)
            and any(word.startswith(text) for word in c.label.casefold().split())
        ]
        offset = int(params.get("offset", 0))
        return _json(found[offset : offset + int(params.get("limit", 10))])

    def _graphql(self, params: Mapping[str, str]) -> FakeResponse:
        variables = json.loads(params.get("variables") or "{}")
        document = fake_graphql.answer(self.taxonomy, params["query"], variables)
        return _json(document, 400 if "errors" in document else 200)


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def run_fake_jobtech(app: Starlette) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 in a thread; yield its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_level="warning",
        lifespan="off",
        http="h11",
        ws="none",
        access_log=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + 5
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the fake JobTech server did not start")
            time.sleep(0.01)
        yield f"http://127.0.0.1:{port}{PREFIX}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()


def blocking_client(
    fake: FakeJobTech, **options: Any
) -> tuple[TaxonomyClient, list[float]]:
    """A client on ``fake.handle`` whose waits are recorded instead of slept."""
    waits: list[float] = []
    http = httpx.Client(transport=httpx.MockTransport(fake.handle))
    client = TaxonomyClient(http, base_url=FAKE_BASE_URL, sleep=waits.append, **options)
    return client, waits
