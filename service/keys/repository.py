"""Issuing, listing and revoking keys."""

import secrets
from collections.abc import Sequence

from sqlmodel import Session, col, select

from service.db import utcnow
from service.errors import Conflict, NotFound
from service.kit import records
from service.kit.api_keys import KEY_PREFIX, ApiKey, hash_secret
from service.kit.caller import Role
from service.kit.pagination import PageParams


def issue(
    session: Session,
    *,
    name: str,
    role: Role,
    created_by: str | None,
    units: list[str] | None = None,
    all_units: bool = False,
) -> tuple[ApiKey, str]:
    """Create a key; return the row and the full secret, which is never stored."""
    key_id = secrets.token_hex(6)
    secret = f"{KEY_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        id=key_id,
        name=name,
        role=role,
        secret_hash=hash_secret(secret),
        created_by=created_by,
        units=sorted(set(units or [])),
        all_units=all_units,
    )
    session.add(key)
    session.flush()
    return key, secret


def get_or_raise(session: Session, key_id: str) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFound(f"No API key has the id {key_id!r}.")
    return key


def revoke(session: Session, key_id: str) -> ApiKey:
    key = get_or_raise(session, key_id)
    if key.revoked_at is not None:
        raise Conflict(f"The API key {key_id!r} is already revoked.")
    key.revoked_at = utcnow()
    session.add(key)
    return key


def all_keys(session: Session) -> Sequence[ApiKey]:
    return session.exec(
        select(ApiKey).order_by(col(ApiKey.created_at), col(ApiKey.id))
    ).all()


def list_page(session: Session, page: PageParams) -> tuple[Sequence[ApiKey], int]:
    ordered = select(ApiKey).order_by(col(ApiKey.created_at), col(ApiKey.id))
    return records.list_page(session, ordered, page)
