"""Who is calling: the role a key holds and the caller a request runs as."""

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    LIAISON = "liaison"
    MATCHER = "matcher"
    INTEGRATION = "integration"
    AUDITOR = "auditor"


ALL_UNITS = "*"


@dataclass(frozen=True)
class Caller:
    """The authenticated key behind a request, the purpose it stated, and the owning
    units whose participants it may see (None: every unit)."""

    key_id: str
    name: str
    role: Role
    purpose: str | None
    units: frozenset[str] | None = None

    def may_see(self, owning_unit: str) -> bool:
        """Need-to-know: whether a participant of this unit is this caller's."""
        return self.units is None or owning_unit in self.units

    @property
    def units_label(self) -> str:
        """The units as the audit trail records them."""
        return ALL_UNITS if self.units is None else ",".join(sorted(self.units))
