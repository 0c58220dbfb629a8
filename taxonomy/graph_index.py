"""The lookup structures behind `TaxonomyGraph`: edge lists and a label index."""

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from taxonomy.models import Concept, Relation


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so "Skötare" and "skotare" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def label_order(concept: Concept) -> tuple[str, str]:
    """Sort key used for every list the graph returns: label, then id."""
    return (concept.preferred_label.casefold(), concept.id)


@dataclass(frozen=True)
class Adjacency:
    """Edges by source id; `related` is stored both ways since it is symmetric."""

    broader: dict[str, tuple[str, ...]]
    related: dict[str, tuple[str, ...]]
    substitutes: dict[str, list[tuple[str, int]]]
    substituted_by: dict[str, list[tuple[str, int]]]
    kinds: Counter[str]

    @classmethod
    def from_relations(
        cls, concepts: Mapping[str, Concept], relations: Iterable[Relation]
    ) -> "Adjacency":
        """Index the relations whose two ends are both in `concepts`."""
        broader: dict[str, set[str]] = {}
        related: dict[str, set[str]] = {}
        substitutes: dict[str, list[tuple[str, int]]] = {}
        substituted_by: dict[str, list[tuple[str, int]]] = {}
        kinds: Counter[str] = Counter()
        for r in relations:
            source, target = concepts.get(r.source_id), concepts.get(r.target_id)
            if source is None or target is None:
                continue
            kinds[f"{source.type} -{r.relation}-> {target.type}"] += 1
            if r.relation == "broader":
                broader.setdefault(r.source_id, set()).add(r.target_id)
            elif r.relation == "related":
                related.setdefault(r.source_id, set()).add(r.target_id)
                related.setdefault(r.target_id, set()).add(r.source_id)
            elif r.relation == "substitutes":
                # The export always states a percentage; 0 marks one that lacks it.
                pct = r.substitutability_percentage or 0
                substitutes.setdefault(r.source_id, []).append((r.target_id, pct))
                substituted_by.setdefault(r.target_id, []).append((r.source_id, pct))
        return cls(
            broader={k: tuple(sorted(v)) for k, v in broader.items()},
            related={k: tuple(sorted(v)) for k, v in related.items()},
            substitutes=substitutes,
            substituted_by=substituted_by,
            kinds=kinds,
        )

    def counts(self) -> dict[str, int]:
        """Edges per "source-type -kind-> target-type", as in the snapshot manifest."""
        return dict(sorted(self.kinds.items()))


class LabelIndex:
    """Concepts in label order, each with its folded labels, grouped by type."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        """Fold every label once, so a search is a plain substring scan."""
        self._all = [
            (concept, "\n".join(fold(label) for label in _labels(concept)))
            for concept in sorted(concepts, key=label_order)
        ]
        self._by_type: dict[str, list[tuple[Concept, str]]] = {}
        for entry in self._all:
            self._by_type.setdefault(entry[0].type, []).append(entry)

    def entries(self, concept_type: str | None) -> list[tuple[Concept, str]]:
        """Return (concept, folded labels) pairs, of one type or of all."""
        if concept_type is None:
            return self._all
        return self._by_type.get(concept_type, [])


def _labels(concept: Concept) -> tuple[str, ...]:
    return (
        concept.preferred_label,
        *concept.alternative_labels,
        *concept.former_labels,
    )
