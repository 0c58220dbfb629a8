from typing import Annotated

from fastapi import Query

from service.db import SessionDep
from service.events import repository
from service.events.models import (
    PARTICIPANT_TYPES,
    ChangeEventPublic,
    EventPage,
    EventType,
)
from service.events.repository import Position
from service.kit.access import LIST_PROBLEMS, Integrator
from service.kit.changes import ParticipantChanges
from service.kit.routing import Router

router = Router(prefix="/events", tags=["events"])
# Reading a participant's event is an access to that participant's data.
CHANGES = ParticipantChanges(public=ChangeEventPublic)
MAX_EVENTS = 1000
_TYPE = "|".join(kind.value for kind in EventType)
TYPES_PATTERN = rf"^({_TYPE})(,({_TYPE}))*$"


def parse_types(types: str | None) -> set[EventType] | None:
    return {EventType(name) for name in types.split(",")} if types else None


@router.get("", response_model=EventPage, responses=LIST_PROBLEMS)
def list_events(
    session: SessionDep,
    caller: Integrator,
    after: Annotated[
        str | None,
        Query(
            max_length=64,
            description="The `next` cursor of the previous page; without it, the "
            "oldest event kept.",
        ),
    ] = None,
    types: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=TYPES_PATTERN,
            description="Only these kinds of record, comma-separated "
            "(`participant,enrolment`).",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_EVENTS)] = 100,
) -> EventPage:
    """Page through the changes of records in commit order; reading participant
    events is logged as an access to each participant named."""
    position = Position.decode(after)
    events = repository.page(session, position, limit, parse_types(types), caller.units)
    refs = {
        event.participant_ref
        for event in events
        if event.type in PARTICIPANT_TYPES and event.participant_ref
    }
    CHANGES.log_refs(session, caller, "event", sorted(refs))
    session.commit()
    last = Position.of(events[-1]) if events else position
    return EventPage(
        items=[ChangeEventPublic.model_validate(event) for event in events],
        next=last.encode(),
        limit=limit,
    )
