"""Autocomplete over the real snapshot: prefixes, typos, types and limits."""

import pytest

from taxonomy.mapping import Mapper
from taxonomy.tests.mapping_support import snapshot_mapper


@pytest.fixture(name="mapper", scope="module")
def mapper_fixture() -> Mapper:
    return snapshot_mapper()


def test_a_prefix_completes_labels_that_start_with_it(mapper: Mapper) -> None:
    suggestions = mapper.autocomplete("diska", type="occupation-name")
    assert suggestions[0].preferred_label == "Diskare"
    assert all(s.type == "occupation-name" for s in suggestions)


def test_a_prefix_matches_word_starts_inside_labels(mapper: Mapper) -> None:
    labels = [s.matched_label for s in mapper.autocomplete("grundskolan", limit=50)]
    assert "Lärare i grundskolan, årskurs 1-6" in labels


def test_missing_diacritics_still_complete(mapper: Mapper) -> None:
    labels = [s.preferred_label for s in mapper.autocomplete("underskoterska")]
    assert "Undersköterska, hemtjänst, äldreboende och habilitering" in labels


def test_a_typo_is_corrected(mapper: Mapper) -> None:
    labels = [s.preferred_label for s in mapper.autocomplete("underskoterka")]
    assert any(label.startswith("Undersköterska") for label in labels)


def test_type_and_limit_are_respected(mapper: Mapper) -> None:
    skills = mapper.autocomplete("svets", type="skill", limit=3)
    assert len(skills) == 3
    assert all(s.type == "skill" for s in skills)


def test_groups_can_be_suggested(mapper: Mapper) -> None:
    groups = mapper.autocomplete("sjuksk", type="ssyk-level-4", limit=5)
    assert groups
    assert all(s.type == "ssyk-level-4" for s in groups)
    assert len({s.concept_id for s in groups}) == len(groups)


def test_an_empty_query_suggests_nothing(mapper: Mapper) -> None:
    assert mapper.autocomplete("  ") == []


@pytest.mark.parametrize("prefix", ["arbet", "arbetet", "jobbe"])
def test_a_prefix_one_edit_from_a_stop_word_still_completes(
    mapper: Mapper, prefix: str
) -> None:
    suggestions = mapper.autocomplete(prefix)
    assert all(s.matched_label for s in suggestions)
