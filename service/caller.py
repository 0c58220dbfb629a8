from dataclasses import dataclass

from service.keys.models import Role


@dataclass(frozen=True)
class Caller:
    """The authenticated key behind a request, and the purpose it stated."""

    key_id: str
    name: str
    role: Role
    purpose: str | None
