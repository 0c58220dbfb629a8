"""The hand-written vocabulary is spelled in words the taxonomy labels contain."""

import pytest

from taxonomy.mapping import vocabulary
from taxonomy.mapping.normalise import fold
from taxonomy.tests.mapping_support import snapshot_mapper

REWRITES = {**vocabulary.ABBREVIATIONS, **vocabulary.VARIANTS, **vocabulary.ENGLISH}


def test_keys_and_values_are_folded() -> None:
    for key, value in REWRITES.items():
        assert key == fold(key)
        assert value == fold(value)
    assert all(word == fold(word) for word in vocabulary.STOPWORDS)


@pytest.mark.parametrize(("key", "value"), sorted(REWRITES.items()))
def test_every_replacement_word_is_a_taxonomy_word(key: str, value: str) -> None:
    lexicon = snapshot_mapper().lexicon
    for word in value.replace("-", " ").split():
        assert lexicon.word(word).rule in {"exact", "inflection"}, (key, word)
