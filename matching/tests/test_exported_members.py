"""The public face of `matching`: what `__all__` names exists and nothing else leaks."""

import matching


def test_all_exports_exist_once() -> None:
    for name in matching.__all__:
        assert hasattr(matching, name), name
    assert len(set(matching.__all__)) == len(matching.__all__)


def test_every_public_member_is_exported() -> None:
    public = {
        name
        for name, value in vars(matching).items()
        if not name.startswith("_")
        and getattr(value, "__module__", "").startswith("matching.")
    }
    assert public <= set(matching.__all__)
