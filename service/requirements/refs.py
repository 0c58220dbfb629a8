"""The taxonomy references a requirement profile makes, for one 422 listing them all.

Only what is given by id is checked here; what is written as text is mapped
afterwards (`service.requirements.written`).
"""

from service.requirements.models import ALL_TYPES, CONCEPT_TYPES, RequirementProfileIn
from service.taxonomy.concepts import ConceptRef, looks_like_concept_id


def profile_refs(profile: RequirementProfileIn | None, prefix: str) -> list[ConceptRef]:
    if profile is None:
        return []
    refs = [
        ConceptRef(
            field=f"{prefix}.languages[{index}].language_id",
            concept_id=language.language_id,
            expected_types=("language",),
        )
        for index, language in enumerate(profile.languages)
        if language.language_id is not None
    ]
    for group in ("must", "merits"):
        refs += [
            ConceptRef(
                field=f"{prefix}.{group}[{index}].concept_id",
                concept_id=item.concept_id,
                expected_types=CONCEPT_TYPES[item.kind] if item.kind else ALL_TYPES,
            )
            for index, item in enumerate(getattr(profile, group))
            if item.concept_id is not None
        ]
    return refs


def concept_refs(
    values: list[str] | None,
    field: str,
    expected_types: tuple[str, ...],
    *,
    names: bool = False,
) -> list[ConceptRef]:
    """References for a plain list of ids, such as driving licences or skills. In a
    field that also takes `names` (licence codes, places), a value that is no id is
    left to be mapped afterwards."""
    return [
        ConceptRef(
            field=f"{field}[{index}]",
            concept_id=value,
            expected_types=expected_types,
        )
        for index, value in enumerate(values or [])
        if not names or looks_like_concept_id(value)
    ]
