"""A text as the mapper sees it: place names removed, words analysed."""

from dataclasses import dataclass, replace

from taxonomy.mapping.lexicon import Lexicon, Term
from taxonomy.mapping.normalise import WITHOUT, tokenize
from taxonomy.mapping.places import Places
from taxonomy.mapping.vocabulary import STOPWORDS

LONG_TEXT_WORDS = 12
# "Lärare i matematik", "ST-läkare inom allmänmedicin": the words after these name
# the field of the title before them.
FIELD_WORDS = frozenset({"i", "inom", "in"})


@dataclass(frozen=True, slots=True)
class Query:
    """A text as the mapper sees it."""

    text: str
    terms: tuple[Term, ...]
    long: bool
    places: tuple[str, ...]
    # How many terms make the title; the rest name its field.
    head_terms: int

    @property
    def features(self) -> tuple[str, ...]:
        """All word features, in order."""
        return tuple(f for t in self.terms for f in t.features)


def analyse_query(text: str, lexicon: Lexicon, places: Places) -> Query:
    """Analyse ``text``: strip place names, fold, lemmatise, split compounds."""
    tokens, found = places.strip(tokenize(text))
    terms = tuple(lexicon.analyse_tokens(tokens))
    # "utan" stays in the text: it tells "Golvläggare, utan yrkesbevis" from
    # "Golvläggare med yrkesbevis" (``rerank``).
    words = " ".join(
        t.text for t in tokens if t.text not in STOPWORDS or t.text == WITHOUT
    )
    return Query(
        words,
        terms,
        len(tokens) > LONG_TEXT_WORDS,
        tuple(found),
        _head_terms(terms, [t.start for t in tokens if t.text in FIELD_WORDS]),
    )


def _head_terms(terms: tuple[Term, ...], field_starts: list[int]) -> int:
    """The terms before the first field word that follows a term."""
    if terms:
        field = next((s for s in field_starts if s > terms[0].start), None)
        if field is not None:
            return sum(1 for t in terms if t.start < field)
    return len(terms)


def with_agent_nouns(query: Query, lexicon: Lexicon) -> Query:
    """Let an activity also name its agent: "Blästring" asks for "Blästrare".

    Only for a short text asking for occupations: in a description, or against
    skill labels, the activity is what it says. And only for its first word: a
    later one qualifies the title ("Lärare i matematik" is no "Matematiker").
    """
    if not query.terms:
        return query
    first, *rest = query.terms
    agent = _with_agent(first, lexicon)
    return query if agent is first else replace(query, terms=(agent, *rest))


def _with_agent(term: Term, lexicon: Lexicon) -> Term:
    agent = lexicon.agent_noun(term.forms[0])
    if agent is None or agent in term.forms:
        return term
    return replace(term, forms=(*term.forms, agent), rule="agent")
