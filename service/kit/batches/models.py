"""Batch imports: the per-row report and the record that makes a retry safe."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel
from pydantic import Field as ValueField
from sqlmodel import Field, SQLModel, UniqueConstraint

from service.db import UtcDateTime, utcnow
from service.errors import FieldError
from service.kit.columns import JsonOf

MAX_ROWS = 10_000


class RowStatus(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    INVALID = "invalid"


class RowReport(BaseModel):
    """What happened to one row; `row` counts from 1, as a spreadsheet does."""

    row: int
    line: int | None = ValueField(
        default=None,
        description="For a CSV row: its data line, header excluded (the same "
        "number as `row`; a quoted cell spanning lines is still one line).",
    )
    ref: str | None
    status: RowStatus
    changed: list[str] = ValueField(
        default=[], description="For `updated`: the fields the row changed."
    )
    errors: list[FieldError] = []


class BatchReport(BaseModel):
    received: int
    created: int
    updated: int
    unchanged: int = 0
    invalid: int
    rows: list[RowReport]

    @classmethod
    def of(cls, rows: list[RowReport]) -> "BatchReport":
        counts = dict.fromkeys(RowStatus, 0)
        for row in rows:
            counts[row.status] += 1
        return cls(
            received=len(rows),
            created=counts[RowStatus.CREATED],
            updated=counts[RowStatus.UPDATED],
            unchanged=counts[RowStatus.UNCHANGED],
            invalid=counts[RowStatus.INVALID],
            rows=rows,
        )


class IdempotencyRecord(SQLModel, table=True):
    """The report a batch produced, or the job producing it, kept so the same key
    replays it unchanged."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("key_id", "operation", "idempotency_key"),)

    id: int | None = Field(default=None, primary_key=True)
    key_id: str = Field(max_length=32)
    operation: str = Field(max_length=64)
    idempotency_key: str = Field(max_length=128)
    request_hash: str = Field(max_length=64)
    report: BatchReport | None = Field(default=None, sa_type=JsonOf(BatchReport))
    # A batch run as a job: the job a retry is shown (its report, once done).
    job_id: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
