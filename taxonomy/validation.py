"""Check concept ids that a request refers to, reporting every problem at once.

`validate_refs` is meant for write paths: the caller lists each field that holds a
concept id and the types it accepts, and gets one `InvalidConcepts` carrying all
problems, each with replacements when the concept is deprecated, so a client can fix
a whole form in one round trip.
"""

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from taxonomy.errors import TaxonomyError
from taxonomy.graph import TaxonomyGraph

ProblemReason = Literal["unknown", "wrong_type", "deprecated"]


class ConceptRef(BaseModel):
    """A concept id found in `field`, which must be of one of `expected_types`.

    An empty `expected_types` accepts any type.
    """

    model_config = ConfigDict(frozen=True)

    field: str
    concept_id: str
    expected_types: tuple[str, ...] = ()


class ReplacementOption(BaseModel):
    """A concept to suggest instead of a deprecated one."""

    model_config = ConfigDict(frozen=True)

    id: str
    preferred_label: str
    type: str
    fallback: bool


class ConceptProblem(BaseModel):
    """Why one reference cannot be accepted."""

    model_config = ConfigDict(frozen=True)

    field: str
    concept_id: str
    reason: ProblemReason
    message: str
    actual_type: str | None = None
    replacements: tuple[ReplacementOption, ...] = ()


class InvalidConcepts(TaxonomyError):
    """One or more concept references are unknown, of the wrong type or deprecated."""

    def __init__(self, problems: Iterable[ConceptProblem]) -> None:
        """Keep every problem; the message names the fields involved."""
        self.problems = tuple(problems)
        fields = ", ".join(problem.field for problem in self.problems)
        super().__init__(f"invalid taxonomy concepts in: {fields}")


def validate_refs(graph: TaxonomyGraph, refs: Iterable[ConceptRef]) -> None:
    """Raise `InvalidConcepts` listing every bad reference, in input order."""
    problems = [p for ref in refs if (p := check_ref(graph, ref)) is not None]
    if problems:
        raise InvalidConcepts(problems)


def check_ref(graph: TaxonomyGraph, ref: ConceptRef) -> ConceptProblem | None:
    """Return the problem with one reference, or None if it is acceptable."""
    concept = graph.get(ref.concept_id)
    if concept is None:
        return ConceptProblem(
            field=ref.field,
            concept_id=ref.concept_id,
            reason="unknown",
            message=f"{ref.concept_id!r} is not a concept of taxonomy "
            f"{graph.version_label}",
        )
    if ref.expected_types and concept.type not in ref.expected_types:
        return ConceptProblem(
            field=ref.field,
            concept_id=ref.concept_id,
            reason="wrong_type",
            message=f"{concept.preferred_label!r} is a {concept.type}, expected "
            f"{' or '.join(ref.expected_types)}",
            actual_type=concept.type,
        )
    if not concept.deprecated:
        return None
    options = tuple(
        ReplacementOption(
            id=r.concept.id,
            preferred_label=r.concept.preferred_label,
            type=r.concept.type,
            fallback=r.fallback,
        )
        for r in graph.replacements(concept.id)
    )
    return ConceptProblem(
        field=ref.field,
        concept_id=ref.concept_id,
        reason="deprecated",
        message=f"{concept.preferred_label!r} is deprecated"
        + ("; use one of the replacements" if options else ""),
        actual_type=concept.type,
        replacements=options,
    )
