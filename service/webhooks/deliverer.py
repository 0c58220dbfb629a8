"""Sending the change feed to subscribers: at least once, in order, signed.

One pass (`Deliverer.run_once`) claims a subscription that has work and is due,
turns the events after its place in the feed into delivery rows (in one
transaction with the moved place), then sends its pending deliveries one at a time
in commit order. A failure stops the subscription's queue (so nothing overtakes
it), counts a failure and backs off exponentially; a run of failures disables it.

Claims are leases: the claiming transaction picks a free subscription with
`FOR UPDATE SKIP LOCKED` (on PostgreSQL, so processes and hosts never wait for or
take the same one; SQLite's writers are serial) and stamps it with this
deliverer's name and an expiry, then commits before any HTTP is sent. Every later
write checks the stamp, so a deliverer whose lease ran out (it hung, or was
killed) writes nothing more, and another one resumes from what was recorded: the
message that was in flight is sent again, with the same `webhook-id`.
"""

import logging
import threading
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Engine, and_, delete, exists, or_, tuple_, update
from sqlmodel import Session, col, select
from standardwebhooks import Webhook as Signer

from service.db import Database, utcnow
from service.events import repository as events
from service.events.models import PARTICIPANT_TYPES, ChangeEvent
from service.events.outbox import COMMITTED
from service.kit.background import BackgroundWorker, NowAndThen
from service.kit.leases import Lease, LeaseLost
from service.settings import Settings
from service.webhooks import service
from service.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery

logger = logging.getLogger("jobbmatch.webhooks")
FILL_BATCH = 500
SEND_BATCH = 100
PRUNE_EVERY_SECONDS = 3600.0


def _due(now: datetime) -> Any:
    has_pending = exists().where(
        col(WebhookDelivery.webhook_id) == Webhook.id,
        col(WebhookDelivery.status) == DeliveryStatus.PENDING,
    )
    has_new = exists().where(
        col(ChangeEvent.seq).is_not(None),
        tuple_(col(ChangeEvent.seq), col(ChangeEvent.id))
        > tuple_(col(Webhook.cursor_seq), col(Webhook.cursor_id)),
    )
    return and_(
        col(Webhook.enabled),
        col(Webhook.next_attempt_at) <= now,
        or_(col(Webhook.lease_until).is_(None), col(Webhook.lease_until) < now),
        or_(has_pending, has_new),
    )


class Deliverer:
    """Delivers for every subscription; several may run against one database."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.reader: Engine = database.engine
        self.writer: Engine = database.writer
        self.settings = settings
        self.name = f"deliverer-{uuid.uuid4().hex[:12]}"
        self.lease = Lease(Webhook, self.name, settings.webhook_lease_seconds)
        self.http = httpx.Client(
            timeout=settings.webhook_timeout_seconds,
            follow_redirects=False,
            transport=transport,
        )
        self._prune_now_and_then = NowAndThen(
            lambda: prune(self.writer, self.settings), PRUNE_EVERY_SECONDS
        )
        self.stopping = threading.Event()

    def close(self) -> None:
        self.http.close()

    def _session(self, *, write: bool = False) -> Session:
        return Session(self.writer if write else self.reader, expire_on_commit=False)

    def claim(self) -> int | None:
        """Lease one due subscription; its id, or None when none is due."""
        now = utcnow()
        with self._session() as session:
            # A read first: a deliverer with nothing to do takes no write lock.
            if (
                session.exec(select(Webhook.id).where(_due(now)).limit(1)).first()
                is None
            ):
                return None
        with self._session(write=True) as session:
            found = session.exec(
                select(Webhook.id)
                .where(_due(now))
                .order_by(col(Webhook.next_attempt_at), col(Webhook.id))
                .limit(1)
                .with_for_update(skip_locked=True)
            ).first()
            if found is None:
                return None
            session.connection().execute(
                update(Webhook)
                .where(col(Webhook.id) == found)
                .values(lease_owner=self.name, lease_until=self.lease.until())
            )
            session.commit()
            return int(found)

    def _hold(self, session: Session, webhook_id: int) -> Webhook:
        """Renew the lease inside a writing transaction; LeaseLost if it is gone."""
        self.lease.hold(session, webhook_id)
        webhook = session.get(Webhook, webhook_id, populate_existing=True)
        assert webhook is not None
        return webhook

    def release(self, webhook_id: int) -> None:
        with self._session(write=True) as session:
            self.lease.release(session, webhook_id, lease_until=None)
            session.commit()

    def fill(self, webhook_id: int) -> None:
        """Turn the events after the subscription's place into its deliveries."""
        while True:
            with self._session(write=True) as session:
                webhook = self._hold(session, webhook_id)
                after = events.Position(webhook.cursor_seq, webhook.cursor_id)
                found = events.page(session, after, FILL_BATCH)
                if not found:
                    return
                units = None if webhook.units is None else set(webhook.units)
                for event in found:
                    if self._wanted(webhook, units, event):
                        session.add(self._delivery(webhook_id, event))
                last = events.Position.of(found[-1])
                webhook.cursor_seq, webhook.cursor_id = last.seq, last.event_id
                session.add(webhook)
                session.commit()
            if len(found) < FILL_BATCH:
                return

    @staticmethod
    def _wanted(webhook: Webhook, units: set[str] | None, event: ChangeEvent) -> bool:
        if webhook.types and event.type not in webhook.types:
            return False
        if units is not None and event.type in PARTICIPANT_TYPES:
            return event.owning_unit in units
        return True

    @staticmethod
    def _delivery(webhook_id: int, event: ChangeEvent) -> WebhookDelivery:
        assert event.id is not None
        assert event.seq is not None
        return WebhookDelivery(
            webhook_id=webhook_id,
            event_id=event.id,
            seq=event.seq,
            message_id=service.message_id(webhook_id, event.id),
            payload=service.payload(event),
        )

    def _pending(self, webhook_id: int) -> list[WebhookDelivery]:
        with self._session() as session:
            return list(
                session.exec(
                    select(WebhookDelivery)
                    .where(
                        col(WebhookDelivery.webhook_id) == webhook_id,
                        col(WebhookDelivery.status) == DeliveryStatus.PENDING,
                    )
                    .order_by(col(WebhookDelivery.seq), col(WebhookDelivery.event_id))
                    .limit(SEND_BATCH)
                ).all()
            )

    def _post(
        self, webhook: Webhook, delivery: WebhookDelivery
    ) -> tuple[int | None, str | None]:
        """Send one message; its HTTP status and, on failure, why (never the URL)."""
        if not service.host_allowed(webhook.url, self.settings.webhook_allowed_hosts):
            return None, "host not on the allow-list"
        now = utcnow()
        signature = Signer(webhook.secret).sign(
            delivery.message_id, now, delivery.payload
        )
        headers = {
            "content-type": "application/json",
            "webhook-id": delivery.message_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signature,
            "user-agent": "jobbmatch-webhooks/1",
        }
        try:
            response = self.http.post(
                webhook.url, content=delivery.payload, headers=headers
            )
        except httpx.TimeoutException:
            return None, "timed out"
        except httpx.HTTPError as error:
            return None, f"connection failed ({type(error).__name__})"
        if 200 <= response.status_code < 300:
            return response.status_code, None
        return response.status_code, f"HTTP {response.status_code}"

    def _record(
        self, webhook_id: int, delivery_id: int, status: int | None, error: str | None
    ) -> bool:
        """Write an attempt's outcome; whether the queue may go on."""
        with self._session(write=True) as session:
            webhook = self._hold(session, webhook_id)
            delivery = session.get(WebhookDelivery, delivery_id)
            if delivery is None:
                return True
            now = utcnow()
            delivery.attempts += 1
            delivery.last_attempt_at = now
            delivery.last_status, delivery.last_error = status, error
            if error is None:
                delivery.status = DeliveryStatus.DELIVERED
                delivery.delivered_at = now
                webhook.failures = 0
            else:
                webhook.failures += 1
                webhook.next_attempt_at = now + timedelta(
                    seconds=self._backoff(webhook.failures)
                )
                if webhook.failures >= self.settings.webhook_max_failures:
                    webhook.enabled = False
                    webhook.disabled_reason = (
                        f"disabled after {webhook.failures} failed deliveries in a row"
                    )
            session.add_all([webhook, delivery])
            session.commit()
            return error is None

    def _backoff(self, failures: int) -> float:
        base = self.settings.webhook_backoff_seconds
        delay: float = base * 2.0 ** (failures - 1)
        return min(delay, self.settings.webhook_backoff_max_seconds)

    def send(self, webhook_id: int) -> int:
        """Send pending deliveries in order until the queue is empty, one fails,
        or half the lease is spent; the number delivered."""
        budget = time.monotonic() + self.settings.webhook_lease_seconds / 2
        delivered = 0
        while time.monotonic() < budget and not self.stopping.is_set():
            pending = self._pending(webhook_id)
            if not pending:
                return delivered
            with self._session() as session:
                webhook = session.get(Webhook, webhook_id)
            if webhook is None or not webhook.enabled:
                return delivered
            for delivery in pending:
                assert delivery.id is not None
                status, error = self._post(webhook, delivery)
                if not self._record(webhook_id, delivery.id, status, error):
                    return delivered
                delivered += 1
                if time.monotonic() >= budget:
                    break
        return delivered

    def run_once(self) -> int:
        """Serve due subscriptions until none is; the number of messages delivered."""
        self._prune_now_and_then()
        delivered = 0
        while not self.stopping.is_set() and (webhook_id := self.claim()) is not None:
            try:
                self.fill(webhook_id)
                delivered += self.send(webhook_id)
            except LeaseLost:
                logger.warning("webhook lease lost", extra={"webhook": webhook_id})
                continue
            self.release(webhook_id)
        return delivered

    def run(self) -> None:
        """Deliver until `stopping` is set, waking on this process's commits of
        events, or else every poll interval."""
        while not self.stopping.is_set():
            COMMITTED.clear()
            try:
                delivered = self.run_once()
            except Exception:
                logger.exception("webhook delivery pass failed")
                delivered = 0
            if delivered == 0:
                COMMITTED.wait(self.settings.webhook_poll_seconds)


def prune(engine: Engine, settings: Settings) -> tuple[int, int]:
    """Forget events, and delivered messages, older than the retention period."""
    before = utcnow() - timedelta(days=settings.events_retention_days)
    with Session(engine) as session:
        removed = events.prune(session, before)
        result = session.connection().execute(
            delete(WebhookDelivery).where(
                col(WebhookDelivery.status) == DeliveryStatus.DELIVERED,
                col(WebhookDelivery.created_at) < before,
            )
        )
        session.commit()
        return removed, int(result.rowcount or 0)


class BackgroundDeliverer(BackgroundWorker):
    """The deliverer as a thread of the serve process (the lifespan starts it)."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.deliverer = Deliverer(database, settings)
        # A send in flight ends within its timeout.
        wait = settings.webhook_timeout_seconds + 5
        super().__init__(self.deliverer, "webhooks", COMMITTED, wait)

    def close(self) -> None:
        super().close()
        self.deliverer.close()
