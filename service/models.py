"""Every table of the service, imported in one place so migrations see them all."""

from sqlalchemy import MetaData

from service.cohorts.models import Cohort
from service.enrolments.models import Enrolment
from service.events.models import ChangeEvent
from service.jobs.models import BatchJob, BatchJobPart
from service.kit.api_keys import ApiKey
from service.kit.audit_trail import AuditEntry
from service.kit.batches.models import IdempotencyRecord
from service.needs.models import Need
from service.organisations.models import Organisation, Workplace
from service.participants.models import Participant
from service.placements.models import Placement
from service.retention.models import ErasedParticipant
from service.shortlists.feed import ParticipantChange
from service.shortlists.models import Shortlist, ShortlistDecision
from service.tracks.models import Track
from service.webhooks.models import Webhook, WebhookDelivery
from taxonomy import store

TABLES = (
    ApiKey,
    AuditEntry,
    IdempotencyRecord,
    BatchJob,
    BatchJobPart,
    Organisation,
    Workplace,
    Need,
    Track,
    Cohort,
    Placement,
    Participant,
    Enrolment,
    ParticipantChange,
    Shortlist,
    ShortlistDecision,
    ChangeEvent,
    Webhook,
    WebhookDelivery,
    ErasedParticipant,
)
EXTRA_METADATA: tuple[MetaData, ...] = (store.metadata,)
