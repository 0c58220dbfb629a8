"""The one check behind every lifecycle: needs, track phases, cohorts, enrolments."""

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from service.errors import Conflict

StateT = TypeVar("StateT", bound=StrEnum)


def require_transition(
    machine: Mapping[StateT, frozenset[StateT]],
    current: str,
    wanted: StateT,
    noun: str,
) -> None:
    """Refuse with 409 a move the lifecycle does not allow; staying put is fine."""
    state = type(wanted)(current)
    if wanted == state or wanted in machine[state]:
        return
    allowed = ", ".join(sorted(machine[state])) or "none (it is final)"
    raise Conflict(
        f"A {noun} cannot go from {state} to {wanted}; allowed from {state}: "
        f"{allowed}.",
        current=state.value,
        allowed=sorted(machine[state]),
    )
