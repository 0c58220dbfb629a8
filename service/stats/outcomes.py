"""Outcomes after a track, and the Kolada-style exit result.

Kolada's "resultat vid avslut" counts exits to work lasting at least a month, or to
CSN-funded studies; subsidised municipal employment (Stockholmsjobb and the like)
is not work. No employment end is stored, so "lasting at least a month" is read
from the 90-day follow-up: an exit to unsubsidised work counts when
`status_after_90_days` is still unsubsidised work. Exits to subsidised work never
count; exits to work not yet followed up are counted apart (`awaiting_follow_up`).
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from service.enrolments.models import ExitReason, FollowUpStatus, Stage
from service.stats import records as rows
from service.stats.models import Gender, InsatsProgramme, StatsTable
from service.stats.records import EnrolmentRow, Records
from service.stats.tables import TableBuilder, tally

ALL = "all"
TRACK_KINDS = (InsatsProgramme.JOBBSPAR, InsatsProgramme.REKRYTERINGSUTBILDNING)
WORK_STATUSES = {
    FollowUpStatus.WORK_UNSUBSIDISED.value,
    FollowUpStatus.WORK_SUBSIDISED.value,
}

Test = Callable[[EnrolmentRow, dict[str, Any]], bool]

TRACK_MEASURES: tuple[tuple[str, Test], ...] = (
    ("exits", lambda e, o: True),
    ("hired_by_employer", lambda e, o: bool(o["hired_by_employer"])),
    (
        "work_within_90_days",
        lambda e, o: o.get("status_after_90_days") in WORK_STATUSES,
    ),
    ("csn_studies", lambda e, o: o["exit_reason"] == ExitReason.STUDIES_CSN.value),
    ("dropped_out", lambda e, o: e.stage == Stage.DROPPED_OUT.value),
)


def _kolada_work(e: EnrolmentRow, o: dict[str, Any]) -> bool:
    return (
        o["exit_reason"] == ExitReason.WORK_UNSUBSIDISED.value
        and o.get("status_after_90_days") == FollowUpStatus.WORK_UNSUBSIDISED.value
    )


def _kolada_csn(e: EnrolmentRow, o: dict[str, Any]) -> bool:
    return bool(o["exit_reason"] == ExitReason.STUDIES_CSN.value)


EXIT_MEASURES: tuple[tuple[str, Test], ...] = (
    ("exits", lambda e, o: True),
    ("work_lasting_a_month", _kolada_work),
    ("csn_studies", _kolada_csn),
    ("result", lambda e, o: _kolada_work(e, o) or _kolada_csn(e, o)),
    (
        "awaiting_follow_up",
        lambda e, o: (
            o["exit_reason"] == ExitReason.WORK_UNSUBSIDISED.value
            and o.get("status_after_90_days") is None
        ),
    ),
)


def _exits(
    session: Session, records: Records, programmes: tuple[InsatsProgramme, ...]
) -> dict[str, list[tuple[EnrolmentRow, dict[str, Any], Gender]]]:
    found: dict[str, list[tuple[EnrolmentRow, dict[str, Any], Gender]]] = defaultdict(
        list
    )
    for enrolment, insats in rows.enrolments(session, records):
        if insats is None or insats.programme not in programmes:
            continue
        if enrolment.outcome is None or not records.filters.covers(enrolment.exit_date):
            continue
        found[insats.programme.value].append(
            (enrolment, enrolment.outcome, records.gender(enrolment.ref))
        )
    return found


def _build(
    table: TableBuilder,
    exits: dict[str, list[tuple[EnrolmentRow, dict[str, Any], Gender]]],
    programmes: tuple[InsatsProgramme, ...],
    measures: tuple[tuple[str, Test], ...],
    shares: tuple[str, ...],
) -> None:
    # Only programmes with exits get a row: a row of zeros would force its
    # neighbours' suppression while telling nothing the total does not.
    present = tuple(p for p in programmes if exits[p.value])
    keys = [*(p.value for p in present), ALL]
    made = {}
    for measure, test in measures:
        counts = []
        for key in keys:
            chosen = (
                exits[key]
                if key != ALL
                else [x for p in present for x in exits[p.value]]
            )
            counts.append(
                tally(
                    {"programme": key}, measure, [g for e, o, g in chosen if test(e, o)]
                )
            )
        for row in table.counts(counts, partitioned=True):
            made[row.key["programme"], measure] = row
    for measure in shares:
        for key in keys:
            table.share(
                {"programme": key},
                f"share_{measure}",
                made[key, measure],
                made[key, "exits"],
            )


def outcomes(session: Session, records: Records) -> list[StatsTable]:
    """Exits in the period from cohorts of jobbspår and recruitment trainings."""
    exits = _exits(session, records, TRACK_KINDS)
    table = TableBuilder(
        "outcomes_after_track",
        "Enrolments in cohorts that ended in the period, by the track's kind: hired "
        "by the track's employer, in any work (subsidised or not) at the 90-day "
        "follow-up, to CSN-funded studies, dropped out; shares of the exits.",
    )
    names = tuple(m for m, _ in TRACK_MEASURES if m != "exits")
    _build(table, exits, TRACK_KINDS, TRACK_MEASURES, names)
    return [table.table()]


def exit_result(session: Session, records: Records) -> list[StatsTable]:
    """Kolada-style result at exit over every insats ended in the period."""
    programmes = tuple(InsatsProgramme)
    exits = _exits(session, records, programmes)
    table = TableBuilder(
        "exit_result",
        "Exits in the period to work lasting at least a month (unsubsidised, still "
        "so at the 90-day follow-up) or to CSN-funded studies; subsidised "
        "employment such as Stockholmsjobb is not work.",
    )
    _build(table, exits, programmes, EXIT_MEASURES, ("result",))
    return [table.table()]
