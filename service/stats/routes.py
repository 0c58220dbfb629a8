"""GET /v1/stats/…: follow-up indicators and shortlist fairness, JSON or CSV.

Every figure about people is suppressed by one rule (docs/stats.md). Reading an
indicator reads no single participant, so it is audited as one `stats.read` entry
naming the indicator, never a ref; the lock-in list names participants and is an
access-log entry per participant, like any participant read.
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Query, Request, Response
from sqlmodel import Session, col, select

from service.db import SessionDep
from service.kit.access import (
    LIST_PROBLEMS,
    EmployerStatsReader,
    LockInLister,
    StatsReader,
)
from service.kit.caller import Caller, Role
from service.kit.changes import Changes, ParticipantChanges
from service.kit.routing import Router
from service.participants.models import Participant
from service.stats import chains, employers, fairness, leadtimes, outcomes, programmes
from service.stats.csv_export import CSV_MEDIA_TYPE, render
from service.stats.filters import StatsFilters, StatsFiltersDep
from service.stats.models import LockInAlert, LockInList, StatsReport, StatsTable
from service.stats.records import Records, load

router = Router(prefix="/stats", tags=["stats"])
CHANGES = Changes(kind="stats", public=StatsReport)
LOCK_IN = ParticipantChanges(public=LockInList)
RESPONSES: dict[int | str, dict[str, Any]] = {
    **LIST_PROBLEMS,
    200: {
        "description": "The indicator; `Accept: text/csv` for CSV.",
        "content": {CSV_MEDIA_TYPE: {"schema": {"type": "string"}}},
    },
}
GraceDays = Annotated[
    int,
    Query(ge=0, le=3650, description="Days past the planned length before an alert."),
]


def _wants_csv(request: Request) -> bool:
    return CSV_MEDIA_TYPE in request.headers.get("accept", "")


def _answer(
    request: Request,
    session: Session,
    caller: Caller,
    indicator: str,
    filters: StatsFilters,
    build: Callable[[Records], list[StatsTable]],
    *,
    people: bool = True,
    notes: list[str] | None = None,
) -> StatsReport | Response:
    records = load(session, filters, people=people)
    report = StatsReport(
        indicator=indicator,
        period=filters.period,
        filters=filters.echo(),
        notes=notes or [],
        tables=build(records),
    )
    CHANGES.commit_event(session, caller, "read", indicator)
    if _wants_csv(request):
        return Response(render(report), media_type=f"{CSV_MEDIA_TYPE}; charset=utf-8")
    return report


@router.get("/tracks", response_model=StatsReport, responses=RESPONSES)
def track_stats(
    request: Request,
    caller: EmployerStatsReader,
    filters: StatsFiltersDep,
    session: SessionDep,
) -> StatsReport | Response:
    """Tracks by kind and phase, cohorts by status, seats offered and filled.
    Liaisons get the counts without the split by gender."""
    split = caller.role is not Role.LIAISON
    return _answer(
        request,
        session,
        caller,
        "tracks",
        filters,
        lambda r: programmes.tracks(session, r, split=split),
        people=split,
    )


@router.get("/needs", response_model=StatsReport, responses=RESPONSES)
def need_stats(
    request: Request,
    caller: EmployerStatsReader,
    filters: StatsFiltersDep,
    session: SessionDep,
) -> StatsReport | Response:
    """Needs by status, opened and filled in the period, days to fill."""
    return _answer(
        request,
        session,
        caller,
        "needs",
        filters,
        lambda r: employers.needs(session, r),
        people=False,
    )


@router.get("/placements", response_model=StatsReport, responses=RESPONSES)
def placement_stats(
    request: Request,
    caller: EmployerStatsReader,
    filters: StatsFiltersDep,
    session: SessionDep,
) -> StatsReport | Response:
    """Stockholmsjobb and praktik placements active in the period, by host: places
    offered and held. Liaisons get the counts without the split by gender."""
    split = caller.role is not Role.LIAISON
    return _answer(
        request,
        session,
        caller,
        "placements",
        filters,
        lambda r: employers.placements(session, r, split=split),
        people=split,
    )


@router.get("/stages", response_model=StatsReport, responses=RESPONSES)
def stage_stats(
    request: Request,
    caller: StatsReader,
    filters: StatsFiltersDep,
    session: SessionDep,
) -> StatsReport | Response:
    """Enrolments per stage at the end of the period."""
    return _answer(
        request,
        session,
        caller,
        "stages",
        filters,
        lambda r: programmes.stages(session, r),
    )


@router.get("/outcomes", response_model=StatsReport, responses=RESPONSES)
def outcome_stats(
    request: Request,
    caller: StatsReader,
    filters: StatsFiltersDep,
    session: SessionDep,
) -> StatsReport | Response:
    """Outcomes after a jobbspår or recruitment training: hired by the track's
    employer, in any work at 90 days, to CSN studies, dropped out."""
    return _answer(
        request,
        session,
        caller,
        "outcomes",
        filters,
        lambda r: outcomes.outcomes(session, r),
    )


@router.get("/exit-result", response_model=StatsReport, responses=RESPONSES)
def exit_result_stats(
    request: Request,
    caller: StatsReader,
    filters: StatsFiltersDep,
    session: SessionDep,
) -> StatsReport | Response:
    """Kolada-style result at exit: work lasting a month or CSN studies;
    subsidised municipal employment such as Stockholmsjobb is not work."""
    return _answer(
        request,
        session,
        caller,
        "exit-result",
        filters,
        lambda r: outcomes.exit_result(session, r),
        notes=[
            "Work lasting a month: unsubsidised work at exit and at the 90-day "
            "follow-up."
        ],
    )


@router.get("/lead-times", response_model=StatsReport, responses=RESPONSES)
def lead_time_stats(
    request: Request,
    caller: StatsReader,
    filters: StatsFiltersDep,
    session: SessionDep,
) -> StatsReport | Response:
    """Days from registration to the first shortlist appearance, the first
    proposal and the start of the first insats."""
    return _answer(
        request,
        session,
        caller,
        "lead-times",
        filters,
        lambda r: leadtimes.lead_times(session, r),
    )


@router.get("/chains", response_model=StatsReport, responses=RESPONSES)
def chain_stats(
    request: Request,
    caller: StatsReader,
    filters: StatsFiltersDep,
    session: SessionDep,
) -> StatsReport | Response:
    """Chains of insatser and their step changes."""
    return _answer(
        request, session, caller, "chains", filters, lambda r: chains.chains(session, r)
    )


@router.get("/active-plan", response_model=StatsReport, responses=RESPONSES)
def active_plan_stats(
    request: Request,
    caller: StatsReader,
    filters: StatsFiltersDep,
    session: SessionDep,
) -> StatsReport | Response:
    """The share of participants with an active plan at the period's end."""
    return _answer(
        request,
        session,
        caller,
        "active-plan",
        filters,
        lambda r: chains.active_plan(session, r),
    )


@router.get("/lock-in", response_model=StatsReport, responses=RESPONSES)
def lock_in_stats(
    request: Request,
    caller: StatsReader,
    filters: StatsFiltersDep,
    session: SessionDep,
    grace_days: GraceDays = 0,
) -> StatsReport | Response:
    """Open enrolments longer in their insats than planned (plus `grace_days`)."""
    return _answer(
        request,
        session,
        caller,
        "lock-in",
        filters,
        lambda r: chains.lock_in(session, r, grace_days),
    )


@router.get("/lock-in/participants", response_model=LockInList, responses=LIST_PROBLEMS)
def lock_in_participants(
    caller: LockInLister,
    filters: StatsFiltersDep,
    session: SessionDep,
    grace_days: GraceDays = 0,
) -> LockInList:
    """The participants of the caller's units locked in at the period's end, for
    their matchers; every one listed is an access-log entry."""
    records = load(session, filters)
    locked, _ = chains.locked_in(session, records, grace_days)
    refs = {x.enrolment.ref for x in locked}
    units = (
        dict(
            session.exec(
                select(
                    col(Participant.participant_ref), col(Participant.owning_unit)
                ).where(col(Participant.participant_ref).in_(sorted(refs)))
            ).all()
        )
        if refs
        else {}
    )
    items = [
        LockInAlert(
            participant_ref=x.enrolment.ref,
            enrolment_id=x.enrolment.id,
            programme=x.insats.programme,
            cohort_id=x.enrolment.cohort_id,
            placement_id=x.enrolment.placement_id,
            started_on=x.started,
            planned_days=x.insats.planned_days,
            days_in_insats=x.days,
        )
        for x in locked
        if x.enrolment.ref in units and caller.may_see(units[x.enrolment.ref])
    ]
    LOCK_IN.log_refs(
        session, caller, "lock_in", (item.participant_ref for item in items)
    )
    CHANGES.commit_event(session, caller, "read", "lock-in-participants")
    return LockInList(as_of=filters.end, grace_days=grace_days, items=items)


@router.get("/shortlist-fairness", response_model=StatsReport, responses=RESPONSES)
def shortlist_fairness(
    request: Request,
    caller: StatsReader,
    filters: StatsFiltersDep,
    session: SessionDep,
) -> StatsReport | Response:
    """How groups (statistics_gender, age band) fare at each step of the shortlists
    made in the period, their rank exposure, and congestion of top-10 places."""
    return _answer(
        request,
        session,
        caller,
        "shortlist-fairness",
        filters,
        lambda r: fairness.fairness(session, r),
        notes=[
            "eligible = the stored results; complete when eligible_complete is 1.",
            "below_four_fifths is a flag for review, not a verdict.",
        ],
    )
