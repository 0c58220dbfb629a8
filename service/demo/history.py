"""The demo's history: people walked through insatser, shortlists and decisions.

Everything goes through the services and the routes' write path (one audit entry
per write, change events from the outbox), as a matcher would record it: enrolments
move stage by stage with the day each change happened, exits carry outcomes of
every kind, shortlists are ranked and decided on. Dates are days before or after
`today`, so one seed and one `today` give the same history.

Per track: a cohort that ended (exits of every kind, and one person still in
training, locked in), a running one (people in training, a drop-out), so the track
is in delivery, and a planned one that is shortlisted for (proposals, selections, a
refusal). Placements: Stockholmsjobb and praktik that ended and that run, at several
hosts; one praktik ended on paper while two trainees are still in it (lock-in). A
placement takes no enrolment after its end, so ended ones are walked first and then
given their end.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from service.candidates.concepts import Vocabularies
from service.cohorts import routes as cohort_routes
from service.cohorts import service as cohorts
from service.cohorts.models import Cohort, CohortCreate, CohortStatus, CohortUpdate
from service.enrolments import routes as enrolment_routes
from service.enrolments import service as enrolments
from service.enrolments.models import (
    Enrolment,
    EnrolmentCreate,
    EnrolmentUpdate,
    ExitReason,
    FollowUpStatus,
    NotHiredReason,
    Outcome,
    Stage,
)
from service.errors import Conflict
from service.kit.caller import Caller
from service.needs import routes as need_routes
from service.needs import service as needs
from service.needs.models import Need, NeedStatus, NeedUpdate
from service.placements import routes as placement_routes
from service.placements import service as placements
from service.placements.models import (
    Placement,
    PlacementCreate,
    PlacementProgramme,
    PlacementUpdate,
)
from service.shortlists import decisions
from service.shortlists import routes as shortlist_routes
from service.shortlists import service as shortlists
from service.shortlists.index import CandidateIndex
from service.shortlists.models import (
    Decision,
    DecisionCreate,
    NotSelectedReason,
    ShortlistCreate,
    TargetKind,
    TargetRef,
)
from service.taxonomy.loading import Progress
from service.taxonomy.state import LoadedTaxonomy
from service.tracks import routes as track_routes
from service.tracks import service as tracks_service
from service.tracks.models import Track, TrackPhase, TrackUpdate

FUNNEL = (Stage.INFO_MEETING, Stage.ASSESSED, Stage.SELECTED_BY_EMPLOYER)
# How the people of an ended insats leave it (one each, in an order the seed draws).
ENDED_PATHS = (
    "hired",
    "hired",
    "hired",
    "hired",
    "other_work",
    "other_work",
    "subsidised",
    "subsidised",
    "csn",
    "dropped",
    "not_hired",
    "stays",
)
RUNNING_PATHS = ("stays",) * 6 + ("dropped", "csn")
FOLLOW_UP_DAYS = 90


@dataclass
class Recorder:
    """Writes history as the API would: service call, then the write path."""

    session: Session
    taxonomy: LoadedTaxonomy
    vocabularies: Vocabularies
    caller: Caller
    today: date
    # People not yet in any history, in the order the seed drew.
    people: list[str]

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def cohort(self, track: Track, start: int, end: int, seats: int) -> Cohort:
        assert track.id is not None
        body = CohortCreate(
            seats=seats,
            start_date=self.day(start),
            end_date=self.day(end),
            selection_deadline=self.day(start - 5),
        )
        cohort = cohorts.build(track.id, body, self.caller.key_id)
        cohort_routes.CHANGES.commit(self.session, self.caller, cohort, "create")
        return cohort

    def track_phase(self, track: Track, *phases: TrackPhase) -> None:
        for phase in phases:
            body = TrackUpdate(phase=phase)
            tracks_service.check_update(self.session, self.taxonomy, track, body)
            track_routes.CHANGES.commit(self.session, self.caller, track, "update")

    def cohort_status(self, cohort: Cohort, *statuses: CohortStatus) -> None:
        for status in statuses:
            cohorts.check_update(cohort, CohortUpdate(status=status))
            cohort_routes.CHANGES.commit(self.session, self.caller, cohort, "update")

    def placement(self, body: PlacementCreate) -> Placement:
        placement = placements.check_create(self.session, self.taxonomy, body)
        placement_routes.CHANGES.commit(self.session, self.caller, placement, "create")
        return placement

    def end_placement(self, placement: Placement, end: int) -> None:
        body = PlacementUpdate(end_date=self.day(end))
        placements.check_update(self.session, self.taxonomy, placement, body)
        placement_routes.CHANGES.commit(self.session, self.caller, placement, "update")

    def fill(self, need: Need, status: NeedStatus) -> None:
        needs.check_update(self.session, self.taxonomy, need, NeedUpdate(status=status))
        need_routes.CHANGES.commit(self.session, self.caller, need, "update")

    def enrol(self, where: Cohort | Placement) -> Enrolment | None:
        """The next person the rules let in (one refused stays for the next)."""
        for ref in self.people:
            body = EnrolmentCreate(participant_ref=ref)
            try:
                enrolment = enrolments.enrol(
                    self.session, self.caller, where, body, self.vocabularies
                )
            except Conflict:
                continue
            self.people.remove(ref)
            enrolment_routes.CHANGES.commit(
                self.session, self.caller, enrolment, "enrol"
            )
            return enrolment
        # A small demo has history for as many people as it has.
        return None

    def move(
        self,
        enrolment: Enrolment,
        stage: Stage,
        on: date,
        outcome: Outcome | None = None,
    ) -> None:
        body = EnrolmentUpdate(stage=stage, happened_on=on, outcome=outcome)
        enrolments.change(self.session, self.caller, enrolment, body, self.vocabularies)
        enrolment_routes.CHANGES.commit(
            self.session, self.caller, enrolment, f"stage.{stage}"
        )

    def walk(
        self, where: Cohort | Placement, path: str, start: date, end: date
    ) -> str | None:
        """Enrol someone and take them along `path` through the insats; their ref."""
        enrolment = self.enrol(where)
        if enrolment is None:
            return None
        ref = enrolment.participant_ref
        for n, stage in enumerate(FUNNEL):
            self.move(enrolment, stage, start - timedelta(days=30 - 10 * n))
        working = Stage.IN_TRAINING if isinstance(where, Cohort) else Stage.IN_PRAKTIK
        self.move(enrolment, working, start)
        if path == "stays":
            return ref
        if path in ("csn", "dropped"):
            left = min(start + timedelta(days=20 if path == "dropped" else 40), end)
            left = min(left, self.today)
            reason = ExitReason.STUDIES_CSN if path == "csn" else ExitReason.ENDED_OTHER
            self.move(enrolment, Stage.DROPPED_OUT, left, self._outcome(left, reason))
            return ref
        self.move(enrolment, Stage.COMPLETED, end)
        exit_day = end + timedelta(days=1)
        reason = {
            "hired": ExitReason.WORK_UNSUBSIDISED,
            "other_work": ExitReason.WORK_UNSUBSIDISED,
            "subsidised": ExitReason.WORK_SUBSIDISED,
            "not_hired": ExitReason.OTHER_SELF_SUPPORT,
        }[path]
        hired = path == "hired"
        self.move(
            enrolment,
            Stage.HIRED if hired else Stage.NOT_HIRED,
            exit_day,
            self._outcome(exit_day, reason, hired=hired),
        )
        return ref

    def _outcome(
        self, exit_day: date, reason: ExitReason, *, hired: bool = False
    ) -> Outcome:
        followed = exit_day + timedelta(days=FOLLOW_UP_DAYS) <= self.today
        after = {
            ExitReason.WORK_UNSUBSIDISED: FollowUpStatus.WORK_UNSUBSIDISED,
            ExitReason.WORK_SUBSIDISED: FollowUpStatus.WORK_SUBSIDISED,
            ExitReason.STUDIES_CSN: FollowUpStatus.STUDIES_CSN,
        }.get(reason, FollowUpStatus.UNKNOWN)
        not_hired = None
        if not hired:
            not_hired = (
                NotHiredReason.LEFT_EARLY
                if reason in (ExitReason.STUDIES_CSN, ExitReason.ENDED_OTHER)
                else NotHiredReason.HIRED_ELSEWHERE
                if reason == ExitReason.WORK_UNSUBSIDISED
                else NotHiredReason.NO_VACANCY
            )
        return Outcome(
            exit_date=exit_day,
            exit_reason=reason,
            hired_by_employer=hired,
            not_hired_reason=not_hired,
            status_after_90_days=after if followed else None,
        )

    def shortlist(
        self, index: CandidateIndex, kind: TargetKind, target_id: int, proposed: int
    ) -> None:
        """Rank for the target; propose the best, select some, refuse one."""
        body = ShortlistCreate(
            target=TargetRef(kind=kind, id=target_id),
            purpose="demo: urval",
            seed=target_id,
        )
        shortlist = shortlists.create(
            self.session, self.caller, body, self.vocabularies, index
        )
        refs = [r.participant_ref for r in shortlist.results]
        shortlist_routes.PARTICIPANTS.log_refs(
            self.session, self.caller, "shortlist", refs
        )
        shortlist_routes.CHANGES.commit(self.session, self.caller, shortlist, "create")
        for n, ref in enumerate(refs[: proposed + 1]):
            steps = (
                [DecisionCreate(participant_ref=ref, decision=Decision.PROPOSED)]
                if n < proposed
                else [
                    DecisionCreate(
                        participant_ref=ref,
                        decision=Decision.NOT_SELECTED,
                        reason=NotSelectedReason.BETTER_MATCH_SELECTED,
                    )
                ]
            )
            if n < proposed // 2 and kind is not TargetKind.NEED:
                steps.append(
                    DecisionCreate(participant_ref=ref, decision=Decision.SELECTED)
                )
            for step in steps:
                decision = decisions.decide(
                    self.session, self.caller, shortlist, step, self.vocabularies
                )
                shortlist_routes.DECISIONS.commit(
                    self.session, self.caller, decision, f"decision.{step.decision}"
                )


def _placements(
    recorder: Recorder,
    rng: random.Random,
    occupation_id: str,
    municipal: list[int],
    private: list[int],
) -> None:
    """Placements at several hosts: ended and running Stockholmsjobb and praktik."""
    occupation = {"concept_id": occupation_id}

    def create(
        programme: PlacementProgramme, host: int, start: int, end: int, places: int
    ) -> Placement:
        supervisor = (
            {"supervisor_ref": f"demo-handledare-{host}-{start}"}
            if programme is PlacementProgramme.PRAKTIK
            else {}
        )
        body = PlacementCreate.model_validate(
            {
                "programme": programme,
                "host_organisation_id": host,
                "start_date": recorder.day(start),
                "end_date": recorder.day(end),
                "capacity": places,
                "supervisor_capacity": places,
                "occupation": occupation,
                **supervisor,
            }
        )
        return recorder.placement(body)

    sj, praktik = PlacementProgramme.STOCKHOLMSJOBB, PlacementProgramme.PRAKTIK
    # (programme, host, start, end while people are walked, end at last, paths)
    plans = [
        (sj, municipal[0], -340, 10, -140, ("hired", "other_work", "not_hired")),
        (praktik, private[0], -330, 30, -270, ("not_hired", "dropped", "hired")),
        (praktik, private[1], -150, 30, -60, ("stays", "stays", "not_hired")),
        (sj, municipal[1 % len(municipal)], -200, 160, 160, ("stays",) * 3),
        (praktik, private[2 % len(private)], -40, 50, 50, ("stays", "stays")),
    ]
    done = []
    for programme, host, start, open_end, end, paths in plans:
        placement = create(programme, host, start, open_end, len(paths) + 1)
        for path in rng.sample(paths, len(paths)):
            ref = recorder.walk(placement, path, recorder.day(start), recorder.day(end))
            if ref is not None and path != "stays":
                done.append(ref)
        if end != open_end:
            recorder.end_placement(placement, end)
    # Those done with a placement are the first asked into a cohort: chains.
    recorder.people[:0] = done


def seed_history(
    recorder: Recorder,
    rng: random.Random,
    tracks: list[Track],
    open_needs: list[Need],
    organisations: tuple[list[int], list[int]],
    progress: Progress,
) -> None:
    """Walk people through placements and cohorts, fill some needs, shortlist;
    `progress` hears of each step (the placements, each track, the shortlists)."""
    assert tracks[0].occupation_id is not None
    steps = len(tracks) + 2
    _placements(recorder, rng, tracks[0].occupation_id, *organisations)
    progress("history", 1, steps)
    planned = []
    for step, track in enumerate(tracks, start=2):
        ended = recorder.cohort(track, -250, -130, len(ENDED_PATHS))
        for path in rng.sample(ENDED_PATHS, len(ENDED_PATHS)):
            recorder.walk(ended, path, ended.start_date, ended.end_date)
        running = recorder.cohort(track, -40, 80, len(RUNNING_PATHS) + 2)
        for path in rng.sample(RUNNING_PATHS, len(RUNNING_PATHS)):
            recorder.walk(running, path, running.start_date, running.end_date)
        recorder.cohort_status(
            ended, CohortStatus.RECRUITING, CohortStatus.RUNNING, CohortStatus.COMPLETED
        )
        recorder.cohort_status(running, CohortStatus.RECRUITING, CohortStatus.RUNNING)
        # A cohort runs, so the track is being delivered.
        recorder.track_phase(track, TrackPhase.RECRUITMENT, TrackPhase.DELIVERY)
        planned.append(recorder.cohort(track, 20, 140, 10))
        progress("history", step, steps)
    for need in open_needs[: len(open_needs) // 4]:
        recorder.fill(need, NeedStatus.FILLED)
    index = CandidateIndex()
    for cohort in planned:
        assert cohort.id is not None
        recorder.shortlist(index, TargetKind.COHORT, cohort.id, proposed=4)
    for need in open_needs[len(open_needs) // 4 :][:3]:
        assert need.id is not None
        recorder.shortlist(index, TargetKind.NEED, need.id, proposed=3)
    progress("history", steps, steps)
