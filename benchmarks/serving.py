"""Serving the app for a benchmark: `jobbmatch serve --workers N` on a loopback port
over a database of the benchmark's own, with the shared taxonomy snapshot."""

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SNAPSHOT = REPO.parent / "shared" / "taxonomy"
# Logged once by each worker when its start-up is complete.
STARTED = '"jobbmatch started"'


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "JOBBMATCH_DATABASE_URL": database_url,
        "JOBBMATCH_LOG_LEVEL": "WARNING",
        "JOBBMATCH_RATE_LIMIT_PER_MINUTE": "1000000",
        "JOBBMATCH_TAXONOMY_SYNC_ON_START": "false",
        "JOBBMATCH_TAXONOMY_SNAPSHOT": str(SNAPSHOT),
    }


def jobbmatch(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "service", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[str]:
    """Start the service; return once every worker has logged its start-up."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "service",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env={**env, "JOBBMATCH_LOG_LEVEL": "INFO"},
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    started = 0
    assert server.stderr is not None
    for line in server.stderr:
        started += STARTED in line
        if started == workers:
            # Keep draining the log, so a full pipe never blocks a worker.
            threading.Thread(target=server.stderr.read, daemon=True).start()
            return server
    raise RuntimeError("the service stopped before it started")


def api_key(http: httpx.Client, admin: str, role: str) -> dict[str, str]:
    made = http.post(
        "/v1/keys",
        json={
            "name": f"benchmark {role}",
            "role": role,
            "all_units": role in ("matcher", "integration"),
        },
        headers={"Authorization": f"Bearer {admin}"},
    )
    made.raise_for_status()
    return {"Authorization": f"Bearer {made.json()['key']}"}
