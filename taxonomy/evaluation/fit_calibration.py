"""Fit the confidence calibration on the training half of the evaluation sets.

    python -m taxonomy.evaluation.fit_calibration [SHARED_DIR]

Builds the mapper from ``SHARED_DIR/taxonomy`` (default ``../shared``), maps every
``train`` case of every set (``sets.Case.split``), judges it as the harness
does, fits a logistic regression of correctness on ``calibration.features`` and
writes ``taxonomy/mapping/calibration.json``; the same for SSYK-4 answers (right
when the group is) into ``calibration_group.json``. The ``test`` half is left for
the harness's ECE.
"""

import sys
from collections.abc import Sequence
from pathlib import Path

from sklearn.linear_model import LogisticRegression

from taxonomy.evaluation.baselines import Ranked
from taxonomy.evaluation.harness import judge
from taxonomy.evaluation.sets import Case, load_cases
from taxonomy.mapping.calibration import (
    GROUP_FILE,
    PARAMETERS_FILE,
    Calibration,
    features,
)
from taxonomy.mapping.index import GROUP
from taxonomy.mapping.mapper import Mapper
from taxonomy.mapping.results import MapType
from taxonomy.snapshot import read_snapshot


def training_data(
    mapper: Mapper, cases: Sequence[Case], type: MapType
) -> tuple[list[tuple[float, ...]], list[int]]:
    """Calibration inputs and correctness of the top answer for each case.

    For ``ssyk-level-4`` only occupation cases with a gold group count, and the
    answer is right when its group is.
    """
    inputs: list[tuple[float, ...]] = []
    labels: list[int] = []
    for case in cases:
        kind: MapType = "skill" if case.target_type == "skill" else "occupation-name"
        if type == GROUP:
            if kind == "skill" or not case.gold_ssyk4 or case.expect_abstain:
                continue
            kind = type
        query, ranked = mapper.rank(case.query, kind)
        if not ranked:
            continue
        ids = [ranked[0].entry.concept_id]
        outcome = judge(mapper, case, 0.0, Ranked(ids, 0.0, False))
        inputs.append(mapper.calibration_inputs(ranked, 0, query, kind))
        labels.append(int(outcome.ssyk_hits[0] if type == GROUP else outcome.correct))
    return inputs, labels


def fit(inputs: list[tuple[float, ...]], labels: list[int], note: str) -> Calibration:
    """Fit the logistic calibration."""
    model = LogisticRegression(C=10.0, max_iter=1000)
    model.fit(inputs, labels)
    coefficients = tuple(float(c) for c in model.coef_[0])
    return Calibration(coefficients, float(model.intercept_[0]), note)


def main(argv: Sequence[str] = ()) -> int:
    """Fit on the train half and write ``calibration.json``; return an exit code."""
    shared = Path(argv[0]) if argv else Path("../shared")
    snapshot = read_snapshot(shared / "taxonomy")
    # A neutral model, so the fit depends neither on nor against the old file.
    size = len(features([0.0], 0, coverage=0.0, long_text=False))
    neutral = Calibration((0.0,) * size, 0.0, "unfitted")
    mapper = Mapper.build(
        snapshot.concepts,
        snapshot.relations,
        version_label=snapshot.label,
        calibration_model=neutral,
        group_calibration_model=neutral,
    )
    cases = [c for c in load_cases(shared, ["all"]) if c.split == "train"]
    models: tuple[tuple[MapType, Path], ...] = (
        ("occupation-name", PARAMETERS_FILE),
        ("ssyk-level-4", GROUP_FILE),
    )
    for type, path in models:
        inputs, labels = training_data(mapper, cases, type)
        note = f"train half of all evaluation sets, {len(labels)} answered cases"
        fit(inputs, labels, note).save(path)
        sys.stdout.write(f"{path.name}: fitted on {len(labels)} cases\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
