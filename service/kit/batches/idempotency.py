"""`Idempotency-Key` for batch imports: one key, one body, one set of writes.

The record is inserted before any row is written, in the same transaction, so a
second request with the same key waits for the first (the unique key holds it)
and then either replays the stored report or is told the key is taken.
"""

import hashlib
from typing import Annotated

from fastapi import Header, Response
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from service.errors import Conflict, FieldError, InvalidInput
from service.kit.batches.models import BatchReport, IdempotencyRecord
from service.kit.caller import Caller

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=128,
        description="Retrying with the same key replays the first report unchanged.",
    ),
]


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _find(
    session: Session, caller: Caller, operation: str, key: str
) -> IdempotencyRecord | None:
    return session.exec(
        select(IdempotencyRecord).where(
            col(IdempotencyRecord.key_id) == caller.key_id,
            col(IdempotencyRecord.operation) == operation,
            col(IdempotencyRecord.idempotency_key) == key,
        )
    ).first()


# What a retry is answered with: the stored report, or the id of the job that
# makes it (a batch too large to import within the request).
Replay = BatchReport | str


def claim(
    session: Session, caller: Caller, operation: str, key: str, digest: str
) -> IdempotencyRecord | Replay:
    """Return the stored report (or job) to replay, or a new record to fill in."""
    found = _find(session, caller, operation, key)
    if found is None:
        record = IdempotencyRecord(
            key_id=caller.key_id,
            operation=operation,
            idempotency_key=key,
            request_hash=digest,
        )
        session.add(record)
        try:
            session.flush()
        except IntegrityError as error:
            raise Conflict(
                "Another request with this Idempotency-Key is being processed; "
                "retry shortly to get its report."
            ) from error
        return record
    if found.request_hash != digest:
        raise InvalidInput(
            "This Idempotency-Key was used with a different body.",
            [
                FieldError(
                    field="Idempotency-Key",
                    rule="idempotency_key_reused",
                    message="use a new key for a different batch",
                )
            ],
        )
    if found.job_id is not None:
        return found.job_id
    assert found.report is not None
    return found.report


def start(
    session: Session,
    caller: Caller,
    operation: str,
    key: str | None,
    digest: str,
    response: Response,
) -> tuple[Replay | None, IdempotencyRecord | None]:
    """Begin a batch: the stored report (or job) to replay, saying so in a
    header, or the claimed record to fill in, or neither when no key was sent."""
    if key is None:
        return None, None
    claimed = claim(session, caller, operation, key, digest)
    if not isinstance(claimed, IdempotencyRecord):
        response.headers["Idempotent-Replayed"] = "true"
        return claimed, None
    return None, claimed
