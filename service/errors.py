"""RFC 9457 problem details: the one shape of every error response."""

import re
import weakref
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from taxonomy import InvalidConcepts

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_SCHEMA_REF = "#/components/schemas/Problem"
MAX_STORED_INT = 2**31 - 1
# Set by the body guard on the ASGI scope: the raw path when it may be repeated.
SAFE_PATH_KEY = "jobbmatch.safe_path"
# A field name safe to repeat in a problem document; anything else is withheld.
_SAFE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")
WITHHELD = "(field)"
# What a write meets when another request wrote the same rows at the same moment:
# a unique or foreign key violation after a check-then-insert, or a deadlock.
_RACE_SQLSTATES = frozenset({"23505", "23503", "23P01", "40P01", "40001"})
_RACE_SQLITE_ERRORS = frozenset(
    {
        "SQLITE_CONSTRAINT_UNIQUE",
        "SQLITE_CONSTRAINT_PRIMARYKEY",
        "SQLITE_CONSTRAINT_FOREIGNKEY",
    }
)
_TEMPLATES: "weakref.WeakKeyDictionary[Any, dict[int, str]]" = (
    weakref.WeakKeyDictionary()
)


class FieldError(BaseModel):
    """One broken rule of one input field."""

    field: str
    rule: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem details document."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldError] | None = None


class DomainError(Exception):
    """A condition the client can act on; subclasses set status, title and slug."""

    status: int = 400
    title: str = "Bad request"
    slug: str = "bad-request"
    default_headers: ClassVar[dict[str, str] | None] = None

    def __init__(
        self, detail: str, *, headers: dict[str, str] | None = None, **extensions: Any
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or self.default_headers
        self.extensions = extensions


class NotFound(DomainError):
    status, title, slug = 404, "Not found", "not-found"


class Conflict(DomainError):
    status, title, slug = 409, "Conflict", "conflict"


class PreconditionFailed(DomainError):
    status, title, slug = 412, "Precondition failed", "precondition-failed"


class InvalidInput(DomainError):
    """A rule broken by otherwise well-formed input; names each field."""

    status, title, slug = 422, "Invalid input", "validation"

    def __init__(
        self, detail: str, errors: list[FieldError], **extensions: Any
    ) -> None:
        super().__init__(detail, **extensions)
        self.errors = errors

    @classmethod
    def one(cls, field: str, rule: str, message: str) -> "InvalidInput":
        """One broken rule on one field, its detail saying which."""
        error = FieldError(field=field, rule=rule, message=message)
        return cls(f"{field}: {message}.", [error])


def safe_name(name: str) -> str:
    """A field or column name as a problem document may repeat it."""
    return name if _SAFE_NAME.match(name) else WITHHELD


def route_template(scope: Mapping[str, Any]) -> str | None:
    """The matched route's path template (`/v1/participants/{participant_ref}`)."""
    route, app = scope.get("route"), scope.get("app")
    if route is None or app is None:
        return None
    templates = _TEMPLATES.get(app)
    if templates is None:
        # An included router's route keeps its short path; map it to the full one.
        templates = {
            id(context.original_route): context.path_format or ""
            for context in iter_route_contexts(app.routes)
        }
        _TEMPLATES[app] = templates
    return templates.get(id(route))


def instance_of(request: Request) -> str:
    """Where the problem occurred: the route template, never the path with what the
    client put in it; an unmatched path only when the guard found it clean."""
    template = route_template(request.scope)
    if template is not None:
        return template
    safe_path = request.scope.get(SAFE_PATH_KEY)
    return safe_path if isinstance(safe_path, str) else "/"


def problem_type(slug: str) -> str:
    return f"urn:jobbmatch:problem:{slug}"


def problem_response(
    request: Request,
    status: int,
    *,
    title: str | None = None,
    detail: str | None = None,
    slug: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    phrase = HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": problem_type(slug) if slug else "about:blank",
        "title": title or phrase,
        "status": status,
        "detail": detail or phrase,
        "instance": instance_of(request),
        **{key: value for key, value in extensions.items() if value is not None},
    }
    return JSONResponse(
        body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE
    )


def _field_name(loc: tuple[int | str, ...]) -> str:
    """The dotted field a validation error points at; names the client made up
    (unknown fields, dictionary keys) are withheld rather than echoed."""
    parts = [
        str(part) if isinstance(part, int) else safe_name(part)
        for part in loc
        if part not in ("body", "query", "path", "header")
    ]
    return ".".join(parts) or ".".join(str(part) for part in loc)


def _message(error: Mapping[str, Any]) -> str:
    """The rule's message, with any echo of the refused input withheld."""
    message = str(error["msg"])
    given = error.get("input")
    if isinstance(given, str) and len(given) >= 3 and given in message:
        return message.replace(given, "(input)")
    return message


def _field_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    return [
        FieldError(
            field=_field_name(tuple(error["loc"])),
            rule=error["type"],
            message=_message(error),
        ).model_dump()
        for error in exc.errors()
    ]


async def _on_domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    errors = getattr(exc, "errors", None)
    return problem_response(
        request,
        exc.status,
        title=exc.title,
        detail=exc.detail,
        slug=exc.slug,
        headers=exc.headers,
        errors=[error.model_dump() for error in errors] if errors else None,
        **exc.extensions,
    )


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _field_errors(exc)
    if any(error["rule"] == "json_invalid" for error in errors):
        return problem_response(
            request,
            400,
            title="Malformed JSON",
            detail="The request body is not valid JSON.",
            slug="malformed-json",
            errors=errors,
        )
    fields = ", ".join(sorted({error["field"] for error in errors}))
    return problem_response(
        request,
        422,
        title="Invalid input",
        detail=f"The request does not satisfy the schema: {fields}.",
        slug="validation",
        errors=errors,
    )


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 413:
        return problem_response(
            request,
            413,
            title="Content Too Large",
            detail=str(exc.detail),
            slug="body-too-large",
        )
    detail = exc.detail if isinstance(exc.detail, str) else None
    return problem_response(
        request, exc.status_code, detail=detail, headers=exc.headers
    )


async def _on_invalid_concepts(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidConcepts)
    return problem_response(
        request,
        422,
        title="Invalid taxonomy concepts",
        detail=str(exc),
        slug="invalid-concepts",
        errors=[
            FieldError(field=p.field, rule=p.reason, message=p.message).model_dump()
            for p in exc.problems
        ],
        concepts=[problem.model_dump(mode="json") for problem in exc.problems],
    )


async def _on_out_of_range(request: Request, exc: Exception) -> JSONResponse:
    # Schemas bound most numbers; this catches any that reach the database unbounded.
    return problem_response(
        request,
        422,
        title="Invalid input",
        detail="A value in the request is outside what the database can store "
        f"(whole numbers up to {MAX_STORED_INT}).",
        slug="out-of-range",
    )


def lost_race(error: DBAPIError) -> bool:
    """Whether the database refused a write because another request wrote the same
    rows at the same moment (PostgreSQL's SQLSTATE, SQLite's error name)."""
    state = getattr(error.orig, "sqlstate", None)
    name = getattr(error.orig, "sqlite_errorname", None)
    return state in _RACE_SQLSTATES or name in _RACE_SQLITE_ERRORS


async def _on_lost_race(request: Request, exc: Exception) -> JSONResponse:
    # Every check-then-insert (a participant_ref, an external_ref taken) meets
    # this when two requests race: the loser's transaction is rolled back whole
    # when its session closes, and it gets the 409 the check would have given.
    # The database's message names the values, so it is never repeated.
    assert isinstance(exc, DBAPIError)
    if not lost_race(exc):
        raise exc
    return problem_response(
        request,
        409,
        title="Conflict",
        detail="Another request changed the same data at the same moment, and "
        "nothing was written; read the current state, then retry.",
        slug="conflict",
        rule="concurrent_write",
    )


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(IntegrityError, _on_lost_race)
    app.add_exception_handler(OperationalError, _on_lost_race)
    app.add_exception_handler(OverflowError, _on_out_of_range)
    app.add_exception_handler(DataError, _on_out_of_range)
    app.add_exception_handler(InvalidConcepts, _on_invalid_concepts)
    app.add_exception_handler(DomainError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Declare problem responses for a route's `responses=`."""
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_SCHEMA_REF}}},
        }
        for status in sorted({*statuses, 422, 500})
    }
