"""The audit-chain benchmark in CI size: it fills a chain the way the service chains
entries (so `audit verify` accepts it) and ends in JSON."""

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[2] / "benchmarks" / "audit_chain_bench.py"


def test_the_benchmark_verifies_the_chain_it_filled() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--entries", "500"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["entries"] == 500
    assert result["database"] == "sqlite"
    # The benchmark itself asserts the chain verified intact over every entry.
    assert set(result) == {"entries", "verify_s", "scan_s", "ratio", "database"}
