"""Issuing, finding and revoking keys.

Keys carry 32 random bytes, so a single SHA-256 is enough to store them safely: a slow
password hash protects guessable secrets, and these are not guessable.
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from service import records
from service.db import utcnow
from service.errors import Conflict, NotFound
from service.keys.models import ApiKey, Role
from service.pagination import PageParams

KEY_PREFIX = "jmk"
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(
    session: Session, *, name: str, role: Role, created_by: str | None
) -> tuple[ApiKey, str]:
    """Create a key; return the row and the full secret, which is never stored."""
    key_id = secrets.token_hex(6)
    secret = f"{KEY_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        id=key_id,
        name=name,
        role=role,
        secret_hash=_hash(secret),
        created_by=created_by,
    )
    session.add(key)
    session.flush()
    return key, secret


def find_active(session: Session, presented: str) -> ApiKey | None:
    """Return the unrevoked key matching a presented secret, or None."""
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    key = session.get(ApiKey, parts[1])
    if key is None or key.revoked_at is not None:
        return None
    return key if hmac.compare_digest(key.secret_hash, _hash(presented)) else None


def use_is_stale(key: ApiKey) -> bool:
    """Whether to stamp last use: at most once a minute, so reads stay reads."""
    last = key.last_used_at
    return last is None or utcnow() - last >= LAST_USED_RESOLUTION


def mark_used(session: Session, key_id: str) -> None:
    session.execute(
        update(ApiKey).where(col(ApiKey.id) == key_id).values(last_used_at=utcnow())
    )


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
