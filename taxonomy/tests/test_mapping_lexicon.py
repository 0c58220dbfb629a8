"""Word analysis against a small hand-written vocabulary (no shared data needed)."""

import pytest

from taxonomy.mapping.lexicon import Lexicon
from taxonomy.mapping.normalise import fold, tokenize

LABELS = [
    "Undersköterska, hemtjänst",
    "Snickare",
    "Byggnadsarbetare",
    "Lastbilsförare",
    "Taxiförare",
    "Kock",
    "Kock, fartyg",
    "Köksbiträde",
    "Kafébiträde",
    "Vårdbiträde",
    "Sekreterare",
    "Elingenjör",
    "Ingenjörer",
    "Städare",
    "VVS-montör",
    "Sjuksköterska",
    "Byggnad",
    "Last",
    "Bil",
    "Lastbil",
    "Kök",
    "Kafé",
    "Vård",
    "Skola",
    "Chaufför",
]


@pytest.fixture(name="lexicon", scope="module")
def lexicon_fixture() -> Lexicon:
    return Lexicon(t.text for label in LABELS for t in tokenize(label))


class TestWordAnalysis:
    def test_a_label_word_is_exact(self, lexicon: Lexicon) -> None:
        assert lexicon.word("snickare") == (("snickare",), (), "exact")

    def test_an_inflected_word_gets_its_dictionary_form(self, lexicon: Lexicon) -> None:
        forms, _, rule = lexicon.word(fold("undersköterskorna"))
        assert (forms, rule) == (("underskoterska",), "inflection")

    def test_a_rewrite_that_keeps_its_own_word_ends(self, lexicon: Lexicon) -> None:
        # "lokalvardare" rewrites to "stadare lokalvardare"; with no
        # "lokalvardare" among the labels such a rewrite (once "cnc" ->
        # "cnc-operator") recursed without end (a RecursionError, a 500 via HTTP).
        analysis = lexicon.word("lokalvardare")
        assert "lokalvardare" in analysis.forms

    def test_a_plural_label_word_also_yields_its_singular(self) -> None:
        lexicon = Lexicon(["ingenjorer", "ingenjor"])
        assert lexicon.word("ingenjorer").forms == ("ingenjorer", "ingenjor")

    def test_a_compound_splits_into_modifier_and_head(self, lexicon: Lexicon) -> None:
        forms, parts, rule = lexicon.word("byggnadssnickare")
        assert (forms, parts, rule) == (
            ("byggnadssnickare",),
            ("byggnad", "snickare"),
            "compound",
        )

    def test_a_verb_in_ar_is_not_read_as_an_are_noun(self) -> None:
        lexicon = Lexicon(["passare", "snickare"])
        # One edit away it may still be a typo of "passare", but no inflection of it.
        assert lexicon.word("passar").rule != "inflection"
        assert lexicon.word("snickarna").forms == ("snickare",)

    def test_a_rare_short_word_is_not_taken_for_a_stem(self) -> None:
        lexicon = Lexicon(["lar", "larare"])
        assert lexicon.word("lararna").forms == ("larare",)

    def test_a_compound_modifier_may_itself_be_a_compound(self) -> None:
        lexicon = Lexicon(["sakerhet", "skydd", *["chef"] * 3])
        assert lexicon.word("sakerhetsskyddschef").parts == (
            "sakerhet",
            "skydd",
            "chef",
        )
        assert lexicon.word("skyddschef").parts == ("skydd", "chef")

    def test_a_typo_one_edit_away_is_corrected(self, lexicon: Lexicon) -> None:
        forms, _, rule = lexicon.word("sektreterare")
        assert (forms, rule) == (("sekreterare",), "typo")

    def test_a_word_without_a_known_form_stays_unknown(self, lexicon: Lexicon) -> None:
        assert lexicon.word("asdfgh") == (("asdfgh",), (), "unknown")

    def test_stop_words_have_no_features(self, lexicon: Lexicon) -> None:
        assert lexicon.word("soker").forms == ()

    def test_heads_seen_only_inside_compounds_become_words(
        self, lexicon: Lexicon
    ) -> None:
        assert lexicon.known("bitrade")
        assert not lexicon.known("ade")


class TestTextAnalysis:
    def test_abbreviations_are_expanded(self, lexicon: Lexicon) -> None:
        (term,) = lexicon.analyse("usk")
        assert (term.forms, term.rule) == (("underskoterska",), "abbreviation")

    def test_gendered_variants_are_rewritten(self, lexicon: Lexicon) -> None:
        (term,) = lexicon.analyse("städerska")
        assert (term.forms, term.rule) == (("stadare",), "variant")

    def test_colloquial_words_are_rewritten_to_label_words(
        self, lexicon: Lexicon
    ) -> None:
        terms = lexicon.analyse("rörmokare")
        assert [t.forms[0] for t in terms] == ["vvs", "montor"]
        assert {t.rule for t in terms} == {"variant"}

    def test_english_phrases_are_translated(self, lexicon: Lexicon) -> None:
        (term,) = lexicon.analyse("truck driver")
        assert (term.forms[0], term.rule, term.start, term.end) == (
            "lastbilsforare",
            "english",
            0,
            12,
        )

    def test_a_chauffeur_compound_gets_the_driver_head(self, lexicon: Lexicon) -> None:
        assert lexicon.word(fold("skolchaufför")).parts == ("skola", "forare")

    def test_hyphenated_words_are_joined_when_the_join_is_known(
        self, lexicon: Lexicon
    ) -> None:
        assert [t.forms[0] for t in lexicon.analyse("el-ingenjör")] == ["elingenjor"]
        assert [t.forms[0] for t in lexicon.analyse("kock-fartyg")] == [
            "kock",
            "fartyg",
        ]

    def test_an_abbreviation_is_not_joined_into_a_typo_of_another_word(self) -> None:
        lexicon = Lexicon(["lakare", "slaktare", "webbdesigner"])
        assert [t.forms[0] for t in lexicon.analyse("ST-läkare")] == ["st", "lakare"]
        assert [t.forms[0] for t in lexicon.analyse("web-designer")] == ["webbdesigner"]

    def test_a_join_is_not_corrected_into_another_first_part(self) -> None:
        lexicon = Lexicon(["mag", "svetsning", "bagsvetsning"])
        assert [t.forms[0] for t in lexicon.analyse("MAG-svetsning")] == [
            "mag",
            "svetsning",
        ]

    def test_a_stop_word_hyphened_to_a_word_is_an_abbreviation(self) -> None:
        lexicon = Lexicon(["tekniker", "kassa"])
        assert [t.forms[0] for t in lexicon.analyse("AV-tekniker")] == [
            "av",
            "tekniker",
        ]
        assert [t.forms[0] for t in lexicon.analyse("A-kassa")] == ["a", "kassa"]
        assert [t.forms[0] for t in lexicon.analyse("tekniker av rang")] == [
            "tekniker",
            "rang",
        ]

    def test_filler_words_are_dropped_and_spans_kept(self, lexicon: Lexicon) -> None:
        text = "Vi söker en driven snickare"
        terms = lexicon.analyse(text)
        assert [(t.forms[0], text[t.start : t.end]) for t in terms] == [
            ("snickare", "snickare")
        ]


class TestDefinitionWords:
    LABEL_WORDS = ("telefoni", "snickare", "sjukskoterska")

    def test_a_definition_word_is_not_taken_for_a_typo(self) -> None:
        assert Lexicon(self.LABEL_WORDS).word("telefon").rule == "typo"
        with_prose = Lexicon(self.LABEL_WORDS, ["telefon"])
        assert with_prose.word("telefon") == (("telefon",), (), "prose")

    def test_an_inflected_definition_word_gets_its_base_form(self) -> None:
        with_prose = Lexicon(self.LABEL_WORDS, ["telefon", "telefonen"])
        assert with_prose.word("telefonen").forms == ("telefon",)
        assert with_prose.word("telefoner").forms == ("telefon",)

    def test_label_words_still_come_first(self) -> None:
        with_prose = Lexicon(self.LABEL_WORDS, ["snickare", "sjukskoterskan"])
        assert with_prose.word("snickare").rule == "exact"
        assert with_prose.word("sjukskoterskan").rule == "inflection"
