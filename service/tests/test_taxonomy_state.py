"""TaxonomyHolder: a request never waits while a newer version is being indexed."""

import threading
import time
from collections.abc import Callable, Iterator
from typing import cast

import pytest
from sqlalchemy import Engine

from service.taxonomy import state
from service.taxonomy.state import LoadedTaxonomy, TaxonomyHolder
from taxonomy import Concept, Mapper, TaxonomyGraph, store

WAIT = 10.0


def _import(engine: Engine, label: str) -> store.VersionInfo:
    # A different label per version, so each has content of its own.
    concepts = [Concept(id="a1", type="occupation-name", preferred_label=label)]
    with engine.begin() as connection:
        return store.import_version(
            connection, concepts, [], label=label, source="test fixture"
        )


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    store.metadata.create_all(empty_engine)
    return empty_engine


class Builds:
    """Stands in for `state.build`: records each build; holds those in `held`."""

    def __init__(self) -> None:
        self.labels: list[str] = []
        self.held: set[str] = set()
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, engine: Engine, version: store.VersionInfo) -> LoadedTaxonomy:
        self.labels.append(version.label)
        if version.label in self.held:
            self.started.set()
            assert self.release.wait(WAIT), "the test never released the build"
        graph = TaxonomyGraph.build([], [], version_label=version.label)
        # The holder reads only the version; no mapper is built here.
        return LoadedTaxonomy(version=version, graph=graph, mapper=cast(Mapper, None))


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[Builds]:
    fake = Builds()
    monkeypatch.setattr(state, "build", fake)
    yield fake
    fake.release.set()  # never leave a background thread waiting


def _label(loaded: LoadedTaxonomy | None) -> str | None:
    return None if loaded is None else loaded.label


def _idle(holder: TaxonomyHolder) -> bool:
    """Whether no check or build is running (so none outlives the test)."""
    return not holder._refreshing.locked()


def _eventually(check: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.01)
    return False


def test_the_first_load_happens_in_the_caller(engine: Engine, builds: Builds) -> None:
    _import(engine, "v1")

    assert _label(TaxonomyHolder(engine).get()) == "v1"
    assert builds.labels == ["v1"]


def test_a_get_during_a_rebuild_returns_the_old_version_at_once(
    engine: Engine, builds: Builds, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(engine, "v1")
    holder = TaxonomyHolder(engine)
    assert _label(holder.refresh()) == "v1"
    _import(engine, "v2")  # as another worker's sync would
    builds.held.add("v2")
    monkeypatch.setattr(state, "RECHECK_SECONDS", 0.0)

    started = time.monotonic()
    first = holder.get()
    assert builds.started.wait(WAIT), "no rebuild started"
    during = [holder.get() for _ in range(5)]
    waited = time.monotonic() - started

    assert _label(first) == "v1"
    assert {_label(loaded) for loaded in during} == {"v1"}
    assert waited < WAIT / 2
    assert builds.labels == ["v1", "v2"]  # one rebuild, not one per request
    builds.release.set()
    assert _eventually(lambda: _label(holder.get()) == "v2")
    assert _eventually(lambda: _idle(holder))
    assert builds.labels == ["v1", "v2"]


def test_a_failed_rebuild_keeps_the_old_version(
    engine: Engine, builds: Builds, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(engine, "v1")
    holder = TaxonomyHolder(engine)
    holder.refresh()
    _import(engine, "v2")
    attempts: list[str] = []

    def failing(engine: Engine, version: store.VersionInfo) -> LoadedTaxonomy:
        attempts.append(version.label)
        raise RuntimeError("index build failed")

    monkeypatch.setattr(state, "build", failing)
    monkeypatch.setattr(state, "RECHECK_SECONDS", 0.0)

    assert _label(holder.get()) == "v1"
    assert _eventually(lambda: attempts == ["v2"] and _idle(holder))
    monkeypatch.setattr(state, "RECHECK_SECONDS", 3600.0)
    assert _label(holder.get()) == "v1"
