"""API keys as the API shows them; the table is `service.kit.api_keys.ApiKey`."""

from datetime import datetime

from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig

from service.kit.api_keys import ApiKeyBase


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
