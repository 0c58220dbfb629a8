"""Erasing a participant: the profile and every link to the person go, counts stay.

Every row that counted the person keeps counting them under a tombstone
(`service.retention.models`): enrolments (with their stages, dates, transitions and
outcomes), shortlist decisions and the results of stored shortlist snapshots
(ranks, scores, components). So an indicator computed before and after an erasure
is the same. What goes:

- the participant row (the profile), after a tombstone row keeps the fields the
  indicators split and filter by;
- the ref wherever it stood: enrolments, decisions, snapshot results, the reports
  a retried batch import would replay and those of batch jobs, the candidate
  index's change rows (the deletion's own row stays, so every process's index
  drops them), and the
  outbox's events and the webhook messages made of them (the deletion's own event
  keeps the ref, so that subscribers erase their copy);
- free text staff wrote about the person (override reasons), replaced by a marker
  so that the count of overrides stays.

An enrolment still open is ended as a drop-out on the day of the erasure, giving
back its seat or place through the same conditional UPDATEs as any drop-out
(`service.enrolments.seats`): someone erased is no longer in the programme, and
holding a seat for them for ever would be the wrong count.

The audit trail is not touched (it cannot be: it is append-only and hash-chained).
Its older entries keep naming the ref; the erasure's own entry names the tombstone.
docs/privacy.md explains why.
"""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, delete, update
from sqlmodel import Session, col, select

from service.db import utcnow
from service.enrolments import seats
from service.enrolments.models import (
    OPEN_STAGES,
    SEAT_STAGES,
    Enrolment,
    ExitReason,
    NotHiredReason,
    Outcome,
    Stage,
    Transition,
)
from service.events.models import ChangeEvent
from service.jobs.models import BatchJob, BatchJobPart
from service.kit.batches.models import IdempotencyRecord, RowReport
from service.kit.caller import Caller
from service.kit.records import lock
from service.participants.models import Participant
from service.retention.models import ErasedParticipant, new_tombstone
from service.shortlists.feed import ParticipantChange
from service.shortlists.models import Shortlist, ShortlistDecision
from service.webhooks.models import WebhookDelivery

ERASED_TEXT = "[erased]"
# The transitions an erasure writes name this key when no caller made it (the
# retention run).
RETENTION_KEY = "retention"


@dataclass(frozen=True)
class Erasure:
    """What one erasure did, by count; the tombstone, never the ref."""

    tombstone: str
    enrolments: int
    ended: int
    seats_released: int
    decisions: int
    shortlists: int


def mentioning(column: Any, ref: str) -> ColumnElement[bool]:
    """Rows whose JSON text holds the ref as a string value: a cheap filter, on
    both databases; the exact match is made on the parsed values."""
    return cast(column, Text).like(f'%"{ref}"%')


def _end(enrolment: Enrolment, caller: Caller | None) -> bool:
    """End an open enrolment as a drop-out; whether it held a seat or place."""
    stage = Stage(enrolment.stage)
    if stage not in OPEN_STAGES:
        return False
    today = date.today()
    step = Transition(
        from_stage=stage,
        to_stage=Stage.DROPPED_OUT,
        at=utcnow(),
        on=today,
        by_key_id=caller.key_id if caller else RETENTION_KEY,
        by_role=caller.role.value if caller else RETENTION_KEY,
    )
    enrolment.transitions = [*enrolment.transitions, step]
    enrolment.stage = Stage.DROPPED_OUT
    enrolment.outcome = Outcome(
        exit_date=today,
        exit_reason=ExitReason.ENDED_OTHER,
        hired_by_employer=False,
        not_hired_reason=NotHiredReason.LEFT_EARLY,
    )
    enrolment.updated_at = utcnow()
    return stage in SEAT_STAGES


def _release(session: Session, enrolment: Enrolment) -> None:
    if enrolment.cohort_id is not None:
        seats.release_cohort_seat(session, enrolment.cohort_id)
    if enrolment.placement_id is not None:
        seats.release_placement_place(session, enrolment.placement_id)


def _enrolments(
    session: Session, ref: str, tombstone: str, caller: Caller | None
) -> tuple[int, int, int]:
    rows = session.exec(
        select(Enrolment).where(col(Enrolment.participant_ref) == ref)
    ).all()
    ended = released = 0
    for enrolment in rows:
        lock(enrolment)
        was_open = Stage(enrolment.stage) in OPEN_STAGES
        if _end(enrolment, caller):
            _release(session, enrolment)
            released += 1
        ended += was_open
        enrolment.participant_ref = tombstone
        if enrolment.override_reason is not None:
            enrolment.override_reason = ERASED_TEXT
        session.add(enrolment)
    return len(rows), ended, released


def _decisions(session: Session, ref: str, tombstone: str) -> int:
    rows = session.exec(
        select(ShortlistDecision).where(col(ShortlistDecision.participant_ref) == ref)
    ).all()
    for decision in rows:
        decision.participant_ref = tombstone
        if decision.override_reason is not None:
            decision.override_reason = ERASED_TEXT
        session.add(decision)
    return len(rows)


def _snapshots(session: Session, ref: str, tombstone: str) -> int:
    rows = session.exec(
        select(Shortlist).where(mentioning(Shortlist.results, ref))
    ).all()
    changed = 0
    for shortlist in rows:
        if not any(r.participant_ref == ref for r in shortlist.results):
            continue
        shortlist.results = [
            r.model_copy(update={"participant_ref": tombstone})
            if r.participant_ref == ref
            else r
            for r in shortlist.results
        ]
        session.add(shortlist)
        changed += 1
    return changed


def _tombstoned(rows: list[RowReport], ref: str, tombstone: str) -> list[RowReport]:
    return [
        row.model_copy(update={"ref": tombstone}) if row.ref == ref else row
        for row in rows
    ]


def _batch_reports(session: Session, ref: str, tombstone: str) -> None:
    """The reports a retried batch replays, and those of batch jobs (finished,
    or their parts so far)."""
    rows = session.exec(
        select(IdempotencyRecord).where(mentioning(IdempotencyRecord.report, ref))
    ).all()
    for record in rows:
        report = record.report
        if report is None or not any(row.ref == ref for row in report.rows):
            continue
        record.report = report.model_copy(
            update={"rows": _tombstoned(report.rows, ref, tombstone)}
        )
        session.add(record)
    jobs = session.exec(select(BatchJob).where(mentioning(BatchJob.report, ref))).all()
    for job in jobs:
        assert job.report is not None
        job.report = job.report.model_copy(
            update={"rows": _tombstoned(job.report.rows, ref, tombstone)}
        )
        session.add(job)
    parts = session.exec(
        select(BatchJobPart).where(mentioning(BatchJobPart.rows, ref))
    ).all()
    for part in parts:
        part.rows = _tombstoned(part.rows, ref, tombstone)
        session.add(part)


def _change_events(session: Session, ref: str, tombstone: str) -> None:
    """The outbox's rows and the webhook messages rendered from them name the
    tombstone. The deletion's own event, written when the row goes, still carries
    the ref: it is how a subscriber learns to erase its copy, and it leaves the
    feed with the feed's retention period."""
    session.execute(
        update(ChangeEvent)
        .where(col(ChangeEvent.participant_ref) == ref)
        .values(participant_ref=tombstone)
    )
    deliveries = session.exec(
        select(WebhookDelivery).where(mentioning(WebhookDelivery.payload, ref))
    ).all()
    for delivery in deliveries:
        message = json.loads(delivery.payload)
        if message["data"].get("participant_ref") != ref:
            continue
        message["data"]["participant_ref"] = tombstone
        delivery.payload = json.dumps(message, separators=(",", ":"))
        session.add(delivery)


def erase(session: Session, caller: Caller | None, participant: Participant) -> Erasure:
    """Stage the erasure of one (locked) participant; the caller writes the audit
    entry naming the tombstone, and commits. `caller` is None for the retention
    run."""
    ref, tombstone = participant.participant_ref, new_tombstone()
    session.add(
        ErasedParticipant(
            tombstone=tombstone,
            registered_at=participant.created_at,
            owning_unit=participant.owning_unit,
            home_municipality_id=participant.home_municipality_id,
            statistics_gender=participant.statistics_gender,
            birth_year=participant.birth_year,
        )
    )
    enrolments, ended, released = _enrolments(session, ref, tombstone, caller)
    decisions = _decisions(session, ref, tombstone)
    shortlists = _snapshots(session, ref, tombstone)
    _batch_reports(session, ref, tombstone)
    session.flush()
    _change_events(session, ref, tombstone)
    session.execute(
        delete(ParticipantChange).where(col(ParticipantChange.participant_ref) == ref)
    )
    session.delete(participant)
    session.flush()
    return Erasure(tombstone, enrolments, ended, released, decisions, shortlists)
