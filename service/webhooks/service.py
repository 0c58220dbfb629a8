"""Subscriptions: which targets are allowed, their secrets, their messages."""

import base64
import json
import secrets
from collections.abc import Sequence
from urllib.parse import urlsplit

from pydantic import AnyHttpUrl
from sqlmodel import Session, col, func, select

from service.errors import InvalidInput, NotFound
from service.events.models import ChangeEvent, ChangeEventPublic
from service.kit.caller import Caller
from service.kit.records import apply_changes
from service.webhooks.models import (
    Webhook,
    WebhookCreate,
    WebhookDelivery,
    WebhookUpdate,
)

SECRET_PREFIX = "whsec_"


def host_allowed(url: str, allowed: Sequence[str]) -> bool:
    """Whether a URL's host is on the allow-list: `host`, `host:port`, or
    `*.domain` for any host below a domain."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in ("http", "https"):
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for entry in (entry.strip().lower() for entry in allowed):
        if entry in (host, f"{host}:{port}"):
            return True
        if entry.startswith("*.") and host.endswith(entry[1:]):
            return True
    return False


def check_url(url: AnyHttpUrl, allowed: Sequence[str]) -> str:
    """The URL as stored; 422 naming `url` (never repeating it) when its host is
    not on the allow-list."""
    text = str(url)
    if not host_allowed(text, allowed):
        raise InvalidInput.one(
            "url", "host_not_allowed", "the host is not on the webhook allow-list"
        )
    return text


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def _feed_end(session: Session) -> tuple[int, int]:
    seq = session.exec(select(func.max(ChangeEvent.seq))).one() or 0
    last = session.exec(
        select(func.max(ChangeEvent.id)).where(col(ChangeEvent.seq) == seq)
    ).one()
    return int(seq), int(last or 0)


def create(
    session: Session, caller: Caller, body: WebhookCreate, allowed: Sequence[str]
) -> Webhook:
    """A subscription that starts with the changes committed after it."""
    seq, last = _feed_end(session)
    return Webhook(
        url=check_url(body.url, allowed),
        types=sorted(set(body.types)),
        secret=new_secret(),
        units=None if caller.units is None else sorted(caller.units),
        created_by=caller.key_id,
        cursor_seq=seq,
        cursor_id=last,
    )


def update(webhook: Webhook, body: WebhookUpdate, allowed: Sequence[str]) -> None:
    changes = body.model_dump(exclude_unset=True)
    if changes.get("url") is not None:
        changes["url"] = check_url(body.url, allowed)  # type: ignore[arg-type]
    if changes.get("types") is not None:
        changes["types"] = sorted(set(changes["types"]))
    if changes.get("enabled") and not webhook.enabled:
        # Re-enabled: it starts again where it stopped, with a fresh count.
        changes.update(failures=0, disabled_reason=None)
    apply_changes(webhook, changes)


def get(session: Session, webhook_id: int) -> Webhook:
    webhook = session.get(Webhook, webhook_id)
    if webhook is None:
        raise NotFound(f"No webhook has the id {webhook_id}.")
    return webhook


def get_delivery(
    session: Session, webhook: Webhook, delivery_id: int
) -> WebhookDelivery:
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.webhook_id != webhook.id:
        raise NotFound(f"The webhook has no delivery with the id {delivery_id}.")
    return delivery


def message_id(webhook_id: int, event_id: int) -> str:
    """The `webhook-id` of an event's message to a subscriber: the same on every
    attempt and redelivery, so the receiver can drop duplicates."""
    return f"msg_{webhook_id}_{event_id}"


def payload(event: ChangeEvent) -> str:
    """The message body: Standard Webhooks' `type`, `timestamp` and `data`."""
    data = ChangeEventPublic.model_validate(event).model_dump(mode="json")
    return json.dumps(
        {
            "type": f"{event.type}.{event.action}",
            "timestamp": data["at"],
            "data": data,
        },
        separators=(",", ":"),
    )
