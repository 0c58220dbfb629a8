"""A text as the mapper sees it: place names removed, words analysed."""

from dataclasses import dataclass, replace

from taxonomy.mapping.lexicon import Lexicon, Term
from taxonomy.mapping.normalise import tokenize
from taxonomy.mapping.places import Places
from taxonomy.mapping.vocabulary import STOPWORDS

LONG_TEXT_WORDS = 12


@dataclass(frozen=True, slots=True)
class Query:
    """A text as the mapper sees it."""

    text: str
    terms: tuple[Term, ...]
    long: bool
    places: tuple[str, ...]

    @property
    def features(self) -> tuple[str, ...]:
        """All word features, in order."""
        return tuple(f for t in self.terms for f in t.features)


def analyse_query(text: str, lexicon: Lexicon, places: Places) -> Query:
    """Analyse ``text``: strip place names, fold, lemmatise, split compounds."""
    tokens, found = places.strip(tokenize(text))
    terms = tuple(lexicon.analyse_tokens(tokens))
    words = " ".join(t.text for t in tokens if t.text not in STOPWORDS)
    return Query(words, terms, len(tokens) > LONG_TEXT_WORDS, tuple(found))


def with_agent_nouns(query: Query, lexicon: Lexicon) -> Query:
    """Let an activity also name its agent: "Blästring" asks for "Blästrare".

    Only for a short text asking for occupations: in a description, or against
    skill labels, the activity is what it says.
    """
    terms = tuple(_with_agent(t, lexicon) for t in query.terms)
    return replace(query, terms=terms) if terms != query.terms else query


def _with_agent(term: Term, lexicon: Lexicon) -> Term:
    agent = lexicon.agent_noun(term.forms[0])
    if agent is None or agent in term.forms:
        return term
    return replace(term, forms=(*term.forms, agent), rule="agent")
