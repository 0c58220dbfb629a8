"""Read an offline taxonomy snapshot folder (concepts, relations, manifest).

The format is described in the snapshot's own ``SOURCE.md``. Codes such as
``ssyk_code_2012`` or ``legacy_ams_taxonomy_id`` go into `Concept.codes`; each
concept's provenance (``last_seen``, ``sources``, ``deprecated_basis``) is kept
beside it in `Snapshot.provenance`. Lines that cannot be used are reported, never
skipped quietly (see `taxonomy.snapshot_report`).
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from taxonomy.errors import TaxonomyError
from taxonomy.models import CODE_FIELDS, Concept, Relation
from taxonomy.snapshot_checks import (
    CONCEPTS,
    MANIFEST,
    RELATIONS,
    ParentClaim,
    check_counts,
    check_edges,
)
from taxonomy.snapshot_report import SnapshotIssue, ValidationReport

# Parent ids the export repeats on the child; `broader` edges must lead to them.
PARENT_FIELDS = ("ssyk_level_4_id", "occupation_field_id")
_CONCEPT_KEYS = frozenset(
    {
        "id",
        "type",
        "preferred_label",
        "alternative_labels",
        "former_labels",
        "definition",
        "deprecated",
        "deprecated_basis",
        "replaced_by",
        "last_seen",
        "sources",
        *PARENT_FIELDS,
        *CODE_FIELDS,
    }
)
# `snapshot` (which export an edge came from) is provenance the store does not keep.
_RELATION_KEYS = frozenset(
    {"source_id", "relation", "target_id", "snapshot", "substitutability_percentage"}
)


class SnapshotUnreadable(TaxonomyError):
    """The folder lacks a snapshot file, or its manifest cannot be read."""


class ConceptProvenance(BaseModel):
    """Which exports a concept was seen in, and why it is marked deprecated."""

    model_config = ConfigDict(frozen=True)

    last_seen: str | None = None
    sources: tuple[str, ...] = ()
    deprecated_basis: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """Concepts and relations of one snapshot folder, with what was wrong in it."""

    concepts: list[Concept]
    relations: list[Relation]
    label: str
    source: str
    report: ValidationReport
    provenance: dict[str, ConceptProvenance] = field(default_factory=dict)


def read_snapshot(folder: Path) -> Snapshot:
    """Read a snapshot folder and report its problems in `Snapshot.report`.

    Raises `SnapshotUnreadable` only when a file is missing or the manifest does
    not name its sources; everything else is an issue in the report.
    """
    manifest = _read_manifest(folder / MANIFEST)
    issues: list[SnapshotIssue] = []
    concept_lines, provenance, claims = _read_concepts(folder / CONCEPTS, issues)
    relation_lines = _read_relations(folder / RELATIONS, issues)
    concepts = [concept for _, concept in concept_lines]
    relations = [relation for _, relation in relation_lines]
    issues += check_edges(concept_lines, relation_lines, claims)
    issues += check_counts(manifest, concepts, relations)
    sources: dict[str, dict[str, str]] = manifest["sources"]
    pinned = "; ".join(
        f"{key}: {src.get('repo')}@{str(src.get('commit'))[:12]}"
        for key, src in sources.items()
    )
    return Snapshot(
        concepts=concepts,
        relations=relations,
        # The manifest lists its sources newest first (SOURCE.md, "precedence").
        label=next(iter(sources)),
        source=f"{folder.resolve()} ({pinned})",
        report=ValidationReport(issues=tuple(issues)),
        provenance=provenance,
    )


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SnapshotUnreadable(f"cannot read {path}: {exc}") from exc
    sources = manifest.get("sources") if isinstance(manifest, dict) else None
    if not isinstance(sources, dict) or not sources:
        raise SnapshotUnreadable(f"{path} has no 'sources' object")
    if not all(isinstance(source, dict) for source in sources.values()):
        raise SnapshotUnreadable(f"{path}: every source must be an object")
    return manifest


def _json_lines(
    path: Path, known_keys: frozenset[str], issues: list[SnapshotIssue]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) and report lines that are not JSON objects."""
    unknown: dict[str, list[int]] = {}
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise SnapshotUnreadable(f"cannot read {path}: {exc}") from exc
    with handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                raw = json.loads(text)
            except ValueError as exc:
                issues.append(_malformed(path, number, f"not JSON: {exc}"))
                continue
            if not isinstance(raw, dict):
                issues.append(_malformed(path, number, "not a JSON object"))
                continue
            for key in raw.keys() - known_keys:
                unknown.setdefault(key, []).append(number)
            yield number, raw
    for key, numbers in sorted(unknown.items()):
        message = f"field {key!r} is not in the format; ignored on {len(numbers)} lines"
        issues.append(SnapshotIssue.at("unknown_field", path.name, numbers[0], message))


def _malformed(path: Path, line: int, reason: str) -> SnapshotIssue:
    return SnapshotIssue.at("malformed_line", path.name, line, reason)


def _read_concepts(
    path: Path, issues: list[SnapshotIssue]
) -> tuple[list[tuple[int, Concept]], dict[str, ConceptProvenance], list[ParentClaim]]:
    concepts: dict[str, tuple[int, Concept]] = {}
    provenance: dict[str, ConceptProvenance] = {}
    claims: list[ParentClaim] = []
    for number, raw in _json_lines(path, _CONCEPT_KEYS, issues):
        try:
            concept = _concept_from(raw)
            origin = ConceptProvenance.model_validate(raw)
        except ValidationError as exc:
            issues.append(_malformed(path, number, _first_error(exc)))
            continue
        if concept.id in concepts:
            first = concepts[concept.id][0]
            message = f"{concept.id} already on line {first}; kept the first"
            issues.append(
                SnapshotIssue.at("duplicate_concept", path.name, number, message)
            )
            continue
        concepts[concept.id] = (number, concept)
        provenance[concept.id] = origin
        claims += [
            ParentClaim(number, concept.id, name, str(raw[name]))
            for name in PARENT_FIELDS
            if raw.get(name) is not None
        ]
    return list(concepts.values()), provenance, claims


def _concept_from(raw: dict[str, Any]) -> Concept:
    # Legacy ids are numbers in some older exports; codes are always compared as text.
    codes = {name: str(raw[name]) for name in CODE_FIELDS if raw.get(name) is not None}
    return Concept.model_validate(
        {
            "id": raw.get("id"),
            "type": raw.get("type"),
            "preferred_label": raw.get("preferred_label"),
            "alternative_labels": raw.get("alternative_labels") or (),
            "former_labels": raw.get("former_labels") or (),
            "definition": raw.get("definition"),
            "codes": codes,
            "deprecated": raw.get("deprecated", False),
            "replaced_by": raw.get("replaced_by") or (),
        }
    )


def _read_relations(
    path: Path, issues: list[SnapshotIssue]
) -> list[tuple[int, Relation]]:
    relations: list[tuple[int, Relation]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, raw in _json_lines(path, _RELATION_KEYS, issues):
        try:
            relation = Relation.model_validate(raw)
        except ValidationError as exc:
            issues.append(_malformed(path, number, _first_error(exc)))
            continue
        key = (relation.source_id, relation.relation, relation.target_id)
        if key in seen:
            message = f"{' '.join(key)} already on line {seen[key]}; kept the first"
            issues.append(
                SnapshotIssue.at("duplicate_relation", path.name, number, message)
            )
            continue
        seen[key] = number
        relations.append((number, relation))
    return relations


def _first_error(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    where = ".".join(str(part) for part in error["loc"]) or "line"
    return f"{where}: {error['msg']}"
