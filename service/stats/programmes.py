"""Tracks and cohorts by phase and status, seats offered and filled, participants
per stage."""

from collections import Counter, defaultdict

from sqlmodel import Session

from service.cohorts.models import CohortStatus
from service.enrolments.models import OPEN_STAGES, Stage
from service.stats import records as rows
from service.stats.models import Gender, StatsTable
from service.stats.records import Records
from service.stats.tables import Count, TableBuilder, tally
from service.tracks.models import TrackKind, TrackPhase

# Holding a seat while the cohort runs: selected, in training or in praktik.
HOLDING = frozenset({Stage.SELECTED_BY_EMPLOYER, Stage.IN_TRAINING, Stage.IN_PRAKTIK})
ALL = "all"


def _kept_tracks(records: Records) -> dict[int, str]:
    """Tracks (id -> kind) made by the period's end that the filters keep."""
    f = records.filters
    return {
        tid: track.kind
        for tid, track in records.tracks.items()
        if track.created_at.date() <= f.end
        and (f.programme is None or f.programme == str(track.kind))
        and f.track_id in (None, tid)
        and records.organisation_kept(set(track.employer_ids))
    }


def tracks(session: Session, records: Records, *, split: bool) -> list[StatsTable]:
    """Tracks by kind and phase (now), cohorts by status (those whose dates meet
    the period), their seats offered, and the seats filled at the period's end."""
    f = records.filters
    kept = _kept_tracks(records)
    phases = TableBuilder(
        "tracks_by_phase", "Tracks made by the end of the period, by current phase."
    )
    by_phase = Counter(
        (kind, str(records.tracks[tid].phase)) for tid, kind in kept.items()
    )
    for kind in TrackKind:
        for phase in TrackPhase:
            phases.records(
                {"kind": kind.value, "phase": phase.value},
                "tracks",
                by_phase[kind.value, phase.value],
            )
    cohorts = {
        cid: cohort
        for cid, cohort in records.cohorts.items()
        if cohort.track_id in kept
        and cohort.start_date <= f.end
        and cohort.end_date >= f.start
    }
    filled: dict[str, list[Gender]] = defaultdict(list)
    for enrolment, _ in rows.enrolments(session, records):
        cohort = cohorts.get(enrolment.cohort_id) if enrolment.cohort_id else None
        at_end = enrolment.stage_on(f.end)
        if cohort is not None and at_end is not None and at_end[0] in HOLDING:
            filled[cohort.status].append(records.gender(enrolment.ref))
    statuses = TableBuilder(
        "cohorts_by_status",
        "Cohorts whose dates meet the period, by current status: seats offered, "
        "and seats filled (enrolments selected, in training or in praktik at the "
        "period's end).",
        split=split,
    )
    for status in CohortStatus:
        chosen = [c for c in cohorts.values() if c.status == status]
        statuses.records({"status": status.value}, "cohorts", len(chosen))
        statuses.records(
            {"status": status.value}, "seats_offered", sum(c.seats for c in chosen)
        )
    statuses.records({"status": ALL}, "cohorts", len(cohorts))
    statuses.records(
        {"status": ALL}, "seats_offered", sum(c.seats for c in cohorts.values())
    )
    counts = [
        tally({"status": s.value}, "seats_filled", filled[s.value])
        for s in CohortStatus
    ]
    counts.append(
        Count(
            {"status": ALL},
            "seats_filled",
            sum((Counter(g) for g in filled.values()), Counter()),
        )
    )
    statuses.counts(counts, partitioned=True)
    return [phases.table(), statuses.table()]


def stages(session: Session, records: Records) -> list[StatsTable]:
    """Enrolments by the stage they were in at the period's end: those still open
    then, and those that left during the period."""
    f = records.filters
    at: dict[str, list[Gender]] = defaultdict(list)
    for enrolment, _ in rows.enrolments(session, records):
        found = enrolment.stage_on(f.end)
        if found is None:
            continue
        stage, since = found
        if stage in OPEN_STAGES or since >= f.start:
            at[stage].append(records.gender(enrolment.ref))
    table = TableBuilder(
        "enrolments_by_stage",
        "Enrolments (one per participant and insats) by their stage at the end of "
        "the period; exits only when they happened in it.",
    )
    counts = [tally({"stage": s.value}, "enrolments", at[s.value]) for s in Stage]
    counts.append(
        tally({"stage": ALL}, "enrolments", [g for gs in at.values() for g in gs])
    )
    table.counts(counts, partitioned=True)
    return [table.table()]
