"""The label entries the mapper searches, built from one taxonomy version.

Every entry is one surface label that leads to one *active* concept. Which labels
become entries, and the ``kind`` that every match reports:

- ``preferred``, ``alternative``, ``former``: the concept's own labels;
- ``slash-part``: one side of a slash label ("Taxiförare/Taxichaufför");
- ``deprecated-successor``: the label of a deprecated occupation-name whose
  ``replaced_by`` is known, leading to that successor;
- ``deprecated-same-group``: the label of a deprecated occupation-name without a
  known successor, leading to the most similar active occupation of the same SSYK-4
  group (flagged: the successor is a guess);
- ``keyword``: a keyword related to an occupation-name or skill;
- ``generic-title``: a bare trade word the taxonomy lacks ("Elektriker"), leading
  to the occupation it means alone (``vocabulary.GENERIC_TITLES``);
- ``group-label``: an SSYK-4 or ISCO-4 group label, leading to the group's
  most-named active occupation-name (the most similar among equals).

Municipality, region and country labels are kept apart (``Catalogue.place_labels``):
they are never a result, they are removed from texts before matching.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from taxonomy.mapping.lexicon import Lexicon, Term
from taxonomy.mapping.normalise import (
    comma_head,
    fold,
    split_alternatives,
    tokenize,
    words_without,
)
from taxonomy.mapping.vocabulary import GENERIC_TITLES, STOPWORDS
from taxonomy.models import Concept, Relation

# A concept that can stand in for this many others (``substitutes`` edges) or more
# gets the full generality prior ("Sjuksköterska, grundutbildad", not "Hjärt...").
PRIOR_SATURATION = 15
# Similarity points (of 100) the full prior is worth when choosing a stand-in.
PRIOR_SIMILARITY = 10
OCCUPATION = "occupation-name"
SKILL = "skill"
GROUP = "ssyk-level-4"
PLACE_TYPES = frozenset({"municipality", "region", "country"})
VOCABULARY_TYPES = frozenset(
    {OCCUPATION, SKILL, GROUP, "keyword", "isco-level-4", "ssyk-level-3"}
)


@dataclass(frozen=True, slots=True)
class ConceptInfo:
    """What a match needs to know about a concept."""

    id: str
    type: str
    preferred_label: str
    ssyk_code: str | None
    group_id: str | None
    prior: float


@dataclass(frozen=True, slots=True)
class Entry:
    """One searchable label leading to one active concept."""

    concept_id: str
    family: str
    label: str
    kind: str
    text: str
    head_text: str
    terms: tuple[Term, ...]
    head_terms: int
    prior: float
    feature_set: frozenset[str]
    # The words the label says are absent: "yrkesbevis" of "Golvläggare, utan
    # yrkesbevis" ("utan" is a stop word, so neither text nor terms hold it).
    absent: frozenset[str] = frozenset()

    @property
    def features(self) -> tuple[str, ...]:
        """All word features of the label, in order, without repeats."""
        return tuple(dict.fromkeys(f for t in self.terms for f in t.features))


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Active concepts by id, all entries, and deprecated id -> active stand-in."""

    concepts: dict[str, ConceptInfo]
    entries: list[Entry]
    successors: dict[str, str]
    place_labels: list[str]


def build_lexicon(concepts: Iterable[Concept]) -> Lexicon:
    """Collect the taxonomy's vocabulary: label words, and the words of definitions."""
    words: list[str] = []
    prose: set[str] = set()
    for concept in concepts:
        if concept.type in VOCABULARY_TYPES:
            for label in (concept.preferred_label, *concept.former_labels):
                words.extend(t.text for t in tokenize(label))
        prose.update(t.text for t in tokenize(concept.definition or ""))
    return Lexicon(words, prose)


def build_catalogue(
    concepts: list[Concept], relations: list[Relation], lexicon: Lexicon
) -> Catalogue:
    """Turn concepts and relations into searchable entries."""
    by_id = {c.id: c for c in concepts}
    parent = {
        r.source_id: r.target_id
        for r in relations
        if r.relation == "broader" and by_id.get(r.target_id, _NONE).type == GROUP
    }
    substitutes = Counter(r.source_id for r in relations if r.relation == "substitutes")
    infos = {
        c.id: _info(c, parent, substitutes[c.id]) for c in concepts if _is_target(c)
    }
    members: dict[str, list[ConceptInfo]] = defaultdict(list)
    for info in infos.values():
        if info.type == OCCUPATION and info.group_id is not None:
            members[info.group_id].append(info)
    successors = _successors(concepts, parent, infos, members)
    named = [
        *_own_entries(c for c in concepts if c.id in infos),
        *_deprecated_entries(concepts, successors),
        *_keyword_entries(by_id, relations, infos),
        *_generic_entries(infos),
    ]
    names = Counter(concept_id for concept_id, *_ in dict.fromkeys(named))
    raw = [*named, *_group_entries(concepts, relations, by_id, members, names)]
    entries = [_entry(lexicon, infos, *row) for row in dict.fromkeys(raw)]
    return Catalogue(
        concepts=infos,
        entries=[e for e in entries if e.terms],
        successors={old: new for old, (new, _) in successors.items()},
        place_labels=sorted({c.preferred_label for c in concepts if _is_place(c)}),
    )


_NONE = Concept(id="-", type="-", preferred_label="")


def _is_target(concept: Concept) -> bool:
    return concept.type in (OCCUPATION, SKILL, GROUP) and not concept.deprecated


def _is_place(concept: Concept) -> bool:
    return concept.type in PLACE_TYPES and not concept.deprecated


def _info(concept: Concept, parent: dict[str, str], substitutes: int) -> ConceptInfo:
    return ConceptInfo(
        id=concept.id,
        type=concept.type,
        preferred_label=concept.preferred_label,
        ssyk_code=concept.codes.get("ssyk_code_2012"),
        group_id=parent.get(concept.id) if concept.type == OCCUPATION else concept.id,
        prior=min(1.0, math.log1p(substitutes) / math.log1p(PRIOR_SATURATION)),
    )


Row = tuple[str, str, str, str]


def _family(concept_type: str) -> str:
    return SKILL if concept_type == SKILL else OCCUPATION


def _own_entries(concepts: Iterable[Concept]) -> Iterator[Row]:
    for c in concepts:
        family = _family(c.type)
        if c.type == GROUP:
            continue
        yield c.id, family, c.preferred_label, "preferred"
        for kind, labels in (
            ("alternative", c.alternative_labels),
            ("former", c.former_labels),
        ):
            for label in labels:
                yield c.id, family, label, kind
        for label in (c.preferred_label, *c.alternative_labels):
            parts = split_alternatives(label)
            if len(parts) > 1:
                for part in parts:
                    yield c.id, family, part, "slash-part"


def _most_similar(label: str, candidates: list[ConceptInfo]) -> ConceptInfo:
    """The candidate whose label is most like ``label``; generality breaks near-ties."""
    folded = fold(label)
    return max(
        candidates,
        key=lambda c: (
            fuzz.token_set_ratio(folded, fold(c.preferred_label))
            + PRIOR_SIMILARITY * c.prior,
            c.id,
        ),
    )


def _successors(
    concepts: list[Concept],
    parent: dict[str, str],
    infos: dict[str, ConceptInfo],
    members: dict[str, list[ConceptInfo]],
) -> dict[str, tuple[str, str]]:
    """Map each deprecated occupation-name to (active target, entry kind)."""
    found: dict[str, tuple[str, str]] = {}
    for c in concepts:
        if c.type != OCCUPATION or not c.deprecated:
            continue
        successors = [s for s in c.replaced_by if s in infos]
        if successors:
            found[c.id] = (successors[0], "deprecated-successor")
        elif members.get(parent.get(c.id, "")):
            target = _most_similar(c.preferred_label, members[parent[c.id]])
            found[c.id] = (target.id, "deprecated-same-group")
    return found


def _deprecated_entries(
    concepts: list[Concept], successors: dict[str, tuple[str, str]]
) -> Iterator[Row]:
    for c in concepts:
        if c.id not in successors:
            continue
        target, kind = successors[c.id]
        for label in (c.preferred_label, *c.former_labels):
            yield target, OCCUPATION, label, kind
            for part in split_alternatives(label) if "/" in label else ():
                yield target, OCCUPATION, part, kind


def _keyword_entries(
    by_id: dict[str, Concept], relations: list[Relation], infos: dict[str, ConceptInfo]
) -> Iterator[Row]:
    for r in relations:
        keyword = by_id.get(r.source_id)
        if (
            r.relation == "related"
            and keyword is not None
            and keyword.type == "keyword"
        ):
            target = infos.get(r.target_id)
            if target is not None and target.type in (OCCUPATION, SKILL):
                yield (
                    target.id,
                    _family(target.type),
                    keyword.preferred_label,
                    "keyword",
                )


def _generic_entries(infos: dict[str, ConceptInfo]) -> Iterator[Row]:
    by_label = {i.preferred_label: i.id for i in infos.values() if i.type == OCCUPATION}
    for title, label in GENERIC_TITLES.items():
        if label in by_label:
            yield by_label[label], OCCUPATION, title, "generic-title"


def _group_entries(
    concepts: list[Concept],
    relations: list[Relation],
    by_id: dict[str, Concept],
    members: dict[str, list[ConceptInfo]],
    names: Counter[str],
) -> Iterator[Row]:
    """Group labels, each leading to its group's most-named occupation.

    The occupation the taxonomy names most ways (own, old and keyword labels) is
    the group's everyday one: "Gymnasielärare" is "Ämneslärare, gymnasieskolan",
    not "Modersmålslärare i gymnasieskolan"; similarity breaks ties.
    """
    isco_groups: dict[str, list[str]] = defaultdict(list)
    for r in relations:
        if (
            r.relation == "related"
            and by_id.get(r.target_id, _NONE).type == "isco-level-4"
        ):
            isco_groups[r.target_id].append(r.source_id)
    for c in concepts:
        groups = [c.id] if c.type == GROUP else isco_groups.get(c.id, [])
        for group_id in groups:
            if members.get(group_id) and not c.deprecated:
                label = c.preferred_label.removesuffix(" m.fl.")
                most = max(names[m.id] for m in members[group_id])
                named = [m for m in members[group_id] if names[m.id] == most]
                yield _most_similar(label, named).id, OCCUPATION, label, "group-label"


def _entry(
    lexicon: Lexicon,
    infos: dict[str, ConceptInfo],
    concept_id: str,
    family: str,
    label: str,
    kind: str,
) -> Entry:
    tokens = tokenize(label)
    head_tokens = tokenize(comma_head(label))
    terms = tuple(lexicon.analyse_tokens(tokens))
    return Entry(
        concept_id=concept_id,
        family=family,
        label=label,
        kind=kind,
        text=" ".join(t.text for t in tokens if t.text not in STOPWORDS),
        head_text=" ".join(t.text for t in head_tokens if t.text not in STOPWORDS),
        terms=terms,
        head_terms=len(lexicon.analyse_tokens(head_tokens)),
        prior=infos[concept_id].prior,
        feature_set=frozenset(f for t in terms for f in t.features),
        absent=words_without([t.text for t in tokens]),
    )
