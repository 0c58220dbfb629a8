"""jobbmatch's ranking engine: who to propose for a need, a cohort or a placement.

Pure and deterministic: NumPy and SciPy only, no clock, no database, no taxonomy
import. The service builds the inputs (`Concepts` from the taxonomy, a `Pool` from
participant records, a `Target` from a need, cohort or placement) and stores what
comes out. The algorithm, in the order it runs:

rank(pool, target, today=..., weights=..., seed=..., limit=...)
│
├── prepare   the target as ordinals, a licence bit mask and the similarity of
│             every occupation to the target's (prepared.py)
├── rules     every hard rule that applies, as a boolean mask over each block of
│   │         the pool (rules.py); one rule per legal or practical condition:
│   ├── every programme: availability, worktime, location, driving_licence,
│   │   swedish, language, education, busy, minimum_age (only with a legal basis)
│   ├── cohorts: seats, entry_requirements
│   ├── Stockholmsjobb: stockholmsjobb_eligibility, stockholmsjobb_12_months
│   ├── praktik: praktik_eligibility, capacity, supervisor_capacity
│   └── strict_skills: must_skills, occupation_experience
│       → eligible rows, excluded_by_rule and relaxation_hints (rows failing
│         exactly one rule)
├── components  named soft values in [0, 1] (components.py, coverage.py):
│       occupation, must_skills, merit_skills, post_training, swedish_margin,
│       proximity, start, interest, waiting
├── weights   the programme's defaults, overridden within bounds, scaled to sum to
│             1 over the components that apply (weights.py): score in [0, 1]
└── top-k     argpartition, then score ↓, seeded lottery key, ref (ranking.py)
    → Shortlist of Ranked: score, components (value, weight, contribution,
      evidence) and missing requirements

check(candidate, target, concepts, today=...)    the enrolment guard: same rules
matches(candidate, targets, concepts, today=...)  the reverse direction

Never inputs: gender and owning unit have no field; `birth_year` is read by the
minimum-age rule only; eligibility bases by the programme rules only.
"""

from matching.concepts import Concepts, Occupation, Vocabulary
from matching.pool import DuplicateRef, Pool
from matching.profiles import (
    CEFR_LEVELS,
    SCHEDULES,
    SWEDISH_LEVELS,
    Basis,
    CandidateProfile,
    Eligibility,
    Experience,
    ExperienceNeed,
    Extent,
    Language,
    Period,
    PriorJob,
    Programme,
    Requirements,
    Target,
    cefr_ordinal,
    swedish_ordinal,
)
from matching.ranking import ALGORITHM_VERSION, check, matches, rank
from matching.results import (
    Component,
    Evidence,
    Missing,
    Ranked,
    Shortlist,
    TargetMatch,
)
from matching.rules import RULE_CODES, Failure
from matching.weights import (
    BOUNDS,
    COMPONENTS,
    DEFAULT_WEIGHTS,
    InvalidWeight,
    resolve_weights,
)

__all__ = [
    "ALGORITHM_VERSION",
    "BOUNDS",
    "CEFR_LEVELS",
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "RULE_CODES",
    "SCHEDULES",
    "SWEDISH_LEVELS",
    "Basis",
    "CandidateProfile",
    "Component",
    "Concepts",
    "DuplicateRef",
    "Eligibility",
    "Evidence",
    "Experience",
    "ExperienceNeed",
    "Extent",
    "Failure",
    "InvalidWeight",
    "Language",
    "Missing",
    "Occupation",
    "Period",
    "Pool",
    "PriorJob",
    "Programme",
    "Ranked",
    "Requirements",
    "Shortlist",
    "Target",
    "TargetMatch",
    "Vocabulary",
    "cefr_ordinal",
    "check",
    "matches",
    "rank",
    "resolve_weights",
    "swedish_ordinal",
]
