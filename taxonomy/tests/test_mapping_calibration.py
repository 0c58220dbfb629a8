"""Calibration inputs, the logistic map and its parameter file."""

from pathlib import Path

import pytest

from taxonomy.evaluation import expected_calibration_error
from taxonomy.mapping.calibration import (
    GROUP_FILE,
    PARAMETERS_FILE,
    Calibration,
    features,
)


def test_features_hold_score_margin_and_length() -> None:
    first = features([0.9, 0.6, 0.5], 0, coverage=1.0, long_text=False)
    assert first == (0.9, 0.9 - 0.6, 1.0, 0.0, 0.0, 0.0, 0.0)
    second = features([0.9, 0.6, 0.5], 1, coverage=0.5, long_text=True, skill=True)
    assert second == (0.6, 0.6 - 0.9, 0.5, 1.0, 1.0, 0.6, 0.0)


def test_rival_groups_count_up_to_a_cap() -> None:
    two = features([0.8], 0, coverage=1.0, long_text=False, rival_groups=2)
    many = features([0.8], 0, coverage=1.0, long_text=False, rival_groups=40)
    assert (two[-1], many[-1]) == (0.5, 1.0)


def test_confidence_grows_with_score_and_margin() -> None:
    model = Calibration((4.0, 8.0, 1.0, -0.5, 0.0, 0.0), -2.0, "test")
    low = model.confidence((0.3, 0.0, 0.5, 0.0, 0.0, 0.0))
    high = model.confidence((0.9, 0.3, 0.5, 0.0, 0.0, 0.0))
    assert 0.0 < low < high < 1.0


def test_parameters_survive_a_round_trip(tmp_path: Path) -> None:
    model = Calibration((1.5, 2.5, -0.25), -1.0, "round trip")
    model.save(tmp_path / "calibration.json")
    assert Calibration.load(tmp_path / "calibration.json") == model


@pytest.mark.parametrize("path", [PARAMETERS_FILE, GROUP_FILE])
def test_the_committed_parameters_load(path: Path) -> None:
    model = Calibration.load(path)
    inputs = features([1.0], 0, coverage=1.0, long_text=False)
    assert len(model.coefficients) == len(inputs)


def test_ece_is_zero_when_confidence_matches_accuracy() -> None:
    pairs = [(0.75, True)] * 3 + [(0.75, False)] + [(0.25, False)] * 3 + [(0.25, True)]
    assert expected_calibration_error(pairs) == 0.0


def test_ece_measures_overconfidence() -> None:
    pairs = [(0.95, False)] * 4
    error = expected_calibration_error(pairs)
    assert error is not None
    assert abs(error - 0.95) < 1e-9
    assert expected_calibration_error([]) is None
