"""Must, merit or neither from the cue words around a mention (no data needed)."""

import pytest

from taxonomy.mapping.cues import CueReader
from taxonomy.mapping.results import Requirement


def _requirement(text: str, mention: str) -> tuple[Requirement | None, bool]:
    start = text.index(mention)
    return CueReader(text).requirement((start, start + len(mention)), [])


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        ("Du har B-körkort.", "B-körkort", "must"),
        ("B-körkort krävs.", "B-körkort", "must"),
        ("Truckkort är meriterande.", "Truckkort", "merit"),
        ("Det är meriterande om du kan Excel.", "Excel", "merit"),
        ("Vi ser gärna att du har SFI D.", "SFI D", "merit"),
        ("Det är ett plus om du kan engelska.", "engelska", "merit"),
        ("Körkort B är inget krav men meriterande.", "Körkort B", "merit"),
        # The merit cue is in another clause: the "du har" of this one governs.
        ("Meriterande är truckkort, du har B-körkort.", "B-körkort", "must"),
        ("Du har B-körkort, gärna även C.", "C.", "merit"),
        ("Jag har B-körkort.", "B-körkort", None),
        ("Du pratar flytande svenska.", "svenska", "must"),
        ("Du ska kunna kommunicera på engelska.", "engelska", "must"),
        ("Svenska på minst SvA 1-nivå.", "SvA 1", "must"),
        ("Du har erfarenhet av lager, B-körkort ett krav.", "B-körkort", "must"),
        ("Lagerarbetare med B-körkort sökes.", "B-körkort", "must"),
        ("Till vår firma söker vi dig med A-körkort.", "A-körkort", "must"),
        ("Engelska eller polska räcker.", "polska", "must"),
        ("Du kommunicerar obehindrat på engelska.", "engelska", "must"),
        ("Du har körvana med släp, vilket är meriterande.", "släp", "merit"),
        ("Du har truckkort, vilket är ett krav.", "truckkort", "must"),
        # A "men" clause with a merit cue turns the negation before it into a plus.
        (
            "Det är inget krav att du har truckkort, men det är ett plus.",
            "truckkort",
            "merit",
        ),
        ("Kunskaper i engelska är bra att ha.", "engelska", "merit"),
        ("Du förstår svenska på minst SFI C-nivå.", "svenska", "must"),
        ("Tyska är ett krav, engelska likaså.", "engelska", "must"),
        ("Engelska är meriterande, tyska likaså.", "tyska", "merit"),
        ("Excel är meriterande, liksom kunskaper i ungerska.", "ungerska", "merit"),
        # Another mention between is no matter when nothing in its clause asks.
        (
            "Du talar svenska, somaliska eller arabiska är meriterande.",
            "somaliska",
            "merit",
        ),
        # A merit cue that opened the clause of a soft must reaches its list.
        (
            "Vi ser gärna att du pratar amhariska, oromo eller tigrinja.",
            "oromo",
            "merit",
        ),
        # No cue across a sentence end: "ett år. Meriterande" is no "är meriterande".
        (
            "Du har kört truck i minst ett år. Meriterande om du har YKB.",
            "YKB",
            "merit",
        ),
        # "minst" in a clause a merit cue opened describes the plus.
        ("Meriterande med minst två års erfarenhet av kassa.", "kassa", "merit"),
    ],
)
def test_the_cue_words_decide(
    text: str, mention: str, expected: Requirement | None
) -> None:
    assert _requirement(text, mention) == (expected, False)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Inget krav på körkort.", "körkort"),
        ("Inga krav på erfarenhet av kassa.", "kassa"),
        ("Körkort krävs ej.", "Körkort"),
    ],
)
def test_a_negation_without_a_merit_cue_takes_the_requirement_away(
    text: str, mention: str
) -> None:
    assert _requirement(text, mention) == (None, True)


@pytest.mark.parametrize(
    ("text", "mention", "negated"),
    [
        ("Jag har AM-körkort och håller på att ta B-körkort.", "B-körkort", True),
        ("Jag har AM-körkort och håller på att ta B-körkort.", "AM-körkort", False),
        ("Jag planerar att ta truckkort i vår.", "truckkort", True),
        # A "men" ends the reach of a negation, before or after it.
        ("Jag har inte B-körkort men jag har AM-körkort.", "B-körkort", True),
        ("Jag har inte B-körkort men jag har AM-körkort.", "AM-körkort", False),
        ("Jag har C-körkort men inte CE.", "C-körkort", False),
        ("Jag har C-körkort men inte CE.", "CE", True),
    ],
)
def test_what_one_works_toward_is_not_held(
    text: str, mention: str, negated: bool
) -> None:
    assert _requirement(text, mention) == (None, negated)
