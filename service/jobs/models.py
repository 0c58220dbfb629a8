"""Batch imports run as jobs: the queued rows, the progress, the report when done.

A job keeps everything a process needs to run it without the request that made it:
the rows (screened as the import screens them, so a row holding what looks like a
personnummer is kept as its report, never as the row), the caller it runs as, and
its progress. Rows are imported in parts, each committed with its report rows
(`BatchJobPart`) and the job's new place, so a process that dies loses at most
the part it was writing, and whoever takes the job over goes on from the last
commit.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from pydantic import Field as ValueField
from sqlalchemy import JSON, Column, ForeignKey, String
from sqlalchemy.orm import defer
from sqlmodel import Field, SQLModel

from service.db import UtcDateTime, utcnow
from service.kit.batches.models import BatchReport, RowReport
from service.kit.caller import Caller, Role
from service.kit.columns import JsonOf


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class JobRow(BaseModel):
    """One queued row: the document to import, or the report the row already has
    (not a document, a ragged CSV record, a personal number)."""

    document: dict[str, Any] | None = None
    refused: RowReport | None = None

    @classmethod
    def of(cls, row: Any) -> "JobRow":
        if isinstance(row, RowReport):
            return cls(refused=row)
        return cls(document=row)

    @property
    def value(self) -> dict[str, Any] | RowReport:
        if self.refused is not None:
            return self.refused
        assert self.document is not None
        return self.document


class BatchJob(SQLModel, table=True):
    __tablename__ = "batch_job"

    id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(max_length=32)
    status: JobStatus = Field(default=JobStatus.QUEUED, sa_type=String(16), index=True)
    mode: str = Field(max_length=16)
    # The caller the import runs as, and the request that queued it: the audit
    # entries the job writes name them, as the request's own would.
    key_id: str = Field(max_length=32, index=True)
    key_name: str = Field(max_length=100)
    role: str = Field(max_length=32)
    units: list[str] | None = Field(default=None, sa_column=Column(JSON))
    purpose: str | None = Field(default=None, max_length=200)
    request_id: str | None = Field(default=None, max_length=128)
    rows: int
    done: int = 0
    payload: list[JobRow] = Field(default_factory=list, sa_type=JsonOf(list[JobRow]))
    csv_header: list[str] | None = Field(default=None, sa_column=Column(JSON))
    # Refs already imported, by the row that first carried them: a later row with
    # the same ref is a duplicate, in whichever part it comes.
    seen: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON))
    report: BatchReport | None = Field(default=None, sa_type=JsonOf(BatchReport))
    error: str | None = Field(default=None, max_length=200)
    attempts: int = 0
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)

    def caller(self) -> Caller:
        units = None if self.units is None else frozenset(self.units)
        return Caller(self.key_id, self.key_name, Role(self.role), self.purpose, units)


class BatchJobPart(SQLModel, table=True):
    """The report rows of one committed part of a running job, kept apart so each
    part writes its own rows only; the finished report gathers them."""

    __tablename__ = "batch_job_part"

    job_id: str = Field(
        sa_column=Column(
            String(32),
            ForeignKey("batch_job.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    first_row: int = Field(primary_key=True)
    rows: list[RowReport] = Field(sa_type=JsonOf(list[RowReport]))


# Reading a job's state leaves its rows unread (up to 10,000 of them).
STATE_ONLY = [
    defer(BatchJob.payload),  # type: ignore[arg-type]
    defer(BatchJob.seen),  # type: ignore[arg-type]
]


class BatchJobPublic(BaseModel):
    """A batch import running in the background; poll it until it is finished."""

    id: str
    kind: str = ValueField(description="The import: `participants:batch`, ….")
    status: JobStatus
    rows: int = ValueField(description="The rows sent.")
    done: int = ValueField(description="The rows imported so far.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    report: BatchReport | None = ValueField(
        description="When succeeded: the report the import would have answered "
        "with had it run in the request."
    )
    error: str | None = ValueField(description="When failed: why, in short.")
