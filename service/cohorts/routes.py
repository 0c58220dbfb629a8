from fastapi import APIRouter, Response, status
from sqlmodel import Session

from service.access import (
    READ_PROBLEMS,
    WRITE_PROBLEMS,
    EmployerSideReader,
    EmployerSideWriter,
)
from service.audit import repository as audit
from service.caller import Caller
from service.cohorts import service
from service.cohorts.models import (
    Cohort,
    CohortCreate,
    CohortPublic,
    CohortStatus,
    CohortUpdate,
)
from service.db import SessionDep
from service.errors import problems
from service.etags import IfMatch, check_if_match, set_etag
from service.pagination import Page, PageParamsDep
from service.records import delete_or_conflict, page_of
from service.tracks import service as tracks

router = APIRouter(tags=["cohorts"])


def _audit(session: Session, caller: Caller, action: str, cohort: Cohort) -> None:
    audit.record(
        session,
        caller,
        action=f"cohort.{action}",
        object_type="cohort",
        object_id=str(cohort.id),
    )


@router.get(
    "/tracks/{track_id}/cohorts",
    response_model=Page[CohortPublic],
    responses=READ_PROBLEMS,
)
def list_cohorts(
    track_id: int,
    session: SessionDep,
    caller: EmployerSideReader,
    page: PageParamsDep,
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
) -> Cohort:
    """Plan a new start of a track with its seats."""
    tracks.get(session, track_id)
    cohort = service.build(track_id, body, caller.key_id)
    session.add(cohort)
    session.flush()
    _audit(session, caller, "create", cohort)
    session.commit()
    set_etag(response, CohortPublic.model_validate(cohort))
    return cohort


@router.get(
    "/cohorts/{cohort_id}", response_model=CohortPublic, responses=READ_PROBLEMS
)
def get_cohort(
    cohort_id: int, session: SessionDep, caller: EmployerSideReader, response: Response
) -> Cohort:
    """Return one cohort with its seats taken and its ETag."""
    cohort = service.get(session, cohort_id)
    set_etag(response, CohortPublic.model_validate(cohort))
    return cohort


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
) -> Cohort:
    """Change a cohort's dates, seats or status (planned -> recruiting -> running ->
    completed; cancelled before completion)."""
    cohort = service.get(session, cohort_id)
    check_if_match(if_match, CohortPublic.model_validate(cohort))
    service.check_update(cohort, body)
    session.add(cohort)
    _audit(session, caller, "update", cohort)
    session.commit()
    set_etag(response, CohortPublic.model_validate(cohort))
    return cohort


@router.delete(
    "/cohorts/{cohort_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 403, 404, 409, 412, 429),
)
def delete_cohort(
    cohort_id: int,
    session: SessionDep,
    caller: EmployerSideWriter,
    if_match: IfMatch = None,
) -> None:
    """Delete a cohort nobody is enrolled in."""
    cohort = service.get(session, cohort_id)
    check_if_match(if_match, CohortPublic.model_validate(cohort))
    _audit(session, caller, "delete", cohort)
    delete_or_conflict(session, cohort, "Participants are enrolled in this cohort.")
    session.commit()
