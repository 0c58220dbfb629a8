"""What the audit trail shows when it is read back, and its review."""

from datetime import datetime

from pydantic import BaseModel, Field

from service.kit.audit_trail import AuditEntryBase


class AuditEntryPublic(AuditEntryBase):
    id: int


class PurposeCount(BaseModel):
    purpose: str | None = Field(description="As stated in `X-Purpose`; null: none.")
    reads: int


class ReviewFlag(BaseModel):
    """A pattern for a person to look into; not a finding."""

    code: str = Field(
        description="`bulk_without_shortlist`, `outside_usual_units` or "
        "`unusual_hours`."
    )
    count: int
    detail: str


class ActorReview(BaseModel):
    """One API key's reads of participant data in the period."""

    key_id: str | None
    role: str | None
    units: str | None = Field(description="The units its key served (`*`: all).")
    reads: int
    participants: int = Field(description="Distinct participants read.")
    erased_participants: int = Field(
        description="Of those, how many have been erased since."
    )
    usual_units: list[str]
    purposes: list[PurposeCount]
    flags: list[ReviewFlag]


class AuditReview(BaseModel):
    """Reads of participant data per actor, flagged where unusual."""

    since: datetime | None
    until: datetime | None
    time_zone: str
    day_starts: int
    day_ends: int
    bulk_participants: int = Field(
        description="Participants read outside shortlists that raise a flag."
    )
    actors: list[ActorReview]
