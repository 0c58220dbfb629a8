"""Entity tags for optimistic concurrency: `ETag` on reads, `If-Match` on updates."""

import hashlib
from typing import Annotated, Any

from fastapi import Header, Response
from pydantic import BaseModel

from service.errors import PreconditionFailed

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The ETag last read; the update is refused with 412 if it changed.",
    ),
]

# Declared on every read that sends an ETag: service.middleware.NotModifiedMiddleware
# answers a GET whose `If-None-Match` names it with 304 and no body.
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not Modified: `If-None-Match` names the current ETag."}
}


def etag_of(public: BaseModel) -> str:
    digest = hashlib.sha256(public.model_dump_json().encode()).hexdigest()[:32]
    return f'"{digest}"'


def set_etag(response: Response, public: BaseModel) -> None:
    response.headers["ETag"] = etag_of(public)


def check_if_match(if_match: str | None, current: BaseModel) -> None:
    """Refuse the write when the client's copy is stale; no header means no check."""
    if if_match is None:
        return
    given = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" not in given and etag_of(current) not in given:
        raise PreconditionFailed(
            "The resource changed since you read it; read it again, then retry.",
            current_etag=etag_of(current),
        )
