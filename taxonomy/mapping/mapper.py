"""The Mapper: free Swedish text -> taxonomy concepts with calibrated confidence."""

from collections.abc import Iterable, Sequence
from dataclasses import replace

from taxonomy.mapping import calibration
from taxonomy.mapping.autocomplete import Completer
from taxonomy.mapping.calibration import Calibration
from taxonomy.mapping.context import GroupContext, group_documents
from taxonomy.mapping.extract import Extractor
from taxonomy.mapping.headline import headline_units, split_headline
from taxonomy.mapping.index import (
    GROUP,
    OCCUPATION,
    SKILL,
    Catalogue,
    ConceptInfo,
    build_catalogue,
    build_lexicon,
)
from taxonomy.mapping.lexicon import Lexicon
from taxonomy.mapping.longtext import LongTextRanker
from taxonomy.mapping.normalise import fold
from taxonomy.mapping.occupation_text import OccupationTextRanker
from taxonomy.mapping.places import Places
from taxonomy.mapping.query import Query, analyse_query, with_agent_nouns
from taxonomy.mapping.rerank import (
    Scored,
    best_per_concept,
    names_head,
    score_entries,
)
from taxonomy.mapping.results import Extraction, MapResult, MapType, Match, Suggestion
from taxonomy.mapping.retrieval import LabelSearch
from taxonomy.mapping.typed import TYPED, TypedConcepts, load_synonyms
from taxonomy.mapping.whole_text import TextReader
from taxonomy.models import Concept, Relation

CANDIDATES = 40
# A short text whose best match scores below this is also matched phrase by phrase
# ("Sjuksköterska till infektionsavdelningen"); a phrase's score counts this much,
# since it leaves part of the text unexplained.
WEAK_MATCH = 0.9
PHRASE_FACTOR = 0.9
# A phrase only refines the answer: fewer candidates keep the latency of a short text.
PHRASE_CANDIDATES = 30
# The margin of a match is taken over the best of this many candidates.
MARGIN_DEPTH = 5


class Mapper:
    """Maps free text to occupation-name, skill and SSYK-4 concepts of one version."""

    def __init__(
        self,
        version_label: str,
        lexicon: Lexicon,
        catalogue: Catalogue,
        context: GroupContext,
        calibration_model: Calibration,
        group_calibration_model: Calibration,
        typed: TypedConcepts | None = None,
    ) -> None:
        self.taxonomy_version = version_label
        self.lexicon = lexicon
        self.catalogue = catalogue
        self.calibration = calibration_model
        self.group_calibration = group_calibration_model
        self._searches = {
            family: LabelSearch([e for e in catalogue.entries if e.family == family])
            for family in (OCCUPATION, SKILL)
        }
        self.places = Places(catalogue.place_labels, lexicon.known)
        self._occupation_text = OccupationTextRanker(
            self._searches[OCCUPATION],
            context,
            lexicon,
            catalogue.concepts,
            self._title_query,
        )
        self._skill_text = LongTextRanker(self._searches[SKILL])
        self._extractor = Extractor(catalogue, lexicon, calibration_model)
        skills = {k: v for k, v in catalogue.concepts.items() if v.type == SKILL}
        self.typed = typed or TypedConcepts(synonyms=load_synonyms(skills))
        self.completer = Completer(
            catalogue,
            self._searches,
            lexicon,
            {w: s.concept_ids for w, s in self.typed.synonyms.items()},
        )
        self._reader = TextReader(self._extractor, self.typed, skills)

    @classmethod
    def build(
        cls,
        concepts: Iterable[Concept],
        relations: Iterable[Relation],
        *,
        version_label: str,
        calibration_model: Calibration | None = None,
        group_calibration_model: Calibration | None = None,
    ) -> "Mapper":
        """Index one taxonomy version (a few seconds for the full taxonomy)."""
        concept_list, relation_list = list(concepts), list(relations)
        lexicon = build_lexicon(concept_list)
        catalogue = build_catalogue(concept_list, relation_list, lexicon)
        context = GroupContext(group_documents(concept_list, relation_list), lexicon)
        skills = {k: v for k, v in catalogue.concepts.items() if v.type == SKILL}
        return cls(
            version_label,
            lexicon,
            catalogue,
            context,
            calibration_model or Calibration.load(),
            group_calibration_model or Calibration.load(calibration.GROUP_FILE),
            TypedConcepts.build(concept_list, skills),
        )

    def concept(self, concept_id: str) -> ConceptInfo | None:
        """Return what the index knows about an active concept."""
        return self.catalogue.concepts.get(concept_id)

    def query(self, text: str) -> Query:
        """Analyse a text into the form the search and re-ranking use."""
        return analyse_query(text, self.lexicon, self.places)

    def map(
        self, text: str, *, type: MapType = "occupation-name", limit: int = 5
    ) -> MapResult:
        """Return up to ``limit`` concepts of ``type`` for ``text``, best first.

        Driving licences, languages, municipalities and regions are looked up by
        code or name (``typed``); a skill text that is a curated trade word
        ("truckkort") answers its skills first (``synonyms.json``).
        """
        if type in TYPED:
            abstained, matches = self.typed.map(text, type, limit)
            return MapResult(
                taxonomy_version=self.taxonomy_version,
                abstained=abstained,
                matches=matches,
            )
        query, ranked = self.rank(text, type)
        result = self._result(query, ranked, type, limit)
        return (
            self.typed.with_synonyms(text, result, self.catalogue.concepts, limit)
            if type == SKILL
            else result
        )

    def map_occupation_and_group(
        self, text: str, *, limit: int = 5
    ) -> tuple[MapResult, MapResult]:
        """:meth:`map` for occupation-names and for their SSYK-4 groups at once."""
        query, ranked = self._rank(text, OCCUPATION)
        return (
            self._result(query, ranked, "occupation-name", limit),
            self._result(query, self._by_group(ranked), "ssyk-level-4", limit),
        )

    def _result(
        self, query: Query, ranked: Sequence[Scored], type: MapType, limit: int
    ) -> MapResult:
        matches = [
            self._match(
                item, type, query, self.calibration_inputs(ranked, i, query, type)
            )
            for i, item in enumerate(ranked[:limit])
        ]
        abstained = not matches or matches[0].confidence < calibration.ABSTAIN_BELOW
        return MapResult(
            taxonomy_version=self.taxonomy_version, abstained=abstained, matches=matches
        )

    def extract(self, text: str) -> Extraction:
        """Return what ``text`` mentions, with spans, confidences and requirements:
        occupations, skills, driving licences, languages (with CEFR levels) and the
        first stated Swedish level (see ``whole_text``)."""
        return self._reader.read(text, self.taxonomy_version)

    def autocomplete(
        self, q: str, *, type: str | None = None, limit: int = 10
    ) -> list[Suggestion]:
        """Return label suggestions for a prefix, tolerant of typos.

        Driving licences, languages, municipalities and regions are completed by
        name (``typed``).
        """
        if type in TYPED:
            return self.typed.complete(fold(q).strip(), type, limit)
        return self.completer.complete(q, type=type, limit=limit)

    def rank(self, text: str, type: MapType) -> tuple[Query, list[Scored]]:
        """The analysed text and every ranked candidate behind :meth:`map`."""
        query, ranked = self._rank(text, SKILL if type == SKILL else OCCUPATION)
        return query, self._by_group(ranked) if type == GROUP else ranked

    def calibration_inputs(
        self, ranked: Sequence[Scored], rank: int, query: Query, type: MapType
    ) -> tuple[float, ...]:
        """The calibration model's inputs for the candidate at ``rank``."""
        scores = [s.score for s in ranked[: max(rank + 1, MARGIN_DEPTH)]]
        return calibration.features(
            scores,
            rank,
            coverage=ranked[rank].query_coverage,
            long_text=query.long,
            skill=type == SKILL,
            rival_groups=0 if type == SKILL else self._rival_groups(ranked, rank),
        )

    def _rival_groups(self, ranked: Sequence[Scored], rank: int) -> int:
        """Other groups with a candidate within ``RIVAL_MARGIN`` of this one."""
        close = ranked[rank].score - calibration.RIVAL_MARGIN
        groups = {
            self.catalogue.concepts[item.entry.concept_id].group_id
            for item in ranked[: rank + 1 + MARGIN_DEPTH * 2]
            if item.score >= close
        }
        return len(groups) - 1

    def _title_query(self, text: str) -> Query:
        """A text that names an occupation: a short query, or an ad's headline."""
        return self._for_family(self.query(text), OCCUPATION)

    def _rank(self, text: str, family: str) -> tuple[Query, list[Scored]]:
        query = self.query(text)
        if query.long and family == OCCUPATION:
            return query, self._occupation_text.rank(text, query)
        if query.long:
            headline, _ = split_headline(text)
            return query, self._skill_text.rank(self.query(headline), query)
        query = self._for_family(query, family)
        ranked = self._short(query, family, CANDIDATES)
        # Headlines name occupations; a skill phrase is kept whole.
        if family == SKILL or (ranked and ranked[0].score >= WEAK_MATCH):
            return query, ranked
        return query, self._with_phrases(text, family, ranked)

    def _with_phrases(
        self, text: str, family: str, ranked: list[Scored]
    ) -> list[Scored]:
        """Add the matches of each phrase of a headline, at a discount."""
        units = headline_units(text)[1:]
        phrases = [self._for_family(self.query(u), family) for u in units]
        # A phrase of unknown words only is a name ("Kvicksund", "MidSale").
        scored = [
            replace(item, score=PHRASE_FACTOR * item.score)
            for phrase in phrases
            if any(t.rule != "unknown" for t in phrase.terms)
            for item in self._short(phrase, family, PHRASE_CANDIDATES)
        ]
        if not scored:
            return ranked
        return best_per_concept(sorted([*ranked, *scored], key=Scored.sort_key))

    def _for_family(self, query: Query, family: str) -> Query:
        return with_agent_nouns(query, self.lexicon) if family == OCCUPATION else query

    def _short(self, query: Query, family: str, candidates: int) -> list[Scored]:
        search = self._searches[family]
        hits = search.search(query.text, query.features, candidates)
        scored = score_entries(
            query.text,
            query.terms,
            search.entries,
            hits,
            search.weight,
            query.head_terms,
        )
        return best_per_concept(scored)

    def _by_group(self, ranked: Sequence[Scored]) -> list[Scored]:
        seen: set[str] = set()
        groups = []
        for item in ranked:
            group = self.catalogue.concepts[item.entry.concept_id].group_id
            if group is not None and group not in seen:
                seen.add(group)
                groups.append(item)
        return groups

    def _confidence(
        self, inputs: tuple[float, ...], type: MapType, *, weak: bool
    ) -> float:
        """The calibrated confidence, capped for a weak match (:meth:`_weak`).

        A group is right more often than the occupation that leads to it, so an
        SSYK-4 answer has its own calibration.
        """
        model = self.group_calibration if type == GROUP else self.calibration
        confidence = model.confidence(inputs)
        return (
            min(confidence, calibration.WEAK_MATCH_CONFIDENCE) if weak else confidence
        )

    def _weak(self, item: Scored, query: Query) -> bool:
        """A short text that names no head word of the label, only a modifier.

        Filler that shares a modifier with one label ("vill tänka nytt" and "Tank-
        och bulkbilsförare") ranks it far ahead of the rest, so the calibration, fitted
        on titles, trusts it; such matches are right about a quarter of the time.
        """
        features = frozenset(query.features)
        return not query.long and not names_head(item.entry, query.text, features)

    def _match(
        self, item: Scored, type: MapType, query: Query, inputs: tuple[float, ...]
    ) -> Match:
        info = self.catalogue.concepts[item.entry.concept_id]
        if type == GROUP and info.group_id is not None:
            info = self.catalogue.concepts[info.group_id]
        weak = self._weak(item, query)
        note = "; a weak match: the text names no head word of the label"
        return Match(
            concept_id=info.id,
            type=info.type,
            preferred_label=info.preferred_label,
            ssyk_code_2012=info.ssyk_code,
            score=round(min(1.0, item.score), 4),
            confidence=round(self._confidence(inputs, type, weak=weak), 4),
            matched_label=item.entry.label,
            reason=explain(item, query) + (note if weak else ""),
        )


def explain(item: Scored, query: Query) -> str:
    """Say which label matched, through which rule, and which word rules applied."""
    label_features = frozenset(item.entry.features)
    rules = sorted(
        {
            f"{t.word}->{t.forms[0]} ({t.rule})"
            if t.word != t.forms[0]
            else f"{t.word} ({t.rule})"
            for t in query.terms
            if t.rule != "exact" and not label_features.isdisjoint(t.features)
        }
    )
    if query.long:
        coverage = (
            f"headline {item.query_coverage:.0%} covered, label words in the text "
            f"{item.label_coverage:.0%}, group context {item.context:.0%}"
        )
    else:
        coverage = (
            f"query {item.query_coverage:.0%} / label {item.label_coverage:.0%} covered"
        )
    words = f"; words: {', '.join(rules)}" if rules else ""
    return f"{item.entry.kind} label '{item.entry.label}', {coverage}{words}"
