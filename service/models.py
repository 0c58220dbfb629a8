"""Every table of the service, imported in one place so migrations see them all."""

from sqlalchemy import MetaData

from service.audit.models import AuditEntry
from service.batches.models import IdempotencyRecord
from service.keys.models import ApiKey
from service.needs.models import Need
from service.organisations.models import Organisation, Workplace
from taxonomy import store

TABLES = (
    ApiKey,
    AuditEntry,
    IdempotencyRecord,
    Organisation,
    Workplace,
    Need,
)
EXTRA_METADATA: tuple[MetaData, ...] = (store.metadata,)
