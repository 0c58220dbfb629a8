"""Webhook subscriptions and the log of what was sent to each.

A subscription keeps its place in the change feed (`cursor_seq`, `cursor_id`): the
deliverer turns the events after it into delivery rows, in commit order, and sends
them one at a time, so a subscriber gets its events in order. A delivery row keeps
the signed message's id and body, so a redelivery is the same message again.
"""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, UrlConstraints
from pydantic import Field as ValueField
from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Integer, String
from sqlalchemy import Text as TextType
from sqlmodel import Field, SQLModel

from service.db import UtcDateTime, utcnow
from service.events.models import EventType
from service.kit.stamps import Stamped


class WebhookBase(SQLModel):
    url: str = Field(max_length=2000)
    types: list[EventType] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False),
        description="The kinds of record whose changes are sent; empty: all kinds.",
    )
    enabled: bool = True


class Webhook(WebhookBase, Stamped, table=True):
    __tablename__ = "webhook"

    id: int | None = Field(default=None, primary_key=True)
    secret: str = Field(max_length=100)
    units: list[str] | None = Field(
        default=None,
        sa_column=Column(JSON, nullable=True),
        description="The owning units whose participant events are sent (None: "
        "every unit), those of the key that subscribed.",
    )
    disabled_reason: str | None = Field(default=None, max_length=200)
    failures: int = 0
    cursor_seq: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    cursor_id: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = Field(default=None, sa_type=UtcDateTime)


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"


class WebhookDelivery(SQLModel, table=True):
    __tablename__ = "webhook_delivery"
    __table_args__ = (
        Index("ix_webhook_delivery_queue", "webhook_id", "status", "seq", "event_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    webhook_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("webhook.id", ondelete="CASCADE"), nullable=False
        )
    )
    event_id: int
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    message_id: str = Field(max_length=64)
    payload: str = Field(sa_column=Column(TextType, nullable=False))
    status: DeliveryStatus = Field(default=DeliveryStatus.PENDING, sa_type=String(16))
    attempts: int = 0
    last_status: int | None = None
    last_error: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    last_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


# Bounded like the stored column, in the schema as well as on input.
TargetUrl = Annotated[
    AnyHttpUrl,
    UrlConstraints(max_length=2000),
    ValueField(json_schema_extra={"maxLength": 2000}),
]


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: TargetUrl = ValueField(
        description="Where events are POSTed; its host must be on the allow-list "
        "(`JOBBMATCH_WEBHOOK_ALLOWED_HOSTS`)."
    )
    types: list[EventType] = ValueField(default_factory=list, max_length=len(EventType))


class WebhookUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: TargetUrl | None = None
    types: list[EventType] | None = ValueField(default=None, max_length=len(EventType))
    enabled: bool | None = ValueField(
        default=None,
        description="`true` re-enables a subscription disabled after failures; "
        "it resumes where it stopped.",
    )


class WebhookPublic(WebhookBase):
    id: int
    disabled_reason: str | None
    failures: int
    next_attempt_at: datetime
    created_at: datetime
    updated_at: datetime


class WebhookCreated(WebhookPublic):
    secret: str = ValueField(
        description="The signing secret (Standard Webhooks, `whsec_…`); shown in "
        "this response only."
    )


class WebhookDeliveryPublic(BaseModel):
    """One message to a subscriber and how its attempts went."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    message_id: str = ValueField(
        description="The `webhook-id` header; the same on a redelivery."
    )
    event_id: int
    status: DeliveryStatus
    attempts: int
    last_status: int | None
    last_error: str | None
    created_at: datetime
    last_attempt_at: datetime | None
    delivered_at: datetime | None
