"""The stored API keys and how a presented secret is checked against them.

Keys carry 32 random bytes, so a single SHA-256 is enough to store them safely: a slow
password hash protects guessable secrets, and these are not guessable. Issuing and
revoking keys is the `keys` resource; this module is what authentication reads.
"""

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Annotated

from pydantic import StringConstraints
from sqlalchemy import String, update
from sqlmodel import Field, Session, SQLModel, col

from service.db import UtcDateTime, utcnow
from service.kit.caller import Role
from service.kit.columns import JsonOf

KEY_PREFIX = "jmk"
LAST_USED_RESOLUTION = timedelta(minutes=1)


Unit = Annotated[str, StringConstraints(min_length=1, max_length=100)]
# Roles that work with participants are scoped to owning units (need-to-know).
PARTICIPANT_ROLES = frozenset({Role.MATCHER, Role.INTEGRATION})


# No control characters (ESC, CR, LF …): a name is printed in terminals and logs.
PRINTABLE = r"^[^\x00-\x1f\x7f]+$"


class ApiKeyBase(SQLModel):
    name: Annotated[str, StringConstraints(pattern=PRINTABLE)] = Field(
        min_length=1, max_length=100
    )
    role: Role = Field(sa_type=String(16))
    units: list[Unit] = Field(
        default_factory=list,
        sa_type=JsonOf(list[str]),
        max_length=50,
        description="The owning units whose participants the key may see.",
    )
    all_units: bool = Field(
        default=False, description="The key may see participants of every unit."
    )


class ApiKey(ApiKeyBase, table=True):
    __tablename__ = "api_key"

    id: str = Field(primary_key=True, max_length=32)
    secret_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    created_by: str | None = Field(default=None, max_length=32)
    last_used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


def units_of(key: ApiKey) -> frozenset[str] | None:
    """The units a key's caller may see; None for every unit."""
    if key.all_units or key.role not in PARTICIPANT_ROLES:
        return None
    return frozenset(key.units)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def find_active(session: Session, presented: str) -> ApiKey | None:
    """Return the unrevoked key matching a presented secret, or None."""
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    key = session.get(ApiKey, parts[1])
    if key is None or key.revoked_at is not None:
        return None
    return key if hmac.compare_digest(key.secret_hash, hash_secret(presented)) else None


def use_is_stale(key: ApiKey) -> bool:
    """Whether to stamp last use: at most once a minute, so reads stay reads."""
    last = key.last_used_at
    return last is None or utcnow() - last >= LAST_USED_RESOLUTION


def mark_used(session: Session, key_id: str) -> None:
    session.execute(
        update(ApiKey).where(col(ApiKey.id) == key_id).values(last_used_at=utcnow())
    )
