"""A participant's own data and their erasure, under /participants.

These live here rather than in `service.participants` because they reach every
record that names the person (enrolments, shortlists), which import participants.
"""

from fastapi import status

from service.db import SessionDep
from service.kit.access import (
    DELETE_PROBLEMS,
    READ_PROBLEMS,
    ParticipantExporter,
    ParticipantSide,
)
from service.kit.changes import ParticipantChanges
from service.kit.etags import IfMatch
from service.kit.parameters import ParticipantRefPath
from service.kit.routing import Router
from service.participants import service as participants
from service.participants.models import ParticipantPublic
from service.retention import erasure
from service.retention.export import ParticipantExport, export
from service.settings import SettingsDep

router = Router(prefix="/participants", tags=["participants"])
CHANGES = ParticipantChanges(public=ParticipantPublic)


@router.get(
    "/{participant_ref}/export",
    response_model=ParticipantExport,
    responses=READ_PROBLEMS,
)
def export_participant(
    participant_ref: ParticipantRefPath,
    session: SessionDep,
    caller: ParticipantExporter,
    settings: SettingsDep,
) -> ParticipantExport:
    """Return everything stored about one participant (profile, enrolments,
    shortlist appearances with their explanations, decisions, the audit entries
    that name them, retention) as one document; the export is audited."""
    participant = participants.get(session, participant_ref, caller)
    document = export(session, participant, settings.retention_years)
    CHANGES.commit_event(session, caller, "export", participant.participant_ref)
    return document


@router.delete(
    "/{participant_ref}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=DELETE_PROBLEMS,
)
def delete_participant(
    participant_ref: ParticipantRefPath,
    session: SessionDep,
    caller: ParticipantSide,
    if_match: IfMatch = None,
) -> None:
    """Erase a participant, enrolled or not: the profile and every link to them
    go, and the records that counted them keep a tombstone instead, so every
    indicator stays the same; an open enrolment ends as a drop-out and gives its
    seat back. The audit entry names the tombstone, never the ref."""
    participant = participants.get(session, participant_ref, caller)
    CHANGES.check_version(participant, if_match)
    erased = erasure.erase(session, caller, participant)
    CHANGES.commit_event(session, caller, "erase", erased.tombstone)
