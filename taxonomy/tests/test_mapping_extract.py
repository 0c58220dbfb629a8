"""Mentions of occupations and skills in longer texts, over the real snapshot."""

import pytest

from taxonomy.mapping import Extraction, Mapper
from taxonomy.tests.mapping_support import snapshot_mapper

TEXT = (
    "Vi söker undersköterskor till hemtjänsten. Du har erfarenhet av demensvård och "
    "dokumentaton i journalsystem. Vi söker även en lastbilschaufför."
)


@pytest.fixture(name="extraction", scope="module")
def extraction_fixture() -> Extraction:
    return snapshot_mapper().extract(TEXT)


def test_spans_point_at_the_mentioned_text(extraction: Extraction) -> None:
    for mention in extraction.occupations + extraction.skills:
        start, end = mention.span
        assert TEXT[start:end] == mention.text
        assert 0.0 <= mention.confidence <= 1.0


def test_inflected_occupations_are_found_with_their_groups(
    extraction: Extraction,
) -> None:
    found = {(m.text, m.preferred_label) for m in extraction.occupations}
    assert ("lastbilschaufför", "Distributionsförare") in found
    assert any(
        text == "undersköterskor" and label.startswith("Undersköterska")
        for text, label in found
    )


def test_inflected_and_misspelt_skills_are_found(extraction: Extraction) -> None:
    found = {m.text: m.preferred_label for m in extraction.skills}
    assert found["hemtjänsten"] == "Hemtjänst"
    assert found["demensvård"] == "Demensvård"
    assert found["dokumentaton"] == "Dokumentation"


def test_a_typo_lowers_the_score(extraction: Extraction) -> None:
    scores = {m.text: m.score for m in extraction.skills}
    assert scores["dokumentaton"] < scores["demensvård"]


def test_mentions_are_in_order_of_appearance(extraction: Extraction) -> None:
    starts = [m.span[0] for m in extraction.skills]
    assert starts == sorted(starts)


def test_a_text_without_concepts_has_no_mentions() -> None:
    mapper: Mapper = snapshot_mapper()
    extraction = mapper.extract("Hej, hur mår du idag?")
    assert (extraction.occupations, extraction.skills) == ([], [])


def test_a_skill_head_only_one_skill_has_is_a_mention() -> None:
    extraction = snapshot_mapper().extract("Du programmerar i Python och svenska.")
    labels = [m.preferred_label for m in extraction.skills]
    assert labels == ["Python, programmeringsspråk"]


@pytest.mark.parametrize(
    ("text", "not_found"),
    [
        ("Perfekt efter studenten!", "Prefekt"),  # a short word one edit away
        ("Kocken lagar mat.", "Lagerarbetare/Terminalarbetare"),  # "lager" no "laga"
        ("Du arbetar i kassa.", "Kassaföreståndare, arbetslöshetskassa"),  # A-kassa
    ],
)
def test_everyday_words_are_not_taken_for_labels(text: str, not_found: str) -> None:
    extraction = snapshot_mapper().extract(text)
    labels = {m.preferred_label for m in extraction.occupations + extraction.skills}
    assert not_found not in labels
    assert not any("kassa" in label for label in labels)
