"""What ranking returns: typed, explained and free of labels.

Concepts appear as indices into `Concepts`; the service turns them into Swedish
labels. `Evidence.matched` is an index in the vocabulary that `source` names:
`experience` and `interest` name occupations, `skills` and `track` skills,
`municipalities` and `regions` places, `cohorts` and `tracks` their ids.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from matching.profiles import Programme
from matching.rules import Failure


@dataclass(frozen=True)
class Evidence:
    """One requirement of the target and what of the candidate's meets it."""

    requirement: str
    required: int
    matched: int
    relation: str
    source: str


@dataclass(frozen=True)
class Missing:
    """A soft requirement not met; `taught` when the track's steps teach it."""

    requirement: str
    index: int
    taught: bool = False


@dataclass(frozen=True)
class Component:
    """One named part of a score: `contribution` is `value * weight`.

    `baseline` is set for `post_training` only: the same coverage before training.
    """

    name: str
    value: float
    weight: float
    contribution: float
    evidence: tuple[Evidence, ...] = ()
    baseline: float | None = None


@dataclass(frozen=True)
class Ranked:
    rank: int
    ref: str
    score: float
    components: tuple[Component, ...]
    missing: tuple[Missing, ...]


@dataclass(frozen=True)
class Shortlist:
    """A ranked shortlist with everything needed to store and explain it."""

    target_ref: str
    programme: Programme
    results: tuple[Ranked, ...]
    pool_size: int
    eligible_count: int
    excluded_by_rule: Mapping[str, int]
    relaxation_hints: Mapping[str, int]
    weights: Mapping[str, float]
    seed: int
    algorithm_version: str


@dataclass(frozen=True)
class TargetMatch:
    """One target for one candidate: the rules failed and the explained score."""

    target_ref: str
    programme: Programme
    failures: tuple[Failure, ...]
    score: float
    components: tuple[Component, ...]
    missing: tuple[Missing, ...]

    @property
    def eligible(self) -> bool:
        return not self.failures
