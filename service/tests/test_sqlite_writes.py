"""SQLite writers take turns: every write lands, none fails with a lock error, and a
writer waits while another process holds the turn."""

import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import text

from service.db import Database

WRITES = 40
THREADS = 8

HOLD_TURN = """
import sys, time
from sqlalchemy import text
from service.db import Database
database = Database(sys.argv[1])
with database.writer.connect() as connection:
    connection.execute(text("INSERT INTO t VALUES (0)"))
    sys.stdout.write("holding\\n"); sys.stdout.flush()
    time.sleep(float(sys.argv[2]))
    connection.commit()
"""


def _database(tmp_path: Path) -> Database:
    database = Database(f"sqlite:///{tmp_path / 'writes.db'}")
    with database.writer.connect() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.commit()
    return database


def _count(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM t")).scalar_one())


def test_concurrent_writers_all_land(tmp_path: Path) -> None:
    database = _database(tmp_path)

    def write() -> None:
        for _ in range(WRITES):
            with database.writer.connect() as connection:
                connection.execute(text("INSERT INTO t VALUES (1)"))
                connection.commit()

    threads = [threading.Thread(target=write) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _count(database) == WRITES * THREADS


def test_a_rolled_back_writer_gives_up_its_turn(tmp_path: Path) -> None:
    database = _database(tmp_path)
    with database.writer.connect() as connection:
        connection.execute(text("INSERT INTO t VALUES (1)"))
        connection.rollback()
    with database.writer.connect() as connection:
        # Leaving the block without a commit rolls back, which also ends the turn.
        connection.execute(text("INSERT INTO t VALUES (1)"))
    with database.writer.connect() as connection:
        connection.execute(text("INSERT INTO t VALUES (2)"))
        connection.commit()
    assert _count(database) == 1


def test_a_writer_waits_for_another_process_turn(tmp_path: Path) -> None:
    database = _database(tmp_path)
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_TURN, str(database.engine.url), "1.0"],
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        with database.writer.connect() as connection:
            connection.execute(text("INSERT INTO t VALUES (1)"))
            connection.commit()
        waited = time.monotonic() - started
        assert holder.wait(timeout=30) == 0
    assert waited >= 0.5
    assert _count(database) == 2
