"""Indicators through HTTP, checked by hand against a cohort whose people we know.

One recruitment training with one cohort (2 March to 30 June 2026) and 19
participants: 8 women, 6 men, 5 whose gender is unknown (3 not stated, 2 never
given), nobody "annat". Every path goes through training, started on 2 March:

- women k0-k5 hired (k5 not yet followed up), k6 dropped out to CSN studies on
  1 April, k7 still in training;
- men m0-m4 hired, m5 still in training;
- unknown u0-u4 hired into subsidised work (any work, not Kolada work).

The expected figures below are worked out from this list and the rule in
docs/stats.md (cells under 5 suppressed, and the smallest other part of any
group with exactly one suppressed member), not by calling the service's code.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, Keys
from api_tests.factories import (
    create_cohort,
    create_organisation,
    create_participant,
    create_placement,
    create_track,
)

H = "H"  # a suppressed cell in the expectations below
START, END = "2026-03-02", "2026-06-30"
# Through tomorrow (UTC): records a run makes just after midnight still fall inside.
PERIOD = {
    "from": "2026-01-01",
    "to": (datetime.now(UTC).date() + timedelta(days=1)).isoformat(),
}
GENDERS = ("kvinna", "man", "annat", "uppgift_saknas")
WOMEN = [f"st-k{n}" for n in range(8)]
MEN = [f"st-m{n}" for n in range(6)]
UNKNOWN = [f"st-u{n}" for n in range(5)]
FUNNEL = ("info_meeting", "assessed", "selected_by_employer")


def _hired(
    reason: str = "work_unsubsidised", after_90: str | None = "work_unsubsidised"
) -> dict[str, Any]:
    outcome: dict[str, Any] = {
        "exit_date": "2026-07-01",
        "exit_reason": reason,
        "hired_by_employer": True,
    }
    if after_90:
        outcome["status_after_90_days"] = after_90
    return outcome


def _move(client: TestClient, keys: Keys, enrolment_id: int, **body: Any) -> None:
    moved = client.patch(
        f"/v1/enrolments/{enrolment_id}", json=body, headers=keys.auth("matcher")
    )
    assert moved.status_code == 200, moved.text


def _walk(
    client: TestClient, keys: Keys, cohort_id: int, ref: str, end: str, **extra: Any
) -> None:
    enrolled = client.post(
        f"/v1/cohorts/{cohort_id}/enrolments",
        json={"participant_ref": ref},
        headers=keys.auth("matcher"),
    )
    assert enrolled.status_code == 201, enrolled.text
    eid = enrolled.json()["id"]
    for stage in FUNNEL:
        _move(client, keys, eid, stage=stage, happened_on="2026-02-15")
    _move(client, keys, eid, stage="in_training", happened_on=START)
    if end == "training":
        return
    if end == "dropped_out":
        _move(
            client,
            keys,
            eid,
            stage="dropped_out",
            happened_on="2026-04-01",
            outcome={
                "exit_date": "2026-04-01",
                "exit_reason": "studies_csn",
                "hired_by_employer": False,
                "not_hired_reason": "left_early",
            },
        )
        return
    _move(client, keys, eid, stage="completed", happened_on=END)
    _move(client, keys, eid, stage="hired", happened_on="2026-07-01", **extra)


@pytest.fixture(name="cohort")
def cohort_fixture(client: TestClient, keys: Keys) -> dict[str, Any]:
    employer = create_organisation(client, keys)
    track = create_track(client, keys, employer_ids=[employer["id"]])
    cohort = create_cohort(
        client,
        keys,
        track["id"],
        seats=30,
        start_date=START,
        end_date=END,
        selection_deadline="2026-02-20",
    )
    for ref in WOMEN:
        create_participant(client, keys, ref, statistics_gender="woman")
    for ref in MEN:
        create_participant(client, keys, ref, statistics_gender="man")
    for n, ref in enumerate(UNKNOWN):
        given = {"statistics_gender": "not_stated"} if n < 3 else {}
        create_participant(client, keys, ref, **given)
    for ref in WOMEN[:5] + MEN[:5]:
        _walk(client, keys, cohort["id"], ref, "hired", outcome=_hired())
    _walk(client, keys, cohort["id"], "st-k5", "hired", outcome=_hired(after_90=None))
    _walk(client, keys, cohort["id"], "st-k6", "dropped_out")
    _walk(client, keys, cohort["id"], "st-k7", "training")
    _walk(client, keys, cohort["id"], "st-m5", "training")
    for ref in UNKNOWN:
        subsidised = _hired("work_subsidised", "work_subsidised")
        _walk(client, keys, cohort["id"], ref, "hired", outcome=subsidised)
    return cohort


def stats(
    client: TestClient, keys: Keys, name: str, role: str = "auditor", **params: Any
) -> dict[str, Any]:
    response = client.get(
        f"/v1/stats/{name}", params={**PERIOD, **params}, headers=keys.auth(role)
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def cells(row: dict[str, Any]) -> list[Any]:
    """[kvinna, man, annat, uppgift_saknas, total], H for suppressed."""

    def one(cell: dict[str, Any]) -> Any:
        if cell["suppressed"]:
            assert cell["value"] is None
            return H
        return cell["value"]

    by_gender = row["by_gender"]
    parts = [one(by_gender[g]) for g in GENDERS] if by_gender else []
    return [*parts, one(row["total"])]


def table(body: dict[str, Any], name: str) -> dict[tuple[str, str], list[Any]]:
    """{(the key's values joined by '/', measure): cells} of one table."""
    found = next(t for t in body["tables"] if t["name"] == name)
    return {
        ("/".join(row["key"].values()), row["measure"]): cells(row)
        for row in found["rows"]
    }


ALL_HIDDEN = [H, H, H, H, H]


class TestParticipantsPerStage:
    def test_counts_by_stage_are_suppressed_also_by_subtraction(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        body = stats(client, keys, "stages")
        assert body["indicator"] == "stages"
        assert body["period"] == PERIOD
        rows = table(body, "enrolments_by_stage")
        # Hired: 6 women, 5 men, 0 annat, 5 unknown, 16. The lone 0 would follow
        # from 16 - 6 - 5 - 5, so the smallest other part (men, 5; ties go to the
        # first) is suppressed too.
        assert rows["hired", "enrolments"] == [6, H, H, 5, 16]
        # All: 8, 6, 0, 5 = 19: the 0 and then the unknown 5 (smallest) hidden.
        assert rows["all", "enrolments"] == [8, 6, H, H, 19]
        for stage in ("interested", "in_training", "completed", "dropped_out"):
            assert rows[stage, "enrolments"] == ALL_HIDDEN

    def test_filters_select_the_insats_and_the_people(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        track = stats(client, keys, "stages", track_id=cohort["track_id"])
        assert table(track, "enrolments_by_stage")["all", "enrolments"] == [
            8,
            6,
            H,
            H,
            19,
        ]
        assert track["filters"] == {"track_id": cohort["track_id"]}
        other = stats(client, keys, "stages", programme="jobbspar")
        assert table(other, "enrolments_by_stage")["all", "enrolments"] == ALL_HIDDEN
        nobody = stats(client, keys, "stages", owning_unit="Jobbtorg Nowhere")
        assert table(nobody, "enrolments_by_stage")["all", "enrolments"] == ALL_HIDDEN
        before = stats(
            client, keys, "stages", **{"from": "2025-01-01", "to": "2025-12-31"}
        )
        assert table(before, "enrolments_by_stage")["all", "enrolments"] == ALL_HIDDEN

    def test_as_csv_with_suppressed_cells_marked(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        response = client.get(
            "/v1/stats/stages",
            params=PERIOD,
            headers={**keys.auth("auditor"), "Accept": "text/csv"},
        )
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        lines = response.text.splitlines()
        assert lines[0] == ("table,stage,measure,total,kvinna,man,annat,uppgift_saknas")
        assert "enrolments_by_stage,hired,enrolments,16,6,..,..,5" in lines
        assert "enrolments_by_stage,all,enrolments,19,8,6,..,.." in lines
        assert len(lines) == 1 + 11


class TestOutcomes:
    def test_after_a_track_hired_any_work_csn_and_drop_outs(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        rows = table(stats(client, keys, "outcomes"), "outcomes_after_track")
        kind = "rekryteringsutbildning"
        # 17 exits: 7 women (6 hired, 1 dropped out), 5 men, 5 unknown.
        for key in (kind, "all"):
            assert rows[key, "exits"] == [7, H, H, 5, 17]
            assert rows[key, "hired_by_employer"] == [6, H, H, 5, 16]
            # Any work at 90 days: 5 women (k5 not followed up), 5 men, and the
            # 5 unknown in subsidised work: 15; the lone 0 takes the women's 5.
            assert rows[key, "work_within_90_days"] == [H, 5, H, 5, 15]
            assert rows[key, "csn_studies"] == ALL_HIDDEN
            assert rows[key, "dropped_out"] == ALL_HIDDEN
            assert rows[key, "share_hired_by_employer"] == [
                round(6 / 7, 4),
                H,
                H,
                1.0,
                round(16 / 17, 4),
            ]
            assert rows[key, "share_work_within_90_days"] == [H, H, H, 1.0, 0.8824]
            assert rows[key, "share_csn_studies"] == ALL_HIDDEN
        assert {key for key, _ in rows} == {kind, "all"}

    def test_kolada_exit_result_does_not_count_subsidised_work(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        rows = table(stats(client, keys, "exit-result"), "exit_result")
        for key in ("rekryteringsutbildning", "all"):
            assert rows[key, "exits"] == [7, H, H, 5, 17]
            # Work lasting a month: 5 women, 5 men; the unknown's subsidised
            # work is not work.
            assert rows[key, "work_lasting_a_month"] == [5, 5, H, H, 10]
            assert rows[key, "csn_studies"] == ALL_HIDDEN
            assert rows[key, "result"] == [6, 5, H, H, 11]
            assert rows[key, "awaiting_follow_up"] == ALL_HIDDEN
            assert rows[key, "share_result"] == [round(6 / 7, 4), H, H, H, 0.6471]


class TestPlansChainsAndLockIn:
    def test_active_plan_chains_and_lead_times(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        plan = table(stats(client, keys, "active-plan"), "active_plan")
        assert plan["all", "participants"] == [8, 6, H, H, 19]
        assert plan["active", "participants"] == ALL_HIDDEN  # k7 and m5
        assert plan["active", "share"] == ALL_HIDDEN
        chains = stats(client, keys, "chains")
        lengths = table(chains, "chains")
        assert lengths["1", "participants"] == [8, 6, H, H, 19]
        assert lengths["2", "participants"] == ALL_HIDDEN
        assert lengths["all", "step_changes"] == ALL_HIDDEN
        patterns = table(chains, "chain_patterns")
        assert patterns["rekryteringsutbildning", "participants"] == [8, 6, H, H, 19]
        lead = table(stats(client, keys, "lead-times"), "lead_times")
        assert lead["all", "registered"] == [8, 6, H, H, 19]
        # Training began on 2 March, before the records were made here today.
        assert lead["enrolment_start", "before_registration"] == [8, 6, H, H, 19]
        assert lead["enrolment_start", "reached"] == ALL_HIDDEN
        assert lead["first_shortlist", "median_days"] == ALL_HIDDEN

    def test_lock_in_counts_and_the_matchers_list(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        rows = table(stats(client, keys, "lock-in"), "lock_in")
        assert rows["rekryteringsutbildning", "open_started"] == ALL_HIDDEN
        assert rows["all", "locked_in"] == ALL_HIDDEN
        listed = client.get(
            "/v1/stats/lock-in/participants",
            params=PERIOD,
            headers=keys.auth("matcher"),
        )
        assert listed.status_code == 200, listed.text
        started = date.fromisoformat(START)
        planned = (date.fromisoformat(END) - started).days
        days = (date.fromisoformat(PERIOD["to"]) - started).days
        assert planned == 120
        assert listed.json() == {
            "as_of": PERIOD["to"],
            "grace_days": 0,
            "items": [
                {
                    "participant_ref": ref,
                    "enrolment_id": item["enrolment_id"],
                    "programme": "rekryteringsutbildning",
                    "cohort_id": cohort["id"],
                    "placement_id": None,
                    "started_on": START,
                    "planned_days": planned,
                    "days_in_insats": days,
                }
                for ref, item in zip(
                    ["st-k7", "st-m5"], listed.json()["items"], strict=True
                )
            ],
        }
        generous = client.get(
            "/v1/stats/lock-in/participants",
            params={**PERIOD, "grace_days": days - planned},
            headers=keys.auth("matcher"),
        )
        assert generous.json()["items"] == []


class TestEmployerSide:
    def test_tracks_cohorts_and_seats(
        self, client: TestClient, keys: Keys, cohort: dict[str, Any]
    ) -> None:
        body = stats(client, keys, "tracks")
        phases = table(body, "tracks_by_phase")
        assert phases["rekryteringsutbildning/planning", "tracks"] == [1]
        assert phases["jobbspar/planning", "tracks"] == [0]
        statuses = table(body, "cohorts_by_status")
        assert statuses["planned", "cohorts"] == [1]
        assert statuses["planned", "seats_offered"] == [30]
        assert statuses["all", "seats_offered"] == [30]
        # k7 and m5 hold a seat in training at the period's end.
        assert statuses["planned", "seats_filled"] == ALL_HIDDEN
        liaison = stats(client, keys, "tracks", role="liaison")
        assert table(liaison, "cohorts_by_status")["all", "seats_filled"] == [H]

    @pytest.mark.parametrize("start", ["=", "+", "-", "@"])
    def test_needs_and_placements_by_host_with_formula_safe_csv(
        self, client: TestClient, keys: Keys, start: str
    ) -> None:
        name = f"{start}Värdföretaget AB"
        host = create_organisation(client, keys, name=name)
        for n in range(2):
            create_placement(
                client,
                keys,
                host["id"],
                start_date="2026-03-01",
                capacity=3,
                supervisor_ref=f"handledare-{n}",
                supervisor_capacity=3,
            )
        body = stats(client, keys, "placements", role="liaison")
        rows = table(body, "placements_by_host")
        assert rows[f"praktik/{host['id']}/{name}", "placements"] == [2]
        assert rows[f"praktik/{host['id']}/{name}", "places"] == [6]
        assert rows["all/all/all", "participants"] == [H]
        csv = client.get(
            "/v1/stats/placements",
            params=PERIOD,
            headers={**keys.auth("liaison"), "Accept": "text/csv"},
        ).text
        assert (
            f"placements_by_host,'{name},{host['id']},praktik,"
            "placements,2,,,," in csv.splitlines()
        )


class TestAccess:
    @pytest.mark.parametrize("role", ["liaison", "matcher", "integration"])
    def test_people_indicators_are_for_auditors_and_admins(
        self, client: TestClient, keys: Keys, role: str
    ) -> None:
        response = client.get("/v1/stats/stages", headers=keys.auth(role))
        assert response.status_code == 403
        assert response.headers["content-type"] == PROBLEM

    def test_a_period_that_ends_before_it_starts_is_a_422_problem(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.get(
            "/v1/stats/needs",
            params={"from": "2026-05-01", "to": "2026-04-01"},
            headers=keys.auth("admin"),
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == PROBLEM
