"""Serving the app for real: uvicorn on a free loopback port.

Tests that need real concurrency or a real HTTP client use this with the
`scratch_database_url` fixture instead of the rolled-back `client`, so requests commit.
"""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from api_tests.conftest import make_settings
from service.main import create_app


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
