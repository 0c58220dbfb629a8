"""API keys: random secrets stored only as a hash behind a short public id."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig

from service.db import UtcDateTime, utcnow


class Role(StrEnum):
    ADMIN = "admin"
    LIAISON = "liaison"
    MATCHER = "matcher"
    INTEGRATION = "integration"
    AUDITOR = "auditor"


class ApiKeyBase(SQLModel):
    name: str = Field(min_length=1, max_length=100)
    role: Role = Field(sa_type=String(16))


class ApiKey(ApiKeyBase, table=True):
    __tablename__ = "api_key"

    id: str = Field(primary_key=True, max_length=32)
    secret_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    created_by: str | None = Field(default=None, max_length=32)
    last_used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class ApiKeyCreate(ApiKeyBase):
    model_config = SQLModelConfig(extra="forbid")


class ApiKeyUpdate(SQLModel):
    model_config = SQLModelConfig(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=100)


class ApiKeyPublic(ApiKeyBase):
    id: str
    created_at: datetime
    created_by: str | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    """Returned once, at creation: the only time the secret is ever shown."""

    key: str
