"""Every table of the service, imported in one place so migrations see them all."""

from sqlalchemy import MetaData

from service.audit.models import AuditEntry
from service.keys.models import ApiKey
from taxonomy import store

TABLES = (ApiKey, AuditEntry)
EXTRA_METADATA: tuple[MetaData, ...] = (store.metadata,)
