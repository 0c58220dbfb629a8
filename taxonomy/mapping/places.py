"""Place names (municipalities, län, countries) found in a text and taken out of it.

"Säljare till Uppsala!" is about a salesperson, and "göteborg" alone is a search for
a place, not an occupation: place names are removed before matching, and a text
that held nothing else makes the mapper abstain.
"""

from collections.abc import Callable, Iterable

from taxonomy.mapping.normalise import Token, tokenize
from taxonomy.mapping.vocabulary import STOPWORDS

MAX_PLACE_WORDS = 3


class Places:
    """Lookup of place names as sequences of folded words."""

    def __init__(self, labels: Iterable[str], is_word: Callable[[str], bool]) -> None:
        """Index ``labels``, except one-word names that ``is_word`` knows ("Mark")."""
        self._keys: set[tuple[str, ...]] = set()
        for label in labels:
            words = tuple(t.text for t in tokenize(label) if t.text not in STOPWORDS)
            if words and not (len(words) == 1 and is_word(words[0])):
                self._keys.add(words)
                # "Stockholms län" is also written "Stockholm län" or "stockholms".
                self._keys.add((*words[:-1], words[-1].removesuffix("s")))

    def strip(self, tokens: list[Token]) -> tuple[list[Token], list[str]]:
        """Return the tokens that are not part of a place name, and the place names."""
        kept: list[Token] = []
        found: list[str] = []
        i = 0
        while i < len(tokens):
            size = self._place_at(tokens, i)
            if size:
                found.append(" ".join(t.text for t in tokens[i : i + size]))
                i += size
            else:
                kept.append(tokens[i])
                i += 1
        return kept, found

    def _place_at(self, tokens: list[Token], i: int) -> int:
        for size in range(min(MAX_PLACE_WORDS, len(tokens) - i), 0, -1):
            if tuple(t.text for t in tokens[i : i + size]) in self._keys:
                return size
        return 0
