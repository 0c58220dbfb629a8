"""ASGI middleware: request ids, access logs, last-resort 500s, media-type guard.

Plain ASGI rather than `BaseHTTPMiddleware`, so nothing buffers bodies or breaks
context variables."""

import logging
import re
import time
import uuid

from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import problem_response
from service.kit.logs import bind_request_id, unbind_request_id

access_log = logging.getLogger("jobbmatch.access")
error_log = logging.getLogger("jobbmatch.errors")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_BODY_METHODS = {"POST", "PUT", "PATCH"}
ACCEPTED_MEDIA_TYPES = ("application/json", "text/csv")
TOO_LARGE = "body-too-large"
BATCH_SUFFIX = ":batch"


class RequestContextMiddleware:
    """Assign a request id, echo it, log one JSON line per request, and turn a crash
    into a 500 problem that carries the request id but no internals.

    The logged path is the route template (`/v1/participants/{participant_ref}`), never
    the raw path, so participant references stay out of the logs.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._templates: dict[int, str] | None = None

    def _template(self, scope: Scope) -> str:
        route = scope.get("route")
        if route is None:
            return "(unmatched)"
        if self._templates is None:
            # An included router's route keeps its short path; map it to the full one.
            self._templates = {
                id(context.original_route): context.path_format or ""
                for context in iter_route_contexts(scope["app"].routes)
            }
        return self._templates.get(id(route), "(unknown)")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _VALID_REQUEST_ID.match(given) else uuid.uuid4().hex
        token = bind_request_id(request_id)
        started_at = time.perf_counter()
        status = 500
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
                message.setdefault("headers", [])
                message["headers"].append((b"x-request-id", request_id.encode()))
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
    """Refuse oversized bodies (413) and bodies that are neither JSON nor CSV (415).

    A declared Content-Length is checked up front; a chunked upload is counted as it
    streams and stopped with an HTTP 413 that the problem handlers render.
    """

    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, max_batch_body_bytes: int
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_batch_body_bytes = max_batch_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        # Bulk imports (`/v1/participants:batch`) carry up to 10,000 rows.
        limit = (
            self.max_batch_body_bytes
            if scope["path"].endswith(BATCH_SUFFIX)
            else self.max_body_bytes
        )
        length = request.headers.get("content-length", "0")
        header = request.headers.get("content-type", "")
        media_type = header.split(";")[0].strip().lower()
        if not length.isdigit() or int(length) > limit:
            response = problem_response(
                request,
                413,
                title="Content Too Large",
                detail=self.too_large(limit),
                slug=TOO_LARGE,
            )
        elif media_type and not _is_accepted(media_type):
            response = problem_response(
                request,
                415,
                detail="Send the body as " + " or ".join(ACCEPTED_MEDIA_TYPES) + ".",
                slug="unsupported-media-type",
            )
        else:
            await self.app(scope, self._counting(receive, limit), send)
            return
        await response(scope, receive, send)

    @staticmethod
    def too_large(limit: int) -> str:
        return f"The request body exceeds the limit of {limit} bytes."

    def _counting(self, receive: Receive, limit: int) -> Receive:
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, detail=self.too_large(limit))
            return message

        return counting_receive


def _is_accepted(media_type: str) -> bool:
    return media_type in ACCEPTED_MEDIA_TYPES or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )
