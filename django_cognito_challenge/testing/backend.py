"""The local Cognito's state and its in-process API (what tests and seeds call directly)."""

from __future__ import annotations

import copy
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from . import passwords, registry, schema
from .clock import Clock
from .errors import ServiceError, resource_not_found, unknown_operation
from .faults import FaultPlan
from .keys import LazyRSAPrivateKey
from .models import (
    AppClient,
    DeviceConfiguration,
    Group,
    OutboxMessage,
    PasswordPolicy,
    Pool,
    RefreshToken,
    User,
    random_id,
)
from .sessions import SessionStore

_CLIENT_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass
class Call:
    """One API call as the local Cognito received it."""

    operation: str
    request: dict[str, Any]
    error: str | None = None
    at: float = 0.0
    response: dict[str, Any] = field(default_factory=dict)


class LocalCognito:
    """A strict, in-memory Cognito user-pool service."""

    def __init__(self, *, region: str = "us-east-1", clock: Clock | None = None) -> None:
        self.region = region
        self.clock = clock or Clock()
        self.endpoint = "http://localhost"
        self.pools: dict[str, Pool] = {}
        self.sessions = SessionStore()
        self.refresh_tokens: dict[str, RefreshToken] = {}
        self.revoked_origins: set[str] = set()
        self.outbox: list[OutboxMessage] = []
        self.faults = FaultPlan()
        self.calls: list[Call] = []
        self._lock = threading.RLock()

    # -- dispatch -------------------------------------------------------------------------

    def dispatch(self, operation: str, request: dict[str, Any]) -> dict[str, Any]:
        """Run one operation as the HTTP server would, with faults and the call log."""
        call = Call(operation, copy.deepcopy(request), at=self.clock.now())
        self.calls.append(call)
        try:
            fault = self.faults.take(operation)
            if fault is not None:
                if fault.hang_seconds:
                    time.sleep(fault.hang_seconds)
                if fault.error is not None:
                    raise fault.error
            handler = registry.operations().get(operation)
            if handler is None:
                raise unknown_operation(operation)
            with self._lock:
                if len(self.calls) % 200 == 0:
                    self.sessions.forget_expired(self.now())
                call.response = handler(self, request)
                return call.response
        except ServiceError as error:
            call.error = error.code
            raise

    def now(self) -> float:
        return self.clock.now()

    # -- lookups --------------------------------------------------------------------------

    def issuer(self, pool_id: str) -> str:
        return f"{self.endpoint}/{pool_id}"

    def pool(self, pool_id: str) -> Pool:
        pool = self.pools.get(pool_id or "")
        if pool is None:
            raise resource_not_found(f"User pool {pool_id} does not exist.")
        return pool

    def pool_for_issuer(self, issuer: str) -> Pool:
        prefix = self.endpoint + "/"
        if not issuer.startswith(prefix):
            raise LookupError(issuer)
        return self.pool(issuer[len(prefix) :])

    def app_client(self, client_id: str) -> tuple[Pool, AppClient]:
        for pool in self.pools.values():
            client = pool.clients.get(client_id or "")
            if client is not None:
                return pool, client
        raise resource_not_found(f"User pool client {client_id} does not exist.")

    def user(self, pool_id: str, username: str) -> User:
        user = self.pool(pool_id).find_user(username)
        if user is None:
            raise ServiceError("UserNotFoundException", "User does not exist.")
        return user

    # -- set-up ---------------------------------------------------------------------------

    def create_pool(
        self,
        name: str = "local-pool",
        *,
        mfa_configuration: str = "OFF",
        password_policy: PasswordPolicy | None = None,
        device_configuration: DeviceConfiguration | None = None,
        required_attributes: tuple[str, ...] = (),
        custom_attributes: tuple[str, ...] = (),
        pool_id: str | None = None,
        **options: Any,
    ) -> Pool:
        now = self.now()
        pool_id = pool_id or f"{self.region}_{random_id(9)}"
        pool = Pool(
            pool_id=pool_id,
            name=name,
            signing_key=LazyRSAPrivateKey(),
            key_id=secrets.token_urlsafe(32),
            mfa_configuration=mfa_configuration,
            password_policy=password_policy or PasswordPolicy(),
            device_configuration=device_configuration,
            required_attributes=tuple(required_attributes),
            custom_attributes=tuple(custom_attributes),
            created_at=now,
            modified_at=now,
            **options,
        )
        with self._lock:
            self.pools[pool_id] = pool
        return pool

    def create_client(
        self, pool_id: str, name: str = "local-client", *, generate_secret: bool = False,
        client_id: str | None = None, secret: str | None = None, **options: Any,
    ) -> AppClient:
        pool = self.pool(pool_id)
        if generate_secret and secret is None:
            secret = random_id(51, _CLIENT_ID_ALPHABET)
        client = AppClient(
            client_id=client_id or random_id(26, _CLIENT_ID_ALPHABET),
            pool_id=pool_id,
            name=name,
            secret=secret,
            created_at=self.now(),
            **options,
        )
        with self._lock:
            pool.clients[client.client_id] = client
        return client

    def create_group(self, pool_id: str, name: str, **options: Any) -> Group:
        pool = self.pool(pool_id)
        if name in pool.groups:
            raise ServiceError("GroupExistsException", "A group with the name already exists.")
        group = Group(name=name, created_at=self.now(), **options)
        pool.groups[name] = group
        return group

    def add_user(
        self,
        pool_id: str,
        username: str,
        password: str | None = None,
        *,
        temporary: bool = False,
        attributes: dict[str, str] | None = None,
        groups: tuple[str, ...] = (),
        **state: Any,
    ) -> User:
        """Create a user directly in any state (no policy check on ``password``).

        Every attribute must be in the pool's schema, else
        :class:`~django_cognito_challenge.testing.schema.AttributeNotInSchema`.
        """
        pool = self.pool(pool_id)
        schema.check_attributes(pool.custom_attributes, attributes or {})
        now = self.now()
        user = User(username=username, created_at=now, modified_at=now, **state)
        user.attributes = {"sub": user.sub, **(attributes or {})}
        if pool.find_user(username) is not None:
            raise ServiceError("UsernameExistsException", "User account already exists")
        if password is not None:
            passwords.set_password(pool, user, password)
        if temporary:
            user.status = "FORCE_CHANGE_PASSWORD"
            days = pool.password_policy.temporary_password_validity_days
            user.temporary_password_expires_at = now + days * 86400
        for group in groups:
            if group not in pool.groups:
                self.create_group(pool_id, group)
            user.groups.add(group)
        with self._lock:
            pool.users[pool.user_key(username)] = user
        return user

    # -- codes ----------------------------------------------------------------------------

    def send_code(self, pool: Pool, user: User, medium: str, purpose: str) -> str:
        """Generate a fresh six-digit code and put it in the outbox."""
        code = f"{secrets.randbelow(1_000_000):06d}"
        attribute = "phone_number" if medium == "SMS" else "email"
        self.outbox.append(
            OutboxMessage(
                pool_id=pool.pool_id,
                username=user.username,
                medium=medium,
                destination=user.attributes.get(attribute, ""),
                code=code,
                purpose=purpose,
                sent_at=self.now(),
            )
        )
        return code

    def outbox_json(self, username: str | None = None) -> list[dict[str, Any]]:
        return [m.as_json() for m in self.outbox if username in (None, m.username)]
