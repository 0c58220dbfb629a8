"""The shortlist benchmark in CI size: it runs, agrees with the oracle, ends in JSON."""

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[2] / "benchmarks" / "shortlist_bench.py"


def test_the_benchmark_agrees_with_the_loop_and_reports_every_figure() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--participants",
            "1500",
            "--targets",
            "6",
            "--loop-targets",
            "6",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["same_top"] is True
    assert result["participants"] == 1500
    assert result["loop_targets"] == 6
    for figure in ("p95_ms", "loop_p95_ms", "speedup", "kernel_p95_ms", "build_s"):
        assert result[figure] > 0, figure
