"""One trip to the thread pool per plain endpoint (service.kit.routing)."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import fastapi.routing
import pytest
from fastapi import FastAPI, Response
from fastapi.testclient import TestClient
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from service.kit import routing
from service.kit.routing import Router


class Answer(BaseModel):
    name: str
    count: int


@dataclass
class Record:
    """An object read by attributes, as the ORM's rows are."""

    name: str
    count: Any


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every hand-over to the thread pool, by whoever made it."""
    made: list[str] = []

    def counted(who: str) -> Any:
        async def trip(func: Any, *args: Any, **kwargs: Any) -> Any:
            made.append(who)
            return await run_in_threadpool(func, *args, **kwargs)

        return trip

    monkeypatch.setattr(fastapi.routing, "run_in_threadpool", counted("fastapi"))
    monkeypatch.setattr(routing, "run_in_threadpool", counted("router"))
    return made


@pytest.fixture
def client() -> Iterator[TestClient]:
    router = Router()

    @router.get("/record", response_model=Answer)
    def record(count: int = 2) -> Record:
        return Record("a", count)

    @router.get("/inferred")
    def inferred() -> Answer:
        return Answer(name="b", count=3)

    @router.get("/raw", response_model=Answer)
    def raw() -> Response:
        return Response(b"plain", media_type="text/plain")

    @router.get("/broken", response_model=Answer)
    def broken() -> Record:
        return Record("c", "not a number")

    app = FastAPI()
    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_a_plain_endpoint_and_its_validation_take_one_trip(
    client: TestClient, trips: list[str]
) -> None:
    answer = client.get("/record", params={"count": 5})
    assert answer.status_code == 200
    assert answer.json() == {"name": "a", "count": 5}
    assert trips == ["router"]


def test_the_model_of_the_return_annotation_is_validated_in_the_same_trip(
    client: TestClient, trips: list[str]
) -> None:
    assert client.get("/inferred").json() == {"name": "b", "count": 3}
    assert trips == ["router"]


def test_a_response_returned_as_such_is_sent_unchanged(
    client: TestClient, trips: list[str]
) -> None:
    answer = client.get("/raw")
    assert answer.status_code == 200
    assert answer.text == "plain"
    assert trips == ["router"]


def test_an_answer_that_fails_its_model_is_still_a_server_error(
    client: TestClient, trips: list[str]
) -> None:
    assert client.get("/broken").status_code == 500


def test_the_endpoint_keeps_its_parameters_and_name(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/record"]["get"]
    assert operation["operationId"] == "record_record_get"
    assert [p["name"] for p in operation["parameters"]] == ["count"]
    assert client.get("/record", params={"count": "x"}).status_code == 422
