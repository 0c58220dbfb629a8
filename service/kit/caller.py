"""Who is calling: the role a key holds and the caller a request runs as."""

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    LIAISON = "liaison"
    MATCHER = "matcher"
    INTEGRATION = "integration"
    AUDITOR = "auditor"


@dataclass(frozen=True)
class Caller:
    """The authenticated key behind a request, and the purpose it stated."""

    key_id: str
    name: str
    role: Role
    purpose: str | None
