"""Calibrated confidence: a logistic (Platt) model over the ranking scores.

The model's inputs are the top score, its margin over the runner-up, how much of
the query (of a long text: its headline) the matched label covers, whether the text
is long (a description rather than a title), whether skills were asked for, the
score of a long text again (its own slope), and how many other SSYK-4 groups have
a candidate almost as good (a bare "ingenjör" fits a dozen groups' compounds). Its
parameters live in ``calibration.json`` beside this module (``calibration_group.json``
for SSYK-4 answers); ``python -m taxonomy.evaluation.fit_calibration`` fits them
on the *training* half of the evaluation sets (a fixed hash split of the cases, see
``taxonomy.evaluation.sets.Case.split``) and the harness reports the calibration
error on the other half. Why fitted on evaluation data rather than at index build:
the confidence must mean "share of correct answers" for real queries, and labels
drawn from the taxonomy itself are far easier than real ones, so a fit on them is
over-confident. Only these few numbers are learned; no query is remembered.
"""

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PARAMETERS_FILE = Path(__file__).with_name("calibration.json")
# The model for SSYK-4 answers: the share of right groups rather than right concepts.
GROUP_FILE = Path(__file__).with_name("calibration_group.json")
# Abstain when the best match is more likely wrong than right.
ABSTAIN_BELOW = 0.5
# The share of correct answers among short texts that miss the head of their best
# label (``Mapper._weak``): 21 of 81 on the evaluation sets.
WEAK_MATCH_CONFIDENCE = 0.26
LONG_TEXT_WORDS = 12
# Other SSYK-4 groups whose best candidate is this close to the top one count as
# rivals, up to this many.
RIVAL_MARGIN = 0.05
MAX_RIVAL_GROUPS = 4


def features(
    scores: Sequence[float],
    rank: int,
    *,
    coverage: float,
    long_text: bool,
    skill: bool = False,
    rival_groups: int = 0,
) -> tuple[float, ...]:
    """Calibration inputs of the match at ``rank`` among descending ``scores``."""
    score = scores[rank]
    others = [s for i, s in enumerate(scores) if i != rank]
    margin = score - (max(others) if others else 0.0)
    long = 1.0 if long_text else 0.0
    # Long texts and skills rank differently, so each shifts and rescales the score.
    # A bare head ("ingenjör") fits many compounds of many groups almost equally.
    rivals = min(rival_groups, MAX_RIVAL_GROUPS) / MAX_RIVAL_GROUPS
    return (score, margin, coverage, long, 1.0 if skill else 0.0, long * score, rivals)


@dataclass(frozen=True)
class Calibration:
    """Logistic map from :func:`features` to a probability of being right."""

    coefficients: tuple[float, ...]
    intercept: float
    fitted_on: str

    def confidence(self, inputs: Sequence[float]) -> float:
        """Return the calibrated probability for one set of inputs."""
        z = self.intercept + sum(
            c * x for c, x in zip(self.coefficients, inputs, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    @classmethod
    def load(cls, path: Path = PARAMETERS_FILE) -> "Calibration":
        """Read parameters written by ``fit_calibration``."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            tuple(data["coefficients"]),
            float(data["intercept"]),
            str(data["fitted_on"]),
        )

    def save(self, path: Path = PARAMETERS_FILE) -> None:
        """Write parameters as small, diff-friendly JSON."""
        data = {
            "coefficients": [round(c, 6) for c in self.coefficients],
            "intercept": round(self.intercept, 6),
            "fitted_on": self.fitted_on,
        }
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
