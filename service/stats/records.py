"""The rows indicators are computed from, read once per request as plain values.

JSON columns are read as stored (`type_coerce(..., JSON)`), without validating each
row into its model again, so 100,000 enrolments load in well under a second. Every
figure about people counts rows (enrolments, shortlist results, decisions), never
distinct refs, so a person whose ref was replaced by a tombstone still counts; the
participant row (or, for someone erased, the tombstone's row, which keeps the same
attributes) is only joined for group attributes and people filters.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, type_coerce
from sqlalchemy import select as columns
from sqlmodel import Session, select

from service.cohorts.models import Cohort
from service.enrolments.models import Enrolment, Stage
from service.needs.models import Need
from service.organisations.models import Organisation
from service.participants.models import Participant
from service.placements.models import Placement
from service.retention.models import ErasedParticipant
from service.shortlists.models import Shortlist, ShortlistDecision
from service.stats.filters import StatsFilters
from service.stats.models import Gender, InsatsProgramme, gender_of
from service.tracks.models import Track

STARTED = (Stage.IN_TRAINING.value, Stage.IN_PRAKTIK.value)


def _raw(column: Any) -> Any:
    return type_coerce(column, JSON)


def _c(model: Any, name: str) -> Column[Any]:
    column: Column[Any] = model.__table__.c[name]
    return column


def _day(transition: dict[str, Any]) -> date:
    on = transition.get("on")
    return (
        date.fromisoformat(on)
        if on
        else datetime.fromisoformat(transition["at"]).date()
    )


@dataclass(frozen=True)
class Person:
    gender: Gender
    birth_year: int | None
    owning_unit: str
    municipality: str
    registered: date


@dataclass(frozen=True)
class Insats:
    """What an enrolment is in: a cohort of a track, or a placement."""

    programme: InsatsProgramme
    track_id: int | None
    organisation_ids: frozenset[int]
    start: date
    end: date

    @property
    def planned_days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class EnrolmentRow:
    id: int
    ref: str
    cohort_id: int | None
    placement_id: int | None
    stage: str
    # (day, to_stage) in the order they were recorded.
    moves: tuple[tuple[date, str], ...]
    outcome: dict[str, Any] | None

    def stage_on(self, day: date) -> tuple[str, date] | None:
        """The stage the enrolment was in at the end of `day`, and since when."""
        found = None
        for on, stage in self.moves:
            if on <= day:
                found = (stage, on)
        return found

    @property
    def started_on(self) -> date | None:
        """The day the insats itself began (training or praktik)."""
        return next((on for on, stage in self.moves if stage in STARTED), None)

    @property
    def first_day(self) -> date | None:
        return self.moves[0][0] if self.moves else None

    @property
    def exit_date(self) -> date | None:
        return date.fromisoformat(self.outcome["exit_date"]) if self.outcome else None


@dataclass(frozen=True)
class ResultRow:
    shortlist_id: int
    rank: int
    ref: str


@dataclass
class Records:
    """Everything indicators read, filtered once by the request's filters."""

    filters: StatsFilters
    people: dict[str, Person] = field(default_factory=dict)
    organisations: dict[int, tuple[str, str]] = field(default_factory=dict)
    tracks: dict[int, Track] = field(default_factory=dict)
    cohorts: dict[int, Cohort] = field(default_factory=dict)
    placements: dict[int, Placement] = field(default_factory=dict)

    def person(self, ref: str) -> Person | None:
        return self.people.get(ref)

    def gender(self, ref: str) -> Gender:
        person = self.people.get(ref)
        return person.gender if person else Gender.UPPGIFT_SAKNAS

    def counts_person(self, ref: str) -> bool:
        """Whether the people filters (municipality, owning unit) keep this ref; with
        none given, everyone counts, known or not."""
        f = self.filters
        if f.municipality is None and f.owning_unit is None:
            return True
        person = self.people.get(ref)
        return (
            person is not None
            and f.municipality in (None, person.municipality)
            and f.owning_unit in (None, person.owning_unit)
        )

    def insats_of(
        self, cohort_id: int | None, placement_id: int | None
    ) -> Insats | None:
        if cohort_id is not None:
            cohort = self.cohorts.get(cohort_id)
            track = self.tracks.get(cohort.track_id) if cohort else None
            if cohort is None or track is None:
                return None
            return Insats(
                InsatsProgramme(track.kind),
                track.id,
                frozenset(track.employer_ids),
                cohort.start_date,
                cohort.end_date,
            )
        placement = self.placements.get(placement_id) if placement_id else None
        if placement is None:
            return None
        return Insats(
            InsatsProgramme(placement.programme),
            None,
            frozenset({placement.host_organisation_id}),
            placement.start_date,
            placement.end_date,
        )

    def insats_kept(self, insats: Insats | None) -> bool:
        """Whether the insats filters (programme, track, organisation) keep it."""
        f = self.filters
        if insats is None:
            return (
                f.programme is None and f.track_id is None and f.organisation_id is None
            )
        return (
            f.programme in (None, insats.programme)
            and f.track_id in (None, insats.track_id)
            and (
                f.organisation_id is None
                or f.organisation_id in insats.organisation_ids
            )
        )

    def organisation_kept(self, organisation_ids: frozenset[int] | set[int]) -> bool:
        """Employer-side filters: organisation and municipality."""
        f = self.filters
        if f.organisation_id is not None and f.organisation_id not in organisation_ids:
            return False
        if f.municipality is not None:
            return any(
                self.organisations.get(o, ("", ""))[1] == f.municipality
                for o in organisation_ids
            )
        return True


def load(session: Session, filters: StatsFilters, *, people: bool = True) -> Records:
    records = Records(filters)
    for organisation in session.exec(select(Organisation)):
        if organisation.id is not None:
            records.organisations[organisation.id] = (
                organisation.name,
                organisation.municipality_id,
            )
    records.tracks = {t.id: t for t in session.exec(select(Track)) if t.id}
    records.cohorts = {c.id: c for c in session.exec(select(Cohort)) if c.id}
    records.placements = {p.id: p for p in session.exec(select(Placement)) if p.id}
    if people:
        # Erased people count under their tombstone, with the same attributes.
        sources = (
            (Participant, "participant_ref", "created_at"),
            (ErasedParticipant, "tombstone", "registered_at"),
        )
        for table, ref_column, registered in sources:
            query = columns(
                _c(table, ref_column),
                _c(table, "statistics_gender"),
                _c(table, "birth_year"),
                _c(table, "owning_unit"),
                _c(table, "home_municipality_id"),
                _c(table, registered),
            )
            for (
                ref,
                gender,
                birth_year,
                unit,
                municipality,
                created,
            ) in session.connection().execute(query):
                records.people[ref] = Person(
                    gender_of(gender), birth_year, unit, municipality, created.date()
                )
    return records


def enrolments(
    session: Session, records: Records
) -> Iterator[tuple[EnrolmentRow, Insats | None]]:
    """Every enrolment the filters keep, with its insats."""
    query = columns(
        _c(Enrolment, "id"),
        _c(Enrolment, "participant_ref"),
        _c(Enrolment, "cohort_id"),
        _c(Enrolment, "placement_id"),
        _c(Enrolment, "stage"),
        _raw(_c(Enrolment, "transitions")),
        _raw(_c(Enrolment, "outcome")),
    ).order_by(_c(Enrolment, "id"))
    for (
        eid,
        ref,
        cohort_id,
        placement_id,
        stage,
        transitions,
        outcome,
    ) in session.connection().execute(query):
        insats = records.insats_of(cohort_id, placement_id)
        if not records.insats_kept(insats) or not records.counts_person(ref):
            continue
        moves = tuple((_day(t), t["to_stage"]) for t in transitions or ())
        yield (
            EnrolmentRow(eid, ref, cohort_id, placement_id, stage, moves, outcome),
            insats,
        )


@dataclass(frozen=True)
class ShortlistRow:
    id: int
    created: date
    target_kind: str
    target_id: int
    programme: str
    limit: int
    eligible_count: int
    results: list[ResultRow]


def _shortlist_target(
    records: Records, kind: str, target_id: int, needs: dict[int, Need]
) -> tuple[str | None, int | None, frozenset[int]]:
    """(programme, track, organisations) of a shortlist's target."""
    if kind == "cohort":
        insats = records.insats_of(target_id, None)
    elif kind == "placement":
        insats = records.insats_of(None, target_id)
    else:
        need = needs.get(target_id)
        tracks = [t for t in records.tracks.values() if target_id in t.need_ids]
        return (
            None,
            tracks[0].id if len(tracks) == 1 else None,
            frozenset({need.organisation_id}) if need else frozenset(),
        )
    if insats is None:
        return None, None, frozenset()
    return insats.programme.value, insats.track_id, insats.organisation_ids


def shortlists(
    session: Session, records: Records, *, in_period: bool = True
) -> list[ShortlistRow]:
    """Shortlists made in the period (any time, unless `in_period`) whose target
    the insats filters keep; their results keep only people the people filters
    keep."""
    f = records.filters
    needs = {n.id: n for n in session.exec(select(Need)) if n.id}
    query = columns(
        _c(Shortlist, "id"),
        _c(Shortlist, "created_at"),
        _c(Shortlist, "target_kind"),
        _c(Shortlist, "target_id"),
        _c(Shortlist, "programme"),
        _c(Shortlist, "limit"),
        _c(Shortlist, "eligible_count"),
        _raw(_c(Shortlist, "results")),
    ).order_by(_c(Shortlist, "id"))
    found = []
    for (
        sid,
        created,
        kind,
        target_id,
        programme,
        limit,
        eligible,
        results,
    ) in session.connection().execute(query):
        if in_period and not f.covers(created.date()):
            continue
        target_programme, track_id, organisations = _shortlist_target(
            records, kind, target_id, needs
        )
        if f.programme is not None and f.programme.value not in (
            target_programme,
            programme,
        ):
            continue
        if f.track_id is not None and track_id != f.track_id:
            continue
        if f.organisation_id is not None and f.organisation_id not in organisations:
            continue
        rows = [
            ResultRow(sid, r["rank"], r["participant_ref"])
            for r in results or ()
            if records.counts_person(r["participant_ref"])
        ]
        found.append(
            ShortlistRow(
                sid, created.date(), kind, target_id, programme, limit, eligible, rows
            )
        )
    return found


def decisions(
    session: Session, shortlist_ids: set[int] | None = None
) -> list[tuple[int, str, str, date]]:
    """(shortlist, ref, decision, day) of decisions, oldest first."""
    query = columns(
        _c(ShortlistDecision, "shortlist_id"),
        _c(ShortlistDecision, "participant_ref"),
        _c(ShortlistDecision, "decision"),
        _c(ShortlistDecision, "decided_at"),
    ).order_by(_c(ShortlistDecision, "id"))
    return [
        (sid, ref, decision, at.date())
        for sid, ref, decision, at in session.connection().execute(query)
        if shortlist_ids is None or sid in shortlist_ids
    ]
