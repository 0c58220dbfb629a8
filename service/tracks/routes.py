from typing import Annotated

from fastapi import Query, Response, status

from service.db import SessionDep
from service.kit.access import (
    LIST_PROBLEMS,
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
from service.taxonomy.state import TaxonomyDep
from service.tracks import service
from service.tracks.models import (
    TrackCreate,
    TrackKind,
    TrackPhase,
    TrackPublic,
    TrackUpdate,
)

router = Router(prefix="/tracks", tags=["tracks"])
CHANGES = Changes("track", TrackPublic)


@router.get("", response_model=Page[TrackPublic], responses=LIST_PROBLEMS)
def list_tracks(
    session: SessionDep,
    caller: EmployerSideReader,
    page: ChangesPageDep,
    kind: TrackKind | None = None,
    phase: TrackPhase | None = None,
    occupation_id: Annotated[str | None, Query(max_length=32)] = None,
) -> Page[TrackPublic]:
    """List jobbspår and recruitment trainings, oldest first, filtered."""
    rows, total = service.list_tracks(
        session, page, kind=kind, phase=phase, occupation_id=occupation_id
    )
    return page_of(TrackPublic, rows, total, page)


@router.post(
    "",
    response_model=TrackPublic,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_PROBLEMS,
)
def create_track(
    body: TrackCreate,
    session: SessionDep,
    caller: EmployerSideWriter,
    taxonomy: TaxonomyDep,
    response: Response,
) -> TrackPublic:
    """Set up a jobbspår or recruitment training in the planning phase."""
    track = service.check_create(session, taxonomy, body)
    track.created_by = caller.key_id
    return CHANGES.commit_tagged(session, caller, track, "create", response)


@router.get("/{track_id}", response_model=TrackPublic, responses=TAGGED_READ_PROBLEMS)
def get_track(
    track_id: int, session: SessionDep, caller: EmployerSideReader, response: Response
) -> TrackPublic:
    """Return one track with its ETag."""
    track = service.get(session, track_id)
    return CHANGES.tag(track, response)


@router.patch("/{track_id}", response_model=TrackPublic, responses=WRITE_PROBLEMS)
def update_track(
    track_id: int,
    body: TrackUpdate,
    session: SessionDep,
    caller: EmployerSideWriter,
    taxonomy: TaxonomyDep,
    response: Response,
    if_match: IfMatch = None,
) -> TrackPublic:
    """Change a track or move its phase (planning -> recruitment -> delivery ->
    closing -> closed)."""
    track = service.get(session, track_id)
    CHANGES.check_version(track, if_match)
    service.check_update(session, taxonomy, track, body)
    return CHANGES.commit_tagged(session, caller, track, "update", response)
