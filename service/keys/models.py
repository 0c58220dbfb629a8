"""API keys as the API shows them; the table is `service.kit.api_keys.ApiKey`."""

from datetime import datetime
from typing import Annotated

from pydantic import StringConstraints, model_validator
from pydantic_core import PydanticCustomError
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig

from service.kit.api_keys import PARTICIPANT_ROLES, PRINTABLE, ApiKeyBase


class ApiKeyCreate(ApiKeyBase):
    """A key; matcher and integration keys name the owning units they serve (or
    `all_units`), so they see only those units' participants."""

    model_config = SQLModelConfig(extra="forbid")

    @model_validator(mode="after")
    def _scoped_to_units(self) -> "ApiKeyCreate":
        if self.role in PARTICIPANT_ROLES:
            if bool(self.units) == self.all_units:
                raise PydanticCustomError(
                    "units_or_all_units",
                    "a matcher or integration key names its units or all_units",
                )
        elif self.units or self.all_units:
            raise PydanticCustomError(
                "units_for_participant_roles",
                "only matcher and integration keys are scoped to units",
            )
        return self


class ApiKeyUpdate(SQLModel):
    model_config = SQLModelConfig(extra="forbid")

    name: Annotated[str, StringConstraints(pattern=PRINTABLE)] | None = Field(
        default=None, min_length=1, max_length=100
    )


class ApiKeyPublic(ApiKeyBase):
    id: str
    created_at: datetime
    created_by: str | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    """Returned once, at creation: the only time the secret is ever shown."""

    key: str
