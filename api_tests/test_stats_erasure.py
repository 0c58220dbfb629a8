"""Erasing a person changes no indicator.

Twelve people (six women, six men) are shortlisted for one jobbspår cohort,
proposed, selected, trained and hired; one woman is then erased. Every indicator,
in JSON and in CSV, reads the same before and after: the tombstone keeps the
person counted in the same groups. Six per gender keeps the cells above the
suppression threshold, so a person lost from the counts would change a number
rather than hide behind a suppressed cell.
"""

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import create_participant
from api_tests.test_erasure import decide, erase, fits, move, rank, started_cohort
from api_tests.test_stats import H, table

PEOPLE = [(f"se-k{n}", "woman") for n in range(6)] + [
    (f"se-m{n}", "man") for n in range(6)
]
ERASED = "se-k0"
PERIOD = {"from": "2026-01-01", "to": max(date.today(), date(2026, 12, 31)).isoformat()}
INDICATORS = (
    "tracks",
    "needs",
    "placements",
    "stages",
    "outcomes",
    "exit-result",
    "lead-times",
    "chains",
    "active-plan",
    "lock-in",
    "shortlist-fairness",
)


def _hire_everyone(client: TestClient, keys: Keys) -> None:
    cohort = started_cohort(client, keys, seats=len(PEOPLE))
    for n, (ref, gender) in enumerate(PEOPLE):
        body = {**fits(ref), "statistics_gender": gender, "birth_year": 1970 + 3 * n}
        create_participant(client, keys, ref, **body)
    found = rank(client, keys, cohort["id"])
    assert {r["participant_ref"] for r in found["results"]} == {r for r, _ in PEOPLE}
    for n, (ref, _) in enumerate(PEOPLE):
        decide(client, keys, found["id"], ref, "proposed")
        enrolment_id = decide(client, keys, found["id"], ref, "selected")[
            "enrolment_id"
        ]
        move(client, keys, enrolment_id, stage="in_training", happened_on="2026-09-01")
        move(client, keys, enrolment_id, stage="completed", happened_on="2026-11-30")
        after_90 = "work_unsubsidised" if n % 2 else "studies_csn"
        outcome = {
            "exit_date": "2026-12-01",
            "exit_reason": "work_unsubsidised",
            "hired_by_employer": True,
            "status_after_90_days": after_90,
        }
        move(
            client,
            keys,
            enrolment_id,
            stage="hired",
            outcome=outcome,
            happened_on="2026-12-01",
        )


def _indicators(client: TestClient, keys: Keys) -> dict[str, Any]:
    """Every indicator's JSON body and CSV text, by name."""
    answers: dict[str, Any] = {}
    for name in INDICATORS:
        path = f"/v1/stats/{name}"
        read = client.get(path, params=PERIOD, headers=keys.auth("auditor"))
        assert read.status_code == 200, read.text
        csv = client.get(
            path,
            params=PERIOD,
            headers={**keys.auth("auditor"), "Accept": "text/csv"},
        )
        assert csv.status_code == 200, csv.text
        answers[name] = (read.json(), csv.text)
    return answers


def test_every_indicator_reads_the_same_after_an_erasure(
    client: TestClient, keys: Keys
) -> None:
    _hire_everyone(client, keys)
    before = _indicators(client, keys)
    # The erased woman is one of six counted in unsuppressed cells.
    outcomes = table(before["outcomes"][0], "outcomes_after_track")
    assert outcomes["all", "hired_by_employer"] == [6, 6, H, H, 12]

    assert erase(client, keys, ERASED).status_code == 204

    after = _indicators(client, keys)
    assert (
        client.get(
            f"/v1/participants/{ERASED}", headers=keys.auth("matcher")
        ).status_code
        == 404
    )
    for name in INDICATORS:
        assert after[name] == before[name], name
