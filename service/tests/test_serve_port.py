"""`jobbmatch serve` on a port already taken fails at once, before it migrates."""

import os
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_a_busy_port_fails_before_the_database_is_touched(tmp_path: Path) -> None:
    taken = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    database = tmp_path / "never.db"
    env = {
        **os.environ,
        "JOBBMATCH_DATABASE_URL": f"sqlite:///{database}",
        "JOBBMATCH_HOST": "127.0.0.1",
        "JOBBMATCH_PORT": str(port),
    }
    try:
        result = subprocess.run(
            [sys.executable, "-m", "service", "serve"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            cwd=REPO,
            timeout=60,
        )
    finally:
        taken.close()
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert not database.exists()
