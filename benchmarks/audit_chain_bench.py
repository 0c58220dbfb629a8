"""Time `jobbmatch audit verify` over a long audit trail.

    .venv/bin/python benchmarks/audit_chain_bench.py [--entries N] [--database URL]

Fills a fresh database (a temporary SQLite file unless --database names an empty
one) with a correctly chained trail, then times the verification beside a baseline
measured in the same run on the same rows: reading every row of the chain without
hashing, which is the floor any verification pays. The last line is JSON.
"""

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select

from service import migrate
from service.audit.chain import verify_chain
from service.db import make_engine
from service.kit.audit_trail import GENESIS, AuditEntry, entry_hash

CHUNK = 20_000


def _fill(engine: Engine, entries: int) -> None:
    table = AuditEntry.__table__  # type: ignore[attr-defined]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    prev = GENESIS
    with engine.begin() as connection:
        for first in range(0, entries, CHUNK):
            rows: list[dict[str, Any]] = []
            for n in range(first, min(first + CHUNK, entries)):
                values: dict[str, Any] = {
                    "at": start + timedelta(seconds=n),
                    "key_id": f"k{n % 40}",
                    "role": "matcher",
                    "units": "Jobbtorg Stockholm",
                    "action": "participant.read",
                    "object_type": "participant",
                    "object_id": f"ref-{n % 50_000}",
                    "purpose": "jobbspår uppföljning",
                    "request_id": f"req-{n}",
                    "outcome": "success",
                }
                digest = entry_hash(prev, values)
                rows.append({**values, "prev_hash": prev, "hash": digest})
                prev = digest
            connection.execute(insert(table), rows)


def _scan(engine: Engine) -> int:
    table = AuditEntry.__table__  # type: ignore[attr-defined]
    count = 0
    query = select(table).order_by(table.c.id)
    with (
        engine.connect() as connection,
        connection.execution_options(yield_per=10_000).execute(query) as rows,
    ):
        for _ in rows:
            count += 1
    return count


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--database", help="an empty database; default SQLite")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database or f"sqlite:///{Path(scratch) / 'audit.db'}"
        engine = make_engine(url)
        migrate.upgrade(engine)
        started = time.perf_counter()
        _fill(engine, args.entries)
        fill_s = time.perf_counter() - started
        started = time.perf_counter()
        scanned = _scan(engine)
        scan_s = time.perf_counter() - started
        started = time.perf_counter()
        report = verify_chain(engine)
        verify_s = time.perf_counter() - started
        engine.dispose()
    assert report.intact, report
    assert report.checked == scanned == args.entries, report
    sys.stdout.write(f"{'entries':<28}{args.entries:>12,}" + "\n")
    sys.stdout.write(f"{'fill (hash + insert)':<28}{fill_s:>11.1f}s" + "\n")
    sys.stdout.write(f"{'baseline: scan, no hashing':<28}{scan_s:>11.1f}s" + "\n")
    sys.stdout.write(
        f"{'audit verify':<28}{verify_s:>11.1f}s  ({verify_s / scan_s:.1f}x scan)"
        + "\n"
    )
    summary = {
        "entries": args.entries,
        "verify_s": round(verify_s, 2),
        "scan_s": round(scan_s, 2),
        "ratio": round(verify_s / scan_s, 2),
        "database": engine.dialect.name,
    }
    sys.stdout.write(json.dumps(summary) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
