"""Small helpers for talking to the API in tests."""

from dataclasses import dataclass

ROLES = ("admin", "liaison", "matcher", "integration", "auditor")
# Keys of these roles serve owning units (or all of them).
SCOPED_ROLES = ("matcher", "integration")
PROBLEM = "application/problem+json"


@dataclass(frozen=True)
class Keys:
    secrets: dict[str, str]

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secrets[role]}"}
