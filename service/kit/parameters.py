"""Bounded path and query parameters shared by several routers.

Bounds here match the stored columns, so an oversized value is a 422 naming the
parameter rather than a database error.
"""

from typing import Annotated

from fastapi import Path, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from service.errors import FieldError, InvalidInput, safe_name

ParticipantRefPath = Annotated[str, Path(max_length=64)]
ParticipantRefQuery = Annotated[str | None, Query(max_length=64)]
KeyIdPath = Annotated[str, Path(max_length=32)]


class UnknownParameters(InvalidInput):
    """Query parameters the operation does not take: refused, never ignored, so a
    sender asking for a filter that does not exist does not get the whole list."""

    status, title, slug = 400, "Unknown query parameter", "unknown-parameter"


class RepeatedParameters(InvalidInput):
    """A query parameter given twice: every one takes a single value, and quietly
    using one of them would answer a question the sender did not ask."""

    status, title, slug = 400, "Repeated query parameter", "repeated-parameter"


def _query_names(dependant: Dependant) -> set[str]:
    """The query parameters an operation takes, its dependencies' included."""
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def reject_unknown_query(request: Request) -> None:
    """Declared on the whole app: every query parameter must be the operation's,
    given once."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.url.path.startswith("/v1/"):
        return
    unknown = sorted(set(request.query_params) - _query_names(route.dependant))
    if unknown:
        raise UnknownParameters(
            "The operation takes no such query parameter; "
            "the spec lists the ones it takes.",
            [
                FieldError(
                    field=safe_name(name),
                    rule="unknown_parameter",
                    message="not a query parameter of this operation",
                )
                for name in unknown
            ],
        )
    repeated = sorted(
        name
        for name in request.query_params
        if len(request.query_params.getlist(name)) > 1
    )
    if repeated:
        raise RepeatedParameters(
            "Each query parameter takes one value; give it once.",
            [
                FieldError(
                    field=safe_name(name),
                    rule="repeated_parameter",
                    message="given more than once",
                )
                for name in repeated
            ],
        )
