"""The ranking evaluation in CI size: it runs on the shared data and ends in JSON."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).parents[2] / "benchmarks" / "ranking_eval.py"
METHODS = {"jobbmatch", "random", "exact_occupation", "rapidfuzz"}


@pytest.mark.needs_shared_taxonomy
def test_jobbmatch_ranks_above_random_and_every_figure_is_a_share() -> None:
    done = subprocess.run(
        [sys.executable, str(EVAL), "--needs", "10", "--participants", "400"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["participants"] == 400
    assert 0 < result["needs"] <= 10
    for figure in ("ndcg_at_10", "precision_at_10"):
        assert set(result[figure]) == METHODS
        assert all(0.0 <= value <= 1.0 for value in result[figure].values()), figure
    ndcg = result["ndcg_at_10"]
    assert ndcg["jobbmatch"] > ndcg["random"]
