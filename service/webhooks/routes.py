from fastapi import Response, status
from sqlmodel import Session, col, select

from service.db import SessionDep, utcnow
from service.errors import NotFound, problems
from service.kit.access import (
    DELETE_PROBLEMS,
    LIST_PROBLEMS,
    READ_PROBLEMS,
    WRITE_PROBLEMS,
    Integrator,
)
from service.kit.caller import Caller, Role
from service.kit.changes import Changes
from service.kit.etags import IfMatch
from service.kit.pagination import Page, PageParamsDep
from service.kit.records import list_page, page_of
from service.kit.routing import Router
from service.settings import SettingsDep
from service.webhooks import service
from service.webhooks.models import (
    DeliveryStatus,
    Webhook,
    WebhookCreate,
    WebhookCreated,
    WebhookDelivery,
    WebhookDeliveryPublic,
    WebhookPublic,
    WebhookUpdate,
)

router = Router(prefix="/webhooks", tags=["webhooks"])
CHANGES = Changes("webhook", WebhookPublic)
DELIVERY_CHANGES = Changes("webhook", WebhookDeliveryPublic, "webhook_delivery")


def _own(session: Session, caller: Caller, webhook_id: int) -> Webhook:
    """A subscription the caller may manage: an admin any, an integration its own."""
    webhook = service.get(session, webhook_id)
    if caller.role != Role.ADMIN and webhook.created_by != caller.key_id:
        raise NotFound(f"No webhook has the id {webhook_id}.")
    return webhook


@router.post(
    "",
    response_model=WebhookCreated,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_PROBLEMS,
)
def create_webhook(
    body: WebhookCreate,
    session: SessionDep,
    caller: Integrator,
    settings: SettingsDep,
    response: Response,
) -> WebhookCreated:
    """Subscribe a URL to changes; the signing secret is in this response only.
    Deliveries start with the changes committed after this one."""
    webhook = service.create(session, caller, body, settings.webhook_allowed_hosts)
    public = CHANGES.commit_tagged(session, caller, webhook, "create", response)
    return WebhookCreated(**public.model_dump(), secret=webhook.secret)


@router.get("", response_model=Page[WebhookPublic], responses=LIST_PROBLEMS)
def list_webhooks(
    session: SessionDep, caller: Integrator, page: PageParamsDep
) -> Page[WebhookPublic]:
    """List subscriptions (an integration key sees its own), oldest first."""
    statement = select(Webhook).order_by(col(Webhook.id))
    if caller.role != Role.ADMIN:
        statement = statement.where(col(Webhook.created_by) == caller.key_id)
    rows, total = list_page(session, statement, page)
    return page_of(WebhookPublic, rows, total, page)


@router.get("/{webhook_id}", response_model=WebhookPublic, responses=READ_PROBLEMS)
def get_webhook(
    webhook_id: int, session: SessionDep, caller: Integrator, response: Response
) -> WebhookPublic:
    """Return one subscription (never its secret) with its ETag."""
    webhook = _own(session, caller, webhook_id)
    return CHANGES.tag(webhook, response)


@router.patch("/{webhook_id}", response_model=WebhookPublic, responses=WRITE_PROBLEMS)
def update_webhook(
    webhook_id: int,
    body: WebhookUpdate,
    session: SessionDep,
    caller: Integrator,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> WebhookPublic:
    """Change a subscription's URL or kinds, or disable or re-enable it."""
    webhook = _own(session, caller, webhook_id)
    CHANGES.check_version(webhook, if_match)
    service.update(webhook, body, settings.webhook_allowed_hosts)
    return CHANGES.commit_tagged(session, caller, webhook, "update", response)


@router.delete(
    "/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT, responses=DELETE_PROBLEMS
)
def delete_webhook(
    webhook_id: int, session: SessionDep, caller: Integrator, if_match: IfMatch = None
) -> None:
    """Delete a subscription and its delivery log."""
    webhook = _own(session, caller, webhook_id)
    CHANGES.check_version(webhook, if_match)
    deliveries = select(WebhookDelivery).where(
        col(WebhookDelivery.webhook_id) == webhook_id
    )
    for delivery in session.exec(deliveries):
        session.delete(delivery)
    CHANGES.commit_delete(session, caller, webhook, "The webhook is still in use.")


@router.get(
    "/{webhook_id}/deliveries",
    response_model=Page[WebhookDeliveryPublic],
    responses=READ_PROBLEMS,
)
def list_deliveries(
    webhook_id: int,
    session: SessionDep,
    caller: Integrator,
    page: PageParamsDep,
    status: DeliveryStatus | None = None,
) -> Page[WebhookDeliveryPublic]:
    """List a subscription's messages in the order they are sent, with how each
    attempt went."""
    _own(session, caller, webhook_id)
    statement = (
        select(WebhookDelivery)
        .where(col(WebhookDelivery.webhook_id) == webhook_id)
        .order_by(col(WebhookDelivery.seq), col(WebhookDelivery.event_id))
    )
    if status is not None:
        statement = statement.where(col(WebhookDelivery.status) == status)
    rows, total = list_page(session, statement, page)
    return page_of(WebhookDeliveryPublic, rows, total, page)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/redeliver",
    response_model=WebhookDeliveryPublic,
    status_code=status.HTTP_202_ACCEPTED,
    responses=problems(401, 403, 404, 429),
)
def redeliver(
    webhook_id: int, delivery_id: int, session: SessionDep, caller: Integrator
) -> WebhookDelivery:
    """Send a message again, with the same `webhook-id`, ahead of the queue."""
    webhook = _own(session, caller, webhook_id)
    delivery = service.get_delivery(session, webhook, delivery_id)
    delivery.status = DeliveryStatus.PENDING
    webhook.next_attempt_at = utcnow()
    session.add(webhook)
    DELIVERY_CHANGES.commit(session, caller, delivery, "redeliver")
    return delivery
