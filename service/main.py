"""The application factory. Nothing here runs at import time."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from service import health, migrate
from service.audit import routes as audit_routes
from service.cohorts import routes as cohort_routes
from service.db import Database, startup_lock
from service.docs import install_docs
from service.enrolments import routes as enrolment_routes
from service.errors import install_handlers
from service.events import outbox
from service.events import routes as event_routes
from service.jobs import routes as job_routes
from service.jobs.kinds import BatchKind
from service.jobs.runner import BackgroundJobs
from service.keys import routes as key_routes
from service.kit.auth import KnownKeys
from service.kit.logs import configure_logging
from service.kit.parameters import reject_unknown_query
from service.kit.personal_data import reject_in_parameters
from service.kit.ratelimit import limiter
from service.metrics import install_metrics
from service.middleware import (
    BodyGuardMiddleware,
    NotModifiedMiddleware,
    ProblemCORSMiddleware,
    RequestContextMiddleware,
)
from service.needs import batch as need_batch
from service.needs import routes as need_routes
from service.openapi import install_openapi, operation_id
from service.organisations import routes as organisation_routes
from service.organisations import workplace_routes
from service.participants import batch as participant_batch
from service.participants import routes as participant_routes
from service.placements import routes as placement_routes
from service.retention import routes as retention_routes
from service.settings import Settings, get_settings
from service.shortlists import routes as shortlist_routes
from service.shortlists.index import CandidateIndex, warm_candidates
from service.stats import routes as stats_routes
from service.taxonomy import routes as taxonomy_routes
from service.taxonomy.loading import ensure_loaded
from service.taxonomy.state import TaxonomyHolder
from service.taxonomy.sync_job import SyncJobs
from service.tracks import routes as track_routes
from service.webhooks import routes as webhook_routes
from service.webhooks.deliverer import BackgroundDeliverer

logger = logging.getLogger("jobbmatch")
# The imports that run as jobs when large, by the job kind they are stored under.
BATCH_KINDS: dict[str, BatchKind] = {
    kind.operation: kind for kind in (participant_batch.BATCH, need_batch.BATCH)
}

DESCRIPTION = """\
Matching and job-track coordination for Swedish municipal labour-market units.

Every operation except `/health` and `/ready` needs an API key sent as
`Authorization: Bearer <key>`. Errors are RFC 9457 problem documents.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the service; the lifespan opens the database and prepares it."""
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    outbox.install()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = Database(settings.database_url)
        if settings.migrate_on_start:
            migrate.upgrade(database.engine)
            # One worker loads a first taxonomy; the others wait, then find it.
            with startup_lock(database.engine):
                ensure_loaded(database.writer, settings)
        app.state.database = database
        holder = TaxonomyHolder(database.engine)
        holder.refresh()
        app.state.taxonomy = holder
        app.state.taxonomy_sync = SyncJobs(database.writer, settings, holder)
        warm_candidates(database, holder, app.state.candidates)
        logger.info(
            "jobbmatch started",
            extra={"database": database.engine.url.get_backend_name()},
        )
        # Webhooks go out from every serve process unless configured off.
        deliverer = BackgroundDeliverer(database, settings)
        if settings.webhook_deliverer:
            deliverer.start()
        # So do large batch imports run, from any process, whichever queued them.
        jobs = BackgroundJobs(database, settings, holder, BATCH_KINDS)
        if settings.batch_job_runner:
            jobs.start()
        try:
            yield
        finally:
            jobs.close()
            deliverer.close()
            database.dispose()
            app.state.rate_limiter.close()
            app.state.anonymous_limiter.close()

    app = FastAPI(
        title="jobbmatch",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        separate_input_output_schemas=False,
        # Swagger UI is served from a package (service/docs.py); no ReDoc, no CDN.
        docs_url=None,
        redoc_url=None,
        # Before any route's own dependencies, authentication and its audit entries.
        dependencies=[Depends(reject_in_parameters), Depends(reject_unknown_query)],
    )
    app.state.settings = settings
    app.state.candidates = CandidateIndex()
    app.state.known_keys = KnownKeys()
    shared = settings.rate_limit_dir
    app.state.rate_limiter = limiter(settings.rate_limit_per_minute, shared, "keys")
    app.state.anonymous_limiter = limiter(
        settings.auth_failures_per_minute, shared, "anonymous"
    )
    install_handlers(app)
    install_openapi(app)
    install_docs(app)
    app.include_router(health.router)
    # Each router straight into the app, not through a `/v1` router: every level
    # of inclusion is matched again on every request.
    for module in (
        key_routes,
        audit_routes,
        taxonomy_routes,
        organisation_routes,
        workplace_routes,
        need_routes,
        need_batch,
        track_routes,
        cohort_routes,
        placement_routes,
        participant_routes,
        participant_batch,
        job_routes,
        retention_routes,
        enrolment_routes,
        shortlist_routes,
        stats_routes,
        event_routes,
        webhook_routes,
    ):
        app.include_router(module.router, prefix="/v1")
    app.add_middleware(
        BodyGuardMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_batch_body_bytes=settings.max_batch_body_bytes,
    )
    if settings.cors_origins:
        app.add_middleware(
            ProblemCORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["ETag", "X-Request-ID", "Retry-After"],
        )
    app.add_middleware(NotModifiedMiddleware)
    app.add_middleware(RequestContextMiddleware)
    # Outermost, so the time counted is the whole answer.
    install_metrics(app, enabled=settings.metrics_enabled)
    return app
