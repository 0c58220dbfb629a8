from fastapi import Response, status

from service.db import SessionDep
from service.errors import problems
from service.keys import repository
from service.keys.models import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyPublic,
    ApiKeyUpdate,
)
from service.kit.access import Admin
from service.kit.api_keys import ApiKey
from service.kit.auth import KnownKeysDep
from service.kit.changes import Changes
from service.kit.etags import NOT_MODIFIED, IfMatch
from service.kit.pagination import CreatedPageDep, Page
from service.kit.parameters import KeyIdPath
from service.kit.records import page_of, refuse_nulls
from service.kit.routing import Router

router = Router(prefix="/keys", tags=["keys"])
CHANGES = Changes("key", ApiKeyPublic, object_type="api_key")


@router.get("", response_model=Page[ApiKeyPublic], responses=problems(401, 403, 429))
def list_keys(
    session: SessionDep, caller: Admin, page: CreatedPageDep
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
def create_key(body: ApiKeyCreate, session: SessionDep, caller: Admin) -> ApiKeyCreated:
    """Issue a new API key; its secret is in this response and nowhere else."""
    key, secret = repository.issue(
        session,
        name=body.name,
        role=body.role,
        created_by=caller.key_id,
        units=body.units,
        all_units=body.all_units,
    )
    CHANGES.commit(session, caller, key, "create")
    return ApiKeyCreated(**ApiKeyPublic.model_validate(key).model_dump(), key=secret)


@router.get(
    "/{key_id}",
    response_model=ApiKeyPublic,
    responses={**problems(401, 403, 404, 429), **NOT_MODIFIED},
)
def get_key(
    key_id: KeyIdPath, session: SessionDep, caller: Admin, response: Response
) -> ApiKeyPublic:
    """Return one API key's metadata (never its secret), with its ETag."""
    key = repository.get_or_raise(session, key_id)
    return CHANGES.tag(key, response)


@router.patch(
    "/{key_id}",
    response_model=ApiKeyPublic,
    responses=problems(400, 401, 403, 404, 412, 413, 415, 429),
)
def update_key(
    key_id: KeyIdPath,
    body: ApiKeyUpdate,
    session: SessionDep,
    caller: Admin,
    known: KnownKeysDep,
    response: Response,
    if_match: IfMatch = None,
) -> ApiKeyPublic:
    """Rename an API key; send `If-Match` with its ETag to avoid lost updates."""
    key = repository.get_or_raise(session, key_id)
    CHANGES.check_version(key, if_match)
    changes = body.model_dump(exclude_unset=True)
    refuse_nulls(key, changes)
    key.sqlmodel_update(changes)
    public = CHANGES.commit_tagged(session, caller, key, "update", response)
    known.forget(key.id)
    return public


@router.post(
    "/{key_id}/revoke",
    response_model=ApiKeyPublic,
    responses=problems(401, 403, 404, 409, 429),
)
def revoke_key(
    key_id: KeyIdPath, session: SessionDep, caller: Admin, known: KnownKeysDep
) -> ApiKey:
    """Revoke an API key; a revoked key can never be used again. The server
    process that revokes it refuses it at once, every other within a second."""
    key = repository.revoke(session, key_id)
    CHANGES.commit(session, caller, key, "revoke")
    known.forget(key.id)
    return key
