from typing import Annotated

from fastapi import Path

from service.db import SessionDep
from service.errors import NotFound
from service.jobs.models import STATE_ONLY, BatchJob, BatchJobPublic
from service.kit.access import READ_PROBLEMS, BatchImporter
from service.kit.caller import Caller, Role
from service.kit.routing import Router

router = Router(prefix="/jobs", tags=["jobs"])
JobId = Annotated[str, Path(min_length=32, max_length=32, pattern="^[0-9a-f]{32}$")]


def _visible(job: BatchJob, caller: Caller) -> bool:
    """A key sees its own jobs, an admin (who serves every unit) all of them: a
    job's report names participants of the units its own key serves, so no other
    key has a need to know it."""
    return job.key_id == caller.key_id or caller.role is Role.ADMIN


@router.get("/{job_id}", response_model=BatchJobPublic, responses=READ_PROBLEMS)
def get_job(job_id: JobId, session: SessionDep, caller: BatchImporter) -> BatchJob:
    """Return a batch import running as a job: its progress, and its report once
    it has succeeded. Poll until `status` is `succeeded` or `failed`."""
    job = session.get(BatchJob, job_id, options=STATE_ONLY)
    if job is None or not _visible(job, caller):
        raise NotFound("No job has this id.")
    return job
