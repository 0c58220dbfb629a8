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
    language = preferred_language(request)
    if language == "sv":
        body = in_swedish(body)
    headers = {
        **(headers or {}),
        "Content-Language": language,
        "Vary": "Accept-Language",
    }
    return JSONResponse(
        body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE
    )


def preferred_language(request: Request) -> str:
    """`sv` when `Accept-Language` ranks Swedish above English, else `en`.

    RFC 9110 12.5.4: tags with q-values; `sv-SE` counts as `sv`, and among equal
    weights the first listed wins.
    """
    best, best_q = "en", 0.0
    for part in request.headers.get("accept-language", "").split(","):
        tag, _, parameters = part.partition(";")
        language = tag.strip().lower().split("-")[0]
        weight = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                weight = float(value)
            except ValueError:
                weight = 0.0
        if language in ("sv", "en") and weight > best_q:
            best, best_q = language, weight
    return best


def in_swedish(body: dict[str, Any]) -> dict[str, Any]:
    """A problem document with its title, detail and field messages in Swedish."""
    translated = {
        **body,
        "title": swedish(str(body["title"])),
        "detail": swedish(str(body["detail"])),
    }
    errors = body.get("errors")
    if isinstance(errors, list):
        translated["errors"] = [
            {**error, "message": swedish(str(error["message"]))}
            if isinstance(error, dict) and "message" in error
            else error
            for error in errors
        ]
    return translated


def swedish(text: str) -> str:
    """The Swedish of a title, detail or field message the service produces;
    a text the tables do not know stays as it is (English)."""
    if text in SWEDISH:
        return SWEDISH[text]
    for pattern, template in SWEDISH_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return template.format(*(swedish(group) for group in match.groups()))
    return text


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
    headers = exc.headers
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": allowed_methods(request)}
    return problem_response(request, exc.status_code, detail=detail, headers=headers)


def allowed_methods(request: Request) -> str:
    """Every method some route serves at this path: Starlette's own `Allow` names
    only the first route that matched the path (GET of `/v1/participants`, not
    its POST)."""
    path = request.url.path
    methods: set[str] = set()
    for context in iter_route_contexts(request.app.routes):
        regex = getattr(context, "path_regex", None)
        if regex is not None and regex.match(path):
            methods |= set(getattr(context, "methods", None) or ())
    return ", ".join(sorted(methods))


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


# Titles (the HTTP reason phrases and the service's own), details and field
# messages, exactly as the service writes them in English.
SWEDISH: dict[str, str] = {
    # titles
    "Bad Request": "Felaktig begäran",
    "Bad request": "Felaktig begäran",
    "Unauthorized": "Inte autentiserad",
    "Forbidden": "Förbjuden",
    "Not Found": "Hittades inte",
    "Not found": "Hittades inte",
    "Method Not Allowed": "Metoden är inte tillåten",
    "Not Acceptable": "Kan inte leverera det format som begärs",
    "Conflict": "Konflikt",
    "Gone": "Borttagen",
    "Precondition Failed": "Villkoret uppfylls inte",
    "Precondition failed": "Villkoret uppfylls inte",
    "Content Too Large": "Innehållet är för stort",
    "Unsupported Media Type": "Medietypen stöds inte",
    "Unprocessable Content": "Ogiltig indata",
    "Unprocessable Entity": "Ogiltig indata",
    "Invalid input": "Ogiltig indata",
    "Invalid taxonomy concepts": "Ogiltiga taxonomibegrepp",
    "Malformed JSON": "Felaktig JSON",
    "Too Many Requests": "För många förfrågningar",
    "Too many requests": "För många förfrågningar",
    "Unknown query parameter": "Okänd frågeparameter",
    "Taxonomy not loaded": "Taxonomin är inte laddad",
    "Internal Server Error": "Internt serverfel",
    "Service Unavailable": "Tjänsten är inte tillgänglig",
    # details
    "The request body is not valid JSON.": "Begärans innehåll är inte giltig JSON.",
    "Send an API key as `Authorization: Bearer <key>`.": (
        "Skicka en API-nyckel som `Authorization: Bearer <key>`."
    ),
    "The API key is unknown or revoked.": "API-nyckeln är okänd eller återkallad.",
    "Too many failed authentications from this address; wait a minute.": (
        "För många misslyckade inloggningar från den här adressen; vänta en minut."
    ),
    "An unexpected error occurred; it has been logged.": (
        "Ett oväntat fel inträffade; det har loggats."
    ),
    "The resource changed since you read it; read it again, then retry.": (
        "Resursen har ändrats sedan du läste den; läs den igen och försök sedan på "
        "nytt."
    ),
    "The operation takes no such query parameter; the spec lists the ones it takes.": (
        "Operationen tar ingen sådan frågeparameter; specifikationen listar dem den "
        "tar."
    ),
    "No participant has this participant_ref.": (
        "Ingen deltagare har detta participant_ref."
    ),
    "A participant with this participant_ref already exists.": (
        "Det finns redan en deltagare med detta participant_ref."
    ),
    "owning_unit is not one of the units this API key serves.": (
        "owning_unit är inte en av de enheter som den här API-nyckeln betjänar."
    ),
    "The request holds a personnummer or samordningsnummer, which this service "
    "never stores; nothing was written.": (
        "Begäran innehåller ett personnummer eller samordningsnummer, som tjänsten "
        "aldrig lagrar; inget skrevs."
    ),
    "Another request changed the same data at the same moment, and nothing was "
    "written; read the current state, then retry.": (
        "En annan begäran ändrade samma data i samma ögonblick, och inget skrevs; "
        "läs det aktuella läget och försök sedan igen."
    ),
    "Say which occupation the need is for.": "Ange vilket yrke behovet gäller.",
    "A text names no concept the mapper is sure of; give its concept_id or "
    "rephrase it (see the suggestions). Nothing was written.": (
        "En text nämner inget begrepp som taxonomin säkert känner igen; ange dess "
        "concept_id eller formulera om (se förslagen). Inget skrevs."
    ),
    "The latest start is before the earliest start.": (
        "Senaste start ligger före tidigaste start."
    ),
    # field messages: pydantic's common ones, then the service's own
    "Field required": "Fältet krävs",
    "Extra inputs are not permitted": "Fältet är okänt och inte tillåtet",
    "Input should be a valid integer": "Värdet ska vara ett heltal",
    "Input should be a valid integer, unable to parse string as an integer": (
        "Värdet ska vara ett heltal; texten kan inte läsas som ett heltal"
    ),
    "Input should be a valid integer, got a number with a fractional part": (
        "Värdet ska vara ett heltal, inte ett tal med decimaler"
    ),
    "Input should be a valid number": "Värdet ska vara ett tal",
    "Input should be a valid number, unable to parse string as a number": (
        "Värdet ska vara ett tal; texten kan inte läsas som ett tal"
    ),
    "Input should be a valid string": "Värdet ska vara en text",
    "Input should be a valid boolean": "Värdet ska vara true eller false",
    "Input should be a valid boolean, unable to interpret input": (
        "Värdet ska vara true eller false"
    ),
    "Input should be a valid list": "Värdet ska vara en lista",
    "Input should be a valid dictionary": "Värdet ska vara ett objekt",
    "Input should be a valid dictionary or object to extract fields from": (
        "Värdet ska vara ett objekt med fält"
    ),
    "Input should be a valid date": "Värdet ska vara ett giltigt datum",
    "Datetimes provided to dates should have zero time - e.g. be exact dates": (
        "Ett datum får inte ha någon tid på dagen"
    ),
    "Input should be a finite number": "Värdet ska vara ett ändligt tal",
    "JSON decode error": "JSON kan inte läsas",
    "give exactly one of concept_id and text": (
        "ange exakt ett av concept_id och text"
    ),
    "give exactly one of language_id and text": (
        "ange exakt ett av language_id och text"
    ),
    "give exactly one of track_id and cohort_id": (
        "ange exakt ett av track_id och cohort_id"
    ),
    "education levels and fields are given by concept_id": (
        "utbildningsnivåer och utbildningsinriktningar anges med concept_id"
    ),
    "min_years applies to occupation_experience only": (
        "min_years gäller bara occupation_experience"
    ),
    "must be on or after earliest_start": "ska vara samma dag som eller efter "
    "earliest_start",
    "give occupation (concept_id or text) or a description": (
        "ange occupation (concept_id eller text) eller en description"
    ),
    "not a query parameter of this operation": (
        "inte en frågeparameter för den här operationen"
    ),
    "contains what looks like a personnummer or samordningsnummer; jobbmatch never "
    "stores them: use the participant_ref chosen by your system instead": (
        "innehåller något som liknar ett personnummer eller samordningsnummer; "
        "jobbmatch lagrar aldrig sådana: använd i stället det participant_ref som "
        "ert system har valt"
    ),
    "contains a NUL character (U+0000), which no field may hold": (
        "innehåller ett NUL-tecken (U+0000), som inget fält får innehålla"
    ),
    "the mapper found no concept it is sure of; give concept_id or rephrase": (
        "ingen taxonomiträff är säker nog; ange concept_id eller formulera om"
    ),
    "no concept has this name or code; give concept_id": (
        "inget begrepp har detta namn eller denna kod; ange concept_id"
    ),
}

# Messages with values in them: the English pattern and its Swedish template; each
# group is itself translated when the tables know it.
SWEDISH_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), template)
    for pattern, template in (
        (
            r"String should have at least (\d+) characters?",
            "Texten ska ha minst {} tecken",
        ),
        (
            r"String should have at most (\d+) characters?",
            "Texten får ha högst {} tecken",
        ),
        (r"String should match pattern '(.*)'", "Texten ska ha formen '{}'"),
        (
            r"List should have at least (\d+) items? after validation, not (\d+)",
            "Listan ska ha minst {} element, inte {}",
        ),
        (
            r"List should have at most (\d+) items? after validation, not (\d+)",
            "Listan får ha högst {} element, inte {}",
        ),
        (r"Input should be greater than or equal to (.+)", "Värdet ska vara minst {}"),
        (r"Input should be less than or equal to (.+)", "Värdet får vara högst {}"),
        (r"Input should be greater than (.+)", "Värdet ska vara större än {}"),
        (r"Input should be less than (.+)", "Värdet ska vara mindre än {}"),
        (
            r"Input should be a valid date or datetime, (.+)",
            "Värdet ska vara ett giltigt datum ({})",
        ),
        (
            r"Input should be a valid date in the format YYYY-MM-DD, (.+)",
            "Värdet ska vara ett datum i formen ÅÅÅÅ-MM-DD ({})",
        ),
        (r"Invalid JSON: (.+)", "Ogiltig JSON: {}"),
        (r"Input should be (.+) or (.+)", "Värdet ska vara {} eller {}"),
        (r"Value error, (.+)", "Ogiltigt värde: {}"),
        (
            r"The request does not satisfy the schema: (.+)\.",
            "Begäran uppfyller inte schemat: {}.",
        ),
        (r"No (\w+) has the id (.+)\.", "Ingen post av typen {} har id {}."),
        (
            r"The role (.+) may not call this operation; allowed: (.+)\.",
            "Rollen {} får inte anropa den här operationen; tillåtna: {}.",
        ),
        (
            r"The key's budget of (\d+) requests a minute is spent\.",
            "Nyckelns budget på {} förfrågningar i minuten är förbrukad.",
        ),
        (
            r"The request body exceeds the limit of (\d+) bytes\.",
            "Begärans innehåll överskrider gränsen på {} byte.",
        ),
        (
            r"The request holds what no field may hold: (.+); nothing was written\.",
            "Begäran innehåller sådant som inget fält får innehålla: {}; inget skrevs.",
        ),
        (r"Send the body as (.+)\.", "Skicka innehållet som {}."),
        (r"invalid taxonomy concepts in: (.+)", "ogiltiga taxonomibegrepp i: {}"),
        (
            r"(.+) is not a concept of taxonomy (.+)",
            "{} är inget begrepp i taxonomin {}",
        ),
        (r"(.+) is a (.+), expected (.+)", "{} är av typen {}, väntad typ {}"),
        (r"(.+) is deprecated", "{} är avvecklat"),
        (
            r"(.+): the mapper found no concept it is sure of for this text\.",
            "{}: ingen taxonomiträff är säker nog för texten.",
        ),
    )
)
