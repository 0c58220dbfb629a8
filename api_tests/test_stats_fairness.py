"""Shortlist fairness and congestion through HTTP, checked against the snapshots.

Twelve women born 1990 and twelve men born 1980 with the same profile are ranked
twice for one need (the ranking never sees gender or birth year, so their order is
the seeded lottery's). On the first shortlist eight women and five men are
proposed, then six of those women and the five men selected. Expected figures are
computed here from the stored snapshots the API returned, with this file's own
formulas, never the service's.
"""

import math
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from scipy.stats import fisher_exact

from api_tests.client import Keys
from api_tests.factories import (
    HOME_CARE,
    LICENCE_B,
    NURSE_ASSISTANT_HOME_CARE,
    STOCKHOLM,
    create_need,
    create_organisation,
    create_participant,
    created,
)

pytestmark = pytest.mark.needs_shared_taxonomy
PERIOD = {"from": "2026-01-01", "to": date.today().isoformat()}
H = "H"
WOMEN = [f"fa-k{n:02d}" for n in range(12)]
MEN = [f"fa-m{n:02d}" for n in range(12)]
GENDER = {**dict.fromkeys(WOMEN, "kvinna"), **dict.fromkeys(MEN, "man")}
YEAR = date.today().year


def band(birth_year: int) -> str:
    age = YEAR - birth_year
    for low, high, name in ((0, 24, "under_25"), (25, 34, "25_34"), (35, 44, "35_44")):
        if low <= age <= high:
            return name
    return "45_54" if age <= 54 else "55_plus"


AGE = {**dict.fromkeys(WOMEN, band(1990)), **dict.fromkeys(MEN, band(1980))}


def _participant(client: TestClient, keys: Keys, ref: str, **facts: Any) -> None:
    create_participant(
        client,
        keys,
        ref,
        availability={"from_date": "2026-12-01"},
        experience=[
            {"occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE}, "years": 5}
        ],
        skills=[{"concept_id": HOME_CARE}],
        swedish={"level": "sva_1"},
        driving_licences=[LICENCE_B],
        home_municipality_id=STOCKHOLM,
        **facts,
    )


def _decide(
    client: TestClient, keys: Keys, shortlist_id: int, ref: str, decision: str
) -> None:
    created(
        client.post(
            f"/v1/shortlists/{shortlist_id}/decisions",
            json={"participant_ref": ref, "decision": decision},
            headers=keys.auth("matcher"),
        )
    )


@pytest.fixture(name="snapshots")
def snapshots_fixture(client: TestClient, keys: Keys) -> list[dict[str, Any]]:
    for ref in WOMEN:
        _participant(client, keys, ref, statistics_gender="woman", birth_year=1990)
    for ref in MEN:
        _participant(client, keys, ref, statistics_gender="man", birth_year=1980)
    organisation = create_organisation(client, keys)
    need = create_need(
        client,
        keys,
        organisation["id"],
        status="open",
        earliest_start="2027-01-10",
        requirements={"must": [{"kind": "skill", "concept_id": HOME_CARE}]},
    )
    made = [
        created(
            client.post(
                "/v1/shortlists",
                json={
                    "target": {"kind": "need", "id": need["id"]},
                    "purpose": "fairness test",
                    "limit": 30,
                    "seed": seed,
                },
                headers=keys.auth("matcher"),
            )
        )
        for seed in (11, 12)
    ]
    first = made[0]["id"]
    for ref in WOMEN[:8] + MEN[:5]:
        _decide(client, keys, first, ref, "proposed")
    for ref in WOMEN[:6] + MEN[:5]:
        _decide(client, keys, first, ref, "selected")
    return made


def rows_of(body: dict[str, Any], name: str) -> dict[tuple[str, ...], Any]:
    table = next(t for t in body["tables"] if t["name"] == name)
    found = {}
    for row in table["rows"]:
        cell = row["total"]
        value = H if cell["suppressed"] else cell["value"]
        found[(*row["key"].values(), row["measure"])] = value
    return found


def shown(count: int) -> int | str:
    # annat and unknown are 0 (suppressed) at every step, so each column already
    # has two suppressed members: a count shows exactly when it is 5 or more.
    return count if count >= 5 else H


def expected_steps(
    snapshots: list[dict[str, Any]], group_of: dict[str, str], groups: list[str]
) -> dict[tuple[str, ...], Any]:
    proposed = set(WOMEN[:8] + MEN[:5])
    selected = set(WOMEN[:6] + MEN[:5])
    first = snapshots[0]["id"]
    counts: dict[tuple[str, str], int] = {}
    for snapshot in snapshots:
        for result in snapshot["results"]:
            group, ref = group_of[result["participant_ref"]], result["participant_ref"]
            reached = {"eligible"}
            if result["rank"] <= 10:
                reached.add("top_10")
            if snapshot["id"] == first and ref in proposed:
                reached.add("proposed")
            if snapshot["id"] == first and ref in selected:
                reached.add("selected")
            for step in reached:
                counts[group, step] = counts.get((group, step), 0) + 1
    expected: dict[tuple[str, ...], Any] = {}
    for step in ("eligible", "top_10", "proposed", "selected"):
        for group in groups:
            expected[group, step, "results"] = shown(counts.get((group, step), 0))
        if step == "eligible":
            continue
        rates = {
            g: counts[g, step] / counts[g, "eligible"]
            for g in groups
            if isinstance(shown(counts.get((g, step), 0)), int)
        }
        best = max(rates.values())
        reference = next(g for g in groups if rates.get(g) == best)
        for g in groups:
            if g not in rates:
                continue
            ratio = rates[g] / best
            expected[g, step, "rate"] = round(rates[g], 4)
            expected[g, step, "impact_ratio"] = round(ratio, 4)
            expected[g, step, "below_four_fifths"] = float(ratio < 0.8)
            a, n = counts[g, step], counts[g, "eligible"]
            b, m = counts[reference, step], counts[reference, "eligible"]
            p = fisher_exact([[a, n - a], [b, m - b]]).pvalue
            expected[g, step, "fisher_p"] = None if g == reference else round(p, 6)
    return expected


def test_groups_at_each_step_exposure_and_congestion(
    client: TestClient, keys: Keys, snapshots: list[dict[str, Any]]
) -> None:
    assert [s["eligible_count"] for s in snapshots] == [24, 24]
    response = client.get(
        "/v1/stats/shortlist-fairness", params=PERIOD, headers=keys.auth("auditor")
    )
    assert response.status_code == 200, response.text
    body = response.json()
    overview = rows_of(body, "shortlists")
    assert overview == {
        ("all", "shortlists"): 2,
        ("all", "eligible_total"): 48,
        ("all", "stored_results"): 48,
        ("all", "eligible_complete"): 1.0,
    }
    by_gender = rows_of(body, "steps_by_gender")
    for key, value in expected_steps(snapshots, GENDER, ["kvinna", "man"]).items():
        assert by_gender[key] == value, key
    # The proposals (8 of 24 women, 5 of 24 men) flag the men below four fifths.
    assert by_gender["man", "proposed", "impact_ratio"] == 0.625
    assert by_gender["man", "proposed", "below_four_fifths"] == 1.0
    assert by_gender["annat", "proposed", "rate"] == H
    assert by_gender["unknown", "eligible", "results"] == H
    assert by_gender["all", "eligible", "results"] == 48
    by_age = rows_of(body, "steps_by_age_band")
    bands = sorted({AGE[r] for r in AGE})
    for key, value in expected_steps(snapshots, AGE, bands).items():
        assert by_age[key] == value, key
    exposure = rows_of(body, "exposure_by_gender")
    weights: dict[str, float] = {"kvinna": 0.0, "man": 0.0}
    for snapshot in snapshots:
        for result in snapshot["results"]:
            weights[GENDER[result["participant_ref"]]] += 1 / math.log2(
                1 + result["rank"]
            )
    for group in ("kvinna", "man"):
        share = weights[group] / sum(weights.values())
        assert exposure[group, "exposure_share"] == round(share, 4)
        assert exposure[group, "eligible_share"] == 0.5
    assert exposure["annat", "exposure_share"] == H
    top: dict[str, int] = dict.fromkeys(GENDER, 0)
    for snapshot in snapshots:
        for result in snapshot["results"]:
            if result["rank"] <= 10:
                top[result["participant_ref"]] += 1
    values = list(top.values())
    mean = sum(values) / len(values)
    gini = sum(abs(x - y) for x in values for y in values) / (
        2 * len(values) ** 2 * mean
    )
    most = sorted(values, reverse=True)[:2]  # 5 % of 24, rounded up
    congestion = rows_of(body, "congestion")
    assert congestion == {
        ("ranked", "participants"): 24,
        ("ranked", "top_10_places"): 20,
        ("ranked", "gini_top_10_appearances"): round(gini, 4),
        ("ranked", "top_5_percent_share"): round(sum(most) / 20, 4),
        ("pool", "participants"): 24,
        ("pool", "gini_top_10_appearances"): round(gini, 4),
    }


def test_the_report_is_audited_as_a_stats_read_naming_no_one(
    client: TestClient, keys: Keys, snapshots: list[dict[str, Any]]
) -> None:
    csv = client.get(
        "/v1/stats/shortlist-fairness",
        params=PERIOD,
        headers={**keys.auth("admin"), "Accept": "text/csv"},
    )
    assert csv.status_code == 200
    assert "steps_by_gender" in csv.text
    assert not any(ref in csv.text for ref in GENDER)
    entries = client.get(
        "/v1/audit",
        params={"object_id": "shortlist-fairness"},
        headers=keys.auth("auditor"),
    ).json()["items"]
    assert [(e["action"], e["object_type"]) for e in entries] == [
        ("stats.read", "stats")
    ]


def test_lead_times_to_the_first_shortlist_and_proposal(
    client: TestClient, keys: Keys, snapshots: list[dict[str, Any]]
) -> None:
    response = client.get(
        "/v1/stats/lead-times", params=PERIOD, headers=keys.auth("auditor")
    )
    table = next(t for t in response.json()["tables"] if t["name"] == "lead_times")

    def cells(key: str, measure: str) -> list[Any]:
        row = next(
            r
            for r in table["rows"]
            if r["key"]["lead_time"] == key and r["measure"] == measure
        )
        order = [row["by_gender"][g] for g in ("kvinna", "man", "annat")]
        return [
            H if c["suppressed"] else c["value"]
            for c in [*order, row["by_gender"]["uppgift_saknas"], row["total"]]
        ]

    assert cells("all", "registered") == [12, 12, H, H, 24]
    # Registered, shortlisted and proposed today: 0 days.
    assert cells("first_shortlist", "reached") == [12, 12, H, H, 24]
    assert cells("first_shortlist", "median_days") == [0, 0, H, H, 0]
    assert cells("first_proposal", "reached") == [8, 5, H, H, 13]
    assert cells("first_proposal", "p90_days") == [0, 0, H, H, 0]
