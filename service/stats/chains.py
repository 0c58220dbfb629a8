"""Chains of insatser, active plans and lock-in.

A chain is one participant's enrolments (cohorts of tracks and placements) that
had begun by the period's end and had not ended before it, in the order they
began; each move from one insats to the next is a step change
("stegförflyttning"). An active plan at the period's end is an enrolment open
then, or a proposal in the 30 days up to it. Lock-in: an enrolment still open at
the period's end, whose insats began (training or praktik) longer ago than the
insats's planned length (its dates) plus `grace_days`.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from service.enrolments.models import OPEN_STAGES
from service.stats import records as rows
from service.stats.models import Gender, InsatsProgramme, StatsTable
from service.stats.records import EnrolmentRow, Insats, Records
from service.stats.tables import Count, TableBuilder, tally

ALL = "all"
PLAN_PROPOSAL_DAYS = 30
LENGTHS = ("1", "2", "3+")
PATTERNS_SHOWN = 20


def _open_at(enrolment: EnrolmentRow, day: date) -> bool:
    found = enrolment.stage_on(day)
    return found is not None and found[0] in OPEN_STAGES


def chains(session: Session, records: Records) -> list[StatsTable]:
    f = records.filters
    by_ref: dict[str, list[tuple[date, int, str]]] = defaultdict(list)
    for enrolment, insats in rows.enrolments(session, records):
        first, exited = enrolment.first_day, enrolment.exit_date
        if insats is None or first is None or first > f.end:
            continue
        if exited is not None and exited < f.start:
            continue
        by_ref[enrolment.ref].append((first, enrolment.id, insats.programme.value))
    lengths: dict[str, list[Gender]] = defaultdict(list)
    patterns: dict[str, list[Gender]] = defaultdict(list)
    steps: dict[str, list[Gender]] = defaultdict(list)
    for ref, chain in by_ref.items():
        chain.sort()
        gender = records.gender(ref)
        n = len(chain)
        lengths[LENGTHS[min(n, 3) - 1]].append(gender)
        steps[LENGTHS[min(n, 3) - 1]] += [gender] * (n - 1)
        patterns[" > ".join(p for _, _, p in chain)].append(gender)
    table = TableBuilder(
        "chains",
        "Participants by the number of insatser in their chain, and the step "
        "changes between them.",
    )
    everyone = [g for gs in lengths.values() for g in gs]
    table.counts(
        [
            *(tally({"insatser": k}, "participants", lengths[k]) for k in LENGTHS),
            tally({"insatser": ALL}, "participants", everyone),
        ],
        partitioned=True,
    )
    table.counts(
        [
            *(tally({"insatser": k}, "step_changes", steps[k]) for k in LENGTHS),
            tally(
                {"insatser": ALL},
                "step_changes",
                [g for gs in steps.values() for g in gs],
            ),
        ],
        partitioned=True,
    )
    shown = sorted(patterns, key=lambda p: (-len(patterns[p]), p))[:PATTERNS_SHOWN]
    rest = [g for p in patterns if p not in shown for g in patterns[p]]
    paths = TableBuilder(
        "chain_patterns",
        f"The {PATTERNS_SHOWN} most common sequences of programmes (the rest "
        "together as `other`).",
    )
    paths.counts(
        [
            *(tally({"pattern": p}, "participants", patterns[p]) for p in shown),
            # `other` only when there are more patterns than shown.
            *([tally({"pattern": "other"}, "participants", rest)] if rest else []),
            tally({"pattern": ALL}, "participants", everyone),
        ],
        partitioned=True,
    )
    return [table.table(), paths.table()]


def active_plan(session: Session, records: Records) -> list[StatsTable]:
    f = records.filters
    people = {
        ref: person.gender
        for ref, person in records.people.items()
        if person.registered <= f.end and records.counts_person(ref)
    }
    active: set[str] = set()
    for enrolment, _ in rows.enrolments(session, records):
        if _open_at(enrolment, f.end):
            active.add(enrolment.ref)
    since = f.end - timedelta(days=PLAN_PROPOSAL_DAYS - 1)
    kept = {s.id for s in rows.shortlists(session, records, in_period=False)}
    for _, ref, decision, day in rows.decisions(session, kept):
        if decision in ("proposed", "selected") and since <= day <= f.end:
            active.add(ref)
    table = TableBuilder(
        "active_plan",
        "Participants registered by the period's end with an active plan then: an "
        f"open enrolment, or a proposal in the {PLAN_PROPOSAL_DAYS} days up to it.",
    )
    (everyone,) = table.counts([tally({"plan": ALL}, "participants", people.values())])
    (planned,) = table.counts(
        [
            tally(
                {"plan": "active"},
                "participants",
                [g for r, g in people.items() if r in active],
            )
        ]
    )
    table.share({"plan": "active"}, "share", planned, everyone)
    return [table.table()]


@dataclass(frozen=True)
class Locked:
    enrolment: EnrolmentRow
    insats: Insats
    started: date
    days: int


def locked_in(
    session: Session, records: Records, grace_days: int
) -> tuple[list[Locked], list[tuple[EnrolmentRow, Insats]]]:
    """(locked-in enrolments, every open started one) at the period's end."""
    f = records.filters
    locked, started = [], []
    for enrolment, insats in rows.enrolments(session, records):
        began = enrolment.started_on
        if (
            insats is None
            or began is None
            or began > f.end
            or not _open_at(enrolment, f.end)
        ):
            continue
        started.append((enrolment, insats))
        days = (f.end - began).days
        if days > insats.planned_days + grace_days:
            locked.append(Locked(enrolment, insats, began, days))
    return locked, started


def lock_in(session: Session, records: Records, grace_days: int) -> list[StatsTable]:
    locked, started = locked_in(session, records, grace_days)
    table = TableBuilder(
        "lock_in",
        "Open enrolments at the period's end whose insats has begun, by programme, "
        f"and those longer in it than planned plus {grace_days} days.",
    )
    keys = [*(p.value for p in InsatsProgramme), ALL]

    def per(pairs: list[tuple[EnrolmentRow, Insats]], measure: str) -> list[Count]:
        by: dict[str, Counter[Gender]] = defaultdict(Counter)
        for e, i in pairs:
            by[i.programme.value][records.gender(e.ref)] += 1
            by[ALL][records.gender(e.ref)] += 1
        return [Count({"programme": k}, measure, by[k]) for k in keys]

    opened = table.counts(per(started, "open_started"), partitioned=True)
    alerts = table.counts(
        per([(x.enrolment, x.insats) for x in locked], "locked_in"), partitioned=True
    )
    for whole, part in zip(opened, alerts, strict=True):
        table.share(part.key, "share_locked_in", part, whole)
    return [table.table()]
