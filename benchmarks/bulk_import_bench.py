"""Time `POST /v1/participants:batch` with 10,000 synthetic rows on SQLite.

    .venv/bin/python benchmarks/bulk_import_bench.py [--rows 10000] [--seed 7]

Prints the import time against the 30-second budget, and a baseline ratio: the
import time divided by the time pydantic alone needs to validate the same rows,
which factors out the speed of the machine. Rows repeat a few dozen free-text
skills, as real exports do, so the per-text mapping cache is exercised too.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from service.db import Database
from service.keys import repository as keys
from service.kit.caller import Role
from service.main import create_app
from service.participants.models import ParticipantCreate
from service.settings import Settings
from service.taxonomy.state import LoadedTaxonomy

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JOBBMATCH_SHARED_DIR", REPO.parent / "shared"))
BUDGET_SECONDS = 30.0
FREE_TEXT_SKILLS = (
    "truckkörning",
    "kassahantering",
    "städning",
    "personlig omvårdnad",
    "lagerhantering",
    "kundservice",
    "matlagning",
    "barnomsorg",
)


def _concepts(taxonomy: LoadedTaxonomy, type_: str) -> list[str]:
    return [concept.id for concept in taxonomy.graph.search(type=type_)]


def make_rows(taxonomy: LoadedTaxonomy, count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    municipalities = _concepts(taxonomy, "municipality")
    skills = _concepts(taxonomy, "skill")
    licences = _concepts(taxonomy, "driving-licence")
    languages = _concepts(taxonomy, "language")
    occupations = _concepts(taxonomy, "occupation-name")
    return [
        {
            "participant_ref": f"bench-{index:05d}",
            "owning_unit": rng.choice(("Jobbtorg Järva", "Jobbtorg Söder")),
            "home_municipality_id": rng.choice(municipalities),
            "skills": [{"concept_id": s} for s in rng.sample(skills, 3)]
            + [{"text": rng.choice(FREE_TEXT_SKILLS)}],
            "occupation_interests": [{"concept_id": rng.choice(occupations)}],
            "driving_licences": rng.sample(licences, rng.randint(0, 2)),
            "languages": [{"language_id": rng.choice(languages), "level": "b2"}],
            "swedish": {"level": rng.choice(("sfi_c", "sfi_d", "sva_1"))},
            "availability": {"worktime_extent": "full_time", "schedules": ["day"]},
            "birth_year": rng.randint(1960, 2005),
        }
        for index in range(count)
    ]


def _admin_key(database_url: str) -> str:
    database = Database(database_url)
    with database.session() as session:
        _, secret = keys.issue(
            session,
            name="bench",
            role=Role.INTEGRATION,
            created_by="bench",
            all_units=True,
        )
        session.commit()
    database.dispose()
    return secret


def run(rows: int, seed: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        settings = Settings(
            database_url=url,
            log_level="WARNING",
            rate_limit_per_minute=100_000,
            taxonomy_sync_on_start=False,
            taxonomy_snapshot=SHARED / "taxonomy",
        )
        app = create_app(settings)
        with TestClient(app) as client:
            taxonomy = app.state.taxonomy.get()
            documents = make_rows(taxonomy, rows, seed)
            started = time.perf_counter()
            for row in documents:
                ParticipantCreate.model_validate(row)
            baseline = time.perf_counter() - started
            secret = _admin_key(url)
            body = json.dumps({"participants": documents}).encode()
            started = time.perf_counter()
            response = client.post(
                "/v1/participants:batch",
                content=body,
                headers={
                    "Authorization": f"Bearer {secret}",
                    "Content-Type": "application/json",
                },
            )
            seconds = time.perf_counter() - started
    report = response.json()
    assert response.status_code == 200, response.text
    assert report["created"] == rows, report["invalid"]
    return {"rows": rows, "seconds": seconds, "baseline": baseline}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not (SHARED / "taxonomy" / "concepts.jsonl").exists():
        sys.exit(f"no taxonomy snapshot under {SHARED}")
    result = run(args.rows, args.seed)
    seconds, baseline = result["seconds"], result["baseline"]
    sys.stdout.write(
        f"imported {args.rows} participants in {seconds:.2f} s "
        f"({args.rows / seconds:.0f} rows/s; {seconds / BUDGET_SECONDS:.0%} of the "
        f"{BUDGET_SECONDS:.0f} s budget)\n"
        f"baseline (pydantic validation only): {baseline:.2f} s; "
        f"ratio import/baseline: {seconds / baseline:.1f}\n"
    )


if __name__ == "__main__":
    main()
