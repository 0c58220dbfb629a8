"""Answering a batch import with a job: `202 Accepted`, a `Location` to poll."""

import threading
import uuid
from typing import Any

from fastapi import Response, status
from fastapi.responses import JSONResponse
from sqlmodel import Session

from service.jobs.kinds import BatchKind
from service.jobs.models import STATE_ONLY, BatchJob, BatchJobPublic, JobRow
from service.kit.batches.idempotency import Replay
from service.kit.batches.merging import BatchMode
from service.kit.batches.models import BatchReport, IdempotencyRecord
from service.kit.batches.upload import Upload
from service.kit.caller import Caller
from service.kit.logs import current_request_id
from service.settings import Settings

# Set when this process queues a job, so its runner starts at once instead of at
# its next poll (other processes find the job when they poll).
QUEUED = threading.Event()

ACCEPTED: dict[int | str, dict[str, Any]] = {
    status.HTTP_202_ACCEPTED: {
        "model": BatchJobPublic,
        "description": "More rows than `JOBBMATCH_BATCH_JOB_THRESHOLD`: the import "
        "runs as a job; poll `Location` until it has succeeded, for the report.",
        "headers": {
            "Location": {
                "description": "The job: `/v1/jobs/{id}`.",
                "schema": {"type": "string"},
            }
        },
    }
}


def runs_as_job(upload: Upload, settings: Settings) -> bool:
    return len(upload.rows) > settings.batch_job_threshold


def accepted(job: BatchJob, response: Response) -> Response:
    """The job as a `202`, with the headers the route has set (a replay's)."""
    answer = JSONResponse(
        BatchJobPublic.model_validate(job, from_attributes=True).model_dump(
            mode="json"
        ),
        status_code=status.HTTP_202_ACCEPTED,
        headers={"Location": f"/v1/jobs/{job.id}"},
    )
    answer.headers.update(response.headers)
    return answer


def replayed(
    session: Session, replay: Replay, response: Response
) -> Response | BatchReport:
    """What a retry with the same `Idempotency-Key` is answered with: the stored
    report, or the same job, as it stands now."""
    if isinstance(replay, BatchReport):
        return replay
    job = session.get(BatchJob, replay, options=STATE_ONLY)
    assert job is not None, "a job outlives none of the records naming it"
    return accepted(job, response)


def commit_job(
    session: Session,
    caller: Caller,
    kind: BatchKind,
    upload: Upload,
    mode: BatchMode,
    claimed: IdempotencyRecord | None,
    response: Response,
) -> Response:
    """Queue the batch as a job and commit; the `202` to answer with."""
    rows = [
        JobRow.of(kind.screen(number, raw) or raw)
        for number, raw in enumerate(upload.rows, start=1)
    ]
    job = BatchJob(
        id=uuid.uuid4().hex,
        kind=kind.operation,
        mode=mode,
        key_id=caller.key_id,
        key_name=caller.name,
        role=caller.role,
        units=None if caller.units is None else sorted(caller.units),
        purpose=caller.purpose,
        request_id=current_request_id(),
        rows=len(rows),
        payload=rows,
        csv_header=upload.csv.header if upload.csv is not None else None,
    )
    session.add(job)
    if claimed is not None:
        claimed.job_id = job.id
        session.add(claimed)
    session.commit()
    QUEUED.set()
    return accepted(job, response)
