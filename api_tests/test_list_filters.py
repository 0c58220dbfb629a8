"""`updated_since` and `sort` on every list: a delta is a delta, an order is kept."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, Keys
from api_tests.factories import (
    create_cohort,
    create_need,
    create_organisation,
    create_participant,
    create_placement,
    create_track,
    create_workplace,
    rules,
)


@dataclass(frozen=True)
class Listed:
    """A list, the role that reads it, and two records on it: `change` updates the
    second one and returns its new body."""

    url: str
    role: str
    ids: tuple[Any, Any]
    change: Callable[[], dict[str, Any]]
    key: str = "id"


def _patched(client: TestClient, keys: Keys, role: str, url: str, **body: Any) -> Any:
    response = client.patch(url, json=body, headers=keys.auth(role))
    assert response.status_code == 200, response.text
    return response.json()


def _organisations(client: TestClient, keys: Keys) -> Listed:
    first = create_organisation(client, keys, name="Delta AB", kind="private")
    second = create_organisation(client, keys, name="Delta HB", kind="private")
    url = f"/v1/organisations/{second['id']}"
    return Listed(
        "/v1/organisations?kind=private",
        "liaison",
        (first["id"], second["id"]),
        lambda: _patched(client, keys, "liaison", url, name="Delta KB"),
    )


def _workplaces(client: TestClient, keys: Keys) -> Listed:
    organisation = create_organisation(client, keys)
    base = f"/v1/organisations/{organisation['id']}/workplaces"
    first = create_workplace(client, keys, organisation["id"], name="Hemtjänst A")
    second = create_workplace(client, keys, organisation["id"], name="Hemtjänst B")
    return Listed(
        base,
        "liaison",
        (first["id"], second["id"]),
        lambda: _patched(
            client, keys, "liaison", f"{base}/{second['id']}", name="Hemtjänst C"
        ),
    )


def _needs(client: TestClient, keys: Keys) -> Listed:
    organisation = create_organisation(client, keys)
    first = create_need(client, keys, organisation["id"])
    second = create_need(client, keys, organisation["id"])
    return Listed(
        f"/v1/needs?organisation_id={organisation['id']}",
        "liaison",
        (first["id"], second["id"]),
        lambda: _patched(
            client, keys, "liaison", f"/v1/needs/{second['id']}", positions=5
        ),
    )


def _tracks(client: TestClient, keys: Keys) -> Listed:
    first = create_track(client, keys)
    second = create_track(client, keys)
    return Listed(
        "/v1/tracks",
        "liaison",
        (first["id"], second["id"]),
        lambda: _patched(
            client, keys, "liaison", f"/v1/tracks/{second['id']}", name="Ny kurs"
        ),
    )


def _cohorts(client: TestClient, keys: Keys) -> Listed:
    track = create_track(client, keys)
    first = create_cohort(client, keys, track["id"])
    second = create_cohort(client, keys, track["id"])
    return Listed(
        f"/v1/tracks/{track['id']}/cohorts",
        "liaison",
        (first["id"], second["id"]),
        lambda: _patched(
            client, keys, "liaison", f"/v1/cohorts/{second['id']}", seats=4
        ),
    )


def _placements(client: TestClient, keys: Keys) -> Listed:
    host = create_organisation(client, keys)
    first = create_placement(client, keys, host["id"])
    second = create_placement(client, keys, host["id"], supervisor_ref="handledare-2")
    return Listed(
        f"/v1/placements?host_organisation_id={host['id']}",
        "liaison",
        (first["id"], second["id"]),
        lambda: _patched(
            client,
            keys,
            "liaison",
            f"/v1/placements/{second['id']}",
            supervisor_ref="handledare-3",
        ),
    )


def _participants(client: TestClient, keys: Keys) -> Listed:
    create_participant(client, keys, "delta-1", owning_unit="Delta")
    create_participant(client, keys, "delta-2", owning_unit="Delta")
    return Listed(
        "/v1/participants?owning_unit=Delta",
        "matcher",
        ("delta-1", "delta-2"),
        lambda: _patched(
            client, keys, "matcher", "/v1/participants/delta-2", birth_year=1990
        ),
        key="participant_ref",
    )


def _enrolments(client: TestClient, keys: Keys, where: str) -> Listed:
    track = create_track(client, keys)
    cohort = create_cohort(client, keys, track["id"])
    ids = []
    for ref in ("delta-e1", "delta-e2"):
        create_participant(client, keys, ref)
        enrolled = client.post(
            f"/v1/cohorts/{cohort['id']}/enrolments",
            json={"participant_ref": ref},
            headers=keys.auth("matcher"),
        )
        assert enrolled.status_code == 201, enrolled.text
        ids.append(enrolled.json()["id"])
    urls = {
        "cohort": f"/v1/cohorts/{cohort['id']}/enrolments",
        "participant": "/v1/enrolments?participant_ref=delta-e2",
    }
    second = f"/v1/enrolments/{ids[1]}"
    change = lambda: _patched(client, keys, "matcher", second, stage="info_meeting")  # noqa: E731
    if where == "participant":
        # One participant's enrolments: the other one is on another participant.
        return Listed(urls[where], "matcher", (None, ids[1]), change)
    return Listed(urls[where], "matcher", (ids[0], ids[1]), change)


def _placement_enrolments(client: TestClient, keys: Keys) -> Listed:
    host = create_organisation(client, keys)
    placement = create_placement(client, keys, host["id"], supervisor_capacity=2)
    ids = []
    for ref in ("delta-p1", "delta-p2"):
        create_participant(client, keys, ref, eligibility=REGISTERED)
        enrolled = client.post(
            f"/v1/placements/{placement['id']}/enrolments",
            json={"participant_ref": ref},
            headers=keys.auth("matcher"),
        )
        assert enrolled.status_code == 201, enrolled.text
        ids.append(enrolled.json()["id"])
    second = f"/v1/enrolments/{ids[1]}"
    return Listed(
        f"/v1/placements/{placement['id']}/enrolments",
        "matcher",
        (ids[0], ids[1]),
        lambda: _patched(client, keys, "matcher", second, stage="info_meeting"),
    )


REGISTERED = [
    {"basis": "af_registered", "decided_by": "AF", "decided_at": "2026-01-05"}
]


LISTS: dict[str, Callable[[TestClient, Keys], Listed]] = {
    "organisations": _organisations,
    "workplaces": _workplaces,
    "needs": _needs,
    "tracks": _tracks,
    "cohorts": _cohorts,
    "placements": _placements,
    "participants": _participants,
    "cohort enrolments": lambda c, k: _enrolments(c, k, "cohort"),
    "participant enrolments": lambda c, k: _enrolments(c, k, "participant"),
    "placement enrolments": _placement_enrolments,
}


def _items(client: TestClient, keys: Keys, listed: Listed, **params: str) -> list[Any]:
    # The list's own filters are in its URL; the ones under test are added to them.
    joiner = "&" if "?" in listed.url else "?"
    url = f"{listed.url}{joiner}{urlencode(params)}" if params else listed.url
    response = client.get(url, headers=keys.auth(listed.role))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"])
    return [item[listed.key] for item in body["items"]]


@pytest.mark.parametrize("name", LISTS)
def test_updated_since_lists_exactly_what_changed(
    client: TestClient, keys: Keys, name: str
) -> None:
    listed = LISTS[name](client, keys)
    both = [one for one in listed.ids if one is not None]
    assert _items(client, keys, listed) == both
    time.sleep(0.01)
    changed = listed.change()
    since = changed["updated_at"]
    assert _items(client, keys, listed, updated_since=since) == [listed.ids[1]]
    # The same instant written without a zone is read as UTC.
    naive = since.removesuffix("Z").removesuffix("+00:00")
    assert _items(client, keys, listed, updated_since=naive) == [listed.ids[1]]
    later = f"{int(since[:4]) + 1}{since[4:]}"
    assert _items(client, keys, listed, updated_since=later) == []


@pytest.mark.parametrize("name", LISTS)
def test_sort_by_updated_at_puts_the_latest_change_first(
    client: TestClient, keys: Keys, name: str
) -> None:
    listed = LISTS[name](client, keys)
    both = [one for one in listed.ids if one is not None]
    assert _items(client, keys, listed, sort="-id") == both[::-1]
    time.sleep(0.01)
    listed.change()
    # The first record has not changed since it was created: it comes last by
    # `updated_at` descending, first by `created_at`.
    assert _items(client, keys, listed, sort="-updated_at")[0] == listed.ids[1]
    assert _items(client, keys, listed, sort="updated_at")[-1] == listed.ids[1]
    assert _items(client, keys, listed, sort="created_at") == both


def test_an_unknown_sort_is_a_422_naming_the_parameter(
    client: TestClient, keys: Keys
) -> None:
    response = client.get("/v1/needs?sort=name", headers=keys.auth("liaison"))
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert [field for field, _ in rules(response)] == ["sort"]


def test_updated_since_must_be_an_instant(client: TestClient, keys: Keys) -> None:
    response = client.get(
        "/v1/tracks?updated_since=yesterday", headers=keys.auth("liaison")
    )
    assert response.status_code == 422
    assert [field for field, _ in rules(response)] == ["updated_since"]


class TestListsWithoutUpdatedAt:
    """API keys and shortlists are never edited in place: they sort, and refuse an
    `updated_since` they could not honour."""

    def test_keys_sort_by_creation(self, client: TestClient, keys: Keys) -> None:
        made = [
            client.post(
                "/v1/keys",
                json={"name": f"sorted {n}", "role": "auditor"},
                headers=keys.auth("admin"),
            ).json()["id"]
            for n in range(2)
        ]
        listed = client.get(
            "/v1/keys?sort=-created_at&limit=200", headers=keys.auth("admin")
        )
        ids = [item["id"] for item in listed.json()["items"]]
        assert [one for one in ids if one in made] == made[::-1]
        assert ids[:2] == made[::-1]

    @pytest.mark.parametrize(
        ("url", "role"), [("/v1/keys", "admin"), ("/v1/shortlists", "matcher")]
    )
    def test_updated_since_is_refused(
        self, client: TestClient, keys: Keys, url: str, role: str
    ) -> None:
        response = client.get(
            url,
            params={"updated_since": "2026-01-01T00:00:00Z"},
            headers=keys.auth(role),
        )
        assert response.status_code == 400
        assert rules(response) == [("updated_since", "unknown_parameter")]

    def test_shortlists_refuse_sorting_by_updated_at(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.get(
            "/v1/shortlists?sort=-updated_at", headers=keys.auth("matcher")
        )
        assert response.status_code == 422
        assert [field for field, _ in rules(response)] == ["sort"]
