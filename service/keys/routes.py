from typing import Annotated

from fastapi import APIRouter, Response, status

from service.db import SessionDep
from service.errors import problems
from service.keys import repository
from service.keys.models import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyPublic,
    ApiKeyUpdate,
)
from service.kit import audit_trail as audit
from service.kit.api_keys import ApiKey
from service.kit.auth import require_roles
from service.kit.caller import Caller, Role
from service.kit.etags import IfMatch, check_if_match, set_etag
from service.kit.pagination import Page, PageParamsDep
from service.kit.records import page_of, refuse_nulls

router = APIRouter(prefix="/keys", tags=["keys"])
AdminCaller = Annotated[Caller, require_roles(Role.ADMIN)]


@router.get("", response_model=Page[ApiKeyPublic], responses=problems(401, 403, 429))
def list_keys(
    session: SessionDep, caller: AdminCaller, page: PageParamsDep
) -> Page[ApiKeyPublic]:
    """List API keys, revoked ones included, oldest first."""
    rows, total = repository.list_page(session, page)
    return page_of(ApiKeyPublic, rows, total, page)


@router.post(
    "",
    response_model=ApiKeyCreated,
    status_code=status.HTTP_201_CREATED,
    responses=problems(400, 401, 403, 413, 415, 429),
)
def create_key(
    body: ApiKeyCreate, session: SessionDep, caller: AdminCaller
) -> ApiKeyCreated:
    """Issue a new API key; its secret is in this response and nowhere else."""
    key, secret = repository.issue(
        session, name=body.name, role=body.role, created_by=caller.key_id
    )
    audit.record(
        session, caller, action="key.create", object_type="api_key", object_id=key.id
    )
    session.commit()
    return ApiKeyCreated(**ApiKeyPublic.model_validate(key).model_dump(), key=secret)


@router.get(
    "/{key_id}", response_model=ApiKeyPublic, responses=problems(401, 403, 404, 429)
)
def get_key(
    key_id: str, session: SessionDep, caller: AdminCaller, response: Response
) -> ApiKey:
    """Return one API key's metadata (never its secret), with its ETag."""
    key = repository.get_or_raise(session, key_id)
    set_etag(response, ApiKeyPublic.model_validate(key))
    return key


@router.patch(
    "/{key_id}",
    response_model=ApiKeyPublic,
    responses=problems(400, 401, 403, 404, 412, 413, 415, 429),
)
def update_key(
    key_id: str,
    body: ApiKeyUpdate,
    session: SessionDep,
    caller: AdminCaller,
    response: Response,
    if_match: IfMatch = None,
) -> ApiKey:
    """Rename an API key; send `If-Match` with its ETag to avoid lost updates."""
    key = repository.get_or_raise(session, key_id)
    check_if_match(if_match, ApiKeyPublic.model_validate(key))
    changes = body.model_dump(exclude_unset=True)
    refuse_nulls(key, changes)
    key.sqlmodel_update(changes)
    session.add(key)
    audit.record(
        session, caller, action="key.update", object_type="api_key", object_id=key.id
    )
    session.commit()
    set_etag(response, ApiKeyPublic.model_validate(key))
    return key


@router.post(
    "/{key_id}/revoke",
    response_model=ApiKeyPublic,
    responses=problems(401, 403, 404, 409, 429),
)
def revoke_key(key_id: str, session: SessionDep, caller: AdminCaller) -> ApiKey:
    """Revoke an API key at once; a revoked key can never be used again."""
    key = repository.revoke(session, key_id)
    audit.record(
        session, caller, action="key.revoke", object_type="api_key", object_id=key.id
    )
    session.commit()
    return key
