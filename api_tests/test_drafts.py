"""Issue 12 item 2: an employer's ad or a participant's own words read into a draft
record to confirm, with where the text says each field; nothing is stored or
logged, and the draft, completed, is what the create call takes."""

import logging
from datetime import date
from typing import Any

import pytest
from dirty_equals import IsFloat, IsStr
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, Keys
from api_tests.factories import (
    ARABIC,
    ENGLISH,
    EXCEL,
    HOME_CARE,
    LICENCE_B,
    LICENCE_C,
    PERSONNUMMER,
    STOCKHOLM,
    create_organisation,
    created,
    participant_body,
    rules,
)

pytestmark = pytest.mark.needs_shared_taxonomy

TRUCKVANA = "pGts_PKK_c8W"
ORDERPLOCKNING = "S1ZP_o8S_Jxf"
LAGERARBETARE = "DLEi_bTh_oLA"
TRUCKFORARE = "GQSf_fnq_kjF"
STADARE = "KF64_AvU_S4N"
BARNSKOTARE = "rM7G_ge7_XhP"
NEED_DRAFT = "/v1/needs:draft"
PARTICIPANT_DRAFT = "/v1/participants:draft"

AD = (
    "Vi söker en lagerarbetare med truckkort och B-körkort som kan Excel och har "
    "erfarenhet av plock. Start i mars. Heltid, tillsvidareanställning, dagtid och "
    "helger, ej nätter. Krav: SFI D. Flytande engelska är meriterande. Minst 2 års "
    "erfarenhet som truckförare. Lön enligt överenskommelse."
)
OWN_WORDS = (
    "jag har jobbat som undersköterska i hemtjänsten i fyra år, har B-körkort, "
    "pratar arabiska och svenska (SFI D)"
)


def span(text: str, phrase: str, start: int = 0) -> list[int]:
    at = text.index(phrase, start)
    return [at, at + len(phrase)]


def said(
    field: str, text: str, phrase: str, label: str | None = None
) -> dict[str, Any]:
    """The evidence of one field: where the text says `phrase`."""
    return {
        "field": field,
        "span": span(text, phrase),
        "text": phrase,
        "preferred_label": label,
        "confidence": None if label is None else IsFloat(gt=0, le=1),
    }


def swedish_said(field: str, text: str) -> dict[str, Any]:
    return {**said(field, text, "SFI D"), "confidence": IsFloat(gt=0, le=1)}


def item(kind: str, concept_id: str, label: str, **extra: object) -> dict[str, Any]:
    """A requirement item as a draft gives it: by id, with what the mapper read."""
    return {
        "kind": kind,
        "concept_id": concept_id,
        "min_years": None,
        "text": None,
        "preferred_label": label,
        "confidence": IsFloat(gt=0, le=1),
        "taxonomy_version": IsStr(min_length=1),
        **extra,
    }


def by_id(concept_id: object) -> dict[str, Any]:
    return {"concept_id": concept_id, "text": None}


# The fields of a need that hold no concept.
PLAIN_FIELDS = (
    "earliest_start",
    "employment_type",
    "worktime_extent",
    "scope_percent",
    "schedules",
)


def written(requirements: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """What a profile asks for, as ids: items with their years, languages with
    their levels (a draft and a stored record label them differently)."""
    return {
        "must": [
            (i["kind"], i["concept_id"], i["min_years"]) for i in requirements["must"]
        ],
        "merits": [
            (i["kind"], i["concept_id"], i["min_years"]) for i in requirements["merits"]
        ],
        "languages": [
            (i["language_id"], i["level"]) for i in requirements["languages"]
        ],
    }


def next_first_of(month: int) -> date:
    """When "start i <month>" starts: its first day, the next one from today, or
    today within that month."""
    today = date.today()
    if today.month == month:
        return today
    this_year = date(today.year, month, 1)
    return this_year if this_year >= today else date(today.year + 1, month, 1)


def draft(client: TestClient, keys: Keys, path: str, text: str) -> dict[str, Any]:
    role = "liaison" if path == NEED_DRAFT else "matcher"
    response = client.post(path, json={"text": text}, headers=keys.auth(role))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


class TestNeedDraft:
    def test_an_ad_becomes_a_need_with_the_evidence_of_every_field(
        self, client: TestClient, keys: Keys
    ) -> None:
        assert draft(client, keys, NEED_DRAFT, AD) == {
            "taxonomy_version": IsStr(min_length=1),
            "need": {
                "occupation": by_id(LAGERARBETARE),
                "earliest_start": next_first_of(3).isoformat(),
                "employment_type": "permanent",
                "worktime_extent": "full_time",
                "scope_percent": None,
                "schedules": ["day", "weekend"],
                "requirements": {
                    "swedish": "sfi_d",
                    "languages": [
                        {
                            "language_id": ENGLISH,
                            "preferred_label": "Engelska",
                            "level": "c1",
                        }
                    ],
                    "must": [
                        item("skill", TRUCKVANA, "Truckvana"),
                        item("driving_licence", LICENCE_B, "B"),
                        item("skill", EXCEL, "MS Excel"),
                        item("skill", ORDERPLOCKNING, "Orderplockning"),
                        item(
                            "occupation_experience",
                            TRUCKFORARE,
                            "Truckförare",
                            min_years=2,
                        ),
                    ],
                    "merits": [],
                },
            },
            "evidence": [
                said(
                    "occupation", AD, "lagerarbetare", "Lagerarbetare/Terminalarbetare"
                ),
                said("requirements.must[0]", AD, "truckkort", "Truckvana"),
                said("requirements.must[1]", AD, "B-körkort", "B"),
                said("requirements.must[2]", AD, "Excel", "MS Excel"),
                said("requirements.must[3]", AD, "plock", "Orderplockning"),
                said("requirements.must[4]", AD, "truckförare", "Truckförare"),
                said("requirements.must[4].min_years", AD, "2 års"),
                swedish_said("requirements.swedish", AD),
                said("requirements.languages[0]", AD, "engelska", "Engelska"),
                said("earliest_start", AD, "Start i mars"),
                said("schedules[0]", AD, "dagtid"),
                said("schedules[1]", AD, "helger"),
                said("worktime_extent", AD, "Heltid"),
                said("employment_type", AD, "tillsvidareanställning"),
            ],
        }

    @pytest.mark.parametrize(
        "phrase",
        ["Tillträde enligt överenskommelse", "Tillträde snarast", "Start: omgående"],
    )
    def test_a_start_as_agreed_or_at_once_is_read_as_no_date(
        self, client: TestClient, keys: Keys, phrase: str
    ) -> None:
        text = f"Vi söker en städare. {phrase}."
        body = draft(client, keys, NEED_DRAFT, text)
        assert body["need"]["earliest_start"] is None
        assert said("earliest_start", text, phrase) in body["evidence"]

    def test_a_day_and_year_are_read_as_written(
        self, client: TestClient, keys: Keys
    ) -> None:
        text = "Tillträde den 15 januari 2031, deltid 75 % av heltid, vikariat."
        need = draft(client, keys, NEED_DRAFT, text)["need"]
        assert need == {
            "occupation": None,
            "earliest_start": "2031-01-15",
            "employment_type": "substitute",
            "worktime_extent": "part_time",
            "scope_percent": 75,
            "schedules": [],
            "requirements": {
                "swedish": None,
                "languages": [],
                "must": [],
                "merits": [],
            },
        }

    def test_a_negated_licence_is_no_must_and_an_uncued_skill_a_merit(
        self, client: TestClient, keys: Keys
    ) -> None:
        text = "Vi söker en lagerarbetare. Inget krav på körkort. Arbete med Excel."
        requirements = draft(client, keys, NEED_DRAFT, text)["need"]["requirements"]
        assert requirements["must"] == []
        assert requirements["merits"] == [item("skill", EXCEL, "MS Excel")]

    def test_the_draft_completed_is_what_post_needs_takes(
        self, client: TestClient, keys: Keys
    ) -> None:
        need = draft(client, keys, NEED_DRAFT, AD)["need"]
        organisation = create_organisation(client, keys)
        body = {**need, "organisation_id": organisation["id"], "positions": 1}
        stored = created(
            client.post("/v1/needs", json=body, headers=keys.auth("liaison"))
        )
        assert stored["occupation"]["concept_id"] == LAGERARBETARE
        assert {key: stored[key] for key in PLAIN_FIELDS} == {
            key: need[key] for key in PLAIN_FIELDS
        }
        assert stored["requirements"]["swedish"] == "sfi_d"
        assert written(stored["requirements"]) == written(need["requirements"])

    @pytest.mark.parametrize("role", ["liaison", "matcher", "admin", "integration"])
    def test_every_role_on_the_employer_side_may_draft(
        self, client: TestClient, keys: Keys, role: str
    ) -> None:
        response = client.post(NEED_DRAFT, json={"text": AD}, headers=keys.auth(role))
        assert response.status_code == 200, response.text

    def test_an_auditor_may_not_draft_a_need(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            NEED_DRAFT, json={"text": AD}, headers=keys.auth("auditor")
        )
        assert response.status_code == 403
        assert response.headers["content-type"] == PROBLEM


class TestParticipantDraft:
    def test_own_words_become_experience_skills_licences_and_languages(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = draft(client, keys, PARTICIPANT_DRAFT, OWN_WORDS)
        assert body == {
            "taxonomy_version": IsStr(min_length=1),
            "participant": {
                "occupation_interests": [],
                "experience": [
                    {"occupation": by_id(IsStr(min_length=1)), "years": 4.0}
                ],
                "skills": [by_id(HOME_CARE)],
                "driving_licences": [LICENCE_B],
                "languages": [
                    {
                        "language_id": ARABIC,
                        "preferred_label": "Arabiska",
                        "level": None,
                    }
                ],
                "swedish": {"level": "sfi_d", "assessed_at": None},
                "availability": {
                    "from_date": None,
                    "worktime_extent": None,
                    "schedules": [],
                },
            },
            "evidence": [
                {
                    **said("experience[0].occupation", OWN_WORDS, "undersköterska"),
                    "preferred_label": IsStr(regex=r"Undersköterska.*"),
                    "confidence": IsFloat(gt=0, le=1),
                },
                said("experience[0].years", OWN_WORDS, "fyra år"),
                said("skills[0]", OWN_WORDS, "hemtjänsten", "Hemtjänst"),
                said("driving_licences[0]", OWN_WORDS, "B-körkort", "B"),
                swedish_said("swedish.level", OWN_WORDS),
                said("languages[0]", OWN_WORDS, "arabiska", "Arabiska"),
            ],
        }

    def test_years_as_digits_and_since_a_year_and_a_wish_are_told_apart(
        self, client: TestClient, keys: Keys
    ) -> None:
        text = (
            "Jag vill jobba som barnskötare. Jag har arbetat som lagerarbetare i 2 år "
            "och som städare sedan 2019, har C-körkort. Kan börja i mars, heltid, "
            "kvällar och helger."
        )
        participant = draft(client, keys, PARTICIPANT_DRAFT, text)["participant"]
        assert participant == {
            "occupation_interests": [by_id(BARNSKOTARE)],
            "experience": [
                {"occupation": by_id(LAGERARBETARE), "years": 2.0},
                {
                    "occupation": by_id(STADARE),
                    "years": float(date.today().year - 2019),
                },
            ],
            "skills": [],
            "driving_licences": [LICENCE_C],
            "languages": [],
            "swedish": None,
            "availability": {
                "from_date": next_first_of(3).isoformat(),
                "worktime_extent": "full_time",
                "schedules": ["evening", "weekend"],
            },
        }

    def test_an_occupation_without_years_is_left_for_the_matcher(
        self, client: TestClient, keys: Keys
    ) -> None:
        text = "Jag har jobbat som städare. Jag talar engelska flytande."
        participant = draft(client, keys, PARTICIPANT_DRAFT, text)["participant"]
        assert participant["experience"] == [
            {"occupation": by_id(STADARE), "years": None}
        ]
        assert participant["languages"] == [
            {"language_id": ENGLISH, "preferred_label": "Engelska", "level": "c1"}
        ]

    def test_the_draft_completed_is_what_post_participants_takes(
        self, client: TestClient, keys: Keys
    ) -> None:
        drafted = draft(client, keys, PARTICIPANT_DRAFT, OWN_WORDS)["participant"]
        # What only the matcher knows: the ref, the unit, the home, a level.
        languages = [{**drafted["languages"][0], "level": "c2"}]
        body = participant_body("draft-1", **{**drafted, "languages": languages})
        stored = created(
            client.post("/v1/participants", json=body, headers=keys.auth("matcher"))
        )
        assert stored["home_municipality_id"] == STOCKHOLM
        assert [
            (e["occupation"]["concept_id"], e["years"]) for e in stored["experience"]
        ] == [
            (e["occupation"]["concept_id"], e["years"]) for e in drafted["experience"]
        ]
        assert [s["concept_id"] for s in stored["skills"]] == [HOME_CARE]
        assert stored["driving_licences"] == [LICENCE_B]
        assert [(x["language_id"], x["level"]) for x in stored["languages"]] == [
            (ARABIC, "c2")
        ]
        assert stored["swedish"] == {"level": "sfi_d", "assessed_at": None}

    @pytest.mark.parametrize("role", ["matcher", "admin"])
    def test_matchers_and_admins_may_draft(
        self, client: TestClient, keys: Keys, role: str
    ) -> None:
        response = client.post(
            PARTICIPANT_DRAFT, json={"text": OWN_WORDS}, headers=keys.auth(role)
        )
        assert response.status_code == 200, response.text

    @pytest.mark.parametrize("role", ["liaison", "integration", "auditor"])
    def test_other_roles_may_not_read_a_participants_words(
        self, client: TestClient, keys: Keys, role: str
    ) -> None:
        response = client.post(
            PARTICIPANT_DRAFT, json={"text": OWN_WORDS}, headers=keys.auth(role)
        )
        assert response.status_code == 403
        assert response.headers["content-type"] == PROBLEM


DRAFTS = [(NEED_DRAFT, AD), (PARTICIPANT_DRAFT, OWN_WORDS)]


class TestNothingKept:
    @pytest.mark.parametrize(("path", "text"), DRAFTS)
    def test_a_personnummer_in_the_text_is_refused_without_echo(
        self, client: TestClient, keys: Keys, path: str, text: str
    ) -> None:
        words = f"{text} Mitt personnummer är {PERSONNUMMER}."
        response = client.post(path, json={"text": words}, headers=keys.auth("admin"))
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == PROBLEM
        assert ("text", "personal_identity_number") in rules(response)
        digits = PERSONNUMMER.replace("-", "")
        for part in (PERSONNUMMER, digits[:6], digits[6:], text[:20]):
            assert part not in response.text

    @pytest.mark.parametrize("path", [NEED_DRAFT, PARTICIPANT_DRAFT])
    def test_a_text_longer_than_extract_takes_is_refused_without_echo(
        self, client: TestClient, keys: Keys, path: str
    ) -> None:
        words = "lagerarbetare " * 1500
        response = client.post(path, json={"text": words}, headers=keys.auth("admin"))
        assert response.status_code == 422, response.text
        assert [error["field"] for error in response.json()["errors"]] == ["text"]
        assert "lagerarbetare" not in response.text

    def test_drafts_write_no_record_and_no_audit_entry(
        self, client: TestClient, keys: Keys
    ) -> None:
        def written() -> tuple[Any, ...]:
            audit = client.get(
                "/v1/audit", params={"limit": 200}, headers=keys.auth("auditor")
            ).json()["items"]
            needs = client.get("/v1/needs", headers=keys.auth("admin")).json()
            participants = client.get(
                "/v1/participants", headers=keys.auth("admin")
            ).json()
            # Reading the trail is itself audited; every other entry counts.
            return (
                [entry for entry in audit if entry["object_type"] != "audit_entry"],
                needs["total"],
                participants["total"],
            )

        before = written()
        for path, text in DRAFTS:
            response = client.post(
                path, json={"text": text}, headers=keys.auth("admin")
            )
            assert response.status_code == 200, response.text
        assert written() == before

    def test_the_text_is_not_logged(
        self, client: TestClient, keys: Keys, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.DEBUG)
        for path, text in DRAFTS:
            response = client.post(
                path, json={"text": text}, headers=keys.auth("admin")
            )
            assert response.status_code == 200, response.text
        logged = [str(vars(record)) for record in caplog.records]
        # The access log has a line for each draft, by route, and none of the words.
        for path, _ in DRAFTS:
            assert any(path in line for line in logged)
        for word in ("lagerarbetare", "truckkort", "undersköterska", "arabiska"):
            assert not any(word in line for line in logged)
