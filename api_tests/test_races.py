"""Races through HTTP against `jobbmatch serve --workers 2` (issue 10's examples).

The app runs as an operator runs it: two worker processes on one database (a fresh
PostgreSQL schema, or a SQLite file), served once for the module. Each example is
repeated `TRIALS` times on fresh records, with `CLIENTS` requests released together
by a barrier, so a lost update, a double-counted seat or a 500 from a unique
violation would show in some trial. Start-up itself is raced too: two workers
preparing an empty database at once.
"""

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from api_tests.conftest import cli, shared_taxonomy
from api_tests.factories import NURSE_ASSISTANT_HOME_CARE, STOCKHOLM
from api_tests.live import STARTED, serve_workers

pytestmark = pytest.mark.needs_shared_taxonomy

TRIALS = 20
CLIENTS = 20
# Each start-up is a few seconds of process start; 20 of them passed once (4 min).
STARTUP_TRIALS = 5
DROP_OUT = {
    "stage": "dropped_out",
    "outcome": {
        "exit_date": "2027-02-10",
        "exit_reason": "moved",
        "hired_by_employer": False,
        "not_hired_reason": "left_early",
    },
}


@dataclass(frozen=True)
class Served:
    http: httpx.Client
    keys: dict[str, dict[str, str]]
    track_id: int
    organisation_id: int

    def as_(self, role: str, **headers: str) -> dict[str, str]:
        return {**self.keys[role], **headers}

    def post(self, role: str, path: str, body: object) -> dict[str, Any]:
        response = self.http.post(path, json=body, headers=self.keys[role])
        assert response.status_code in (200, 201), response.text
        created: dict[str, Any] = response.json()
        return created

    def get(self, role: str, path: str) -> httpx.Response:
        response = self.http.get(path, headers=self.keys[role])
        assert response.status_code == 200, response.text
        return response


def _key(http: httpx.Client, admin: str, role: str) -> dict[str, str]:
    response = http.post(
        "/v1/keys",
        json={
            "name": f"races {role}",
            "role": role,
            "all_units": role in ("matcher", "integration"),
        },
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['key']}"}


@pytest.fixture(scope="module")
def served(
    module_scratch_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    url = module_scratch_database_url
    log = tmp_path_factory.mktemp("races") / "serve.log"
    with (
        serve_workers(url, log) as base_url,
        httpx.Client(
            base_url=base_url,
            timeout=120,
            limits=httpx.Limits(max_connections=CLIENTS + 10),
        ) as http,
    ):
        created = cli(url, "keys", "create", "--role", "admin", "--name", "races")
        assert created.returncode == 0, created.stderr
        admin = created.stdout.strip().splitlines()[-1]
        keys = {role: _key(http, admin, role) for role in ("liaison", "matcher")}
        keys["integration"] = _key(http, admin, "integration")
        liaison = keys["liaison"]
        track = http.post(
            "/v1/tracks",
            json={
                "name": "Race track",
                "kind": "jobbspar",
                "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
            },
            headers=liaison,
        ).json()
        organisation = http.post(
            "/v1/organisations",
            json={
                "name": "Stockholms stad, äldreförvaltningen",
                "kind": "municipal_department",
                "municipality_id": STOCKHOLM,
            },
            headers=liaison,
        ).json()
        yield Served(http, keys, track["id"], organisation["id"])
    # Whatever the answers said, neither worker may have failed a request.
    assert '"level": "ERROR"' not in log.read_text(errors="replace")


def race(
    request: Callable[[int], httpx.Response], clients: int = CLIENTS
) -> list[httpx.Response]:
    """Send `clients` requests at once: request(n) for each n, released together."""
    start = threading.Barrier(clients)

    def run(n: int) -> httpx.Response:
        start.wait()
        return request(n)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(run, range(clients)))


def statuses(responses: list[httpx.Response]) -> Counter[int]:
    return Counter(response.status_code for response in responses)


def _participant_row(ref: str) -> dict[str, str]:
    return {
        "participant_ref": ref,
        "owning_unit": "Jobbtorg",
        "home_municipality_id": STOCKHOLM,
    }


def _participants(served: Served, refs: list[str]) -> None:
    rows = [_participant_row(ref) for ref in refs]
    report = served.post(
        "integration", "/v1/participants:batch", {"participants": rows}
    )
    assert report["created"] == len(refs), report


def _cohort(served: Served, seats: int) -> dict[str, Any]:
    return served.post(
        "liaison",
        f"/v1/tracks/{served.track_id}/cohorts",
        {"seats": seats, "start_date": "2027-02-01", "end_date": "2027-06-01"},
    )


def _move(
    served: Served, enrolment_id: int, body: object, **headers: str
) -> httpx.Response:
    return served.http.patch(
        f"/v1/enrolments/{enrolment_id}",
        json=body,
        headers=served.as_("matcher", **headers),
    )


def _assessed(served: Served, cohort_id: int, ref: str) -> int:
    """Enrol the participant and move them on to the stage before selection."""
    enrolment = served.post(
        "matcher", f"/v1/cohorts/{cohort_id}/enrolments", {"participant_ref": ref}
    )
    for stage in ("info_meeting", "assessed"):
        moved = _move(served, enrolment["id"], {"stage": stage})
        assert moved.status_code == 200, moved.text
    enrolment_id: int = enrolment["id"]
    return enrolment_id


def _selected_total(served: Served, cohort_id: int) -> int:
    path = f"/v1/cohorts/{cohort_id}/enrolments?stage=selected_by_employer"
    total: int = served.get("matcher", path).json()["total"]
    return total


def _drop_out_trial(served: Served, trial: int) -> None:
    cohort = _cohort(served, seats=3)
    refs = [f"drop-{trial}-{n}" for n in range(2)]
    _participants(served, refs)
    first, second = (_assessed(served, cohort["id"], ref) for ref in refs)
    for enrolment_id in (first, second):
        selected = _move(served, enrolment_id, {"stage": "selected_by_employer"})
        assert selected.status_code == 200, selected.text
    etag = served.get("matcher", f"/v1/enrolments/{first}").headers["ETag"]

    answers = statuses(
        race(lambda _: _move(served, first, DROP_OUT, **{"If-Match": etag}))
    )

    assert answers[200] == 1, (trial, answers)
    assert set(answers) <= {200, 409, 412}, (trial, answers)
    dropped = served.get("matcher", f"/v1/enrolments/{first}").json()
    stages = [step["to_stage"] for step in dropped["transitions"]]
    assert stages.count("dropped_out") == 1, (trial, stages)
    stored = served.get("liaison", f"/v1/cohorts/{cohort['id']}").json()
    taken = (stored["seats_taken"], _selected_total(served, cohort["id"]))
    assert taken == (1, 1), (trial, taken)


def test_drop_outs_with_one_etag_let_one_writer_win_and_give_back_one_seat(
    served: Served,
) -> None:
    for trial in range(TRIALS):
        _drop_out_trial(served, trial)


def _lowered_seats_trial(served: Served, setup: ThreadPoolExecutor, trial: int) -> None:
    cohort_id = _cohort(served, seats=5)["id"]
    refs = [f"seats-{trial}-{n}" for n in range(CLIENTS - 1)]
    _participants(served, refs)
    ids = list(setup.map(lambda ref: _assessed(served, cohort_id, ref), refs))

    def request(n: int) -> httpx.Response:
        if n == 0:
            return served.http.patch(
                f"/v1/cohorts/{cohort_id}",
                json={"seats": 1},
                headers=served.keys["liaison"],
            )
        return _move(served, ids[n - 1], {"stage": "selected_by_employer"})

    responses = race(request)

    assert set(statuses(responses)) <= {200, 409}, (trial, statuses(responses))
    lowered = responses[0].status_code == 200
    selected = sum(r.status_code == 200 for r in responses[1:])
    stored = served.get("liaison", f"/v1/cohorts/{cohort_id}").json()
    assert stored["seats"] == (1 if lowered else 5), (trial, stored)
    assert stored["seats_taken"] == selected <= stored["seats"], (trial, stored)
    assert _selected_total(served, cohort_id) == selected, trial


def test_lowering_seats_while_selections_race_never_leaves_more_taken_than_seats(
    served: Served,
) -> None:
    with ThreadPoolExecutor(max_workers=4) as setup:
        for trial in range(TRIALS):
            _lowered_seats_trial(served, setup, trial)


@dataclass(frozen=True)
class Guarded:
    """A record kind whose updates are guarded by `If-Match`."""

    role: str
    create: Callable[[Served, int], str]
    change: Callable[[int], dict[str, object]]
    field: str


def _new_participant(served: Served, trial: int) -> str:
    ref = f"etag-{trial}"
    served.post("matcher", "/v1/participants", _participant_row(ref))
    return f"/v1/participants/{ref}"


def _new_need(served: Served, trial: int) -> str:
    need = served.post(
        "liaison",
        "/v1/needs",
        {
            "organisation_id": served.organisation_id,
            "positions": 1,
            "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
        },
    )
    return f"/v1/needs/{need['id']}"


def _new_cohort(served: Served, trial: int) -> str:
    return f"/v1/cohorts/{_cohort(served, seats=3)['id']}"


GUARDED = {
    "participant": Guarded(
        "matcher", _new_participant, lambda n: {"birth_year": 1960 + n}, "birth_year"
    ),
    "need": Guarded("liaison", _new_need, lambda n: {"positions": 2 + n}, "positions"),
    "cohort": Guarded(
        "liaison", _new_cohort, lambda n: {"name": f"Omgång {n}"}, "name"
    ),
}


def _if_match_trial(served: Served, guarded: Guarded, trial: int) -> None:
    path = guarded.create(served, trial)
    etag = served.get(guarded.role, path).headers["ETag"]
    headers = served.as_(guarded.role, **{"If-Match": etag})

    responses = race(
        lambda n: served.http.patch(path, json=guarded.change(n), headers=headers)
    )

    answers = statuses(responses)
    assert answers == {200: 1, 412: CLIENTS - 1}, (trial, answers)
    winner = next(n for n, r in enumerate(responses) if r.status_code == 200)
    stored = served.get(guarded.role, path).json()
    assert stored[guarded.field] == guarded.change(winner)[guarded.field], trial


@pytest.mark.parametrize("kind", sorted(GUARDED))
def test_if_match_lets_exactly_one_of_many_writers_win(
    served: Served, kind: str
) -> None:
    for trial in range(TRIALS):
        _if_match_trial(served, GUARDED[kind], trial)


def _need_body(served: Served, external_ref: str) -> dict[str, object]:
    return {
        "organisation_id": served.organisation_id,
        "positions": 1,
        "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
        "external_ref": external_ref,
    }


@dataclass(frozen=True)
class Duplicated:
    """A create that names its record by a unique reference."""

    role: str
    path: str
    body: Callable[[Served, list[str]], object]
    found: Callable[[Served, str], int]
    batch: bool


def _participants_found(served: Served, ref: str) -> int:
    # The ref is the primary key: there is one, or none.
    found = served.http.get(f"/v1/participants/{ref}", headers=served.keys["matcher"])
    return 1 if found.status_code == 200 else 0


def _needs_found(served: Served, ref: str) -> int:
    total: int = served.get("liaison", f"/v1/needs?external_ref={ref}").json()["total"]
    return total


DUPLICATED = {
    "participant": Duplicated(
        "matcher",
        "/v1/participants",
        lambda served, refs: _participant_row(refs[0]),
        _participants_found,
        batch=False,
    ),
    "participants:batch": Duplicated(
        "integration",
        "/v1/participants:batch",
        lambda served, refs: {"participants": [_participant_row(r) for r in refs]},
        _participants_found,
        batch=True,
    ),
    "need": Duplicated(
        "liaison",
        "/v1/needs",
        lambda served, refs: _need_body(served, refs[0]),
        _needs_found,
        batch=False,
    ),
    "needs:batch": Duplicated(
        "integration",
        "/v1/needs:batch",
        lambda served, refs: {"needs": [_need_body(served, r) for r in refs]},
        _needs_found,
        batch=True,
    ),
}


def _duplicates_trial(served: Served, kind: str, trial: int) -> None:
    duplicated = DUPLICATED[kind]
    count = 3 if duplicated.batch else 1
    refs = [f"dup-{kind.replace(':', '-')}-{trial}-{n}" for n in range(count)]
    body = duplicated.body(served, refs)
    headers = served.keys[duplicated.role]

    responses = race(
        lambda _: served.http.post(duplicated.path, json=body, headers=headers)
    )

    answers = statuses(responses)
    if duplicated.batch:
        # A batch that comes after the winner's commit updates what it stored.
        assert set(answers) <= {200, 409}, (trial, answers)
        reports = [r.json() for r in responses if r.status_code == 200]
        assert sum(report["created"] for report in reports) == count, (trial, reports)
    else:
        assert answers == {201: 1, 409: CLIENTS - 1}, (trial, answers)
    refusals = [r.json() for r in responses if r.status_code == 409]
    assert all(r["title"] == "Conflict" for r in refusals), refusals
    assert [duplicated.found(served, ref) for ref in refs] == [1] * count, trial


@pytest.mark.parametrize("kind", sorted(DUPLICATED))
def test_concurrent_duplicate_creates_write_once_and_refuse_the_rest(
    served: Served, kind: str
) -> None:
    for trial in range(TRIALS):
        _duplicates_trial(served, kind, trial)


# Barnskötare (5311) with its names, field and SSYK chain, the home-care group,
# skills, Stockholm and its region, the driving licences: enough to build the
# taxonomy's indexes (the same concepts as taxonomy/tests' "mini" snapshot).
MINI_CONCEPTS = frozenset(
    [
        "4HpY_e2U_TUH",
        "5L6k_p4w_8Wu",
        "6se7_AdD_nGw",
        "BKCx_hST_Pcm",
        "Eybh_j3s_SqF",
        "VTK8_WRx_GcM",
        "bcFd_Vkt_KXL",
        "bneY_V3g_Kog",
        "ftCQ_gFu_L4b",
        "hK1a_wsQ_4UG",
        "hK8X_cX9_5P4",
        "qZ2E_JSL_xAq",
        "swP6_psb_FCB",
        "xRum_Wtt_T1e",
        "zZu8_iZ9_wMH",
        "oYPt_yRA_Smm",
        "MVqp_eS8_kDZ",
        "6hqG_QEH_YwN",
        "Sbzf_iBA_MAS",
        "rM7G_ge7_XhP",
        "ujBX_nic_wuH",
        "w2ze_Lcg_1S4",
        "CaRE_1nn_cSU",
        "EwLN_fUp_2Yt",
        "TsH1_ePz_fpf",
        "sKux_n1g_FWp",
        "u1RN_Fih_rgS",
        "2U3x_Aub_tg1",
        "DvKy_gyT_dAv",
        "Hi9c_iTe_gHH",
        "XW9L_tA9_WaX",
    ]
)


def _mini_snapshot(folder: Path) -> Path:
    """A few concepts of the shared snapshot and the edges between them, so that a
    start-up's import is quick and the race is in preparing the database."""
    shared = shared_taxonomy()
    with (shared / "concepts.jsonl").open(encoding="utf-8") as lines:
        concepts = [row for row in map(json.loads, lines) if row["id"] in MINI_CONCEPTS]
    types = {row["id"]: row["type"] for row in concepts}
    with (shared / "relations.jsonl").open(encoding="utf-8") as lines:
        relations = [
            row
            for row in map(json.loads, lines)
            if row["source_id"] in types and row["target_id"] in types
        ]
    manifest = json.loads((shared / "manifest.json").read_text(encoding="utf-8"))
    counted = {
        "sources": manifest["sources"],
        "concepts_by_type": Counter(types.values()),
        "deprecated_by_type": Counter(r["type"] for r in concepts if r["deprecated"]),
        "relations_by_kind": Counter(
            f"{types[r['source_id']]} -{r['relation']}-> {types[r['target_id']]}"
            for r in relations
        ),
    }
    for name, rows in (("concepts.jsonl", concepts), ("relations.jsonl", relations)):
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(counted), encoding="utf-8")
    return folder


def test_two_workers_prepare_an_empty_database_together(
    scratch_databases: Callable[[], str], tmp_path: Path
) -> None:
    snapshot = _mini_snapshot(tmp_path)
    for trial in range(STARTUP_TRIALS):
        log = tmp_path / f"serve-{trial}.log"
        with serve_workers(scratch_databases(), log, taxonomy_snapshot=snapshot) as url:
            ready = race(lambda _: httpx.get(f"{url}/ready", timeout=30), clients=4)
            assert statuses(ready) == {200: 4}, trial
        written = log.read_text(errors="replace")
        assert (written.count(STARTED), '"level": "ERROR"' in written) == (2, False), (
            trial,
            written[-3000:],
        )
