"""Lead times from registration: to the first shortlist appearance, the first
proposal and the start of the first insats (median, p75, p90 in days).

Registration is the day the participant's record was made here. Each person
registered in the period counts once per lead time, for the first event on or
before the period's end; an event dated before the registration (history imported
later) is left out of the days and counted as `before_registration`.
"""

from collections import defaultdict
from datetime import date

from sqlmodel import Session

from service.shortlists.models import Decision
from service.stats import records as rows
from service.stats.models import Gender, StatsTable
from service.stats.records import Records
from service.stats.tables import TableBuilder, tally

PROPOSING = {Decision.PROPOSED.value, Decision.SELECTED.value}


def _earliest(firsts: dict[str, date], ref: str, day: date) -> None:
    if ref not in firsts or day < firsts[ref]:
        firsts[ref] = day


def lead_times(session: Session, records: Records) -> list[StatsTable]:
    f = records.filters
    registered = {
        ref: person
        for ref, person in records.people.items()
        if f.covers(person.registered) and records.counts_person(ref)
    }
    events: dict[str, dict[str, date]] = {
        "first_shortlist": {},
        "first_proposal": {},
        "enrolment_start": {},
    }
    lists = rows.shortlists(session, records, in_period=False)
    for shortlist in lists:
        if shortlist.created <= f.end:
            for result in shortlist.results:
                _earliest(events["first_shortlist"], result.ref, shortlist.created)
    kept = {s.id for s in lists}
    for _sid, ref, decision, day in rows.decisions(session, kept):
        if decision in PROPOSING and day <= f.end:
            _earliest(events["first_proposal"], ref, day)
    for enrolment, _ in rows.enrolments(session, records):
        started = enrolment.started_on
        if started is not None and started <= f.end:
            _earliest(events["enrolment_start"], enrolment.ref, started)
    table = TableBuilder(
        "lead_times",
        "Days from registration (people registered in the period) to the first "
        "shortlist appearance, the first proposal and the start of the first "
        "insats, by nearest rank.",
    )
    table.counts(
        [
            tally(
                {"lead_time": "all"},
                "registered",
                [p.gender for p in registered.values()],
            )
        ]
    )
    for name, firsts in events.items():
        days: dict[Gender, list[float]] = defaultdict(list)
        before: list[Gender] = []
        for ref, person in registered.items():
            first = firsts.get(ref)
            if first is None:
                continue
            if first < person.registered:
                before.append(person.gender)
            else:
                days[person.gender].append((first - person.registered).days)
        key = {"lead_time": name}
        reached = tally(key, "reached", [g for g, ds in days.items() for _ in ds])
        (counted,) = table.counts([reached])
        table.quantiles(key, days, counted)
        table.counts([tally(key, "before_registration", before)])
    return [table.table()]
