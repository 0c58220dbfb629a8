"""Siblings of one SSYK-4 group back each other in the ranking of a longer text."""

import pytest

from taxonomy.mapping import Mapper
from taxonomy.mapping.index import Entry
from taxonomy.mapping.rerank import Scored, with_group_support
from taxonomy.tests.mapping_support import snapshot_mapper

GROUPS = {"lone": "g-travel", "a": "g-sales", "b": "g-sales", "c": "g-sales"}


def _scored(concept_id: str, score: float) -> Scored:
    entry = Entry(
        concept_id=concept_id,
        family="occupation-name",
        label=concept_id,
        kind="preferred",
        text=concept_id,
        head_text=concept_id,
        terms=(),
        head_terms=0,
        prior=0.0,
        feature_set=frozenset(),
    )
    return Scored(entry, score, 1.0, 0.0, 0.0)


def _supported(scores: dict[str, float], share: float) -> dict[str, float]:
    ranked = sorted((_scored(c, s) for c, s in scores.items()), key=Scored.sort_key)
    supported = with_group_support(ranked, GROUPS.get, share)
    return {item.entry.concept_id: round(item.score, 6) for item in supported}


class TestWithGroupSupport:
    def test_each_candidate_gains_a_share_of_its_best_sibling(self) -> None:
        scores = {"lone": 0.60, "a": 0.58, "b": 0.55, "c": 0.50}
        assert _supported(scores, 0.1) == {
            "lone": 0.60,
            "a": 0.635,
            "b": 0.608,
            "c": 0.558,
        }

    def test_siblings_overtake_a_lone_leader_in_order(self) -> None:
        scores = {"lone": 0.60, "a": 0.58, "b": 0.55}
        ranked = sorted((_scored(c, s) for c, s in scores.items()), key=Scored.sort_key)
        supported = with_group_support(ranked, GROUPS.get, 0.1)
        assert [s.entry.concept_id for s in supported] == ["a", "b", "lone"]

    def test_a_group_with_one_candidate_and_no_group_gain_nothing(self) -> None:
        scores = {"lone": 0.60, "a": 0.58, "orphan": 0.40}
        supported = _supported(scores, 0.1)
        assert supported["lone"] == 0.60
        assert supported["orphan"] == 0.40

    def test_only_the_best_sibling_counts_not_the_group_size(self) -> None:
        two = _supported({"a": 0.5, "b": 0.5}, 0.1)
        three = _supported({"a": 0.5, "b": 0.5, "c": 0.5}, 0.1)
        assert two["a"] == three["a"] == 0.55


@pytest.fixture(name="mapper", scope="module")
def mapper_fixture() -> Mapper:
    return snapshot_mapper()


def test_a_stray_word_of_the_text_does_not_pick_a_lone_seller(
    mapper: Mapper,
) -> None:
    # "vår resa" lends "Resesäljare" evidence; the three business sellers that the
    # bare "Säljare" fits as well outweigh it together.
    text = (
        "Säljare till Västerås!\n"
        "Vi växer och söker dig som vill utvecklas inom försäljning och följa med "
        "på vår resa. Du möter kunder, bygger relationer och når dina mål. "
        "Vi erbjuder fast lön och bonus."
    )
    best = mapper.map(text).matches[0]
    assert best.ssyk_code_2012 == "3322"
