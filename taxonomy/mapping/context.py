"""Context of longer texts: which SSYK-4 group the words of a text point to."""

from taxonomy.mapping.index import Catalogue
from taxonomy.mapping.lexicon import Lexicon, Term
from taxonomy.mapping.rerank import Scored


class GroupContext:
    """Placeholder until the group profiles are built."""

    def __init__(self, catalogue: Catalogue, lexicon: Lexicon) -> None:
        self._catalogue = catalogue
        self._lexicon = lexicon

    def rerank(
        self, terms: tuple[Term, ...], ranked: list[Scored], catalogue: Catalogue
    ) -> list[Scored]:
        """Return ``ranked`` re-ordered by the text's group context."""
        return ranked
