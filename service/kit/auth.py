"""Who is calling: API keys as bearer tokens, and one dependency that checks roles.

Routes declare their roles with `Annotated[Caller, require_roles(Role.ADMIN, ...)]`; the
roles also appear as the scopes of the operation's security requirement in OpenAPI.
"""

import threading
import time
from dataclasses import replace
from typing import Annotated, Any, ClassVar

from fastapi import Depends, Header, Query, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes

from service.db import Database, DatabaseDep
from service.errors import DomainError
from service.kit import api_keys as keys
from service.kit import audit_trail as audit
from service.kit.audit_trail import AuditOutcome
from service.kit.caller import (
    MAX_PURPOSE,
    MAX_PURPOSE_HEADER,
    PURPOSE_HEADER,
    PURPOSE_QUERY,
    Caller,
    Role,
    stated_purpose,
)
from service.kit.ratelimit import RateLimiter, retry_after_header

bearer = HTTPBearer(
    scheme_name="ApiKey",
    description="An API key from `jobbmatch keys create`, sent as a bearer token.",
    auto_error=False,
)


class Unauthorized(DomainError):
    status, title, slug = 401, "Unauthorized", "unauthorized"
    default_headers: ClassVar[dict[str, str] | None] = {
        "WWW-Authenticate": 'Bearer realm="jobbmatch"'
    }


class Forbidden(DomainError):
    status, title, slug = 403, "Forbidden", "forbidden"


class RateLimited(DomainError):
    status, title, slug = 429, "Too many requests", "rate-limited"


def _deny(
    database: Database, request: Request, action: str, caller: Caller | None
) -> None:
    # Denials are written in their own transaction: the request itself goes no further.
    route = f"{request.method} {request.url.path}"[:128]
    key_id = caller.key_id if caller else None
    with database.session(write=True) as session:
        if audit.denied_lately(session, action, route, key_id):
            return
        audit.record(
            session,
            caller,
            action=action,
            outcome=AuditOutcome.DENIED,
            object_type="route",
            object_id=route,
        )
        session.commit()


def _refuse_anonymous(
    database: Database, request: Request, action: str, detail: str
) -> Unauthorized:
    """Count a failed authentication against the client's address; past its budget
    the answer is 429 and nothing more is written."""
    limiter: RateLimiter = request.app.state.anonymous_limiter
    client = request.client.host if request.client else "unknown"
    wait = limiter.acquire(client)
    if wait is not None:
        raise RateLimited(
            "Too many failed authentications from this address; wait a minute.",
            headers=retry_after_header(wait),
        )
    _deny(database, request, action, None)
    return Unauthorized(detail)


class KnownKeys:
    """The keys this process identified in the last second, so a busy key is not
    read from the database for every request. A key revoked or changed by this
    process is forgotten at once (`forget`); by another (a second worker,
    `jobbmatch keys revoke`), it is read again within `TTL_SECONDS`."""

    TTL_SECONDS = 1.0
    # Only valid keys are kept; the bound is against a flood of them all the same.
    MAX_KEYS = 1000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._callers: dict[str, tuple[Caller, float]] = {}

    def get(self, presented: str) -> Caller | None:
        found = self._callers.get(keys.hash_secret(presented))
        if found is None or found[1] < time.monotonic():
            return None
        return found[0]

    def keep(self, presented: str, caller: Caller) -> None:
        with self._lock:
            if len(self._callers) >= self.MAX_KEYS:
                self._callers.clear()
            expires = time.monotonic() + self.TTL_SECONDS
            self._callers[keys.hash_secret(presented)] = (caller, expires)

    def forget(self, key_id: str) -> None:
        """Read the key from the database again at its next use."""
        with self._lock:
            self._callers = {
                digest: entry
                for digest, entry in self._callers.items()
                if entry[0].key_id != key_id
            }


def get_known_keys(request: Request) -> KnownKeys:
    known: KnownKeys = request.app.state.known_keys
    return known


KnownKeysDep = Annotated[KnownKeys, Depends(get_known_keys)]


def _identify(database: Database, presented: str) -> Caller | None:
    with database.session() as session:
        key = keys.find_active(session, presented)
        if key is None:
            return None
        caller = Caller(
            key_id=key.id,
            name=key.name,
            role=Role(key.role),
            purpose=None,
            units=keys.units_of(key),
        )
        stale = keys.use_is_stale(key)
    if stale:
        with database.session(write=True) as session:
            keys.mark_used(session, caller.key_id)
            session.commit()
    return caller


async def authenticate(
    request: Request,
    scopes: SecurityScopes,
    database: DatabaseDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    purpose: Annotated[
        str | None,
        Header(
            alias=PURPOSE_HEADER,
            max_length=MAX_PURPOSE_HEADER,
            description="Why the data is read, kept in the audit trail: UTF-8, "
            "percent-encoded beyond ASCII (`jobbsp%C3%A5r`).",
        ),
    ] = None,
    purpose_query: Annotated[
        str | None,
        Query(
            alias=PURPOSE_QUERY,
            max_length=MAX_PURPOSE,
            description="The same as the `X-Purpose` header, for clients that "
            "cannot send one.",
        ),
    ] = None,
) -> Caller:
    # The key first: a request without a valid one learns nothing about its input.
    # A known key is checked here in the event loop; what reads or writes the
    # database goes to a worker thread.
    if credentials is None:
        raise await run_in_threadpool(
            _refuse_anonymous,
            database,
            request,
            "auth.missing",
            "Send an API key as `Authorization: Bearer <key>`.",
        )
    known = get_known_keys(request)
    caller = known.get(credentials.credentials)
    if caller is None:
        caller = await run_in_threadpool(_identify, database, credentials.credentials)
        if caller is None:
            raise await run_in_threadpool(
                _refuse_anonymous,
                database,
                request,
                "auth.invalid",
                "The API key is unknown or revoked.",
            )
        known.keep(credentials.credentials, caller)
    caller = replace(caller, purpose=stated_purpose(purpose, purpose_query))
    if caller.role not in scopes.scopes:
        await run_in_threadpool(_deny, database, request, "auth.forbidden", caller)
        raise Forbidden(
            f"The role {caller.role.value!r} may not call this operation; "
            f"allowed: {', '.join(scopes.scopes)}."
        )
    limiter: RateLimiter = request.app.state.rate_limiter
    wait = limiter.acquire(caller.key_id)
    if wait is not None:
        raise RateLimited(
            f"The key's budget of {limiter.per_minute} requests a minute is spent.",
            headers=retry_after_header(wait),
        )
    # The role the request's writes are recorded under in the change feed.
    request.state.caller_role = caller.role.value
    return caller


def require_roles(*roles: Role) -> Any:
    """A `Security` marker admitting only the given roles."""
    return Security(authenticate, scopes=[role.value for role in roles])
