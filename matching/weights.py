"""Default component weights per programme, and the bounds a request may move them in.

Each programme's defaults sum to 1. A request may override any weight within
`BOUNDS`; `waiting` and `swedish_margin` stay small on purpose: waiting time is a
tie-breaker between people who fit equally well, and a high Swedish margin must not
outweigh the work itself. A component that does not apply to the target (no must
skills stated, no municipality, no track) drops out, and the remaining weights are
scaled to sum to 1, so the score always lies in [0, 1]. The tie-breakers
(`TIE_BREAKERS`: waiting, swedish_margin) are not scaled up with the rest: a need
that states no skills would otherwise double the weight of waiting time, and a
tie-breaker would start to outrank the work itself.

Why the defaults differ: a need is about the work (occupation and skills first); a
jobbspår cohort matches to the need first and then trains for it, so fit *after*
the training and expressed interest weigh most; Stockholmsjobb and praktik are
steps towards work, so proximity, an early start and waiting time count more.
"""

from collections.abc import Mapping

from matching.profiles import Programme

COMPONENTS = (
    "occupation",
    "must_skills",
    "merit_skills",
    "post_training",
    "swedish_margin",
    "proximity",
    "start",
    "interest",
    "waiting",
)

_NEED = {
    "occupation": 0.35,
    "must_skills": 0.25,
    "merit_skills": 0.12,
    "post_training": 0.0,
    "swedish_margin": 0.03,
    "proximity": 0.10,
    "start": 0.07,
    "interest": 0.03,
    "waiting": 0.05,
}
_COHORT = {
    "occupation": 0.20,
    "must_skills": 0.10,
    "merit_skills": 0.07,
    "post_training": 0.25,
    "swedish_margin": 0.03,
    "proximity": 0.08,
    "start": 0.04,
    "interest": 0.15,
    "waiting": 0.08,
}
_PLACEMENT = {
    "occupation": 0.30,
    "must_skills": 0.18,
    "merit_skills": 0.10,
    "post_training": 0.0,
    "swedish_margin": 0.03,
    "proximity": 0.14,
    "start": 0.10,
    "interest": 0.05,
    "waiting": 0.10,
}
DEFAULT_WEIGHTS: Mapping[Programme, Mapping[str, float]] = {
    Programme.NEED: _NEED,
    Programme.JOBBSPAR: _COHORT,
    Programme.RECRUITMENT_TRAINING: _COHORT,
    Programme.STOCKHOLMSJOBB: _PLACEMENT,
    Programme.PRAKTIK: _PLACEMENT,
}
BOUNDS: Mapping[str, tuple[float, float]] = {
    name: (
        0.0,
        0.15 if name == "waiting" else 0.10 if name == "swedish_margin" else 1.0,
    )
    for name in COMPONENTS
}


class InvalidWeight(ValueError):
    """A weight override names no component or lies outside its bounds."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def resolve_weights(
    programme: Programme, overrides: Mapping[str, float] | None = None
) -> dict[str, float]:
    """The programme's defaults with `overrides` applied, or `InvalidWeight`."""
    weights = dict(DEFAULT_WEIGHTS[programme])
    for name, value in (overrides or {}).items():
        if name not in BOUNDS:
            raise InvalidWeight(name, f"unknown component; use one of {COMPONENTS}")
        low, high = BOUNDS[name]
        if not low <= value <= high:
            raise InvalidWeight(name, f"must be between {low} and {high}")
        weights[name] = float(value)
    if not any(weights.values()):
        raise InvalidWeight("weights", "at least one weight must be above 0")
    return weights


TIE_BREAKERS = frozenset({"waiting", "swedish_margin"})


def normalise(weights: Mapping[str, float], applicable: set[str]) -> dict[str, float]:
    """Weights of the applicable components summing to 1 (others 0): tie-breakers
    keep their weight, the other components share the rest in proportion."""
    used = {name: w for name, w in weights.items() if name in applicable and w > 0}
    fixed = {name: w for name, w in used.items() if name in TIE_BREAKERS}
    scaled = {name: w for name, w in used.items() if name not in TIE_BREAKERS}
    if not scaled:
        # Only tie-breakers apply: nothing else to share, so they share it all.
        scaled, fixed = fixed, {}
    room = 1.0 - sum(fixed.values())
    total = sum(scaled.values())
    result = dict.fromkeys(weights, 0.0)
    result.update(fixed)
    result.update({name: w * room / total for name, w in scaled.items()})
    return result
