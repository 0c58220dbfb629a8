"""Driving-licence categories read out of free text (no data needed)."""

import pytest

from taxonomy.mapping.licence_text import find_licences
from taxonomy.mapping.normalise import tokenize


def _categories(text: str) -> list[str]:
    return [hit.category for hit in find_licences(text, tokenize(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Du har B-körkort.", ["B"]),
        ("Krav: körkort C/CE.", ["C", "CE"]),
        ("Körkort för tung lastbil krävs.", ["C"]),
        ("Du har körkort för lätt lastbil.", ["C"]),
        ("Det är ett plus med DE-behörighet.", ["DE"]),
        ("Du har C1E-behörighet.", ["C1E"]),
        ("B-körkort med utökad behörighet är ett krav.", ["B96"]),
        # The B of the second licence word is its own, not a code of the first.
        ("Vi kräver BE-körkort eller B-körkort med utökad behörighet.", ["BE", "B96"]),
        ("Vi kräver BE-körkort eller B-körkort.", ["BE", "B"]),
        # Codes alone, in a text that names a licence.
        ("Du har C-körkort, CE är meriterande.", ["C", "CE"]),
        ("Elektriker med B-körkort sökes. Meriterande med BE.", ["B", "BE"]),
        ("Du har C1-körkort. Du får gärna ha C.", ["C1", "C"]),
        ("B-körkort krävs. Har du även D1 är det ett plus.", ["B", "D1"]),
        ("Du har behörighet för buss (D). Vi ser gärna att du har DE.", ["D", "DE"]),
        ("Du har ett lastbilskort (C) och gärna även CE.", ["C", "CE"]),
        ("Du har B-körkort, BE är ett plus.", ["B", "BE"]),
        # A code no other text writes needs no licence word.
        ("Krav: B96 eller BE.", ["B96", "BE"]),
    ],
)
def test_licences_as_ads_write_them(text: str, expected: list[str]) -> None:
    assert _categories(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A code alone is no licence when the text names none.
        ("Meriterande med BE.", []),
        ("Du får gärna ha C.", []),
        # Lower case and the Swedish words "de" and "be" are no codes.
        ("B-körkort krävs. De som har erfarenhet be om mer information.", ["B"]),
        # A lone capital letter is a code only after "ha".
        ("B-körkort krävs. Vi har en plan B och vitamin C i fikarummet.", ["B"]),
        ("Du har truckkort och B-körkort. Du har A-kassa.", ["B"]),
        # A CEFR level is no licence, even beside one.
        ("B-körkort krävs. Engelska C1, tyska A2.", ["B"]),
        ("Krav: BE.", []),
    ],
)
def test_codes_alone_need_a_licence_and_capitals(
    text: str, expected: list[str]
) -> None:
    assert _categories(text) == expected
