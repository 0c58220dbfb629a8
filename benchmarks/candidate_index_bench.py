"""Time building the candidate index from the database, and keeping it current.

    .venv/bin/python benchmarks/candidate_index_bench.py [--participants N]
        [--database URL]

Fills a fresh database (a temporary SQLite file unless --database names an empty
one) with N participants shaped like the demo's (real taxonomy concepts), then
times, beside a baseline measured in the same run on the same rows:

* build: the index a process builds at start (every participant loaded, validated,
  encoded into one pool per owning unit);
* baseline: reading the same rows through the ORM (every JSON column validated
  into its models), as any code that loads participants does;
* refresh: after 100 participants change, the next shortlist's catch-up through
  the change feed (`service/shortlists/feed.py`).

The last line is JSON.
"""

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text, update
from sqlmodel import select

from service import migrate
from service.candidates.concepts import VOCABULARIES, Vocabularies
from service.db import Database
from service.kit.caller import Caller, Role
from service.participants.models import Participant
from service.shortlists.index import CandidateIndex
from service.taxonomy.state import from_snapshot

SHARED = Path(__file__).resolve().parents[2] / "shared"
CHUNK = 5000
CALLER = Caller(key_id="bench", name="bench", role=Role.MATCHER, purpose="bench")


def _rows(vocabularies: Vocabularies, count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    k = vocabularies.concepts
    occupations, skills = list(k.occupations.ids), list(k.skills.ids)
    municipalities, licences = list(k.municipalities.ids), list(k.licences.ids)
    now = datetime.now(UTC)
    return [
        {
            "participant_ref": f"bench-{n:07d}",
            "owning_unit": rng.choice(("Jobbtorg Järva", "Jobbtorg Söder")),
            "home_municipality_id": rng.choice(municipalities),
            "experience": [
                {
                    "occupation": {
                        "concept_id": rng.choice(occupations),
                        "preferred_label": None,
                        "text": None,
                        "confidence": None,
                        "taxonomy_version": k.version,
                        "source": "given",
                    },
                    "years": rng.randint(1, 12),
                }
            ],
            "skills": [
                {
                    "concept_id": s,
                    "preferred_label": None,
                    "text": None,
                    "confidence": None,
                    "taxonomy_version": k.version,
                    "source": "given",
                }
                for s in rng.sample(skills, 4)
            ],
            "driving_licences": rng.sample(licences, rng.randint(0, 2)),
            "swedish": {"level": rng.choice(("sfi_c", "sfi_d", "sva_1"))},
            "availability": {"worktime_extent": "full_time", "schedules": ["day"]},
            "birth_year": rng.randint(1960, 2005),
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def run(database_url: str, participants: int, seed: int) -> dict[str, Any]:
    loaded = from_snapshot(SHARED / "taxonomy")
    vocabularies = VOCABULARIES.get(loaded)
    database = Database(database_url)
    migrate.upgrade(database.engine)
    rows = _rows(vocabularies, participants, seed)
    table = Participant.__table__  # type: ignore[attr-defined]
    with database.session(write=True) as session:
        for start in range(0, len(rows), CHUNK):
            session.execute(insert(table), rows[start : start + CHUNK])
        session.commit()
    with database.session() as session:
        started = time.perf_counter()
        read = len(session.exec(select(Participant)).all())
        baseline_s = time.perf_counter() - started
    index = CandidateIndex()
    with database.session() as session:
        started = time.perf_counter()
        index.warm(session, vocabularies)
        build_s = time.perf_counter() - started
    changed = [row["participant_ref"] for row in rows[:: max(1, participants // 100)]]
    with database.session(write=True) as session:
        session.connection().execute(
            update(table)
            .where(table.c.participant_ref.in_(changed))
            .values(birth_year=1970)
        )
        session.commit()
    with database.session() as session:
        started = time.perf_counter()
        with index.pools_for(session, vocabularies, CALLER) as pools:
            indexed = sum(len(pool) for pool in pools)
        refresh_ms = (time.perf_counter() - started) * 1000
        feed_rows = session.execute(text("SELECT count(*) FROM participant_change"))
        feed = int(feed_rows.scalar_one())
    database.dispose()
    _say(f"{'participants':<36}{participants:>12,}")
    _say(f"{'baseline: read them through the ORM':<36}{baseline_s:>11.2f}s")
    _say(f"{'index build from the database':<36}{build_s:>11.2f}s")
    _say(
        f"{'catch-up after ' + str(len(changed)) + ' changes':<36}{refresh_ms:>10.1f}ms"
    )
    return {
        "participants": participants,
        "read": read,
        "indexed": indexed,
        "build_s": round(build_s, 2),
        "baseline_s": round(baseline_s, 2),
        "changed": len(changed),
        "feed_rows": feed,
        "refresh_ms": round(refresh_ms, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--database", help="an empty database (default: temporary)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{folder}/bench.db"
        _say(json.dumps(run(url, args.participants, args.seed)))


if __name__ == "__main__":
    main()
