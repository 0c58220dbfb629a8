"""The taxonomy references a requirement profile makes, for one 422 listing them all."""

from service.requirements.models import CONCEPT_TYPES, RequirementProfile
from service.taxonomy.concepts import ConceptRef


def profile_refs(profile: RequirementProfile | None, prefix: str) -> list[ConceptRef]:
    if profile is None:
        return []
    refs = [
        ConceptRef(
            field=f"{prefix}.languages[{index}].language_id",
            concept_id=language.language_id,
            expected_types=("language",),
        )
        for index, language in enumerate(profile.languages)
    ]
    for group in ("must", "merits"):
        refs += [
            ConceptRef(
                field=f"{prefix}.{group}[{index}].concept_id",
                concept_id=item.concept_id,
                expected_types=CONCEPT_TYPES[item.kind],
            )
            for index, item in enumerate(getattr(profile, group))
        ]
    return refs


def concept_refs(
    concept_ids: list[str] | None, field: str, expected_types: tuple[str, ...]
) -> list[ConceptRef]:
    """References for a plain list of ids, such as driving licences or skills."""
    return [
        ConceptRef(
            field=f"{field}[{index}]",
            concept_id=concept_id,
            expected_types=expected_types,
        )
        for index, concept_id in enumerate(concept_ids or [])
    ]
