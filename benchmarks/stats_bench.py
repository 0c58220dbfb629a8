"""Time every follow-up indicator at scale beside a same-run baseline.

    .venv/bin/python benchmarks/stats_bench.py [--participants N] [--repeat R]
        [--database URL]

Fills a fresh database (a temporary SQLite file unless --database names an empty
one) with N participants, each enrolled once in one of the cohorts of forty
recruitment trainings and walked through the stages: a third hired, a third
dropped out to studies, a third still in training. Then asks every indicator R
times through HTTP as an auditor, beside a baseline measured in the same run on
the same app: `GET /health`, the floor any request pays. Prints p50/p95/max per
indicator and a JSON line last.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from figures import percentile
from sqlmodel import Session

from service import migrate
from service.cohorts.models import Cohort
from service.db import make_engine
from service.enrolments.models import Enrolment, Outcome, Stage, Transition
from service.keys import repository as keys
from service.kit.caller import Role
from service.main import create_app
from service.organisations.models import Organisation, OrganisationKind
from service.participants.facts import StatisticsGender
from service.participants.models import Participant
from service.settings import Settings
from service.stats import routes as stats_routes
from service.stats.models import StatsReport
from service.tracks.models import Track, TrackKind

# Every indicator the API serves (`/stats/lock-in/participants` is a list, not one).
INDICATORS = tuple(
    route.path.removeprefix(f"{stats_routes.router.prefix}/")
    for route in stats_routes.router.routes
    if isinstance(route, APIRoute) and route.response_model is StatsReport
)
TRACKS, COHORTS_PER_TRACK, CHUNK = 40, 5, 5_000
STOCKHOLM = "AvNB_uwa_6n6"
GENDERS = (StatisticsGender.WOMAN, StatisticsGender.MAN, None, StatisticsGender.OTHER)
PERIOD = {"from": "2025-01-01", "to": "2026-12-31"}
START, END = date(2026, 2, 2), date(2026, 5, 29)


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = percentile(ordered, 0.95)
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(p95, 1),
        "max": round(ordered[-1], 1),
    }


def _step(at: date, before: Stage | None, to: Stage) -> Transition:
    moment = datetime(at.year, at.month, at.day, 9, tzinfo=UTC)
    return Transition(
        from_stage=before, to_stage=to, at=moment, on=at, by_key_id="b", by_role="m"
    )


def _walk(n: int) -> tuple[Stage, list[Transition], Outcome | None]:
    steps = [
        _step(date(2026, 1, 12), None, Stage.INTERESTED),
        _step(date(2026, 1, 20), Stage.INTERESTED, Stage.SELECTED_BY_EMPLOYER),
        _step(START, Stage.SELECTED_BY_EMPLOYER, Stage.IN_TRAINING),
    ]
    if n % 3 == 0:
        return Stage.IN_TRAINING, steps, None
    if n % 3 == 1:
        left = date(2026, 3, 16)
        steps.append(_step(left, Stage.IN_TRAINING, Stage.DROPPED_OUT))
        outcome = Outcome(
            exit_date=left,
            exit_reason="studies_csn",
            hired_by_employer=False,
            not_hired_reason="left_early",
        )
        return Stage.DROPPED_OUT, steps, outcome
    steps.append(_step(END, Stage.IN_TRAINING, Stage.COMPLETED))
    steps.append(_step(date(2026, 6, 1), Stage.COMPLETED, Stage.HIRED))
    outcome = Outcome(
        exit_date=date(2026, 6, 1),
        exit_reason="work_unsubsidised",
        hired_by_employer=True,
        status_after_90_days="work_unsubsidised",
    )
    return Stage.HIRED, steps, outcome


def _fill(session: Session, participants: int) -> list[int]:
    employer = Organisation(
        name="Bänkföretaget AB",
        kind=OrganisationKind.PRIVATE,
        municipality_id=STOCKHOLM,
    )
    session.add(employer)
    session.flush()
    assert employer.id is not None
    cohort_ids: list[int] = []
    for t in range(TRACKS):
        track = Track(
            name=f"Rekryteringsutbildning {t}",
            kind=TrackKind.REKRYTERINGSUTBILDNING,
            employer_ids=[employer.id],
        )
        session.add(track)
        session.flush()
        assert track.id is not None
        for _ in range(COHORTS_PER_TRACK):
            cohort = Cohort(
                track_id=track.id, seats=500, start_date=START, end_date=END
            )
            session.add(cohort)
            session.flush()
            assert cohort.id is not None
            cohort_ids.append(cohort.id)
    session.commit()
    for first in range(0, participants, CHUNK):
        for n in range(first, min(first + CHUNK, participants)):
            ref = f"bench-{n:06d}"
            session.add(
                Participant(
                    participant_ref=ref,
                    owning_unit=f"Jobbtorg {n % 7}",
                    home_municipality_id=STOCKHOLM,
                    statistics_gender=GENDERS[n % len(GENDERS)],
                    birth_year=1960 + n % 45,
                )
            )
            stage, transitions, outcome = _walk(n)
            session.add(
                Enrolment(
                    participant_ref=ref,
                    cohort_id=cohort_ids[n % len(cohort_ids)],
                    stage=stage,
                    transitions=transitions,
                    outcome=outcome,
                )
            )
        session.commit()
    return cohort_ids


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database", help="an empty database; default SQLite")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database or f"sqlite:///{Path(scratch) / 'stats.db'}"
        engine = make_engine(url)
        migrate.upgrade(engine)
        started = time.perf_counter()
        with Session(engine) as session:
            _fill(session, args.participants)
            _, secret = keys.issue(
                session, name="bench", role=Role.AUDITOR, created_by="bench"
            )
            session.commit()
        fill_s = time.perf_counter() - started
        engine.dispose()
        settings = Settings(
            database_url=url,
            log_level="WARNING",
            migrate_on_start=False,
            taxonomy_sync_on_start=False,
            rate_limit_per_minute=1_000_000,
        )
        auditor = {"Authorization": f"Bearer {secret}"}
        timings: dict[str, list[float]] = {}
        with TestClient(create_app(settings)) as client:
            for name in ("health", *INDICATORS):
                path = "/health" if name == "health" else f"/v1/stats/{name}"
                samples = timings.setdefault(name, [])
                for _ in range(args.repeat):
                    began = time.perf_counter()
                    answer = client.get(path, params=PERIOD, headers=auditor)
                    samples.append((time.perf_counter() - began) * 1000)
                    assert answer.status_code == 200, (name, answer.text[:300])
    figures = {name: _percentiles(samples) for name, samples in timings.items()}
    _say(f"participants {args.participants:,}, enrolments {args.participants:,}")
    _say(f"fill {fill_s:.1f} s ({engine.dialect.name})")
    _say(f"{'':<22}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name, figure in figures.items():
        label = "baseline: /health" if name == "health" else name
        _say(f"{label:<22}{figure['p50']:>10}{figure['p95']:>10}{figure['max']:>10}")
    heaviest = max(INDICATORS, key=lambda name: figures[name]["p95"])
    _say(f"heaviest: {heaviest} p95 {figures[heaviest]['p95']} ms")
    summary = {
        "participants": args.participants,
        "database": engine.dialect.name,
        "heaviest": heaviest,
        "heaviest_p95_ms": figures[heaviest]["p95"],
        "baseline_p95_ms": figures["health"]["p95"],
        "indicators": figures,
    }
    _say(json.dumps(summary))


if __name__ == "__main__":
    main(sys.argv[1:])
