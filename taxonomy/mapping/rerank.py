"""Re-ranking of retrieved entries by explainable word coverage.

For a short text (a job title, a headline) each retrieved entry gets

    score = kind_factor * (0.40 * query_coverage + 0.35 * label_coverage
                           + 0.15 * char_cosine + 0.10 * edit_similarity)

- *query coverage*: the IDF-weighted share of the query's words found in the label;
  a word counts fully when one of its forms (lemma, singular) is a label feature,
  else 0.6 for its compound head and 0.4 for its modifier (see ``credit``);
- *label coverage*: the same, from the label's side, so "Snickare" beats
  "Byggnadssnickare" for the query "snickare"; a qualifier after a comma counts
  for a fifth ("Sjuksköterska, grundutbildad" fits "sjuksköterskor");
- *char cosine*: the character 2-4-gram TF-IDF cosine (typos, compounds);
- *edit similarity*: rapidfuzz ``ratio`` of the folded query and label head.

plus ``0.03 * prior``, a generality prior from the taxonomy (see ``index``) that
only breaks near-ties. ``kind_factor`` prefers a concept's own labels to
deprecated, keyword and group labels (see ``index``). Every component is kept, so
a match can say why it won.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from taxonomy.mapping.index import Entry
from taxonomy.mapping.lexicon import Term
from taxonomy.mapping.normalise import says_without
from taxonomy.mapping.retrieval import Hit

HEAD_CREDIT = 0.6
MODIFIER_CREDIT = 0.4
STRICT_HEAD_CREDIT = 0.3
QUALIFIER_SHARE = 0.2
MIN_SUFFIX = 5
# A query this similar (rapidfuzz ratio) to a label is a spelling of it.
SPELT_ALIKE = 80
PRIOR_WEIGHT = 0.03
WEIGHTS = (0.40, 0.35, 0.15, 0.10)
# The share of its score a label keeps when it says a word of the query is absent.
DENIED_FACTOR = 0.5
KIND_FACTOR = {
    "preferred": 1.0,
    "alternative": 1.0,
    "slash-part": 1.0,
    "former": 0.97,
    "deprecated-successor": 0.97,
    "generic-title": 0.97,
    "keyword": 0.93,
    "deprecated-same-group": 0.92,
    "group-label": 0.90,
}
KIND_ORDER = {kind: i for i, kind in enumerate(KIND_FACTOR)}


@dataclass(frozen=True, slots=True)
class Scored:
    """One entry with its score and the components of the score."""

    entry: Entry
    score: float
    query_coverage: float
    label_coverage: float
    char_cosine: float
    context: float = 0.0

    def sort_key(self) -> tuple[float, int, int, str]:
        """Best first; ties go to own labels, then shorter (more general) labels."""
        return (
            -self.score,
            KIND_ORDER[self.entry.kind],
            len(self.entry.label),
            self.entry.label,
        )


def credit(term: Term, features: frozenset[str], *, strict: bool = False) -> float:
    """How much of ``term`` the other side's features cover, in [0, 1].

    A form of the word itself: 1. Otherwise its compound parts: 0.6 for the head
    and 0.4 for the modifier. A head (or an unsplit word) also matches a feature
    it ends or that ends it ("sjuksköterska" / "sköterska"), so
    "distriktssjuksköterska" fits "Distriktssköterska". ``strict`` (a label against
    a whole long text) gives 1 only to the word or all its parts, else 0.3 for the
    head: a text full of words would otherwise half-fit every compound label.
    """
    if any(f in features for f in term.forms):
        return 1.0
    if strict:
        if term.parts and all(p in features for p in term.parts):
            return 1.0
        return STRICT_HEAD_CREDIT if term.parts and term.parts[-1] in features else 0.0
    head = term.parts[-1] if term.parts else term.forms[0]
    head_credit = HEAD_CREDIT if _fits(head, features) else 0.0
    modifiers = term.parts[:-1]
    if any(p in features for p in modifiers):
        return head_credit + MODIFIER_CREDIT
    return head_credit


def _fits(word: str, features: frozenset[str]) -> bool:
    if word in features:
        return True
    if len(word) < MIN_SUFFIX:
        return False
    return any(
        len(f) >= MIN_SUFFIX and (word.endswith(f) or f.endswith(word))
        for f in features
    )


def coverage(
    terms: Sequence[Term],
    features: frozenset[str],
    weight: Callable[[Term], float],
    *,
    strict: bool = False,
) -> float:
    """IDF-weighted share of ``terms`` covered by ``features``."""
    weights = [weight(t) for t in terms]
    total = sum(weights)
    if total == 0:
        return 0.0
    covered = (
        w * credit(t, features, strict=strict)
        for w, t in zip(weights, terms, strict=True)
    )
    return sum(covered) / total


def label_coverage(
    entry: Entry,
    features: frozenset[str],
    weight: Callable[[Term], float],
    *,
    strict: bool = False,
) -> float:
    """Coverage of a label; its qualifier ("Kock, fartyg") counts for a fifth only.

    A text that names the head of a label without its qualifier still fits it.
    """
    return head_coverage(entry.terms, entry.head_terms, features, weight, strict=strict)


def head_coverage(
    terms: Sequence[Term],
    head_terms: int,
    features: frozenset[str],
    weight: Callable[[Term], float],
    *,
    strict: bool = False,
) -> float:
    """Coverage of a title and its qualifier, the qualifier counting for a fifth.

    Both sides have one: the label "Kock, fartyg", the query "Lärare i matematik".
    """
    head = coverage(terms[:head_terms], features, weight, strict=strict)
    if head_terms >= len(terms):
        return head
    qualifier = coverage(terms[head_terms:], features, weight, strict=strict)
    return (1 - QUALIFIER_SHARE) * head + QUALIFIER_SHARE * qualifier


def score_entry(
    query_text: str,
    query_terms: Sequence[Term],
    query_features: frozenset[str],
    entry: Entry,
    char_cosine: float,
    weight: Callable[[Term], float],
    query_head: int | None = None,
) -> Scored:
    """Score one entry against a short query (its first ``query_head`` terms name
    the title, the rest its field)."""
    head = len(query_terms) if query_head is None else query_head
    q_cover = head_coverage(query_terms, head, entry.feature_set, weight)
    l_cover = label_coverage(entry, query_features, weight)
    if head < len(query_terms) and not coverage(
        query_terms[:head], entry.feature_set, weight
    ):
        # A label that only the query's field covers names the field, not the title:
        # "Matematiker" for "Lärare i matematik".
        l_cover *= QUALIFIER_SHARE
    similarity = fuzz.ratio(query_text, entry.head_text) / 100.0
    parts = (q_cover, l_cover, char_cosine, similarity)
    raw = (
        sum(w * p for w, p in zip(WEIGHTS, parts, strict=True))
        + PRIOR_WEIGHT * entry.prior
    )
    if _denied(entry, query_text, query_features):
        raw *= DENIED_FACTOR
    return Scored(entry, KIND_FACTOR[entry.kind] * raw, q_cover, l_cover, char_cosine)


def _denied(entry: Entry, query_text: str, query_features: frozenset[str]) -> bool:
    """A label that says a word of the query is absent: "Snickare med yrkesbevis"
    is not "Snickare, utan yrkesbevis"."""
    return not entry.absent.isdisjoint(query_features) and not says_without(query_text)


def score_entries(
    query_text: str,
    query_terms: Sequence[Term],
    entries: Sequence[Entry],
    hits: Iterable[Hit],
    weight: Callable[[Term], float],
    query_head: int | None = None,
) -> list[Scored]:
    """Score retrieved entries against a short query, best first."""
    query_features = frozenset(f for t in query_terms for f in t.features)
    scored = [
        score_entry(
            query_text,
            query_terms,
            query_features,
            entries[h.position],
            h.char_cosine,
            weight,
            query_head,
        )
        for h in hits
    ]
    return sorted(scored, key=Scored.sort_key)


def best_per_concept(scored: Iterable[Scored]) -> list[Scored]:
    """Keep the best entry of each concept, in ranking order."""
    seen: set[str] = set()
    best = []
    for item in scored:
        if item.entry.concept_id not in seen:
            seen.add(item.entry.concept_id)
            best.append(item)
    return best


def with_group_support(
    ranked: Sequence[Scored], group_of: Callable[[str], str | None], share: float
) -> list[Scored]:
    """Add ``share`` of the best *other* concept of the same group to each score.

    Siblings back each other: "Säljare" fits "Företagssäljare", "Systemsäljare"
    and "Utesäljare" of one SSYK-4 group, so that group is likelier than the one
    of a single "Resesäljare" that wins by a stray word ("vår resa"). Only the
    best sibling counts, so a group with many labels does not win by its size.
    """
    leaders: dict[str, list[Scored]] = {}
    for item in ranked:
        group = group_of(item.entry.concept_id)
        if group is not None and len(leaders.setdefault(group, [])) < 2:
            leaders[group].append(item)
    supported = []
    for item in ranked:
        pair = leaders.get(group_of(item.entry.concept_id) or "", [])
        siblings = [other for other in pair if other is not item]
        support = share * siblings[0].score if len(pair) > 1 else 0.0
        supported.append(replace(item, score=item.score + support))
    return sorted(supported, key=Scored.sort_key)


def names_head(entry: Entry, query_text: str, features: frozenset[str]) -> bool:
    """Whether a query names the label's head: "förare" of "Tank- och bulkbilsförare".

    A query that only names a modifier ("tänka" read as "tank") is no title for it;
    one spelt like the label ("sekretere") still is.
    """
    if entry.head_terms and credit(entry.terms[entry.head_terms - 1], features) >= (
        HEAD_CREDIT
    ):
        return True
    return fuzz.ratio(query_text, entry.head_text) >= SPELT_ALIKE
