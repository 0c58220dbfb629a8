"""Running queued batch imports: in every serve process, or `jobbmatch jobs run`.

A runner claims a job with a lease (`service.kit.leases`, as the webhook
deliverer claims a subscription): a queued job, or a running one whose lease ran
out. The job is then imported a part at a time (`batch_job_chunk_rows` rows), each
part in one transaction that renews the lease and commits the part's rows with
its part of the report and the job's new place.

A runner that dies mid-part loses that part's transaction only; whoever takes the
job over imports it again from the last committed place. That is safe because the
import is an upsert keyed by each row's ref, and gives the same report because the
parts before are kept, with the refs they imported (`seen`, for duplicates).
"""

import logging
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, delete, or_
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from service.db import Database, utcnow
from service.events import outbox
from service.jobs.intake import QUEUED
from service.jobs.kinds import BatchKind
from service.jobs.models import FINISHED, BatchJob, BatchJobPart, JobStatus
from service.kit.background import BackgroundWorker, NowAndThen
from service.kit.batches.csv_rows import CsvUpload
from service.kit.batches.merging import BatchMode
from service.kit.batches.models import BatchReport, IdempotencyRecord, RowReport
from service.kit.leases import Lease, LeaseLost
from service.kit.logs import bind_request_id, unbind_request_id
from service.settings import Settings
from service.taxonomy.state import TaxonomyHolder

logger = logging.getLogger("jobbmatch.jobs")
# A job whose runner died this often (it was claimed and never finished) is
# given up as failed, rather than taking down every process that tries it.
MAX_ATTEMPTS = 3
PRUNE_EVERY_SECONDS = 3600.0
GIVEN_UP = "the import stopped"


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(
        col(BatchJob.status) == JobStatus.QUEUED,
        (col(BatchJob.status) == JobStatus.RUNNING) & (col(BatchJob.lease_until) < now),
    )


@contextmanager
def _as_request(request_id: str | None) -> Iterator[None]:
    # The job's audit entries name the request that queued it.
    token = bind_request_id(request_id) if request_id is not None else None
    try:
        yield
    finally:
        if token is not None:
            unbind_request_id(token)


class JobRunner:
    """Runs queued jobs; several may run against one database."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        taxonomy: TaxonomyHolder,
        kinds: Mapping[str, BatchKind],
    ) -> None:
        self.reader: Engine = database.engine
        self.writer: Engine = database.writer
        self.settings = settings
        self.taxonomy = taxonomy
        self.kinds = kinds
        self.name = f"jobs-{uuid.uuid4().hex[:12]}"
        self.lease = Lease(BatchJob, self.name, settings.batch_job_stale_seconds)
        self.stopping = threading.Event()
        self._prune_now_and_then = NowAndThen(
            lambda: prune(self.writer, self.settings), PRUNE_EVERY_SECONDS
        )

    def claim(self) -> str | None:
        """Lease the oldest claimable job; its id, or None when there is none. A
        job claimed too often without finishing is given up on the way."""
        now = utcnow()
        with Session(self.reader) as session:
            # A read first: a runner with nothing to do takes no write lock.
            if session.exec(select(BatchJob.id).where(_claimable(now))).first() is None:
                return None
        while True:
            with Session(self.writer) as session:
                job = session.exec(
                    select(BatchJob)
                    .options(defer(BatchJob.payload))  # type: ignore[arg-type]
                    .where(_claimable(now))
                    .order_by(col(BatchJob.created_at), col(BatchJob.id))
                    .limit(1)
                    .with_for_update(skip_locked=True)
                ).first()
                if job is None:
                    return None
                job_id = job.id
                running = job.attempts < MAX_ATTEMPTS
                if running:
                    job.status = JobStatus.RUNNING
                    job.attempts += 1
                    job.started_at = job.started_at or now
                    job.lease_owner, job.lease_until = self.name, self.lease.until()
                else:
                    logger.error("batch job given up", extra={"job": job_id})
                    _give_up(job)
                session.add(job)
                session.commit()
            if running:
                return job_id

    def _hold(self, session: Session, job_id: str) -> BatchJob:
        """Renew the lease inside a writing transaction; LeaseLost if it is gone."""
        self.lease.hold(session, job_id)
        job = session.get(
            BatchJob,
            job_id,
            populate_existing=True,
            options=[defer(BatchJob.payload)],  # type: ignore[arg-type]
        )
        assert job is not None
        return job

    def _rows(self, job_id: str) -> list[dict[str, Any] | RowReport]:
        with Session(self.reader) as session:
            payload = session.exec(
                select(BatchJob.payload).where(col(BatchJob.id) == job_id)
            ).one()
        return [row.value for row in payload]

    def run_part(self, job_id: str, rows: list[dict[str, Any] | RowReport]) -> bool:
        """Import the job's next part and commit it; whether the job is finished."""
        taxonomy = self.taxonomy.get()
        assert taxonomy is not None
        with Session(self.writer, expire_on_commit=False) as session:
            job = self._hold(session, job_id)
            kind = self.kinds[job.kind]
            caller = job.caller()
            start = job.done
            part_rows = rows[start : start + self.settings.batch_job_chunk_rows]
            seen = dict(job.seen)
            # The change events name the caller's role, as the request's would.
            outbox.act_as(session, caller.role)
            with _as_request(job.request_id):
                part = kind.import_rows(
                    session,
                    taxonomy,
                    caller,
                    list(part_rows),
                    BatchMode(job.mode),
                    first=start + 1,
                    seen=seen,
                )
                session.add(
                    BatchJobPart(job_id=job_id, first_row=start + 1, rows=part.rows)
                )
                job.done = start + len(part_rows)
                job.seen = seen
                whole = _report(session, job, kind) if job.done >= job.rows else None
                kind.changes.log_batch_part(session, caller, part, whole)
            if whole is not None:
                job.report = whole
                job.status = JobStatus.SUCCEEDED
                _finish(job)
            session.add(job)
            session.commit()
            return whole is not None

    def release(self, job_id: str, *, failed: bool) -> None:
        """Let the job go unfinished, for any runner to take up again at once;
        a stop that is no failure does not count as an attempt."""
        counted = col(BatchJob.attempts) - (0 if failed else 1)
        with Session(self.writer) as session:
            self.lease.release(session, job_id, lease_until=utcnow(), attempts=counted)
            session.commit()

    def run_job(self, job_id: str) -> bool:
        """Import a claimed job to its end; whether it finished here. An error
        lets the job go, to be tried again up to `MAX_ATTEMPTS` times in all."""
        try:
            rows = self._rows(job_id)
            while not self.stopping.is_set():
                if self.run_part(job_id, rows):
                    return True
        except LeaseLost:
            logger.warning("batch job lease lost", extra={"job": job_id})
            return False
        except Exception:
            logger.exception("batch job part failed", extra={"job": job_id})
            self.release(job_id, failed=True)
            return False
        self.release(job_id, failed=False)
        return False

    def run_once(self) -> int:
        """Run claimable jobs until none is left; the number finished here."""
        self._prune_now_and_then()
        if self.taxonomy.get() is None:
            return 0  # nothing to map rows with yet: the jobs wait
        finished = 0
        while not self.stopping.is_set() and (job_id := self.claim()) is not None:
            finished += self.run_job(job_id)
        return finished

    def run(self) -> None:
        """Run jobs until `stopping` is set, waking when this process queues one,
        or else every poll interval."""
        while not self.stopping.is_set():
            QUEUED.clear()
            try:
                self.run_once()
            except Exception:
                logger.exception("batch job pass failed")
            QUEUED.wait(self.settings.batch_job_poll_seconds)


def _report(session: Session, job: BatchJob, kind: BatchKind) -> BatchReport:
    """The whole batch's report, of every part's rows, which it replaces."""
    parts = session.exec(
        select(BatchJobPart)
        .where(col(BatchJobPart.job_id) == job.id)
        .order_by(col(BatchJobPart.first_row))
    ).all()
    report = BatchReport.of([row for part in parts for row in part.rows])
    session.execute(delete(BatchJobPart).where(col(BatchJobPart.job_id) == job.id))
    if job.csv_header is None:
        return report
    # Named by CSV column and data line, as the request would have answered.
    return CsvUpload(rows=[], header=job.csv_header, columns=kind.columns).named(report)


def _finish(job: BatchJob) -> None:
    job.finished_at = utcnow()
    # The rows live in their records now (or were refused): keep the report only.
    job.payload, job.seen = [], {}
    job.lease_owner = job.lease_until = None


def _give_up(job: BatchJob) -> None:
    job.status = JobStatus.FAILED
    job.error = f"{GIVEN_UP} after {job.attempts} attempts; see the service's logs"
    _finish(job)


def prune(engine: Engine, settings: Settings) -> int:
    """Forget finished jobs older than the retention period, and the idempotency
    records that would replay them."""
    before = utcnow() - timedelta(days=settings.batch_job_retention_days)
    with Session(engine) as session:
        old = select(BatchJob.id).where(
            col(BatchJob.status).in_(FINISHED), col(BatchJob.finished_at) < before
        )
        session.connection().execute(
            delete(IdempotencyRecord).where(col(IdempotencyRecord.job_id).in_(old))
        )
        result = session.connection().execute(
            delete(BatchJob).where(col(BatchJob.id).in_(old))
        )
        session.commit()
        return int(result.rowcount or 0)


class BackgroundJobs(BackgroundWorker):
    """The runner as a thread of the serve process (the lifespan starts it)."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        taxonomy: TaxonomyHolder,
        kinds: Mapping[str, BatchKind],
    ) -> None:
        self.runner = JobRunner(database, settings, taxonomy, kinds)
        # A part takes seconds; a job left mid-part resumes from its last part.
        super().__init__(self.runner, "batch-jobs", QUEUED, 30.0)
