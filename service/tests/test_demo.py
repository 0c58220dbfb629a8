"""`jobbmatch demo` seeds a marked, deterministic municipality once per seed."""

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from service.cli import app as cli
from service.demo import Pools, _participant
from service.needs.models import Need
from service.participants.models import Participant
from service.settings import get_settings
from service.taxonomy.state import LoadedTaxonomy, TaxonomyHolder

# The root conftest sets where ../shared is.
SNAPSHOT = Path(os.environ["JOBBMATCH_SHARED_DIR"]) / "taxonomy"
pytestmark = pytest.mark.needs_shared_taxonomy
runner = CliRunner()


@pytest.fixture
def seeded_engine(
    empty_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    monkeypatch.setenv(
        "JOBBMATCH_DATABASE_URL", empty_engine.url.render_as_string(False)
    )
    get_settings.cache_clear()
    assert runner.invoke(cli, ["taxonomy", "import", str(SNAPSHOT)]).exit_code == 0
    yield empty_engine
    get_settings.cache_clear()


def _count(engine: Engine, model: type[Participant] | type[Need]) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_demo_seeds_once_per_seed_and_deterministically(seeded_engine: Engine) -> None:
    first = runner.invoke(
        cli, ["demo", "--participants", "12", "--needs", "6", "--seed", "3"]
    )
    assert first.exit_code == 0, first.output
    # No terminal here: no progress bar, the summary only.
    assert "seeding" not in first.output
    assert "seeded 12 participants" in first.output
    assert (_count(seeded_engine, Participant), _count(seeded_engine, Need)) == (12, 6)
    again = runner.invoke(
        cli, ["demo", "--participants", "12", "--needs", "6", "--seed", "3"]
    )
    assert again.exit_code == 0
    assert "already there" in again.output
    assert _count(seeded_engine, Participant) == 12
    with Session(seeded_engine) as session:
        refs = session.exec(select(col(Participant.participant_ref))).all()
    assert all(ref.startswith("demo-3-") for ref in refs)
    _same_seed_gives_the_same_participants(seeded_engine)


def _same_seed_gives_the_same_participants(seeded_engine: Engine) -> None:
    loaded = TaxonomyHolder(seeded_engine).refresh()
    assert isinstance(loaded, LoadedTaxonomy)
    pools = Pools(loaded)

    def draw(seed: int) -> list[object]:
        rng = random.Random(seed)
        return [
            _participant(rng, pools, f"demo-{seed}-{n}").model_dump() for n in range(5)
        ]

    assert draw(11) == draw(11)
    assert draw(11) != draw(12)
