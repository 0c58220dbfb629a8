"""A participant's own data: everything stored about them, as one document.

For a request under GDPR art. 15 (registerutdrag): the profile, every enrolment
with its transitions and outcome, every stored shortlist they appear in with their
rank, score and its explanation, every decision on them, every audit entry that
names them, and how long all of it is kept.
"""

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import Session, col, select

from service.audit.models import AuditEntryPublic
from service.db import utcnow
from service.enrolments.models import Enrolment, EnrolmentPublic
from service.kit.audit_trail import AuditEntry
from service.participants.models import Participant, ParticipantPublic
from service.retention.erasure import mentioning
from service.retention.policy import retention_of
from service.shortlists.models import (
    ComponentOut,
    DecisionPublic,
    MissingOut,
    Shortlist,
    ShortlistDecision,
    TargetRef,
)


class ShortlistAppearance(BaseModel):
    """One stored ranking the participant was in, as it was stored."""

    shortlist_id: int
    created_at: datetime
    target: TargetRef
    programme: str
    purpose: str
    algorithm_version: str
    rank: int
    score: float
    components: list[ComponentOut]
    missing: list[MissingOut]


class ParticipantDecision(DecisionPublic):
    shortlist_id: int


class ParticipantExport(BaseModel):
    """Everything stored about one participant."""

    exported_at: datetime
    participant: ParticipantPublic
    last_activity_at: datetime
    retention_until: datetime
    enrolments: list[EnrolmentPublic]
    shortlist_appearances: list[ShortlistAppearance]
    decisions: list[ParticipantDecision]
    audit_entries: list[AuditEntryPublic]


def _appearances(session: Session, ref: str) -> list[ShortlistAppearance]:
    statement = (
        select(Shortlist)
        .where(mentioning(Shortlist.results, ref))
        .order_by(col(Shortlist.id))
    )
    found: list[ShortlistAppearance] = []
    for shortlist in session.exec(statement).all():
        assert shortlist.id is not None
        found += [
            ShortlistAppearance(
                shortlist_id=shortlist.id,
                created_at=shortlist.created_at,
                target=TargetRef(kind=shortlist.target_kind, id=shortlist.target_id),
                programme=shortlist.programme,
                purpose=shortlist.purpose,
                algorithm_version=shortlist.algorithm_version,
                rank=result.rank,
                score=result.score,
                components=result.components,
                missing=result.missing,
            )
            for result in shortlist.results
            if result.participant_ref == ref
        ]
    return found


def export(session: Session, participant: Participant, years: int) -> ParticipantExport:
    """Gather the document; the route audits and commits."""
    ref = participant.participant_ref
    enrolments = session.exec(
        select(Enrolment)
        .where(col(Enrolment.participant_ref) == ref)
        .order_by(col(Enrolment.id))
    ).all()
    decisions = session.exec(
        select(ShortlistDecision)
        .where(col(ShortlistDecision.participant_ref) == ref)
        .order_by(col(ShortlistDecision.id))
    ).all()
    entries = session.exec(
        select(AuditEntry)
        .where(
            col(AuditEntry.object_type) == "participant",
            col(AuditEntry.object_id) == ref,
        )
        .order_by(col(AuditEntry.id))
    ).all()
    retention = retention_of(session, [ref], years)[ref]
    return ParticipantExport(
        exported_at=utcnow(),
        participant=ParticipantPublic.model_validate(participant),
        last_activity_at=retention.last_activity_at,
        retention_until=retention.retention_until,
        enrolments=[EnrolmentPublic.model_validate(e) for e in enrolments],
        shortlist_appearances=_appearances(session, ref),
        decisions=[ParticipantDecision.model_validate(d) for d in decisions],
        audit_entries=[AuditEntryPublic.model_validate(e) for e in entries],
    )
