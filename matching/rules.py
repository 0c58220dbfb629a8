"""Hard rules: who may be proposed at all, each as a mask over a whole block.

A rule has a stable `code`, a reason in Swedish and English, a test of whether it
applies to the target, and a vectorised test that gives, for every candidate row,
whether the candidate passes. Evaluating all rules that apply gives a matrix of
failures (rule x candidate), and everything a response reports falls out of it:

* eligible candidates are those with no failure;
* `excluded_by_rule[code]` counts the candidates failing that rule (one candidate
  failing two rules is counted under both);
* `relaxation_hints[code]` counts the candidates failing that rule *only*: exactly
  how many more would qualify if that one rule were dropped.

The enrolment guard evaluates the same rules on a one-row block, so a shortlist and
an enrolment can never disagree about a rule.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from matching.columns import Block, stable_hash
from matching.prepared import Prepared
from matching.profiles import COHORT_PROGRAMMES, Basis, Extent, Programme, Target
from matching.qualities import column_rows, column_values, has_skills, meets_experience

STOCKHOLMSJOBB_MAX_MONTHS = 12

BoolArray = npt.NDArray[np.bool_]
Check = Callable[[Block, Prepared], BoolArray]


@dataclass(frozen=True)
class Rule:
    code: str
    reason_sv: str
    reason_en: str
    applies: Callable[[Target], bool]
    passes: Check


@dataclass(frozen=True)
class Failure:
    """A rule a candidate fails, as reported to people."""

    code: str
    reason_sv: str
    reason_en: str


def _available(b: Block, p: Prepared) -> BoolArray:
    assert p.deadline is not None
    return b.available_from <= p.deadline


def _worktime(b: Block, p: Prepared) -> BoolArray:
    part_time_only = (p.target.worktime_extent is Extent.FULL_TIME) & (b.extent == 2)
    schedules_fit = (b.schedules == 0) | ((p.schedules & ~b.schedules) == 0)
    fits: BoolArray = ~part_time_only & schedules_fit
    return fits


def _location(b: Block, p: Prepared) -> BoolArray:
    municipality = p.target.municipality
    assert municipality is not None
    ok: BoolArray = b.home == municipality
    ok[column_rows(b.mobility_municipalities, municipality)] = True
    if p.region >= 0:
        ok[column_rows(b.mobility_regions, p.region)] = True
    return ok


def _licences(b: Block, p: Prepared) -> BoolArray:
    held: BoolArray = (b.licences & p.licence_mask) == p.licence_mask
    return held


def _languages(b: Block, p: Prepared) -> BoolArray:
    ok = np.ones(len(b), dtype=bool)
    for need in p.target.requirements.languages:
        ok &= column_values(b.languages, need.language) >= need.level
    return ok


def _busy(b: Block, p: Prepared) -> BoolArray:
    assert p.start is not None
    overlap = (b.busy.start < p.end) & (b.busy.end > p.start)
    return ~b.busy.any_per_row(overlap, len(b))


def _minimum_age(b: Block, p: Prepared) -> BoolArray:
    # Only the birth year is kept, so the age counted is the one the person reaches
    # during the calendar year of the start; an unknown birth year cannot pass.
    minimum = p.target.requirements.minimum_age
    assert minimum is not None
    start_year = _year(p.at)
    return (b.birth_year > 0) & (start_year - b.birth_year.astype(int) >= minimum)


def _year(ordinal: int) -> int:
    return date.fromordinal(ordinal).year


def _valid_eligibility(b: Block, p: Prepared, *bases: str) -> BoolArray:
    keys = np.array([stable_hash(basis) for basis in bases], dtype=np.int64)
    e = b.eligibility
    valid = np.isin(e.key, keys) & (e.start <= p.at) & (e.end >= p.at)
    return e.any_per_row(valid, len(b))


def _twelve_months(b: Block, p: Prepared) -> BoolArray:
    jobs = b.prior_employment
    same = (jobs.key == p.employer) & (jobs.end >= p.window_start)
    earlier = jobs.sum_per_row(same, len(b))
    return earlier + p.target.months <= STOCKHOLMSJOBB_MAX_MONTHS


def _constant(ok: Callable[[Target], bool]) -> Check:
    return lambda b, p: np.full(len(b), ok(p.target), dtype=bool)


def _entry(b: Block, p: Prepared) -> BoolArray:
    return has_skills(b, p.target.requirements.must_skills) & meets_experience(b, p)


def _is_cohort(t: Target) -> bool:
    return t.programme in COHORT_PROGRAMMES


def _strict(t: Target) -> bool:
    return t.strict_skills and not _is_cohort(t)


def _rule(
    code: str, sv: str, en: str, applies: Callable[[Target], bool], passes: Check
) -> Rule:
    return Rule(code, sv, en, applies, passes)


RULES: tuple[Rule, ...] = (
    _rule(
        "availability",
        "Är inte tillgänglig senast vid start.",
        "Not available by the start date.",
        lambda t: t.start is not None,
        _available,
    ),
    _rule(
        "worktime",
        "Arbetstidens omfattning eller schema passar inte.",
        "Worktime extent or schedules do not fit.",
        lambda t: t.worktime_extent is not None or bool(t.schedules),
        _worktime,
    ),
    _rule(
        "location",
        "Bor inte i arbetsplatsens kommun och kan inte arbeta där.",
        "Neither lives in nor can work in the workplace's municipality.",
        lambda t: t.municipality is not None,
        _location,
    ),
    _rule(
        "driving_licence",
        "Saknar ett körkort som krävs.",
        "Lacks a required driving licence.",
        lambda t: bool(t.requirements.licences),
        _licences,
    ),
    _rule(
        "swedish",
        "Svenskan är under den nivå som krävs.",
        "Swedish is below the required level.",
        lambda t: t.requirements.swedish > 0,
        lambda b, p: b.swedish >= p.target.requirements.swedish,
    ),
    _rule(
        "language",
        "Ett språk som krävs är under den nivå som krävs.",
        "A required language is below its required CEFR level.",
        lambda t: bool(t.requirements.languages),
        _languages,
    ),
    _rule(
        "education",
        "Utbildningsnivån är lägre än den som krävs.",
        "Education is below the required SUN level.",
        lambda t: t.requirements.education is not None,
        lambda b, p: b.education >= (p.target.requirements.education or 0),
    ),
    _rule(
        "busy",
        "Är upptagen i en insats eller placering under samma period.",
        "Busy in an enrolment or placement during the same period.",
        lambda t: t.start is not None,
        _busy,
    ),
    _rule(
        "minimum_age",
        "Har inte den lagstadgade lägsta åldern.",
        "Below the statutory minimum age.",
        lambda t: (
            t.requirements.minimum_age is not None
            and t.requirements.minimum_age_basis is not None
        ),
        _minimum_age,
    ),
    _rule(
        "seats",
        "Det finns inga platser kvar i kohorten.",
        "No seats are left in the cohort.",
        lambda t: _is_cohort(t) and t.seats_left is not None,
        _constant(lambda t: (t.seats_left or 0) > 0),
    ),
    _rule(
        "entry_requirements",
        "Uppfyller inte spårets förkunskapskrav.",
        "Does not meet the track's entry requirements.",
        lambda t: (
            _is_cohort(t)
            and bool(t.requirements.must_skills or t.requirements.experience)
        ),
        _entry,
    ),
    _rule(
        "stockholmsjobb_eligibility",
        "Saknar giltigt beslut om Stockholmsjobb vid start.",
        "No valid Stockholmsjobb eligibility at the start date.",
        lambda t: t.programme is Programme.STOCKHOLMSJOBB,
        lambda b, p: _valid_eligibility(b, p, Basis.STOCKHOLMSJOBB),
    ),
    _rule(
        "stockholmsjobb_12_months",
        "Skulle få mer än 12 månader hos samma arbetsgivare inom fem år.",
        "Would pass 12 months with the same employer within five years.",
        lambda t: t.programme is Programme.STOCKHOLMSJOBB and t.employer is not None,
        _twelve_months,
    ),
    _rule(
        "praktik_eligibility",
        "Saknar giltig inskrivning hos Arbetsförmedlingen eller kommunalt "
        "praktikbeslut.",
        "No valid af_registered or kommunal_praktik_beslut eligibility.",
        lambda t: t.programme is Programme.PRAKTIK,
        lambda b, p: _valid_eligibility(
            b, p, Basis.AF_REGISTERED, Basis.KOMMUNAL_PRAKTIK_BESLUT
        ),
    ),
    _rule(
        "capacity",
        "Det finns inga platser kvar på placeringen.",
        "No places are left on the placement.",
        lambda t: t.capacity_left is not None,
        _constant(lambda t: (t.capacity_left or 0) > 0),
    ),
    _rule(
        "supervisor_capacity",
        "Handledaren kan inte ta emot fler deltagare under perioden.",
        "The supervisor cannot take another trainee during the period.",
        lambda t: t.supervisor_left is not None,
        _constant(lambda t: (t.supervisor_left or 0) > 0),
    ),
    _rule(
        "must_skills",
        "Saknar en kompetens som är ett skallkrav.",
        "Lacks a must-have skill.",
        lambda t: _strict(t) and bool(t.requirements.must_skills),
        lambda b, p: has_skills(b, p.target.requirements.must_skills),
    ),
    _rule(
        "occupation_experience",
        "Saknar yrkeserfarenhet som är ett skallkrav.",
        "Lacks must-have occupation experience.",
        lambda t: _strict(t) and bool(t.requirements.experience),
        meets_experience,
    ),
)
RULE_CODES = tuple(rule.code for rule in RULES)


@dataclass(frozen=True, eq=False)
class RuleMasks:
    """Which applicable rule each row of a block fails (rule x row)."""

    rules: tuple[Rule, ...]
    fails: BoolArray

    @property
    def eligible(self) -> BoolArray:
        passed: BoolArray = self.fails.sum(axis=0) == 0
        return passed

    def failures(self, row: int) -> tuple[Failure, ...]:
        """The failed rules of one row, in `RULES` order."""
        return tuple(
            Failure(rule.code, rule.reason_sv, rule.reason_en)
            for rule, failed in zip(self.rules, self.fails[:, row], strict=True)
            if failed
        )


def evaluate(block: Block, prepared: Prepared) -> RuleMasks:
    """Evaluate every rule that applies to the target over the whole block."""
    rules = tuple(rule for rule in RULES if rule.applies(prepared.target))
    fails = np.zeros((len(rules), len(block)), dtype=bool)
    for i, rule in enumerate(rules):
        fails[i] = ~rule.passes(block, prepared)
    return RuleMasks(rules, fails)


def tally(masks: RuleMasks, active: BoolArray) -> tuple[dict[str, int], dict[str, int]]:
    """Exclusions and relaxation hints per rule code, over the active rows."""
    fails = masks.fails & active
    only_one = fails.sum(axis=0) == 1
    excluded = {
        r.code: int(n) for r, n in zip(masks.rules, fails.sum(axis=1), strict=True)
    }
    hints = (fails & only_one).sum(axis=1)
    return excluded, {r.code: int(n) for r, n in zip(masks.rules, hints, strict=True)}
