"""Consistency checks run over a whole snapshot once every line has been read."""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from taxonomy.models import Concept, Relation
from taxonomy.snapshot_report import SnapshotIssue

CONCEPTS, RELATIONS, MANIFEST = "concepts.jsonl", "relations.jsonl", "manifest.json"
# Concept types of the live JobTech taxonomy (API.md, SOURCE.md), not only those the
# offline snapshot happens to hold, so a synced version is not flagged for job-titles.
CONCEPT_TYPES = frozenset(
    {
        "continent", "country", "driving-licence", "employment-duration",
        "employment-type", "esco-occupation", "esco-skill", "isco-level-4",
        "job-title", "keyword", "language", "language-level", "municipality",
        "occupation-collection",
        "occupation-experience-year", "occupation-field", "occupation-name", "region",
        "self-employment-type", "skill", "skill-collection", "skill-headline",
        "sni-level-1", "sni-level-2", "sni-level-3", "sni-level-4", "sni-level-5",
        "ssyk-level-1", "ssyk-level-2", "ssyk-level-3", "ssyk-level-4",
        "sun-education-field-1", "sun-education-field-2", "sun-education-field-3",
        "sun-education-field-4", "sun-education-level-1", "sun-education-level-2",
        "sun-education-level-3", "unemployment-fund",
        "wage-type", "worktime-extent",
    }
)  # fmt: skip
# `narrower` and `substituted_by` are the inverses and are never stored.
RELATION_KINDS = frozenset(
    {
        "broader", "related", "substitutes", "exact_match", "broad_match",
        "narrow_match", "close_match", "possible_combination", "unlikely_combination",
    }
)  # fmt: skip


@dataclass(frozen=True)
class ParentClaim:
    """A parent id stated on a concept line, to be matched against `broader` edges."""

    line: int
    child_id: str
    parent_field: str
    parent_id: str


def check_edges(
    concept_lines: Sequence[tuple[int, Concept]],
    relation_lines: Sequence[tuple[int, Relation]],
    claims: Iterable[ParentClaim],
) -> list[SnapshotIssue]:
    """Report unknown types and kinds, dangling edges and parents without an edge."""
    issues = [
        SnapshotIssue.at("unknown_type", CONCEPTS, line, f"{c.id}: type {c.type!r}")
        for line, c in concept_lines
        if c.type not in CONCEPT_TYPES
    ]
    known = {concept.id for _, concept in concept_lines}
    for line, r in relation_lines:
        edge = f"{r.source_id} -{r.relation}-> {r.target_id}"
        if r.relation not in RELATION_KINDS:
            issues.append(SnapshotIssue.at("unknown_relation", RELATIONS, line, edge))
        if r.source_id not in known:
            issues.append(SnapshotIssue.at("dangling_source", RELATIONS, line, edge))
        if r.target_id not in known:
            issues.append(SnapshotIssue.at("dangling_target", RELATIONS, line, edge))
    return issues + _unbacked_parents(relation_lines, claims)


def check_counts(
    manifest: dict[str, Any], concepts: Sequence[Concept], relations: Sequence[Relation]
) -> list[SnapshotIssue]:
    """Compare what was read with the manifest's counts (truncation, lost lines)."""
    types = {concept.id: concept.type for concept in concepts}
    actual = {
        "concepts_by_type": Counter(concept.type for concept in concepts),
        "deprecated_by_type": Counter(c.type for c in concepts if c.deprecated),
        "relations_by_kind": Counter(
            f"{types.get(r.source_id)} -{r.relation}-> {types.get(r.target_id)}"
            for r in relations
        ),
    }
    issues: list[SnapshotIssue] = []
    for section, counted in actual.items():
        promised: dict[str, int] = manifest.get(section) or {}
        for key in sorted(promised.keys() | counted.keys() if promised else ()):
            said, read = promised.get(key, 0), counted.get(key, 0)
            if said != read:
                message = f"{section}[{key!r}]: manifest says {said}, read {read}"
                issues.append(
                    SnapshotIssue.at("count_mismatch", MANIFEST, None, message)
                )
    return issues


def _unbacked_parents(
    relation_lines: Sequence[tuple[int, Relation]], claims: Iterable[ParentClaim]
) -> list[SnapshotIssue]:
    parents: dict[str, set[str]] = {}
    for _, r in relation_lines:
        if r.relation == "broader":
            parents.setdefault(r.source_id, set()).add(r.target_id)
    return [
        SnapshotIssue.at(
            "unbacked_parent",
            CONCEPTS,
            claim.line,
            f"{claim.child_id}: {claim.parent_field}={claim.parent_id} "
            "is not reached by its broader edges",
        )
        for claim in claims
        if claim.parent_id not in _ancestors(claim.child_id, parents)
    ]


def _ancestors(concept_id: str, parents: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    pending = list(parents.get(concept_id, ()))
    while pending:
        current = pending.pop()
        if current not in seen:
            seen.add(current)
            pending.extend(parents.get(current, ()))
    return seen
