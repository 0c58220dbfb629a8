"""The employer view of a shortlist: what a liaison may show the employer.

Only the categories each participant consented to share
(`consents.shared_with_employers`), as taxonomy labels, never the person's own
words; no eligibility basis, waiting time, owning unit or score components; and
the ref only of those already proposed for this target. Consent is read as it is
now, so a withdrawn consent hides the category from then on, even on old
shortlists.
"""

from sqlmodel import Session

from service.candidates.concepts import Vocabularies
from service.participants import service as participants
from service.participants.facts import ConsentCategory
from service.participants.models import Participant
from service.requirements.terms import Term
from service.shortlists.models import (
    EmployerCandidate,
    EmployerShortlist,
    Label,
    SharedProfile,
    Shortlist,
    TargetRef,
)
from service.shortlists.service import proposed_refs


def _labels(terms: list[Term]) -> list[Label]:
    return [
        Label(concept_id=t.concept_id, label=t.preferred_label)
        for t in terms
        if t.concept_id is not None
    ]


def _concepts(ids: list[str], vocabularies: Vocabularies) -> list[Label]:
    return [Label(concept_id=i, label=vocabularies.label(i)) for i in ids]


def shared_profile(
    participant: Participant, vocabularies: Vocabularies
) -> SharedProfile:
    consented = set(participant.consents.shared_with_employers)
    p = participant

    def given(category: ConsentCategory) -> bool:
        return category in consented

    level = p.education.level_id
    return SharedProfile(
        skills=_labels(p.skills) if given(ConsentCategory.SKILLS) else None,
        experience=(
            _labels([e.occupation for e in p.experience])
            if given(ConsentCategory.EXPERIENCE)
            else None
        ),
        education=(
            Label(concept_id=level, label=vocabularies.label(level))
            if given(ConsentCategory.EDUCATION) and level is not None
            else None
        ),
        languages=(
            [
                f"{vocabularies.label(item.language_id) or item.language_id} "
                f"({item.level.value.upper()})"
                for item in p.languages
            ]
            if given(ConsentCategory.LANGUAGES)
            else None
        ),
        driving_licences=(
            _concepts(p.driving_licences, vocabularies)
            if given(ConsentCategory.DRIVING_LICENCES)
            else None
        ),
        certifications=(
            list(p.certifications) if given(ConsentCategory.CERTIFICATIONS) else None
        ),
        available_from=(
            p.availability.from_date if given(ConsentCategory.AVAILABILITY) else None
        ),
    )


def employer_view(
    session: Session, shortlist: Shortlist, vocabularies: Vocabularies
) -> EmployerShortlist:
    """The view; a participant erased since the ranking is left out."""
    assert shortlist.id is not None
    found = participants.find(session, [r.participant_ref for r in shortlist.results])
    proposed = proposed_refs(session, shortlist)
    candidates = [
        EmployerCandidate(
            rank=result.rank,
            score=result.score,
            proposed=result.participant_ref in proposed,
            participant_ref=(
                result.participant_ref if result.participant_ref in proposed else None
            ),
            shared=shared_profile(participant, vocabularies),
            shared_categories=sorted(participant.consents.shared_with_employers),
        )
        for result in shortlist.results
        if (participant := found.get(result.participant_ref)) is not None
    ]
    return EmployerShortlist(
        id=shortlist.id,
        created_at=shortlist.created_at,
        target=TargetRef(kind=shortlist.target_kind, id=shortlist.target_id),
        programme=shortlist.programme,
        candidates=candidates,
    )
