"""Real concept ids of the taxonomy snapshot and helpers that create records by HTTP."""

from typing import Any

from fastapi.testclient import TestClient

from api_tests.client import Keys

STOCKHOLM = "AvNB_uwa_6n6"
SOLNA = "zHxw_uJZ_NJ8"
HUDDINGE = "g1Gc_aXK_EKu"
STOCKHOLMS_LAN = "CifL_Rzy_Mku"
SWEDISH = "zSLA_vw2_FXN"
ENGLISH = "NVxJ_hLg_TYS"
ARABIC = "3iEY_RGP_qXq"
LICENCE_B = "VTK8_WRx_GcM"
LICENCE_C = "BKCx_hST_Pcm"
HOME_CARE = "xowU_8Wu_K7C"
DEMENTIA_CARE = "hqYJ_jyZ_Ks8"
EXCEL = "5wab_aFK_gdL"
UPPER_SECONDARY = "wyLL_K3a_HRC"
NURSE_ASSISTANT_HOME_CARE = "bSEB_VKd_Ub3"
CHILDCARE_GROUP = "Hi9c_iTe_gHH"
BUS_DRIVER = "6zL8_YYP_1eR"
DEPRECATED_OCCUPATION = "15DU_axL_nRT"
VALID_ORG_NUMBER = "5560360793"
# A personnummer with a valid check digit (the Tax Agency's test series).
PERSONNUMMER = "811228-9874"


def created(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def create_organisation(
    client: TestClient, keys: Keys, **overrides: object
) -> dict[str, Any]:
    body = {
        "name": "Stockholms stad, äldreförvaltningen",
        "kind": "municipal_department",
        "municipality_id": STOCKHOLM,
        **overrides,
    }
    return created(
        client.post("/v1/organisations", json=body, headers=keys.auth("liaison"))
    )


def create_workplace(
    client: TestClient, keys: Keys, organisation_id: int, **overrides: object
) -> dict[str, Any]:
    body = {"name": "Hemtjänst Rinkeby", "municipality_id": STOCKHOLM, **overrides}
    return created(
        client.post(
            f"/v1/organisations/{organisation_id}/workplaces",
            json=body,
            headers=keys.auth("liaison"),
        )
    )


def create_need(
    client: TestClient, keys: Keys, organisation_id: int, **overrides: object
) -> dict[str, Any]:
    body = {
        "organisation_id": organisation_id,
        "positions": 2,
        "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
        **overrides,
    }
    return created(client.post("/v1/needs", json=body, headers=keys.auth("liaison")))


def rules(response: Any) -> list[tuple[str, str]]:
    """The (field, rule) pairs of a problem's errors."""
    return [(error["field"], error["rule"]) for error in response.json()["errors"]]


def create_track(client: TestClient, keys: Keys, **overrides: object) -> dict[str, Any]:
    body = {
        "name": "Undersköterska hemtjänst vt 2027",
        "kind": "rekryteringsutbildning",
        "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
        **overrides,
    }
    return created(client.post("/v1/tracks", json=body, headers=keys.auth("liaison")))


def create_cohort(
    client: TestClient, keys: Keys, track_id: int, **overrides: object
) -> dict[str, Any]:
    body = {
        "seats": 3,
        "start_date": "2027-02-01",
        "end_date": "2027-06-15",
        "selection_deadline": "2027-01-20",
        **overrides,
    }
    return created(
        client.post(
            f"/v1/tracks/{track_id}/cohorts", json=body, headers=keys.auth("liaison")
        )
    )


def create_placement(
    client: TestClient, keys: Keys, host_id: int, **overrides: object
) -> dict[str, Any]:
    body = {
        "programme": "praktik",
        "host_organisation_id": host_id,
        "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
        "start_date": "2027-03-01",
        "end_date": "2027-05-31",
        "supervisor_ref": "handledare-17",
        "support_form": "kommunal_praktik",
        **overrides,
    }
    return created(
        client.post("/v1/placements", json=body, headers=keys.auth("liaison"))
    )


def participant_body(ref: str, **overrides: object) -> dict[str, Any]:
    return {
        "participant_ref": ref,
        "owning_unit": "Jobbtorg Järva",
        "home_municipality_id": STOCKHOLM,
        **overrides,
    }


def create_participant(
    client: TestClient, keys: Keys, ref: str, **overrides: object
) -> dict[str, Any]:
    return created(
        client.post(
            "/v1/participants",
            json=participant_body(ref, **overrides),
            headers=keys.auth("matcher"),
        )
    )


def audit_trail(
    client: TestClient, keys: Keys, object_id: str
) -> list[tuple[str, str | None, str | None]]:
    """(action, role, purpose) of the audit entries about one object, oldest first."""
    entries = client.get(
        "/v1/audit",
        params={"object_id": object_id, "limit": 200},
        headers=keys.auth("auditor"),
    ).json()["items"]
    return [(e["action"], e["role"], e["purpose"]) for e in reversed(entries)]
