"""The SSYK-4 group profiles behind the context of longer texts."""

from taxonomy.mapping.context import GroupContext, group_documents
from taxonomy.mapping.lexicon import Lexicon
from taxonomy.mapping.normalise import tokenize
from taxonomy.models import Concept, Relation


def _described(concept_id: str, type: str, label: str, definition: str) -> Concept:
    return Concept(
        id=concept_id, type=type, preferred_label=label, definition=definition
    )


GROUP = "ssyk-level-4"
PHONE = _described(
    "g-phone",
    GROUP,
    "Telefonförsäljare m.fl.",
    "Säljer varor per telefon. Hit hör inte: butikssäljare.",
)
FIELD = _described("g-field", GROUP, "Eventsäljare m.fl.", "Säljer på mässor.")
ISCO = _described(
    "isco-phone",
    "isco-level-4",
    "Telefonförsäljare",
    "Ringer upp kunder och bokar möten. Hit hör inte: mässor.",
)
OLD_TITLE = Concept(
    id="o-old",
    type="occupation-name",
    preferred_label="Telemarketingsäljare",
    alternative_labels=("Kundtjänstsäljare",),
    deprecated=True,
)
RELATIONS = [
    Relation(source_id="g-phone", relation="related", target_id="isco-phone"),
    Relation(source_id="o-old", relation="broader", target_id="g-phone"),
]


def test_a_group_profile_holds_its_isco_definition_and_its_old_titles() -> None:
    documents = group_documents([PHONE, FIELD, ISCO, OLD_TITLE], RELATIONS)
    assert sorted(documents["g-phone"]) == [
        "Kundtjänstsäljare",
        "Ringer upp kunder och bokar möten. ",
        "Säljer varor per telefon. ",
        "Telefonförsäljare m.fl.",
        "Telemarketingsäljare",
    ]
    assert documents["g-field"] == ["Eventsäljare m.fl.", "Säljer på mässor."]


def test_words_only_the_isco_definition_uses_point_to_the_group() -> None:
    documents = group_documents([PHONE, FIELD, ISCO, OLD_TITLE], RELATIONS)
    words = [t.text for texts in documents.values() for x in texts for t in tokenize(x)]
    context = GroupContext(documents, Lexicon(words))
    features = [
        f for t in Lexicon(words).analyse("Vi ringer kunder") for f in t.features
    ]
    assert context.scores(features) == {"g-phone": 1.0}
