"""The public faces of `taxonomy` and `taxonomy.evaluation`: what `__all__` names
exists, and nothing public leaks unlisted."""

from types import ModuleType

import pytest

import taxonomy
import taxonomy.evaluation

FACES = [taxonomy, taxonomy.evaluation]


@pytest.mark.parametrize("package", FACES, ids=lambda p: p.__name__)
def test_all_exports_exist_once(package: ModuleType) -> None:
    for name in package.__all__:
        assert hasattr(package, name), name
    assert len(set(package.__all__)) == len(package.__all__)


@pytest.mark.parametrize("package", FACES, ids=lambda p: p.__name__)
def test_every_public_member_is_exported(package: ModuleType) -> None:
    public = {
        name
        for name, value in vars(package).items()
        if not name.startswith("_")
        and getattr(value, "__module__", "").startswith("taxonomy.")
    }
    assert public <= set(package.__all__)
