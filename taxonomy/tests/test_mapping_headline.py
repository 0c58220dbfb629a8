"""Headlines of longer texts and the phrases a headline is cut into."""

import pytest

from taxonomy.mapping.headline import headline_units, split_headline


class TestSplitHeadline:
    def test_a_short_first_line_is_the_headline(self) -> None:
        text = "Kock till vår restaurang\nDu lagar mat i vårt kök."
        assert split_headline(text) == (
            "Kock till vår restaurang",
            "Du lagar mat i vårt kök.",
        )

    def test_without_a_line_break_the_first_sentence_is_the_headline(self) -> None:
        headline, rest = split_headline("Svetsning avser att foga metall. Mer text.")
        assert (headline, rest) == ("Svetsning avser att foga metall.", " Mer text.")


class TestHeadlineUnits:
    @pytest.mark.parametrize(
        ("headline", "phrases"),
        [
            ("Sjuksköterska till infektionsavdelningen", ["Sjuksköterska"]),
            (
                "Säljare | Perfekt efter studenten!",
                ["Säljare", "Perfekt efter studenten"],
            ),
            ("Causey Westling söker Tax Manager", ["Causey Westling", "Tax Manager"]),
            (
                "Hotellmedarbetare/Kock 100% - Gysinge",
                ["Hotellmedarbetare", "Kock 100%", "Gysinge"],
            ),
            (
                "Undersköterska, Bruksbacken omsorgsboende",
                ["Undersköterska", "Bruksbacken omsorgsboende"],
            ),
            ("Blästring & värmebehandling", ["Blästring", "värmebehandling"]),
        ],
    )
    def test_titles_employers_and_slogans_become_separate_phrases(
        self, headline: str, phrases: list[str]
    ) -> None:
        assert headline_units(headline) == [headline, *phrases]

    @pytest.mark.parametrize(
        "headline",
        ["ST-läkare inom allmänmedicin", "Lärare i matematik", "El-ingenjör"],
    )
    def test_a_field_after_inom_or_i_and_a_hyphen_stay_in_the_phrase(
        self, headline: str
    ) -> None:
        assert headline_units(headline) == [headline]

    def test_words_containing_a_boundary_word_are_not_cut(self) -> None:
        assert headline_units("Tillsynshandläggare vid miljöförvaltningen") == [
            "Tillsynshandläggare vid miljöförvaltningen",
            "Tillsynshandläggare",
        ]

    @pytest.mark.parametrize(
        ("headline", "title"),
        [
            (
                "Gymnasielärare i engelska sökes till Yrkesgymnasiet Göteborg",
                "Gymnasielärare i engelska",
            ),
            ("Kock på Restaurang Fisken", "Kock"),
            ("Nurse at Karolinska", "Nurse"),
        ],
    )
    def test_a_workplace_qualifies_the_headline_but_is_no_phrase_of_its_own(
        self, headline: str, title: str
    ) -> None:
        assert headline_units(headline) == [headline, title]
