"""Folding, tokenisation, label splitting and inflection candidates (no data needed)."""

import pytest

from taxonomy.mapping.inflection import base_forms, edit_keys
from taxonomy.mapping.normalise import comma_head, fold, split_alternatives, tokenize


class TestFold:
    @pytest.mark.parametrize(
        ("text", "folded"),
        [
            ("UNDERSKÖTERSKA", "underskoterska"),
            ("Undersköterska", "underskoterska"),
            ("Kock à la carte", "kock a la carte"),
            ("Grundlärare, 4\u20136", "grundlarare, 4-6"),
            ("Brødbager", "brodbager"),
        ],
    )
    def test_case_diacritics_and_dashes_are_folded(
        self, text: str, folded: str
    ) -> None:
        assert fold(text) == folded

    def test_composed_and_decomposed_forms_fold_alike(self) -> None:
        composed = "sköterska"
        decomposed = "sko\u0308terska"
        assert composed != decomposed
        assert fold(composed) == fold(decomposed)


class TestTokenize:
    def test_tokens_keep_their_spans_in_the_original_text(self) -> None:
        text = "Vi söker Undersköterskor!"
        tokens = tokenize(text)
        assert [t.text for t in tokens] == ["vi", "soker", "underskoterskor"]
        assert [text[t.start : t.end] for t in tokens] == [
            "Vi",
            "söker",
            "Undersköterskor",
        ]

    def test_a_soft_hyphen_joins_the_parts_of_one_word(self) -> None:
        text = "Vi söker buss\u00adchaufför."
        tokens = tokenize(text)
        assert [t.text for t in tokens] == ["vi", "soker", "busschauffor"]
        assert text[tokens[2].start : tokens[2].end] == "buss\u00adchaufför"

    def test_a_word_after_a_hyphen_is_marked(self) -> None:
        tokens = tokenize("el-ingenjör och IT tekniker")
        assert [t.after_hyphen for t in tokens] == [False, True, False, False, False]


class TestLabelParts:
    def test_slash_labels_split_into_alternatives(self) -> None:
        assert split_alternatives("Taxiförare/Taxichaufför") == [
            "Taxiförare",
            "Taxichaufför",
        ]

    def test_comma_head_is_what_precedes_the_first_comma(self) -> None:
        assert comma_head("Sjuksköterska, grundutbildad") == "Sjuksköterska"
        assert comma_head("Diskare") == "Diskare"


class TestInflection:
    @pytest.mark.parametrize(
        ("word", "base"),
        [
            ("underskoterskorna", "underskoterska"),
            ("underskoterskor", "underskoterska"),
            ("snickarna", "snickare"),
            ("snickaren", "snickare"),
            ("kockarna", "kock"),
            ("kockar", "kock"),
            ("larares", "larare"),
            ("elektrikerna", "elektriker"),
            ("poliser", "polis"),
            ("bitradet", "bitrade"),
        ],
    )
    def test_the_dictionary_form_is_among_the_candidates(
        self, word: str, base: str
    ) -> None:
        assert base in list(base_forms(word))

    def test_the_word_itself_is_not_a_candidate(self) -> None:
        assert "kock" not in list(base_forms("kock"))

    def test_edit_keys_hold_every_single_deletion(self) -> None:
        assert edit_keys("kock") == {"kock", "ock", "kck", "kok", "koc"}
