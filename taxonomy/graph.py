"""A read-only, in-memory view of one taxonomy version with constant-time lookups.

Built once from a version's concepts and relations (snapshot or store) and then only
read, so it can be shared between requests without locks. Edges whose ends are not
concepts of the version are left out. Lists come back in a stable order: by
preferred label (case-insensitive), then id.
"""

import math
from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from taxonomy.errors import TaxonomyError
from taxonomy.graph_index import Adjacency, LabelIndex, fold, label_order
from taxonomy.licences import category_of, implied_categories
from taxonomy.models import Concept, Relation

OCCUPATION_NAME = "occupation-name"
SSYK_LEVEL_4 = "ssyk-level-4"
OCCUPATION_FIELD = "occupation-field"
REGION = "region"
DRIVING_LICENCE = "driving-licence"
SKILL = "skill"


class ConceptNotFound(TaxonomyError):
    """The id is not a concept of this taxonomy version."""


class Replacement(BaseModel):
    """A concept to use instead of a deprecated one.

    `fallback` is True when the taxonomy names no successor and the concept's
    SSYK-4 group is offered instead (a broader, still valid choice).
    """

    model_config = ConfigDict(frozen=True)

    concept: Concept
    fallback: bool


class TaxonomyCounts(BaseModel):
    """How much one graph holds, for health checks and admin pages."""

    model_config = ConfigDict(frozen=True)

    version_label: str
    concepts_by_type: dict[str, int]
    deprecated_by_type: dict[str, int]
    relations_by_kind: dict[str, int]


class TaxonomyGraph:
    """Concepts of one version and their broader, related and substitutes edges."""

    def __init__(
        self, version_label: str, concepts: dict[str, Concept], edges: Adjacency
    ) -> None:
        """Prefer `TaxonomyGraph.build`, which prepares `edges` from relations."""
        self._version_label = version_label
        self._concepts = concepts
        self._edges = edges
        self._labels = LabelIndex(concepts.values())
        self._skilled_groups = sum(
            1
            for concept in concepts.values()
            if concept.type == SSYK_LEVEL_4 and self.related(concept.id, SKILL)
        )
        self._licences = _licences_by_category(concepts.values())

    @classmethod
    def build(
        cls,
        concepts: Iterable[Concept],
        relations: Iterable[Relation],
        *,
        version_label: str,
    ) -> "TaxonomyGraph":
        """Index a version's concepts and relations."""
        by_id = {concept.id: concept for concept in concepts}
        return cls(version_label, by_id, Adjacency.from_relations(by_id, relations))

    @property
    def version_label(self) -> str:
        """The label of the version this graph was built from."""
        return self._version_label

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._concepts

    def get(self, concept_id: str) -> Concept | None:
        """Return the concept, or None if this version has no such id."""
        return self._concepts.get(concept_id)

    def concept(self, concept_id: str) -> Concept:
        """Return the concept, or raise `ConceptNotFound`."""
        concept = self._concepts.get(concept_id)
        if concept is None:
            raise ConceptNotFound(
                f"{concept_id!r} is not in taxonomy {self.version_label}"
            )
        return concept

    def broader_chain(self, concept_id: str) -> list[Concept]:
        """Return all broader concepts, nearest first (same distance: by type, id).

        For an occupation-name: its SSYK-4 group, then the occupation-field and
        SSYK-3, then SSYK-2 and SSYK-1.
        """
        self.concept(concept_id)
        chain: list[Concept] = []
        seen = {concept_id}
        level = [concept_id]
        while level:
            parents = {p for child in level for p in self._edges.broader.get(child, ())}
            level = sorted(parents - seen, key=lambda p: (self._concepts[p].type, p))
            seen.update(level)
            chain += [self._concepts[p] for p in level]
        return chain

    def ssyk4_of(self, concept_id: str) -> Concept | None:
        """Return the concept's SSYK-4 group (itself if it is one), or None."""
        return self._nearest(concept_id, SSYK_LEVEL_4)

    def field_of(self, concept_id: str) -> Concept | None:
        """Return the concept's occupation-field (itself if it is one), or None."""
        return self._nearest(concept_id, OCCUPATION_FIELD)

    def region_of(self, municipality_id: str) -> Concept | None:
        """Return the län a municipality belongs to, or None."""
        return self._nearest(municipality_id, REGION)

    def substitutes(self, concept_id: str) -> list[tuple[Concept, int]]:
        """Occupations that can stand in for this one, highest percentage first."""
        return self._weighted(self._edges.substitutes, concept_id)

    def substituted_by(self, concept_id: str) -> list[tuple[Concept, int]]:
        """Occupations this one can stand in for, highest percentage first."""
        return self._weighted(self._edges.substituted_by, concept_id)

    def skills_of_group(self, ssyk4_id: str) -> list[Concept]:
        """Return the skills the taxonomy relates to an SSYK-4 group."""
        return self.related(ssyk4_id, SKILL)

    def groups_of_skill(self, skill_id: str) -> list[Concept]:
        """Return the SSYK-4 groups a skill is related to."""
        return self.related(skill_id, SSYK_LEVEL_4)

    def skill_weight(self, skill_id: str) -> float:
        """Return how specific a skill is, from 0 (every group) to 1 (no group).

        A smoothed inverse document frequency over SSYK-4 groups,
        ``log((N + 1) / (n + 1)) / log(N + 1)`` with N the groups that have any
        skill and n those that have this one, so rare skills weigh more.
        """
        if self._skilled_groups == 0:
            return 1.0
        holders = len(self.groups_of_skill(skill_id))
        scale = math.log(self._skilled_groups + 1)
        return math.log((self._skilled_groups + 1) / (holders + 1)) / scale

    def implied_licences(self, licence_id: str) -> list[Concept]:
        """Return the driving licences a licence also grants (CE gives C, BE, B...)."""
        concept = self.concept(licence_id)
        if concept.type != DRIVING_LICENCE:
            return []
        category = _licence_category(concept)
        if category is None:
            return []
        implied = implied_categories(category)
        return [self._licences[code] for code in implied if code in self._licences]

    def replacements(self, concept_id: str) -> list[Replacement]:
        """Return successors of a deprecated concept, or its documented fallback.

        Successors come from `replaced_by` (those present in this version). When
        there are none and the concept is a deprecated occupation-name, its SSYK-4
        group is returned with `fallback=True`. Active concepts get an empty list.
        """
        concept = self.concept(concept_id)
        successors = [self._concepts[s] for s in concept.replaced_by if s in self]
        if successors:
            return [Replacement(concept=s, fallback=False) for s in successors]
        group = self.ssyk4_of(concept_id)
        if concept.deprecated and concept.type == OCCUPATION_NAME and group:
            return [Replacement(concept=group, fallback=True)]
        return []

    def search(
        self,
        *,
        type: str | None = None,
        q: str | None = None,
        include_deprecated: bool = False,
    ) -> list[Concept]:
        """Find concepts whose labels contain `q`, ignoring case and diacritics."""
        needle = fold(q) if q else None
        return [
            concept
            for concept, haystack in self._labels.entries(type)
            if (include_deprecated or not concept.deprecated)
            and (needle is None or needle in haystack)
        ]

    def counts(self) -> TaxonomyCounts:
        """Return the number of concepts per type and edges per kind."""
        concepts = self._concepts.values()
        return TaxonomyCounts(
            version_label=self.version_label,
            concepts_by_type=dict(Counter(c.type for c in concepts)),
            deprecated_by_type=dict(Counter(c.type for c in concepts if c.deprecated)),
            relations_by_kind=self._edges.counts(),
        )

    def _nearest(self, concept_id: str, concept_type: str) -> Concept | None:
        concept = self.concept(concept_id)
        if concept.type == concept_type:
            return concept
        chain = self.broader_chain(concept_id)
        return next((c for c in chain if c.type == concept_type), None)

    def related(
        self, concept_id: str, concept_type: str | None = None
    ) -> list[Concept]:
        """Concepts `related` to this one (either direction), by label."""
        self.concept(concept_id)
        ids = self._edges.related.get(concept_id, ())
        found = [
            self._concepts[i]
            for i in ids
            if concept_type is None or self._concepts[i].type == concept_type
        ]
        return sorted(found, key=label_order)

    def _weighted(
        self, edges: dict[str, list[tuple[str, int]]], concept_id: str
    ) -> list[tuple[Concept, int]]:
        self.concept(concept_id)
        pairs = [(self._concepts[i], pct) for i, pct in edges.get(concept_id, ())]
        return sorted(pairs, key=lambda pair: (-pair[1], *label_order(pair[0])))


def _licence_category(concept: Concept) -> str | None:
    code = concept.codes.get("driving_licence_code_2013")
    return category_of(code) if code else category_of(concept.preferred_label)


def _licences_by_category(concepts: Iterable[Concept]) -> dict[str, Concept]:
    # Active concepts come last and overwrite deprecated ones of the same category.
    licences = sorted(
        (c for c in concepts if c.type == DRIVING_LICENCE),
        key=lambda c: (not c.deprecated, c.id),
    )
    return {cat: c for c in licences if (cat := _licence_category(c)) is not None}
