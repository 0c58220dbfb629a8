"""ASGI middleware: request ids, access logs, last-resort 500s, the body guard.

Plain ASGI rather than `BaseHTTPMiddleware`, so nothing breaks context variables;
only the body guard buffers a body, bounded by the size limit, to read it once before
the route does."""

import logging
import re
import time
import uuid

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import (
    SAFE_PATH_KEY,
    FieldError,
    problem_response,
    route_template,
)
from service.kit.logs import bind_request_id, unbind_request_id
from service.kit.personal_data import (
    contains_personal_number,
    csv_errors,
    header_errors,
    json_errors,
    refusal_detail,
)

access_log = logging.getLogger("jobbmatch.access")
error_log = logging.getLogger("jobbmatch.errors")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_BODY_METHODS = {"POST", "PUT", "PATCH"}
ACCEPTED_MEDIA_TYPES = ("application/json", "text/csv")
TOO_LARGE = "body-too-large"
BATCH_SUFFIX = ":batch"
NO_STORE = (b"cache-control", b"no-store")


class RequestContextMiddleware:
    """Assign a request id, echo it, log one JSON line per request, and turn a crash
    into a 500 problem that carries the request id but no internals.

    The logged path is the route template (`/v1/participants/{participant_ref}`), never
    the raw path, so participant references stay out of the logs. A request id that
    holds a personal number is replaced (and the body guard refuses the request).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    @staticmethod
    def _template(scope: Scope) -> str:
        if scope.get("route") is None:
            return "(unmatched)"
        return route_template(scope) or "(unknown)"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        usable = _VALID_REQUEST_ID.match(given) and not header_errors(
            {"X-Request-ID": given}
        )
        request_id = given if usable else uuid.uuid4().hex
        token = bind_request_id(request_id)
        started_at = time.perf_counter()
        status = 500
        started = False
        # API answers may hold social-services data: no cache keeps a copy.
        private = scope["path"].startswith("/v1/")

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
                message.setdefault("headers", [])
                message["headers"].append((b"x-request-id", request_id.encode()))
                if private:
                    message["headers"].append(NO_STORE)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            error_log.error(
                "unhandled error", exc_info=exc, extra={"request_id": request_id}
            )
            if started:
                raise
            response = problem_response(
                Request(scope),
                500,
                detail="An unexpected error occurred; it has been logged.",
                slug="internal",
                request_id=request_id,
            )
            await response(scope, receive, send_with_id)
        finally:
            access_log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": scope["method"],
                    "path": self._template(scope),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started_at) * 1000, 2),
                },
            )
            unbind_request_id(token)


class BodyGuardMiddleware:
    """Guard what a request carries before any route, log or audit entry sees it.

    Oversized bodies are 413 (a declared Content-Length up front, a chunked upload as
    it streams), bodies neither JSON nor CSV 415, whatever the media type's case. A
    JSON or CSV body (no Content-Type is read as JSON, as FastAPI does), the stored
    or logged headers, and the raw path are read for personal numbers and NUL
    characters, and JSON for its depth: any of these is a 422 that names the field
    but never repeats the value. Path and query parameters are checked again once
    routed, by name (`reject_in_parameters`).
    """

    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, max_batch_body_bytes: int
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_batch_body_bytes = max_batch_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        _mark_safe_path(scope)
        media_type = _normalise_content_type(scope)
        request = Request(scope)
        errors = header_errors(request.headers)
        if errors:
            await _refusal(request, errors)(scope, receive, send)
            return
        if scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        # Bulk imports (`/v1/participants:batch`) carry up to 10,000 rows.
        limit = (
            self.max_batch_body_bytes
            if scope["path"].endswith(BATCH_SUFFIX)
            else self.max_body_bytes
        )
        length = request.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > limit:
            await self._too_large(request, limit)(scope, receive, send)
            return
        if media_type and not _is_accepted(media_type):
            response = problem_response(
                request,
                415,
                detail="Send the body as " + " or ".join(ACCEPTED_MEDIA_TYPES) + ".",
                slug="unsupported-media-type",
            )
            await response(scope, receive, send)
            return
        body = await _read_body(receive, limit)
        if body is None:
            await self._too_large(request, limit)(scope, receive, send)
            return
        errors = csv_errors(body) if media_type == "text/csv" else json_errors(body)
        if errors:
            await _refusal(request, errors)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    def _too_large(self, request: Request, limit: int) -> Response:
        return problem_response(
            request,
            413,
            title="Content Too Large",
            detail=self.too_large(limit),
            slug=TOO_LARGE,
        )

    @staticmethod
    def too_large(limit: int) -> str:
        return f"The request body exceeds the limit of {limit} bytes."


def _normalise_content_type(scope: Scope) -> str:
    """Lower-case the media type in the scope's Content-Type, so every reader after
    this one (FastAPI's body parsing, the CSV import) sees one spelling."""
    headers: list[tuple[bytes, bytes]] = list(scope["headers"])
    for index, (name, value) in enumerate(headers):
        if name.lower() == b"content-type":
            media_type, semicolon, parameters = value.partition(b";")
            normal = media_type.strip().lower()
            headers[index] = (name, normal + semicolon + parameters)
            scope["headers"] = headers
            return normal.decode("latin-1")
    return ""


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None once it passes the limit."""
    chunks: list[bytes] = []
    received = 0
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        received += len(chunk)
        if received > limit:
            return None
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def _mark_safe_path(scope: Scope) -> None:
    """Let problem documents name the path when it carries nothing refused."""
    path = scope["path"]
    if "\x00" not in path and not contains_personal_number(path):
        scope[SAFE_PATH_KEY] = path


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _refusal(request: Request, errors: list[FieldError]) -> Response:
    return problem_response(
        request,
        422,
        title="Invalid input",
        detail=refusal_detail(errors),
        slug="validation",
        errors=[error.model_dump() for error in errors],
    )


def _is_accepted(media_type: str) -> bool:
    return media_type in ACCEPTED_MEDIA_TYPES or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


class NotModifiedMiddleware:
    """Answer a GET whose `If-None-Match` names the current ETag with 304 and no
    body, so a system polling a record only pays for it when it changed.

    The route still runs (a participant read is logged as every read is); only
    the body is withheld. Plain ASGI: the start message is held until the first
    body chunk shows whether it is needed.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        wanted = dict(scope["headers"]).get(b"if-none-match")
        if wanted is None:
            await self.app(scope, receive, send)
            return
        tags = {t.strip().removeprefix(b"W/") for t in wanted.split(b",")}
        held: Message | None = None

        async def send_or_hold(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                etag = dict(message.get("headers", [])).get(b"etag")
                if (
                    message["status"] == 200
                    and etag is not None
                    and (etag in tags or b"*" in tags)
                ):
                    held = message
                    return
                await send(message)
                return
            if held is not None:
                if message.get("more_body", False):
                    return
                kept = [
                    (name, value)
                    for name, value in held.get("headers", [])
                    if name not in (b"content-length", b"content-type")
                ]
                await send({**held, "status": 304, "headers": kept})
                await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app(scope, receive, send_or_hold)


class ProblemCORSMiddleware(CORSMiddleware):
    """Starlette's CORS handling, with a refused preflight answered as a problem
    document like every other error (Starlette sends `text/plain`)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            await super().__call__(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if "origin" not in headers or "access-control-request-method" not in headers:
            await super().__call__(scope, receive, send)
            return
        response = self.preflight_response(request_headers=headers)
        if response.status_code == 400:
            refused = bytes(response.body).decode().removeprefix("Disallowed CORS ")
            kept = {
                name: value
                for name, value in response.headers.items()
                if name not in ("content-length", "content-type")
            }
            _mark_safe_path(scope)
            response = problem_response(
                Request(scope),
                400,
                title="CORS request refused",
                detail=f"This cross-origin request is not allowed: {refused}.",
                slug="cors-refused",
                headers=kept,
            )
        await response(scope, receive, send)
