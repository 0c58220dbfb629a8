import pytest

from taxonomy.licences import GRANTS, category_of, implied_categories


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("CE", "CE"),
        ("ce", "CE"),
        ("Utökad B", "B96"),
        (" utökad  b ", "B96"),
        ("X", None),
    ],
)
def test_category_of_codes_and_labels(text: str, category: str | None) -> None:
    assert category_of(text) == category


@pytest.mark.parametrize(
    ("category", "implied"),
    [
        ("DE", ["AM", "B", "B96", "BE", "D1", "D1E", "D"]),
        ("C1E", ["AM", "B", "B96", "BE", "C1"]),
        ("A2", ["AM", "A1"]),
        ("B96", ["AM", "B"]),
    ],
)
def test_implications_are_transitive(category: str, implied: list[str]) -> None:
    assert implied_categories(category) == implied


def test_no_category_implies_itself_or_a_heavier_one() -> None:
    for category in GRANTS:
        implied = implied_categories(category)
        assert category not in implied
        assert all(category not in implied_categories(other) for other in implied)


def test_every_category_but_am_grants_am() -> None:
    assert [c for c in GRANTS if "AM" not in implied_categories(c)] == ["AM"]
