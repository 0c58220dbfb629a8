"""What the audit trail shows when it is read back."""

from service.kit.audit_trail import AuditEntryBase


class AuditEntryPublic(AuditEntryBase):
    id: int
