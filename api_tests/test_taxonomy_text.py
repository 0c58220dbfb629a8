"""Issue 12's "Why" examples through HTTP: map, autocomplete and extract over the
real snapshot, with the answers a liaison expects from the employer's own words."""

from typing import Any

import pytest
from dirty_equals import IsFloat, IsStr
from fastapi.testclient import TestClient

from api_tests.client import Keys

pytestmark = pytest.mark.needs_shared_taxonomy

TRUCKVANA = "pGts_PKK_c8W"
A_TRUCKAR = "Zk4h_jP4_e85"
B_TRUCKAR = "HeXq_amc_ABd"
KASSAVANA = "hYpk_RYx_y3V"
KUNDTJANST = "aMyW_hB7_TpU"
STADTJANSTER = "fZdk_vbt_LhP"
ORDERPLOCKNING = "S1ZP_o8S_Jxf"
MS_EXCEL = "5wab_aFK_gdL"
LOSSNING = "swdt_CX9_tHZ"
SAS_LANGUAGE = "QP1q_fXF_b6H"
MOTORSAG_B = "AJB8_zVZ_v9j"
LICENCE_B = "VTK8_WRx_GcM"
LICENCE_C = "BKCx_hST_Pcm"
LICENCE_CE = "zZu8_iZ9_wMH"
LICENCE_BE = "bcFd_Vkt_KXL"
ENGELSKA = "NVxJ_hLg_TYS"
SVENSKA = "zSLA_vw2_FXN"
ARABISKA = "3iEY_RGP_qXq"
LAGERARBETARE_GROUP_CODE = "9321"


def _map(client: TestClient, keys: Keys, text: str, type: str) -> dict[str, Any]:
    response = client.post(
        "/v1/taxonomy/map",
        json={"text": text, "type": type},
        headers=keys.auth("liaison"),
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _first(body: dict[str, Any]) -> dict[str, Any]:
    matches = body["matches"]
    assert isinstance(matches, list)
    first: dict[str, Any] = matches[0]
    return first


def _extract(client: TestClient, keys: Keys, text: str) -> dict[str, Any]:
    response = client.post(
        "/v1/taxonomy/extract", json={"text": text}, headers=keys.auth("matcher")
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


class TestMapWhyExamples:
    def test_korkort_b_is_the_driving_licence_b(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = _map(client, keys, "körkort B", "driving-licence")
        assert body["abstained"] is False
        assert _first(body) == {
            "concept_id": LICENCE_B,
            "type": "driving-licence",
            "preferred_label": "B",
            "ssyk_code_2012": None,
            "score": IsFloat(),
            "confidence": IsFloat(ge=0.9),
            "matched_label": "B",
            "reason": IsStr(),
        }

    def test_korkort_b_as_a_skill_is_no_motorsagskorkort(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = _map(client, keys, "körkort B", "skill")
        assert body["abstained"] is True
        ids = [m["concept_id"] for m in body["matches"]]
        assert MOTORSAG_B not in ids
        assert ids[:1] == [LICENCE_B]

    def test_sas_grund_is_no_programming_language(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = _map(client, keys, "SAS grund", "skill")
        ids = [m["concept_id"] for m in body["matches"]]
        assert body["abstained"] is True
        assert SAS_LANGUAGE not in ids

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("truckkort", TRUCKVANA),
            ("kundservice", KUNDTJANST),
            ("städning", STADTJANSTER),
            ("kassa", KASSAVANA),
            ("Java", "jCsR_WQX_CKD"),
        ],
    )
    def test_trade_words_map_to_their_skills(
        self, client: TestClient, keys: Keys, text: str, expected: str
    ) -> None:
        body = _map(client, keys, text, "skill")
        assert body["abstained"] is False
        assert _first(body)["concept_id"] == expected
        assert _first(body)["reason"] == IsStr(regex=r"^synonym .*")

    def test_truckkort_offers_the_a_and_b_trucks_next(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = _map(client, keys, "truckkort", "skill")
        ids = [m["concept_id"] for m in body["matches"]]
        assert ids[:3] == [TRUCKVANA, A_TRUCKAR, B_TRUCKAR]

    @pytest.mark.parametrize(
        ("text", "label"),
        [
            ("Snickare med yrkesbevis", "Träarbetare/Snickare"),
            ("Golvläggare med yrkesbevis", "Golvläggare"),
            ("Golvläggare utan yrkesbevis", "Golvläggare, utan yrkesbevis"),
        ],
    )
    def test_with_is_not_without(
        self, client: TestClient, keys: Keys, text: str, label: str
    ) -> None:
        body = _map(client, keys, text, "occupation-name")
        assert _first(body)["preferred_label"] == label
        extracted = _extract(client, keys, f"Vi söker en {text.lower()}.")
        assert extracted["occupations"][0]["preferred_label"] == label

    def test_forlossning_is_not_lossning(self, client: TestClient, keys: Keys) -> None:
        body = _map(client, keys, "förlossning", "skill")
        assert body["abstained"] is True or _first(body)["concept_id"] != LOSSNING
        assert _map(client, keys, "lossning", "skill")["abstained"] is False

    @pytest.mark.parametrize(
        ("text", "type", "label"),
        [
            ("engelska", "language", "Engelska"),
            ("Göteborgs kommun", "municipality", "Göteborg"),
            ("Stockholms län", "region", "Stockholms län"),
            ("CE", "driving-licence", "CE"),
        ],
    )
    def test_other_types_map_by_name(
        self, client: TestClient, keys: Keys, text: str, type: str, label: str
    ) -> None:
        body = _map(client, keys, text, type)
        assert body["abstained"] is False
        assert _first(body)["preferred_label"] == label
        assert _first(body)["type"] == type

    def test_an_unknown_place_abstains_with_the_closest_names(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = _map(client, keys, "Stokholmm stad", "municipality")
        assert body["abstained"] is True
        assert body["matches"]


class TestAutocompleteWhyExamples:
    def _suggest(
        self, client: TestClient, keys: Keys, **params: str
    ) -> list[dict[str, Any]]:
        response = client.get(
            "/v1/taxonomy/autocomplete", params=params, headers=keys.auth("liaison")
        )
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    def test_truckkort_offers_trucks_not_short_labels(
        self, client: TestClient, keys: Keys
    ) -> None:
        items = self._suggest(client, keys, q="truckkort", type="skill")
        labels = [i["preferred_label"] for i in items]
        assert labels[0] == "Truckvana"
        assert not {"F", "TV", "Rap", "AIS", "Wok"} & set(labels)
        assert all(len(str(label)) >= 3 for label in labels)

    def test_underskoterska_hemtjanst_ranks_underskoterska_first(
        self, client: TestClient, keys: Keys
    ) -> None:
        items = self._suggest(client, keys, q="undersköterska hemtjänst")
        labels = [str(i["preferred_label"]) for i in items]
        assert labels[0] == "Undersköterska, hemtjänst, äldreboende och habilitering"
        assert "Smed" not in labels
        assert "Tolk" not in labels
        assert all("ndersköterska" in label for label in labels[:4])

    @pytest.mark.parametrize(
        ("q", "type", "label"),
        [
            ("C", "driving-licence", "C"),
            ("arab", "language", "Arabiska"),
            ("Göteb", "municipality", "Göteborg"),
        ],
    )
    def test_the_type_filter_takes_licences_languages_and_municipalities(
        self, client: TestClient, keys: Keys, q: str, type: str, label: str
    ) -> None:
        items = self._suggest(client, keys, q=q, type=type)
        assert items[0]["preferred_label"] == label
        assert all(i["type"] == type for i in items)


class TestExtractWhyExamples:
    def test_the_warehouse_ad_finds_occupation_skills_and_licence(
        self, client: TestClient, keys: Keys
    ) -> None:
        text = (
            "Vi söker en lagerarbetare med truckkort och B-körkort som kan Excel "
            "och har erfarenhet av plock"
        )
        body = _extract(client, keys, text)
        assert [o["preferred_label"] for o in body["occupations"]] == [
            "Lagerarbetare/Terminalarbetare"
        ]
        skills = {s["concept_id"]: s["text"] for s in body["skills"]}
        assert skills == {
            TRUCKVANA: "truckkort",
            MS_EXCEL: "Excel",
            ORDERPLOCKNING: "plock",
        }
        assert body["driving_licences"] == [
            {
                "concept_id": LICENCE_B,
                "type": "driving-licence",
                "preferred_label": "B",
                "span": [44, 53],
                "text": "B-körkort",
                "score": IsFloat(),
                "confidence": IsFloat(ge=0.9),
                "requirement": "must",
                "negated": False,
                "provenance": IsStr(),
            }
        ]

    @pytest.mark.parametrize(
        ("text", "label"),
        [
            (
                "jag har jobbat som undersköterska i hemtjänsten i fyra år",
                "Undersköterska, hemtjänst, äldreboende och habilitering",
            ),
            (
                "Inom hemtjänsten söker vi nu en undersköterska",
                "Undersköterska, hemtjänst, äldreboende och habilitering",
            ),
            (
                "Vi söker undersköterska till vår mottagning",
                "Undersköterska, vård- och specialavdelning och mottagning",
            ),
        ],
    )
    def test_the_words_around_a_label_head_choose_its_qualifier(
        self, client: TestClient, keys: Keys, text: str, label: str
    ) -> None:
        body = _extract(client, keys, text)
        assert [o["preferred_label"] for o in body["occupations"]] == [label]

    @pytest.mark.parametrize(
        "text",
        [
            "Vi söker en arbetsledare för våra städare.",
            # A whole word names a qualifier more than a part of a compound does.
            "Jag har varit arbetsledare för städare och hade personalansvar.",
        ],
    )
    def test_an_agent_noun_nearby_names_the_qualifier(
        self, client: TestClient, keys: Keys, text: str
    ) -> None:
        body = _extract(client, keys, text)
        assert body["occupations"][0]["preferred_label"] == "Arbetsledare städ"

    @pytest.mark.parametrize(
        ("text", "field", "labels"),
        [
            # An acronym heads its skill when written in capitals; APL is
            # arbetsplatsförlagt lärande, not the programming language.
            (
                "Du kan HTML och CSS. Du har gjort din APL.",
                "skills",
                ["HTML, programmeringsspråk", "CSS, stilmall"],
            ),
            ("Vi ses i css.", "skills", []),
            # A skill written as one compound; no title "CNC" or "Operatör" in it.
            (
                "Du har erfarenhet av CNC-svarvning och körvana med släp.",
                "skills",
                ["Svarvning, CNC", "Släp, körvana"],
            ),
            ("Du har erfarenhet av CNC-svarvning.", "occupations", []),
            # A hyphened abbreviation is not corrected into another word
            # ("MAG-svetsning" is no "Bågsvetsning").
            ("Du kan MIG/MAG-svetsning.", "skills", ["MAG/MIG-svetsning"]),
            # A credential is written as its subject, a trade's is not its name.
            (
                "Du har utbildning i fallskydd och heta arbeten.",
                "skills",
                ["Utbildningsbevis, fallskydd", "Certifikat, heta arbeten"],
            ),
            ("Vi söker en VVS-montör och en dykledare.", "skills", []),
            # Languages named by a dialect, or without -ska.
            (
                "Jag pratar oromo, kurmanji och sorani.",
                "languages",
                ["Oromo", "Kurdiska - Kurmanji", "Kurdiska - Sorani"],
            ),
            # A language word as an adjective is no language.
            ("Jag har min svenska legitimation.", "languages", []),
            ("Du känner den svenska arbetsmarknaden.", "languages", []),
            ("Du behärskar det svenska språket väl.", "languages", ["Svenska"]),
            (
                "Jag vill förbättra min svenska och min engelska.",
                "languages",
                ["Svenska", "Engelska"],
            ),
            # A skill's own label is that skill, not an occupation of its plural.
            ("Kunskaper i nätverksteknik är meriterande.", "occupations", []),
            (
                "Kunskaper i nätverksteknik är meriterande.",
                "skills",
                ["Nätverksteknik"],
            ),
            # A workplace keyword is no occupation; the summer is no seamstress.
            (
                "Vi söker en förskollärare till vår förskola.",
                "occupations",
                ["Förskollärare"],
            ),
            (
                "Vi söker servitörer till sommaren.",
                "occupations",
                ["Servitör/Servitris"],
            ),
        ],
    )
    def test_what_a_text_names(
        self, client: TestClient, keys: Keys, text: str, field: str, labels: list[str]
    ) -> None:
        body = _extract(client, keys, text)
        assert [m["preferred_label"] for m in body[field]] == labels

    def test_a_soft_hyphen_stays_inside_its_word(
        self, client: TestClient, keys: Keys
    ) -> None:
        # Ads pasted from web pages carry soft hyphens; "chaufför" alone is a
        # distribution driver.
        body = _extract(client, keys, "Vi söker en buss\u00adchaufför till linje 4")
        labels = [o["preferred_label"] for o in body["occupations"]]
        assert labels, body
        assert labels[0].startswith("Bussförare"), labels
        assert body["occupations"][0]["text"] == "buss\u00adchaufför"

    def test_trade_words_in_an_ad_and_their_cues(
        self, client: TestClient, keys: Keys
    ) -> None:
        text = (
            "Du kan SQL och läsa ritningar, har HLR-utbildning och grävmaskinsvana. "
            "Du pratar flytande svenska. Meriterande med minst två års erfarenhet "
            "av fakturering. Montör med B-körkort sökes."
        )
        body = _extract(client, keys, text)
        skills = {s["preferred_label"]: s["requirement"] for s in body["skills"]}
        assert skills == {
            "SQL, frågespråk": "must",
            "Ritningsläsning": "must",
            "Utbildning i Första hjälpen/Hjärt-lungräddning, HLR": "must",
            "Grävmaskin": "must",
            "Faktureringsvana": "merit",
        }
        assert [(d["concept_id"], d["requirement"]) for d in body["languages"]] == [
            (SVENSKA, "must")
        ]
        assert [d["requirement"] for d in body["driving_licences"]] == ["must"]

    def test_licence_codes_and_cues(self, client: TestClient, keys: Keys) -> None:
        text = (
            "Krav: körkort C/CE.\nMeriterande: behörighet BE.\n"
            "Truckkort är inte ett krav."
        )
        body = _extract(client, keys, text)
        licences = {
            d["concept_id"]: (d["requirement"], d["negated"])
            for d in body["driving_licences"]
        }
        assert licences == {
            LICENCE_C: ("must", False),
            LICENCE_CE: ("must", False),
            LICENCE_BE: ("merit", False),
        }
        truck = [s for s in body["skills"] if s["concept_id"] == TRUCKVANA]
        assert [(t["requirement"], t["negated"]) for t in truck] == [(None, True)]

    def test_no_licence_in_motorsagskorkort_and_no_must_when_negated(
        self, client: TestClient, keys: Keys
    ) -> None:
        text = "Motorsågskörkort är meriterande. Inget krav på körkort."
        body = _extract(client, keys, text)
        assert [
            (d["text"], d["requirement"], d["negated"])
            for d in body["driving_licences"]
        ] == [("körkort", None, True)]

    def test_languages_with_cefr_levels_and_the_swedish_level(
        self, client: TestClient, keys: Keys
    ) -> None:
        text = (
            "Du har flytande engelska och god svenska i tal och skrift, "
            "svenska motsvarande SAS grund."
        )
        body = _extract(client, keys, text)
        languages = {
            d["concept_id"]: (d["level"], d["requirement"]) for d in body["languages"]
        }
        assert languages == {ENGELSKA: ("c1", "must"), SVENSKA: ("b2", "must")}
        assert body["swedish"] == "sva_grund"
        assert SAS_LANGUAGE not in [s["concept_id"] for s in body["skills"]]

    @pytest.mark.parametrize(
        ("text", "level"),
        [
            ("Krav: SFI D.", "sfi_d"),
            ("Du har läst svenska som andraspråk 2.", "sva_2"),
            ("Svenska B är ett krav.", "sva_2"),
            ("Klar med SFI.", "sfi_d"),
            # The highest level named, and in an ad the highest one asked for.
            ("Jag är klar med SFI och läser nu SvA 1.", "sva_1"),
            ("Krav: SFI D. Svenska som andraspråk 2 är meriterande.", "sfi_d"),
            ("Meriterande: SFI C eller SvA grund.", "sva_grund"),
        ],
    )
    def test_swedish_levels_in_their_usual_phrasings(
        self, client: TestClient, keys: Keys, text: str, level: str
    ) -> None:
        assert _extract(client, keys, text)["swedish"] == level

    def test_a_participants_own_words(self, client: TestClient, keys: Keys) -> None:
        text = (
            "jag har jobbat som undersköterska i hemtjänsten i fyra år, har "
            "B-körkort, pratar arabiska och svenska (SFI D)"
        )
        body = _extract(client, keys, text)
        assert [d["concept_id"] for d in body["driving_licences"]] == [LICENCE_B]
        assert {d["concept_id"] for d in body["languages"]} == {ARABISKA, SVENSKA}
        assert body["swedish"] == "sfi_d"
        assert body["occupations"][0]["preferred_label"].startswith("Undersköterska")
        every = [
            *body["occupations"],
            *body["skills"],
            *body["driving_licences"],
        ]
        assert {m["requirement"] for m in every} == {None}

    def test_a_text_of_ten_thousand_characters_is_read(
        self, client: TestClient, keys: Keys
    ) -> None:
        text = ("Vi kräver B-körkort och god svenska. " * 300)[:10_000]
        body = _extract(client, keys, text)
        assert [d["preferred_label"] for d in body["driving_licences"]] == ["B"]
