"""The Mapper: free Swedish text -> ranked taxonomy concepts with calibrated confidence."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from taxonomy.mapping import calibration
from taxonomy.mapping.autocomplete import Completer
from taxonomy.mapping.calibration import Calibration
from taxonomy.mapping.context import GroupContext
from taxonomy.mapping.index import (
    GROUP,
    OCCUPATION,
    SKILL,
    Catalogue,
    ConceptInfo,
    build_catalogue,
    build_lexicon,
)
from taxonomy.mapping.lexicon import Lexicon, Term
from taxonomy.mapping.normalise import tokenize
from taxonomy.mapping.rerank import Scored, best_per_concept, score_entries
from taxonomy.mapping.results import Extraction, MapResult, MapType, Match, Suggestion
from taxonomy.mapping.retrieval import LabelSearch
from taxonomy.mapping.vocabulary import STOPWORDS
from taxonomy.models import Concept, Relation

CANDIDATES = 40


@dataclass(frozen=True, slots=True)
class Query:
    """A text as the mapper sees it."""

    text: str
    terms: tuple[Term, ...]
    long: bool

    @property
    def features(self) -> tuple[str, ...]:
        """All word features, in order."""
        return tuple(f for t in self.terms for f in t.features)


class Mapper:
    """Maps free text to occupation-name, skill and SSYK-4 concepts of one version."""

    def __init__(
        self,
        version_label: str,
        lexicon: Lexicon,
        catalogue: Catalogue,
        calibration_model: Calibration,
    ) -> None:
        self.taxonomy_version = version_label
        self.lexicon = lexicon
        self.catalogue = catalogue
        self.calibration = calibration_model
        self._searches = {
            family: LabelSearch([e for e in catalogue.entries if e.family == family])
            for family in (OCCUPATION, SKILL, "place")
        }
        self.context = GroupContext(catalogue, lexicon)
        self.completer = Completer(catalogue, self._searches)

    @classmethod
    def build(
        cls,
        concepts: Iterable[Concept],
        relations: Iterable[Relation],
        *,
        version_label: str,
        calibration_model: Calibration | None = None,
    ) -> "Mapper":
        """Index one taxonomy version (a few seconds for the full taxonomy)."""
        concept_list, relation_list = list(concepts), list(relations)
        lexicon = build_lexicon(concept_list)
        catalogue = build_catalogue(concept_list, relation_list, lexicon)
        return cls(version_label, lexicon, catalogue, calibration_model or Calibration.load())

    def concept(self, concept_id: str) -> ConceptInfo | None:
        """Return what the index knows about an active concept."""
        return self.catalogue.concepts.get(concept_id)

    def query(self, text: str) -> Query:
        """Analyse a text into the form the search and re-ranking use."""
        tokens = tokenize(text)
        terms = tuple(self.lexicon.analyse_tokens(tokens))
        words = " ".join(t.text for t in tokens if t.text not in STOPWORDS)
        return Query(words, terms, len(tokens) > calibration.LONG_TEXT_WORDS)

    def map(self, text: str, *, type: MapType = OCCUPATION, limit: int = 5) -> MapResult:
        """Return up to ``limit`` concepts of ``type`` for ``text``, best first."""
        query = self.query(text)
        ranked = self._rank(query, SKILL if type == SKILL else OCCUPATION)
        if type == GROUP:
            ranked = self._by_group(ranked)
        if not ranked or self._is_place(query, ranked[0].score):
            return MapResult(taxonomy_version=self.taxonomy_version, abstained=True, matches=[])
        scores = [s.score for s in ranked[: max(limit, 2)]]
        matches = [
            self._match(item, type, query, calibration.features(scores, i, long_text=query.long))
            for i, item in enumerate(ranked[:limit])
        ]
        abstained = not matches or matches[0].confidence < calibration.ABSTAIN_BELOW
        return MapResult(
            taxonomy_version=self.taxonomy_version, abstained=abstained, matches=matches
        )

    def extract(self, text: str) -> Extraction:
        """Return the occupations and skills mentioned in ``text``, with spans."""
        from taxonomy.mapping.extract import extract_mentions

        return extract_mentions(self, text)

    def autocomplete(
        self, q: str, *, type: str | None = None, limit: int = 10
    ) -> list[Suggestion]:
        """Return label suggestions for a prefix, tolerant of typos."""
        return self.completer.complete(q, type=type, limit=limit)

    def _rank(self, query: Query, family: str) -> list[Scored]:
        search = self._searches[family]
        hits = search.search(query.text, query.features, CANDIDATES)
        scored = score_entries(query.text, query.terms, search.entries, hits, search.weight)
        ranked = best_per_concept(scored)
        if query.long and family == OCCUPATION:
            ranked = self.context.rerank(query.terms, ranked, self.catalogue)
        return ranked

    def _by_group(self, ranked: Sequence[Scored]) -> list[Scored]:
        seen: set[str] = set()
        groups = []
        for item in ranked:
            group = self.catalogue.concepts[item.entry.concept_id].group_id
            if group is not None and group not in seen:
                seen.add(group)
                groups.append(item)
        return groups

    def _is_place(self, query: Query, best: float) -> bool:
        places = self._rank(query, "place")
        return bool(places) and places[0].score >= best

    def _match(
        self, item: Scored, type: MapType, query: Query, inputs: tuple[float, ...]
    ) -> Match:
        info = self.catalogue.concepts[item.entry.concept_id]
        if type == GROUP and info.group_id is not None:
            info = self.catalogue.concepts[info.group_id]
        return Match(
            concept_id=info.id,
            type=info.type,
            preferred_label=info.preferred_label,
            ssyk_code_2012=info.ssyk_code,
            score=round(min(1.0, item.score), 4),
            confidence=round(self.calibration.confidence(inputs), 4),
            matched_label=item.entry.label,
            reason=explain(item, query),
        )


def explain(item: Scored, query: Query) -> str:
    """Say which label matched, through which rule, and which word rules applied."""
    label_features = frozenset(item.entry.features)
    rules = sorted(
        {
            f"{t.word}->{t.forms[0]} ({t.rule})" if t.word != t.forms[0] else f"{t.word} ({t.rule})"
            for t in query.terms
            if t.rule != "exact" and not label_features.isdisjoint(t.features)
        }
    )
    coverage = f"query {item.query_coverage:.0%} / label {item.label_coverage:.0%} covered"
    words = f"; words: {', '.join(rules)}" if rules else ""
    return f"{item.entry.kind} label '{item.entry.label}', {coverage}{words}"
