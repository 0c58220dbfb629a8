"""What a target asks for and what a candidate offers, as plain frozen values.

Everything that names a taxonomy concept is an index into `Concepts` (the service
translates ids to indices once); levels are ordinals so that "at or above" is `>=`.
A candidate has no field for gender or owning unit, so neither can reach a score;
`birth_year` exists only for the statutory minimum-age rule and nothing else reads it.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

# Ordinal 0 means "none stated"; the position in the tuple plus one is the ordinal.
SWEDISH_LEVELS = (
    "sfi_a",
    "sfi_b",
    "sfi_c",
    "sfi_d",
    "sva_grund",
    "sva_1",
    "sva_2",
    "sva_3",
)
CEFR_LEVELS = ("a1", "a2", "b1", "b2", "c1", "c2")
SCHEDULES = ("day", "evening", "night", "weekend", "shift")


def swedish_ordinal(level: str | None) -> int:
    """Return 1 (sfi_a) to 8 (sva_3) for a Swedish level, 0 for none."""
    return 0 if level is None else SWEDISH_LEVELS.index(level) + 1


def cefr_ordinal(level: str) -> int:
    """Return 1 (a1) to 6 (c2) for a CEFR level."""
    return CEFR_LEVELS.index(level) + 1


class Programme(StrEnum):
    """What the target is: an employer's need, a track's cohort or a placement."""

    NEED = "need"
    JOBBSPAR = "jobbspar"
    RECRUITMENT_TRAINING = "recruitment_training"
    STOCKHOLMSJOBB = "stockholmsjobb"
    PRAKTIK = "praktik"


COHORT_PROGRAMMES = frozenset({Programme.JOBBSPAR, Programme.RECRUITMENT_TRAINING})


class Basis(StrEnum):
    """Eligibility bases; used by the programme rules only, never by a score."""

    JOBBTORG_ASPIRANT = "jobbtorg_aspirant"
    AF_REGISTERED = "af_registered"
    STOCKHOLMSJOBB = "stockholmsjobb"
    KOMMUNAL_PRAKTIK_BESLUT = "kommunal_praktik_beslut"


class Extent(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"


@dataclass(frozen=True)
class Period:
    """A busy period (enrolment or placement); `end` None means open-ended."""

    start: date
    end: date | None = None


@dataclass(frozen=True)
class Eligibility:
    basis: Basis
    valid_from: date
    valid_until: date | None = None


@dataclass(frozen=True)
class PriorJob:
    """Fixed-term months at one employing organisation, for the 12-month rule."""

    employer: str
    months: int
    ended_on: date


@dataclass(frozen=True)
class Experience:
    occupation: int
    years: float


@dataclass(frozen=True)
class Language:
    language: int
    level: int


@dataclass(frozen=True)
class ExperienceNeed:
    """A `must` item of kind occupation_experience."""

    occupation: int
    min_years: float = 0.0


@dataclass(frozen=True)
class Requirements:
    """A requirement profile: hard levels, must and merit items, a statutory age.

    `swedish` is an ordinal (0: none); `education` a SUN level ordinal (None: none);
    `minimum_age` counts only together with its `minimum_age_basis`.
    """

    swedish: int = 0
    languages: tuple[Language, ...] = ()
    licences: tuple[int, ...] = ()
    education: int | None = None
    must_skills: tuple[int, ...] = ()
    merit_skills: tuple[int, ...] = ()
    experience: tuple[ExperienceNeed, ...] = ()
    minimum_age: int | None = None
    minimum_age_basis: str | None = None


@dataclass(frozen=True)
class Target:
    """One need, cohort or placement to rank candidates for.

    `start`..`latest_start` is when work or training begins (availability must be by
    `latest_start`, or `start` when it is None); `start`..`end` is the period a
    candidate must not be busy in. For a cohort, `requirements` are the track's entry
    requirements and `taught_skills` the skills its steps teach. `seats_left`,
    `capacity_left` and `supervisor_left` are None when they do not apply.
    `employer` and `months` feed the Stockholmsjobb 12-month rule.
    """

    ref: str
    programme: Programme
    start: date | None = None
    end: date | None = None
    latest_start: date | None = None
    municipality: int | None = None
    region: int | None = None
    worktime_extent: Extent | None = None
    schedules: frozenset[str] = frozenset()
    occupation: int | None = None
    requirements: Requirements = field(default_factory=Requirements)
    taught_skills: tuple[int, ...] = ()
    seats_left: int | None = None
    capacity_left: int | None = None
    supervisor_left: int | None = None
    employer: str | None = None
    months: int = 0
    track_id: int | None = None
    cohort_id: int | None = None
    strict_skills: bool = False


@dataclass(frozen=True)
class CandidateProfile:
    """What one participant offers, keyed by the source system's opaque ref.

    `busy` holds the periods of the participant's current enrolments and
    placements; `last_contact` the last day they were proposed or enrolled.
    """

    ref: str
    home_municipality: int | None = None
    available_from: date | None = None
    worktime_extent: Extent | None = None
    schedules: frozenset[str] = frozenset()
    mobility_municipalities: tuple[int, ...] = ()
    mobility_regions: tuple[int, ...] = ()
    experience: tuple[Experience, ...] = ()
    interests: tuple[int, ...] = ()
    skills: tuple[int, ...] = ()
    licences: tuple[int, ...] = ()
    swedish: int = 0
    languages: tuple[Language, ...] = ()
    education: int | None = None
    eligibility: tuple[Eligibility, ...] = ()
    prior_employment: tuple[PriorJob, ...] = ()
    busy: tuple[Period, ...] = ()
    track_interests: tuple[int, ...] = ()
    cohort_interests: tuple[int, ...] = ()
    last_contact: date | None = None
    birth_year: int | None = None
