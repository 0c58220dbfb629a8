"""Shortlists through HTTP: rules, components, snapshots, decisions, employer view."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, Keys
from api_tests.factories import (
    DEMENTIA_CARE,
    EXCEL,
    HOME_CARE,
    HUDDINGE,
    LICENCE_B,
    LICENCE_C,
    NURSE_ASSISTANT_HOME_CARE,
    STOCKHOLM,
    create_cohort,
    create_need,
    create_organisation,
    create_participant,
    create_placement,
    create_track,
    created,
)

HOME_NURSE = "wvmE_VKa_dzo"  # Hemsjukvårdare: the same SSYK-4 group as the need
BUS_DRIVER = "6zL8_YYP_1eR"
BASIC_CARE = "x289_bKF_ihE"  # Allmän omvårdnadserfarenhet


def fits(ref: str, **overrides: Any) -> dict[str, Any]:
    """A participant who passes every rule of `open_need` (home care in Stockholm)."""
    return {
        "participant_ref": ref,
        "owning_unit": "Jobbtorg Järva",
        "home_municipality_id": STOCKHOLM,
        "availability": {"from_date": "2026-12-01"},
        "experience": [
            {"occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE}, "years": 5}
        ],
        "skills": [{"concept_id": HOME_CARE}],
        "swedish": {"level": "sva_1"},
        "driving_licences": [LICENCE_B],
        **overrides,
    }


def add(client: TestClient, keys: Keys, body: dict[str, Any]) -> dict[str, Any]:
    ref = body.pop("participant_ref")
    return create_participant(client, keys, ref, **body)


def open_need(client: TestClient, keys: Keys, **requirements: Any) -> dict[str, Any]:
    organisation = create_organisation(client, keys)
    return create_need(
        client,
        keys,
        organisation["id"],
        status="open",
        earliest_start="2027-01-10",
        latest_start="2027-02-10",
        requirements={
            "must": [{"kind": "skill", "concept_id": HOME_CARE}],
            "merits": [{"kind": "skill", "concept_id": EXCEL}],
            **requirements,
        },
    )


def shortlist(
    client: TestClient, keys: Keys, kind: str, target_id: int, **options: Any
) -> dict[str, Any]:
    body = {"target": {"kind": kind, "id": target_id}, "purpose": "test", **options}
    return created(
        client.post("/v1/shortlists", json=body, headers=keys.auth("matcher"))
    )


def refs(found: dict[str, Any]) -> list[str]:
    return [r["participant_ref"] for r in found["results"]]


def component(result: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in result["components"] if c["name"] == name)


def test_a_shortlist_ranks_explains_and_stores_its_snapshot(
    client: TestClient, keys: Keys
) -> None:
    need = open_need(client, keys)
    add(client, keys, fits("sl-exact"))
    add(
        client,
        keys,
        fits(
            "sl-group",
            experience=[{"occupation": {"concept_id": HOME_NURSE}, "years": 5}],
        ),
    )
    found = shortlist(client, keys, "need", need["id"], seed=7)
    assert refs(found) == ["sl-exact", "sl-group"]
    assert found["programme"] == "need"
    assert found["target"] == {"kind": "need", "id": need["id"]}
    assert found["seed"] == 7
    assert found["pool_size"] == 2
    assert found["eligible_count"] == 2
    assert found["algorithm_version"].startswith("jobbmatch-ranking/")
    assert found["taxonomy_version"]
    best, second = found["results"]
    assert [best["rank"], second["rank"]] == [1, 2]
    assert best["score"] > second["score"]
    occupation = component(best, "occupation")
    assert occupation["value"] == pytest.approx(1.0)
    assert occupation["evidence"][0]["relation"] == "same_occupation"
    assert occupation["evidence"][0]["matched"]["concept_id"] == (
        NURSE_ASSISTANT_HOME_CARE
    )
    assert component(second, "occupation")["evidence"][0]["relation"] == "same_ssyk4"
    for result in found["results"]:
        total = sum(c["contribution"] for c in result["components"])
        assert total == pytest.approx(result["score"], abs=1e-6)
    assert {m["required"]["concept_id"] for m in best["missing"]} == {EXCEL}
    assert best["missing"][0]["required"]["label"] == "MS Excel"
    stored = client.get(f"/v1/shortlists/{found['id']}", headers=keys.auth("matcher"))
    assert stored.status_code == 200
    assert stored.json() == found


def test_hard_rules_exclude_count_and_hint(client: TestClient, keys: Keys) -> None:
    need = open_need(
        client,
        keys,
        swedish="sfi_d",
        must=[
            {"kind": "skill", "concept_id": HOME_CARE},
            {"kind": "driving_licence", "concept_id": LICENCE_B},
        ],
    )
    add(client, keys, fits("rule-ok"))
    add(client, keys, fits("rule-c-licence", driving_licences=[LICENCE_C]))
    add(client, keys, fits("rule-no-licence", driving_licences=[]))
    add(client, keys, fits("rule-sfi-b", swedish={"level": "sfi_b"}))
    add(client, keys, fits("rule-far", home_municipality_id=HUDDINGE))
    add(
        client,
        keys,
        fits(
            "rule-mobile",
            home_municipality_id=HUDDINGE,
            mobility={"municipality_ids": [STOCKHOLM]},
        ),
    )
    add(client, keys, fits("rule-late", availability={"from_date": "2027-06-01"}))
    add(
        client,
        keys,
        fits("rule-two", driving_licences=[], swedish={"level": "sfi_a"}),
    )
    found = shortlist(client, keys, "need", need["id"])
    assert sorted(refs(found)) == ["rule-c-licence", "rule-mobile", "rule-ok"]
    assert found["pool_size"] == 8
    assert found["eligible_count"] == 3
    excluded = found["excluded_by_rule"]
    assert excluded["driving_licence"] == 2
    assert excluded["swedish"] == 2
    assert excluded["location"] == 1
    assert excluded["availability"] == 1
    hints = found["relaxation_hints"]
    # rule-two fails two rules, so dropping either alone would not let it in.
    assert hints["driving_licence"] == 1
    assert hints["swedish"] == 1
    assert hints["location"] == 1


def test_strict_skills_makes_must_skills_a_rule(client: TestClient, keys: Keys) -> None:
    need = open_need(client, keys)
    add(client, keys, fits("strict-has"))
    add(client, keys, fits("strict-lacks", skills=[]))
    soft = shortlist(client, keys, "need", need["id"])
    assert refs(soft) == ["strict-has", "strict-lacks"]
    strict = shortlist(client, keys, "need", need["id"], strict_skills=True)
    assert refs(strict) == ["strict-has"]
    assert strict["excluded_by_rule"]["must_skills"] == 1


def test_the_same_seed_gives_the_same_order(client: TestClient, keys: Keys) -> None:
    need = open_need(client, keys)
    for n in range(8):
        add(client, keys, fits(f"twin-{n}"))
    first = shortlist(client, keys, "need", need["id"], seed=42)
    again = shortlist(client, keys, "need", need["id"], seed=42)
    other = shortlist(client, keys, "need", need["id"], seed=43)
    assert refs(first) == refs(again)
    assert sorted(refs(first)) == sorted(refs(other))
    assert refs(first) != refs(other)
    drawn = shortlist(client, keys, "need", need["id"])
    assert isinstance(drawn["seed"], int)


def test_protected_grounds_never_move_a_score(client: TestClient, keys: Keys) -> None:
    need = open_need(client, keys)
    add(client, keys, fits("ground-a"))
    add(client, keys, fits("ground-b", skills=[]))
    before = shortlist(client, keys, "need", need["id"], seed=1)
    for ref, change in (
        ("ground-a", {"statistics_gender": "woman", "birth_year": 1961}),
        ("ground-b", {"statistics_gender": "man", "owning_unit": "Jobbtorg Söder"}),
    ):
        patched = client.patch(
            f"/v1/participants/{ref}", json=change, headers=keys.auth("matcher")
        )
        assert patched.status_code == 200, patched.text
    after = shortlist(client, keys, "need", need["id"], seed=1)
    assert [(r["participant_ref"], r["score"]) for r in after["results"]] == [
        (r["participant_ref"], r["score"]) for r in before["results"]
    ]


def test_a_snapshot_stays_as_it_was_after_the_participant_changes(
    client: TestClient, keys: Keys
) -> None:
    need = open_need(client, keys)
    add(client, keys, fits("snap-1"))
    found = shortlist(client, keys, "need", need["id"])
    changed = client.patch(
        "/v1/participants/snap-1",
        json={"skills": [{"concept_id": DEMENTIA_CARE}]},
        headers=keys.auth("matcher"),
    )
    assert changed.status_code == 200, changed.text
    again = client.get(f"/v1/shortlists/{found['id']}", headers=keys.auth("matcher"))
    assert again.json() == found
    fresh = shortlist(client, keys, "need", need["id"])
    # Home care is now only implied by the experience, at reduced credit.
    must = component(fresh["results"][0], "must_skills")
    assert component(found["results"][0], "must_skills")["value"] == 1.0
    assert must["value"] < 1.0
    assert [e["relation"] for e in must["evidence"]] == ["implied"]


def test_a_write_shows_in_the_next_shortlist(client: TestClient, keys: Keys) -> None:
    need = open_need(client, keys)
    add(client, keys, fits("next-1"))
    assert refs(shortlist(client, keys, "need", need["id"])) == ["next-1"]
    add(client, keys, fits("next-2", skills=[]))
    assert refs(shortlist(client, keys, "need", need["id"])) == ["next-1", "next-2"]
    gone = client.delete("/v1/participants/next-1", headers=keys.auth("matcher"))
    assert gone.status_code == 204, gone.text
    assert refs(shortlist(client, keys, "need", need["id"])) == ["next-2"]


def cohort_with(
    client: TestClient, keys: Keys, seats: int = 1, **track: Any
) -> dict[str, Any]:
    made = create_track(
        client,
        keys,
        kind="jobbspar",
        steps=[
            {
                "kind": "yrkesvux",
                "provider": "Komvux Järva",
                "weeks": 12,
                "skill_ids": [DEMENTIA_CARE, BASIC_CARE],
            }
        ],
        **track,
    )
    return create_cohort(client, keys, made["id"], seats=seats)


def test_a_cohort_sees_who_will_fit_after_the_training(
    client: TestClient, keys: Keys
) -> None:
    cohort = cohort_with(
        client,
        keys,
        seats=5,
        entry_requirements={
            "merits": [
                {"kind": "skill", "concept_id": DEMENTIA_CARE},
                {"kind": "skill", "concept_id": BASIC_CARE},
            ]
        },
    )
    add(client, keys, fits("train-none", experience=[], skills=[]))
    found = shortlist(client, keys, "cohort", cohort["id"])
    assert found["programme"] == "jobbspar"
    result = found["results"][0]
    post = component(result, "post_training")
    assert post["value"] == pytest.approx(1.0)
    assert post["baseline"] == pytest.approx(0.0)
    assert {e["relation"] for e in post["evidence"]} == {"taught"}
    assert all(m["taught"] for m in result["missing"])


def test_selecting_for_a_cohort_enrols_and_a_full_cohort_refuses(
    client: TestClient, keys: Keys
) -> None:
    cohort = cohort_with(client, keys, seats=1)
    add(client, keys, fits("sel-1"))
    add(client, keys, fits("sel-2"))
    found = shortlist(client, keys, "cohort", cohort["id"])
    url = f"/v1/shortlists/{found['id']}/decisions"
    first = client.post(
        url,
        json={"participant_ref": "sel-1", "decision": "selected"},
        headers=keys.auth("matcher"),
    )
    assert first.status_code == 201, first.text
    decision = first.json()
    assert decision["decision"] == "selected"
    assert decision["decided_by_role"] == "matcher"
    enrolment = client.get(
        f"/v1/enrolments/{decision['enrolment_id']}", headers=keys.auth("matcher")
    ).json()
    assert enrolment["stage"] == "selected_by_employer"
    assert enrolment["cohort_id"] == cohort["id"]
    full = client.post(
        url,
        json={"participant_ref": "sel-2", "decision": "selected"},
        headers=keys.auth("matcher"),
    )
    assert full.status_code == 409
    assert full.headers["content-type"] == PROBLEM
    listed = client.get(
        "/v1/enrolments?participant_ref=sel-2", headers=keys.auth("matcher")
    ).json()
    assert listed["total"] == 0
    stored = client.get(f"/v1/shortlists/{found['id']}", headers=keys.auth("matcher"))
    assert [d["participant_ref"] for d in stored.json()["decisions"]] == ["sel-1"]
    seats = client.get(f"/v1/cohorts/{cohort['id']}", headers=keys.auth("liaison"))
    assert seats.json()["seats_taken"] == 1


def test_decisions_need_a_reason_and_a_shortlisted_participant(
    client: TestClient, keys: Keys
) -> None:
    need = open_need(client, keys)
    add(client, keys, fits("why-1"))
    found = shortlist(client, keys, "need", need["id"])
    url = f"/v1/shortlists/{found['id']}/decisions"
    no_reason = client.post(
        url,
        json={"participant_ref": "why-1", "decision": "not_selected"},
        headers=keys.auth("matcher"),
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"][0]["field"] == "reason"
    stranger = client.post(
        url,
        json={"participant_ref": "someone-else", "decision": "proposed"},
        headers=keys.auth("matcher"),
    )
    assert stranger.status_code == 422
    assert stranger.json()["errors"][0]["rule"] == "not_on_shortlist"
    ok = client.post(
        url,
        json={
            "participant_ref": "why-1",
            "decision": "not_selected",
            "reason": "participant_declined",
        },
        headers=keys.auth("matcher"),
    )
    assert ok.status_code == 201, ok.text


def test_the_employer_view_shows_only_what_was_consented(
    client: TestClient, keys: Keys
) -> None:
    need = open_need(client, keys)
    add(
        client,
        keys,
        fits(
            "emp-1",
            consents={"shared_with_employers": ["skills"], "given_at": "2026-11-01"},
            eligibility=[
                {
                    "basis": "af_registered",
                    "decided_by": "Arbetsförmedlingen",
                    "decided_at": "2026-01-01",
                }
            ],
        ),
    )
    add(client, keys, fits("emp-2"))
    found = shortlist(client, keys, "need", need["id"])
    view = client.get(f"/v1/shortlists/{found['id']}", headers=keys.auth("liaison"))
    assert view.status_code == 200, view.text
    body = view.json()
    assert set(body) == {"id", "created_at", "target", "programme", "candidates"}
    by_rank = {c["rank"]: c for c in body["candidates"]}
    first = next(c for c in body["candidates"] if c["shared_categories"])
    assert first["participant_ref"] is None
    assert first["proposed"] is False
    assert first["shared"]["skills"] == [
        {"concept_id": HOME_CARE, "label": "Hemtjänst"}
    ]
    assert first["shared"]["experience"] is None
    assert first["shared"]["driving_licences"] is None
    text = view.text
    for secret in ("af_registered", "Jobbtorg", "waiting", "eligibility", "emp-1"):
        assert secret not in text
    assert len(by_rank) == 2
    proposed = client.post(
        f"/v1/shortlists/{found['id']}/decisions",
        json={"participant_ref": "emp-1", "decision": "proposed"},
        headers=keys.auth("matcher"),
    )
    assert proposed.status_code == 201, proposed.text
    again = client.get(f"/v1/shortlists/{found['id']}", headers=keys.auth("liaison"))
    named = [c for c in again.json()["candidates"] if c["participant_ref"]]
    assert [(c["participant_ref"], c["proposed"]) for c in named] == [("emp-1", True)]


def test_the_reverse_direction_lists_a_participants_options(
    client: TestClient, keys: Keys
) -> None:
    need = open_need(client, keys)
    strict = open_need(client, keys, swedish="sva_3")
    add(client, keys, fits("rev-1"))
    response = client.post(
        "/v1/participants/rev-1/matches",
        json={"purpose": "vägledning"},
        headers=keys.auth("matcher"),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["participant_ref"] == "rev-1"
    by_target = {
        m["target"]["id"]: m for m in body["matches"] if m["target"]["kind"] == "need"
    }
    assert by_target[need["id"]]["eligible"] is True
    assert by_target[strict["id"]]["eligible"] is False
    assert [f["code"] for f in by_target[strict["id"]]["failed_rules"]] == ["swedish"]
    kinds = [m["eligible"] for m in body["matches"]]
    assert kinds == sorted(kinds, reverse=True)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"target": {"kind": "need", "id": 1}}, "purpose"),
        ({"purpose": "x", "target": {"kind": "need", "id": 1}, "limit": 201}, "limit"),
        (
            {
                "purpose": "x",
                "target": {"kind": "need", "id": 1},
                "weights": {"luck": 1},
            },
            "weights.luck",
        ),
        (
            {
                "purpose": "x",
                "target": {"kind": "need", "id": 1},
                "weights": {"waiting": 0.9},
            },
            "weights.waiting",
        ),
    ],
)
def test_bad_requests_name_the_field(
    client: TestClient, keys: Keys, body: dict[str, Any], field: str
) -> None:
    need = open_need(client, keys)
    body["target"]["id"] = need["id"]
    response = client.post("/v1/shortlists", json=body, headers=keys.auth("matcher"))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert field in {e["field"] for e in response.json()["errors"]}


def test_targets_that_take_no_candidates(client: TestClient, keys: Keys) -> None:
    organisation = create_organisation(client, keys)
    draft = create_need(client, keys, organisation["id"])
    for target, status in (
        ({"kind": "need", "id": 10**6}, 404),
        ({"kind": "cohort", "id": 10**6}, 404),
        ({"kind": "placement", "id": 10**6}, 404),
        ({"kind": "need", "id": draft["id"]}, 409),
    ):
        response = client.post(
            "/v1/shortlists",
            json={"target": target, "purpose": "test"},
            headers=keys.auth("matcher"),
        )
        assert response.status_code == status, (target, response.text)
        assert response.headers["content-type"] == PROBLEM
    ended = create_placement(
        client,
        keys,
        organisation["id"],
        start_date="2025-01-01",
        end_date="2025-03-01",
    )
    response = client.post(
        "/v1/shortlists",
        json={"target": {"kind": "placement", "id": ended["id"]}, "purpose": "t"},
        headers=keys.auth("matcher"),
    )
    assert response.status_code == 409


def test_liaisons_read_but_never_rank(client: TestClient, keys: Keys) -> None:
    need = open_need(client, keys)
    response = client.post(
        "/v1/shortlists",
        json={"target": {"kind": "need", "id": need["id"]}, "purpose": "t"},
        headers=keys.auth("liaison"),
    )
    assert response.status_code == 403
    listed = client.get("/v1/shortlists", headers=keys.auth("liaison"))
    assert listed.status_code == 403


def test_shortlists_are_listed_and_filtered(client: TestClient, keys: Keys) -> None:
    need = open_need(client, keys)
    other = open_need(client, keys)
    add(client, keys, fits("list-1"))
    first = shortlist(client, keys, "need", need["id"])
    shortlist(client, keys, "need", other["id"])
    response = client.get(
        f"/v1/shortlists?target_kind=need&target_id={need['id']}",
        headers=keys.auth("matcher"),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    assert body["items"][0]["id"] == first["id"]
    assert body["items"][0]["result_count"] == 1


def test_a_unit_key_ranks_only_its_units(client: TestClient, keys: Keys) -> None:
    need = open_need(client, keys)
    add(client, keys, fits("unit-mine", owning_unit="Jobbtorg Järva"))
    add(client, keys, fits("unit-theirs", owning_unit="Jobbtorg Söder"))
    made = client.post(
        "/v1/keys",
        json={"name": "järva matcher", "role": "matcher", "units": ["Jobbtorg Järva"]},
        headers=keys.auth("admin"),
    )
    assert made.status_code == 201, made.text
    mine = {"Authorization": f"Bearer {made.json()['key']}"}
    found = client.post(
        "/v1/shortlists",
        json={"target": {"kind": "need", "id": need["id"]}, "purpose": "t"},
        headers=mine,
    )
    assert found.status_code == 201, found.text
    assert refs(found.json()) == ["unit-mine"]
    assert found.json()["pool_size"] == 1
    every = shortlist(client, keys, "need", need["id"])
    hidden = client.get(f"/v1/shortlists/{every['id']}", headers=mine)
    assert hidden.status_code == 404


def test_every_shortlist_is_audited_with_its_purpose_and_people(
    client: TestClient, keys: Keys
) -> None:
    need = open_need(client, keys)
    add(client, keys, fits("aud-1"))
    found = shortlist(client, keys, "need", need["id"], purpose="placering vecka 49")
    trail = client.get(
        "/v1/audit?object_id=aud-1", headers=keys.auth("auditor")
    ).json()["items"]
    entry = next(e for e in trail if e["action"] == "participant.shortlist")
    assert entry["purpose"] == "placering vecka 49"
    own = client.get(
        f"/v1/audit?object_id={found['id']}", headers=keys.auth("auditor")
    ).json()["items"]
    assert "shortlist.create" in {e["action"] for e in own}


PRIMARY_SCHOOL = "m5ZS_gKU_d4v"  # SUN 2: förgymnasial, below gymnasial (3)
UPPER_SECONDARY = "wyLL_K3a_HRC"
ENGLISH = "NVxJ_hLg_TYS"
REGISTERED = {
    "basis": "af_registered",
    "decided_by": "Arbetsförmedlingen",
    "decided_at": "2026-01-05",
}


@pytest.mark.parametrize(
    ("code", "need", "failing"),
    [
        (
            "worktime",
            {"worktime_extent": "full_time"},
            {
                "availability": {
                    "from_date": "2026-12-01",
                    "worktime_extent": "part_time",
                }
            },
        ),
        (
            "language",
            {"requirements": {"languages": [{"language_id": ENGLISH, "level": "b2"}]}},
            {"languages": [{"language_id": ENGLISH, "level": "a2"}]},
        ),
        (
            "education",
            {
                "requirements": {
                    "must": [{"kind": "education_level", "concept_id": UPPER_SECONDARY}]
                }
            },
            {"education": {"level_id": PRIMARY_SCHOOL}},
        ),
        (
            "minimum_age",
            {
                "requirements": {
                    "minimum_age": 18,
                    "minimum_age_basis": "alkohollagen 3 kap. 5 §",
                }
            },
            {"birth_year": 2012},
        ),
    ],
)
def test_each_need_rule_excludes_counts_and_hints(
    client: TestClient,
    keys: Keys,
    code: str,
    need: dict[str, Any],
    failing: dict[str, Any],
) -> None:
    organisation = create_organisation(client, keys)
    made = create_need(
        client,
        keys,
        organisation["id"],
        status="open",
        earliest_start="2027-01-10",
        **need,
    )
    add(
        client,
        keys,
        fits(
            f"{code}-ok",
            languages=[{"language_id": ENGLISH, "level": "c1"}],
            education={"level_id": UPPER_SECONDARY},
            birth_year=1990,
        ),
    )
    add(client, keys, fits(f"{code}-fails", **failing))
    found = shortlist(client, keys, "need", made["id"])
    assert refs(found) == [f"{code}-ok"]
    assert found["excluded_by_rule"] == {
        **dict.fromkeys(found["excluded_by_rule"], 0),
        code: 1,
    }
    assert found["relaxation_hints"][code] == 1


def test_programme_rules_of_placements(client: TestClient, keys: Keys) -> None:
    host = create_organisation(client, keys)
    praktik = create_placement(client, keys, host["id"], capacity=2)
    jobb = create_placement(
        client,
        keys,
        host["id"],
        programme="stockholmsjobb",
        support_form="none",
        supervisor_ref=None,
    )
    add(client, keys, fits("prog-registered", eligibility=[REGISTERED]))
    add(client, keys, fits("prog-none"))
    praktik_list = shortlist(client, keys, "placement", praktik["id"])
    assert refs(praktik_list) == ["prog-registered"]
    assert praktik_list["excluded_by_rule"]["praktik_eligibility"] == 1
    jobb_list = shortlist(client, keys, "placement", jobb["id"])
    assert refs(jobb_list) == []
    assert jobb_list["excluded_by_rule"]["stockholmsjobb_eligibility"] == 2


def test_a_full_cohort_excludes_everyone_by_seats(
    client: TestClient, keys: Keys
) -> None:
    cohort = cohort_with(client, keys, seats=1)
    add(client, keys, fits("seat-1"))
    add(client, keys, fits("seat-2"))
    first = shortlist(client, keys, "cohort", cohort["id"])
    selected = client.post(
        f"/v1/shortlists/{first['id']}/decisions",
        json={"participant_ref": "seat-1", "decision": "selected"},
        headers=keys.auth("matcher"),
    )
    assert selected.status_code == 201, selected.text
    full = shortlist(client, keys, "cohort", cohort["id"])
    assert refs(full) == []
    assert full["excluded_by_rule"]["seats"] == 2
    # seat-1 is also busy in the cohort it now holds a seat in.
    assert full["excluded_by_rule"]["busy"] == 1
    assert full["relaxation_hints"]["seats"] == 1


def test_entry_requirements_of_a_track_are_a_rule(
    client: TestClient, keys: Keys
) -> None:
    cohort = cohort_with(
        client,
        keys,
        seats=3,
        entry_requirements={"must": [{"kind": "skill", "concept_id": HOME_CARE}]},
    )
    add(client, keys, fits("entry-ok"))
    add(client, keys, fits("entry-no", skills=[], experience=[]))
    found = shortlist(client, keys, "cohort", cohort["id"])
    assert refs(found) == ["entry-ok"]
    assert found["excluded_by_rule"]["entry_requirements"] == 1
