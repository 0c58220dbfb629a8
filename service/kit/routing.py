"""Routes whose answer is validated in the thread that ran the endpoint.

FastAPI runs a plain (`def`) endpoint in the thread pool and then, because the
endpoint is not a coroutine, hands its return value to the pool a second time to
validate it against the response model. Each hand-over costs the event loop about
as much as the validation itself, and under load every one waits again for a
thread and for the GIL. A `Router` makes such an endpoint one coroutine that runs
the endpoint and the validation in one trip to the pool; FastAPI then finds a
validated model, which it neither validates again nor sends back to the pool.
What the endpoint declares (parameters, dependencies, docs) is unchanged.
"""

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Response
from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.utils import get_typed_return_annotation
from fastapi.routing import APIRoute
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool


def _response_model(endpoint: Callable[..., Any], declared: Any) -> Any:
    """The model FastAPI validates the answer with (None: it validates none)."""
    model = (
        get_typed_return_annotation(endpoint)
        if isinstance(declared, DefaultPlaceholder)
        else declared
    )
    if model is None or (inspect.isclass(model) and issubclass(model, Response)):
        return None
    return model


def _validated_in_thread(
    endpoint: Callable[..., Any], model: Any
) -> Callable[..., Any]:
    adapter: TypeAdapter[Any] = TypeAdapter(model)

    def run_and_validate(*args: Any, **kwargs: Any) -> Any:
        value = endpoint(*args, **kwargs)
        if isinstance(value, Response):
            return value
        try:
            # As FastAPI validates an answer (its ModelField.validate).
            return adapter.validate_python(value, from_attributes=True)
        except ValidationError:
            # FastAPI validates it again and reports the error as it always does.
            return value

    @functools.wraps(endpoint)
    async def in_one_trip(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(run_and_validate, *args, **kwargs)

    return in_one_trip


class OneTripRoute(APIRoute):
    """An `APIRoute` that runs a plain endpoint and validates its answer in one
    trip to the thread pool (see the module)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        model = _response_model(
            endpoint, options.get("response_model", DefaultPlaceholder(None))
        )
        if model is not None and not inspect.iscoroutinefunction(endpoint):
            endpoint = _validated_in_thread(endpoint, model)
        super().__init__(path, endpoint, **options)


class Router(APIRouter):
    """An `APIRouter` of `OneTripRoute`s."""

    def __init__(self, **options: Any) -> None:
        super().__init__(route_class=OneTripRoute, **options)
