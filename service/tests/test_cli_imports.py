"""Commands that need no mapper start without loading it.

`jobbmatch keys ...` and `jobbmatch db upgrade` used to take 3-4 s, most of it
importing NumPy, SciPy, rapidfuzz and Alembic's templates through the taxonomy
mapper and the demo. The check is on what gets imported, not on a timing, so it
holds on a loaded CI machine too.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MAPPER_STACK = ("sklearn", "numpy", "scipy", "rapidfuzz")


def _loaded_after(statement: str) -> list[str]:
    probe = (
        f"{statement}\n"
        "import json, sys\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        timeout=120,
    )
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize("module", ["service.cli.keys", "service.cli"])
def test_the_command_line_loads_no_mapper(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert [name for name in MAPPER_STACK if name in loaded] == []
    # Alembic loads for the commands that migrate, not for `keys`.
    assert "alembic" not in loaded


def test_the_mapper_still_loads_when_asked_for() -> None:
    loaded = _loaded_after("from taxonomy import Mapper")
    assert {"numpy", "scipy", "rapidfuzz"} <= set(loaded)
