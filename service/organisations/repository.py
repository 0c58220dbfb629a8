from collections.abc import Sequence

from sqlmodel import Session, col, select

from service.errors import Conflict, FieldError, InvalidInput, NotFound
from service.kit.pagination import PageParams
from service.kit.records import equal_to, get_or_raise, list_page
from service.organisations.models import Organisation, OrganisationKind, Workplace
from service.requirements.terms import TermResolver
from service.requirements.written import WrittenConcepts
from service.taxonomy.concepts import (
    ConceptRef,
    looks_like_concept_id,
    require_concepts,
)
from service.taxonomy.state import LoadedTaxonomy


def get(session: Session, organisation_id: int) -> Organisation:
    return get_or_raise(session, Organisation, organisation_id, "organisation")


def municipality_id(taxonomy: LoadedTaxonomy, value: str, field: str) -> str:
    """The municipality given by id or by name ("Östersund"); a 422 otherwise."""
    if looks_like_concept_id(value):
        require_concepts(
            taxonomy,
            [
                ConceptRef(
                    field=field, concept_id=value, expected_types=("municipality",)
                )
            ],
        )
        return value
    written = WrittenConcepts(TermResolver(taxonomy))
    found = written.id(value, field, "municipality")
    written.raise_refused()
    assert found is not None
    return found


def require_unique_org_number(
    session: Session, org_number: str | None, organisation_id: int | None = None
) -> None:
    if org_number is None:
        return
    holder = session.exec(
        select(Organisation).where(col(Organisation.org_number) == org_number)
    ).first()
    if holder is not None and holder.id != organisation_id:
        raise Conflict(
            f"The organisation number {org_number} is already registered "
            f"(organisation {holder.id}).",
            organisation_id=holder.id,
        )


def list_organisations(
    session: Session,
    page: PageParams,
    *,
    kind: OrganisationKind | None,
    municipality_id: str | None,
    org_number: str | None,
    name: str | None,
) -> tuple[Sequence[Organisation], int]:
    conditions = equal_to(
        [
            (col(Organisation.kind), kind),
            (col(Organisation.municipality_id), municipality_id),
            (col(Organisation.org_number), org_number),
        ]
    )
    if name:
        conditions.append(col(Organisation.name).icontains(name))
    statement = select(Organisation).where(*conditions).order_by(col(Organisation.id))
    return list_page(session, statement, page)


def get_workplace(
    session: Session, organisation_id: int, workplace_id: int
) -> Workplace:
    workplace = session.get(Workplace, workplace_id)
    if workplace is None or workplace.organisation_id != organisation_id:
        raise NotFound(
            f"The organisation {organisation_id} has no workplace {workplace_id}."
        )
    return workplace


def require_workplace_of(
    session: Session, organisation_id: int, workplace_id: int | None, field: str
) -> None:
    """Refuse a workplace that does not belong to the record's organisation."""
    if workplace_id is None:
        return
    workplace = session.get(Workplace, workplace_id)
    if workplace is None or workplace.organisation_id != organisation_id:
        raise InvalidInput(
            f"The organisation {organisation_id} has no workplace {workplace_id}.",
            [
                FieldError(
                    field=field,
                    rule="workplace_of_organisation",
                    message="must be a workplace of the organisation",
                )
            ],
        )


def require_organisation(
    session: Session, organisation_id: int, field: str
) -> Organisation:
    """Return the organisation a write refers to, or refuse the write with 422."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise InvalidInput(
            f"No organisation has the id {organisation_id}.",
            [
                FieldError(
                    field=field, rule="exists", message="must be an organisation id"
                )
            ],
        )
    return organisation


def workplaces_of(
    session: Session, organisation_id: int, page: PageParams
) -> tuple[Sequence[Workplace], int]:
    statement = (
        select(Workplace)
        .where(col(Workplace.organisation_id) == organisation_id)
        .order_by(col(Workplace.id))
    )
    return list_page(session, statement, page)
