"""`GET /metrics` in the Prometheus text format, and the counters others bump.

- HTTP: `jobbmatch_http_requests_total` and `jobbmatch_http_request_duration_seconds`
  by method, route template and status. The label is the template
  (`/v1/participants/{participant_ref}`), never the raw path, which can carry a
  participant's ref; unmatched paths share one label, so no client can grow the
  series without bound.
- Imports: `count_import_rows(operation, status, rows)` for batch rows by outcome.
- Webhooks: `count_webhook_delivery(outcome)` for each delivery attempt.

The endpoint is off unless `JOBBMATCH_METRICS_ENABLED` is set, because it answers
without an API key (as Prometheus scrapers expect): expose it only where the
scraper can reach it. The counters themselves always count, at no real cost.

With `serve --workers N` every worker writes its values to files in
`PROMETHEUS_MULTIPROC_DIR` (the `serve` command makes one when metrics are on), and
whichever worker answers `/metrics` sums them all: prometheus-client's
multiprocess mode.
"""

import os
import time

from fastapi import FastAPI, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import route_template

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
UNMATCHED = "(unmatched)"

HTTP_REQUESTS = Counter(
    "jobbmatch_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "jobbmatch_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
IMPORT_ROWS = Counter(
    "jobbmatch_import_rows",
    "Batch import rows, by operation (participants:batch, ...) and outcome.",
    ["operation", "status"],
)
WEBHOOK_DELIVERIES = Counter(
    "jobbmatch_webhook_deliveries",
    "Webhook delivery attempts, by outcome (delivered, failed, ...).",
    ["outcome"],
)


def count_import_rows(operation: str, status: str, rows: int = 1) -> None:
    """Count batch rows of one outcome (`created`, `updated`, `unchanged`,
    `invalid`)."""
    if rows:
        IMPORT_ROWS.labels(operation=operation, status=status).inc(rows)


def count_webhook_delivery(outcome: str) -> None:
    """Count one delivery attempt by its outcome (`delivered`, `failed`, ...)."""
    WEBHOOK_DELIVERIES.labels(outcome=outcome).inc()


def exposition() -> bytes:
    """Every metric in the text format, summed over the workers when several."""
    if os.environ.get(MULTIPROCESS_DIR):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


class MetricsMiddleware:
    """Count and time every HTTP request by its route template."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = route_template(scope) or UNMATCHED
            method = scope["method"]
            HTTP_REQUESTS.labels(method=method, route=route, status=str(status)).inc()
            HTTP_DURATION.labels(method=method, route=route).observe(
                time.perf_counter() - started
            )


def install_metrics(app: FastAPI, *, enabled: bool) -> None:
    """Serve `/metrics` and count requests, when enabled."""
    if not enabled:
        return

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(exposition(), media_type=CONTENT_TYPE_LATEST)

    app.add_middleware(MetricsMiddleware)


def prepare_multiprocess(directory: str) -> None:
    """Point every worker at one fresh directory of metric files (before any
    worker starts): values of an earlier run would otherwise be summed in."""
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        if name.endswith(".db"):
            os.remove(os.path.join(directory, name))
    os.environ[MULTIPROCESS_DIR] = directory
