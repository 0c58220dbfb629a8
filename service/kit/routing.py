"""Routes whose answer is validated in the thread that ran the endpoint.

FastAPI runs a plain (`def`) endpoint in the thread pool and then, because the
endpoint is not a coroutine, hands its return value to the pool a second time to
validate it against the response model. Each hand-over costs the event loop about
as much as the validation itself, and under load every one waits again for a
thread and for the GIL. A `Router` makes such an endpoint one coroutine that runs
the endpoint and the route's own response validation in one trip to the pool;
FastAPI then finds a validated model, which it neither validates again nor sends
back to the pool. What the endpoint declares (parameters, dependencies, return
annotation, docs) is unchanged: the coroutine wraps it.
"""

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool


class OneTripRoute(APIRoute):
    """An `APIRoute` that runs a plain endpoint and validates its answer in one
    trip to the thread pool (see the module)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        if not (
            inspect.iscoroutinefunction(endpoint)
            or inspect.isgeneratorfunction(endpoint)
        ):
            endpoint = self._in_one_trip(endpoint)
        super().__init__(path, endpoint, **options)

    def _in_one_trip(self, endpoint: Callable[..., Any]) -> Callable[..., Any]:
        def run_and_validate(*args: Any, **kwargs: Any) -> Any:
            value = endpoint(*args, **kwargs)
            # FastAPI's own field for the route's response model (set by the
            # time a request comes), so the answer is validated as it would be.
            if self.response_field is None or isinstance(value, Response):
                return value
            validated, errors = self.response_field.validate(
                value, {}, loc=("response",)
            )
            # On errors FastAPI validates the answer again and reports them.
            return value if errors else validated

        @functools.wraps(endpoint)
        async def in_one_trip(*args: Any, **kwargs: Any) -> Any:
            return await run_in_threadpool(run_and_validate, *args, **kwargs)

        return in_one_trip


class Router(APIRouter):
    """An `APIRouter` of `OneTripRoute`s."""

    def __init__(self, **options: Any) -> None:
        super().__init__(route_class=OneTripRoute, **options)
