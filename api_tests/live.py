"""Serving the app for real: uvicorn on a free loopback port.

Tests that need real concurrency or a real HTTP client use this with the
`scratch_database_url` fixture instead of the rolled-back `client`, so requests commit.
`serve` runs one app in a thread of the test; `serve_workers` runs
`jobbmatch serve --workers N` as an operator would, each worker a process of its own
that prepares the database at start-up.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from api_tests.conftest import REPO, make_settings
from service.main import create_app

# Logged once by each worker when its start-up is complete.
STARTED = '"jobbmatch started"'


@contextmanager
def serve(database_url: str) -> Iterator[str]:
    """Serve the app with uvicorn on a free port in a thread; yield its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(make_settings(database_url))
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", http="h11", ws="none")
    )
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + 180
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the app did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _environment(database_url: str, overrides: dict[str, object]) -> dict[str, str]:
    """The test settings (`make_settings`) as the variables a served process reads."""
    settings = make_settings(database_url, log_level="INFO", **overrides)
    values = settings.model_dump(
        include={
            "database_url",
            "log_level",
            "rate_limit_per_minute",
            "auth_failures_per_minute",
            "taxonomy_sync_on_start",
            *overrides,
        }
    )
    if settings.taxonomy_snapshot is not None:
        values["taxonomy_snapshot"] = settings.taxonomy_snapshot
    variables = {
        # Lists are read from the environment as JSON, as an operator writes them.
        f"JOBBMATCH_{name.upper()}": json.dumps(v) if isinstance(v, list) else str(v)
        for name, v in values.items()
    }
    return {**os.environ, **variables}


def _wait_until_started(
    process: subprocess.Popen[bytes], log: Path, base_url: str, workers: int
) -> None:
    deadline = time.monotonic() + 300
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-4000:]
            raise RuntimeError(f"jobbmatch serve did not start:\n{tail}")
        if log.read_text(errors="replace").count(STARTED) >= workers:
            try:
                if httpx.get(f"{base_url}/ready", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
        time.sleep(0.1)


@contextmanager
def serve_workers(
    database_url: str, log: Path, workers: int = 2, **settings: object
) -> Iterator[str]:
    """Run `jobbmatch serve --workers N` on a free port until every worker has
    started and the app is ready; yield its base URL. The processes' log (one JSON
    object per line) goes to `log`, for the test to read; `settings` override the
    test settings."""
    with served_process(database_url, log, workers, **settings) as (base_url, _):
        yield base_url


@contextmanager
def served_process(
    database_url: str, log: Path, workers: int = 2, **settings: object
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`serve_workers`, yielding the serve process too, for a test that kills it.
    The server runs in a process group of its own, so a kill reaches its workers."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "service", "serve", "--port", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)],
            cwd=REPO,
            env=_environment(database_url, settings),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_started(process, log, base_url, workers)
        yield base_url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def kill(process: subprocess.Popen[bytes]) -> None:
    """Kill a served process and its workers at once, as a crash would."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
