from fastapi import Response, status

from service.cohorts import service
from service.cohorts.models import (
    CohortCreate,
    CohortPublic,
    CohortStatus,
    CohortUpdate,
)
from service.db import SessionDep
from service.kit.access import (
    DELETE_PROBLEMS,
    READ_PROBLEMS,
    TAGGED_READ_PROBLEMS,
    WRITE_PROBLEMS,
    EmployerSideReader,
    EmployerSideWriter,
)
from service.kit.changes import Changes
from service.kit.etags import IfMatch
from service.kit.pagination import ChangesPageDep, Page
from service.kit.records import page_of
from service.kit.routing import Router
from service.tracks import service as tracks

router = Router(tags=["cohorts"])
CHANGES = Changes("cohort", CohortPublic)


@router.get(
    "/tracks/{track_id}/cohorts",
    response_model=Page[CohortPublic],
    responses=READ_PROBLEMS,
)
def list_cohorts(
    track_id: int,
    session: SessionDep,
    caller: EmployerSideReader,
    page: ChangesPageDep,
    status: CohortStatus | None = None,
) -> Page[CohortPublic]:
    """List a track's cohorts with their seats, oldest first."""
    tracks.get(session, track_id)
    rows, total = service.list_cohorts(session, page, track_id=track_id, status=status)
    return page_of(CohortPublic, rows, total, page)


@router.post(
    "/tracks/{track_id}/cohorts",
    response_model=CohortPublic,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_PROBLEMS,
)
def create_cohort(
    track_id: int,
    body: CohortCreate,
    session: SessionDep,
    caller: EmployerSideWriter,
    response: Response,
) -> CohortPublic:
    """Plan a new start of a track with its seats."""
    tracks.get(session, track_id)
    cohort = service.build(track_id, body, caller.key_id)
    return CHANGES.commit_tagged(session, caller, cohort, "create", response)


@router.get(
    "/cohorts/{cohort_id}", response_model=CohortPublic, responses=TAGGED_READ_PROBLEMS
)
def get_cohort(
    cohort_id: int, session: SessionDep, caller: EmployerSideReader, response: Response
) -> CohortPublic:
    """Return one cohort with its seats taken and its ETag."""
    cohort = service.get(session, cohort_id)
    return CHANGES.tag(cohort, response)


@router.patch(
    "/cohorts/{cohort_id}", response_model=CohortPublic, responses=WRITE_PROBLEMS
)
def update_cohort(
    cohort_id: int,
    body: CohortUpdate,
    session: SessionDep,
    caller: EmployerSideWriter,
    response: Response,
    if_match: IfMatch = None,
) -> CohortPublic:
    """Change a cohort's dates, seats or status (planned -> recruiting -> running ->
    completed; cancelled before completion)."""
    cohort = service.get(session, cohort_id)
    CHANGES.check_version(cohort, if_match)
    service.check_update(cohort, body)
    return CHANGES.commit_tagged(session, caller, cohort, "update", response)


@router.delete(
    "/cohorts/{cohort_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=DELETE_PROBLEMS,
)
def delete_cohort(
    cohort_id: int,
    session: SessionDep,
    caller: EmployerSideWriter,
    if_match: IfMatch = None,
) -> None:
    """Delete a cohort nobody is enrolled in."""
    cohort = service.get(session, cohort_id)
    CHANGES.check_version(cohort, if_match)
    CHANGES.commit_delete(
        session, caller, cohort, "Participants are enrolled in this cohort."
    )
