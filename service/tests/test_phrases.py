"""The phrase readers of drafts, on a fixed today (the API tests run on the real
one): start dates, schedules, extent, scope and years as people write them."""

from datetime import date

import pytest

from service.requirements.models import Schedule, WorktimeExtent
from service.requirements.phrases import (
    read_schedules,
    read_scope,
    read_start,
    read_worktime,
)
from service.requirements.years import attach, read_years

TODAY = date(2026, 3, 10)


def start_of(text: str, today: date = TODAY) -> date | None:
    phrase = read_start(text, today)
    assert phrase is not None, text
    return phrase.value


class TestReadStart:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Start i april.", date(2026, 4, 1)),
            ("Start i februari.", date(2027, 2, 1)),
            # The month we are in: the text cannot mean a year ahead.
            ("Start i mars.", TODAY),
            ("Tillträde den 15 mars", date(2026, 3, 15)),
            ("Tillträde 1 mars", date(2027, 3, 1)),
            ("Tillträde: 1:a augusti 2031", date(2031, 8, 1)),
            ("Anställningen börjar 2026-09-01.", date(2026, 9, 1)),
            ("Jag kan börja i början av maj", date(2026, 5, 1)),
            ("Start: 15/9", date(2026, 9, 15)),
            ("Önskad start är så snart som möjligt", None),
            ("Tillträde enligt överenskommelse", None),
            ("Start snarast möjligt", None),
        ],
    )
    def test_a_start_is_read_with_its_cue(self, text: str, expected: date) -> None:
        assert start_of(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "Lön enligt överenskommelse.",
            "Jag har jobbat där sedan mars 2020.",
            "Tillträde 31 februari",
        ],
    )
    def test_no_start_without_a_cue_or_a_real_date(self, text: str) -> None:
        assert read_start(text, TODAY) is None

    def test_the_evidence_is_the_whole_phrase(self) -> None:
        text = "Heltid. Start i april. Lön enligt avtal."
        phrase = read_start(text, TODAY)
        assert phrase is not None
        assert text[phrase.start : phrase.end] == "Start i april"


class TestSchedulesAndExtent:
    def test_shared_compounds_and_negations(self) -> None:
        text = "Dag-, kvälls- och helgtjänstgöring förekommer, inga nätter."
        assert [p.value for p in read_schedules(text)] == [
            Schedule.DAY,
            Schedule.EVENING,
            Schedule.WEEKEND,
        ]

    def test_a_bare_day_only_in_a_list(self) -> None:
        assert read_schedules("En vanlig dag på jobbet") == []
        assert [p.value for p in read_schedules("dag, kväll och natt")] == [
            Schedule.DAY,
            Schedule.EVENING,
            Schedule.NIGHT,
        ]

    @pytest.mark.parametrize(
        ("text", "extent", "scope"),
        [
            ("Heltid", WorktimeExtent.FULL_TIME, None),
            ("Deltid 75 % av heltid", WorktimeExtent.PART_TIME, 75),
            ("Omfattning: 100 %", WorktimeExtent.FULL_TIME, 100),
            ("Heltid eller deltid", None, None),
            ("Deltid/Heltid", None, None),
            ("Tillsvidareanställning på 100%", WorktimeExtent.FULL_TIME, 100),
            ("Tjänsten är på 35%.", WorktimeExtent.PART_TIME, 35),
            ("Heltidstjänst, mån-fre", WorktimeExtent.FULL_TIME, None),
            ("Vid sidan av heltidsstudier", None, None),
            ("Vi ger 100 % service", None, None),
        ],
    )
    def test_extent_and_scope(
        self, text: str, extent: WorktimeExtent | None, scope: int | None
    ) -> None:
        read = read_worktime(text)
        assert (read.value if read else None) == extent
        percent = read_scope(text)
        assert (percent.value if percent else None) == scope


class TestReadYears:
    @pytest.mark.parametrize(
        ("text", "years"),
        [
            ("i fyra år", 4.0),
            ("2 års erfarenhet", 2.0),
            ("ett och ett halvt år", 1.5),
            ("1,5 år", 1.5),
            ("ett halvt år", 0.5),
            ("sex månader", 0.5),
            ("tjugotre år", 23.0),
            ("2-3 år", 2.0),
            ("sedan 2019", 7.0),
            ("sedan september 2025", 0.5),
            ("mellan 2015 och 2018", 3.0),
        ],
    )
    def test_a_length_of_time_in_years(self, text: str, years: float) -> None:
        assert [p.value for p in read_years(text, TODAY)] == [years]

    @pytest.mark.parametrize(
        "text", ["Du ska vara minst 18 år", "han är 40 år gammal", "sedan 1960"]
    )
    def test_ages_and_implausible_lengths_are_no_years(self, text: str) -> None:
        assert read_years(text, TODAY) == []

    def test_years_go_to_the_occupation_of_their_clause(self) -> None:
        text = "Lagerarbetare i 2 år och städare sedan 2019, fyra år som bagare"
        anchors = [
            (text.index(word), text.index(word) + len(word))
            for word in ("Lagerarbetare", "städare", "bagare")
        ]
        attached = attach(text, anchors, read_years(text, TODAY))
        assert {i: p.value for i, p in attached.items()} == {0: 2.0, 1: 7.0, 2: 4.0}
