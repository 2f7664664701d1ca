"""One test's view of the local Cognito: a fresh pool and client, and the test helpers."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import boto3
from botocore.config import Config

from . import totp
from .backend import Call
from .models import AppClient, Pool, User
from .seed import ALL_FLOWS, add_seed_user, pool_options
from .server import LocalCognitoServer

DEFAULT_PASSWORD = "Demo-Pass-1!"


class LocalCognitoFixture:
    """A fresh pool and app client on a running local Cognito, with helpers for tests."""

    def __init__(self, server: LocalCognitoServer, **pool_settings: Any) -> None:
        self.server = server
        self.backend = server.cognito
        self.pool: Pool = self.backend.create_pool("test-pool", **pool_settings)
        self.client: AppClient = self.backend.create_client(
            self.pool.pool_id, "test-client", explicit_auth_flows=ALL_FLOWS
        )
        self._first_call = len(self.backend.calls)
        self._django_settings: Any = None

    def bind_django_settings(self, settings: Any) -> None:
        """Keep pytest-django's ``settings`` pointed at this pool and the current client."""
        self._django_settings = settings
        for name, value in self.django_settings.items():
            setattr(settings, name, value)

    # -- where it is ----------------------------------------------------------------------

    endpoint_url = property(lambda self: self.server.url)
    region = property(lambda self: self.backend.region)
    pool_id = property(lambda self: self.pool.pool_id)
    client_id = property(lambda self: self.client.client_id)
    client_secret = property(lambda self: self.client.secret)
    issuer = property(lambda self: self.backend.issuer(self.pool.pool_id))

    @property
    def django_settings(self) -> dict[str, Any]:
        """The ``COGNITO_CHALLENGE_*`` settings that point the app at this pool."""
        return {
            "COGNITO_CHALLENGE_REGION": self.region,
            "COGNITO_CHALLENGE_USER_POOL_ID": self.pool_id,
            "COGNITO_CHALLENGE_CLIENT_ID": self.client_id,
            "COGNITO_CHALLENGE_CLIENT_SECRET": self.client_secret,
            "COGNITO_CHALLENGE_ENDPOINT_URL": self.endpoint_url,
            "COGNITO_CHALLENGE_ISSUER": self.issuer,
        }

    def boto3_client(self, **config: Any):
        """A boto3 client for this service that never retries, so every fault shows."""
        return local_boto3_client(self.endpoint_url, self.region, **config)

    # -- shaping the pool -----------------------------------------------------------------

    def configure_pool(self, **changes: Any) -> Pool:
        """Change pool settings: ``mfa_configuration="ON"``, ``device_configuration=...``."""
        names = {f.name for f in fields(Pool)}
        for name, value in changes.items():
            if name not in names:
                raise TypeError(f"Pool has no setting {name!r}")
            setattr(self.pool, name, value)
        return self.pool

    def use_client(self, **options: Any) -> AppClient:
        """Make a new app client (``generate_secret=True``, ...) the one this fixture uses."""
        options.setdefault("explicit_auth_flows", ALL_FLOWS)
        self.client = self.backend.create_client(self.pool_id, "test-client", **options)
        if self._django_settings is not None:
            self.bind_django_settings(self._django_settings)
        return self.client

    def apply_seed(self, seed: dict[str, Any]) -> None:
        """Give this pool a seed's rules (MFA, attributes, devices) and users."""
        options = pool_options(seed.get("pool") or {})
        options.pop("name", None)
        options.pop("pool_id", None)
        self.configure_pool(**options)
        for group in seed.get("groups") or []:
            self.backend.create_group(self.pool_id, group)
        for user in seed.get("users") or []:
            add_seed_user(self.backend, self.pool_id, user)

    def set_triggers(self, **triggers: Any) -> None:
        """Install custom-auth triggers: ``DefineAuthChallenge=fn`` and so on."""
        self.pool.triggers.update(triggers)

    # -- users ----------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        password: str | None = DEFAULT_PASSWORD,
        *,
        temporary: bool = False,
        attributes: dict[str, str] | None = None,
        groups: tuple[str, ...] = (),
        totp_secret: str | None = None,
        sms: bool = False,
        email_mfa: bool = False,
        preferred_mfa: str | None = None,
        **state: Any,
    ) -> User:
        """Add a user in any state; ``totp_secret=totp.new_secret()`` enables TOTP MFA."""
        return self.backend.add_user(
            self.pool_id, username, password, temporary=temporary, attributes=attributes,
            groups=groups, totp_secret=totp_secret, totp_enabled=bool(totp_secret),
            sms_mfa_enabled=sms, email_mfa_enabled=email_mfa, preferred_mfa=preferred_mfa,
            **state,
        )

    def user(self, username: str) -> User:
        return self.backend.user(self.pool_id, username)

    def totp_code(self, username: str) -> str:
        """The code the user's authenticator shows now (the next one if this was used)."""
        user = self.user(username)
        secret = user.totp_secret or user.pending_totp_secret
        if not secret:
            raise ValueError(f"{username} has no TOTP secret")
        step = totp.current_step(self.backend.now())
        while step in user.used_totp_steps:
            step += 1
        return totp.code_at_step(secret, step)

    def outbox(self, username: str | None = None) -> list[dict[str, Any]]:
        messages = self.backend.outbox_json(username)
        return [m for m in messages if m["pool_id"] == self.pool_id]

    def last_code(self, username: str) -> str:
        messages = self.outbox(username)
        if not messages:
            raise LookupError(f"no code was sent to {username}")
        return messages[-1]["code"]

    # -- time, faults, the call log ---------------------------------------------------------

    def advance(self, seconds: float) -> None:
        self.backend.clock.advance(seconds)

    def fail_next(self, operation: str, code: str, message: str = "", *, times: int = 1) -> None:
        self.backend.faults.fail(operation, code, message, times=times)

    def throttle_next(self, operation: str, *, times: int = 1) -> None:
        self.backend.faults.throttle(operation, times=times)

    def hang_next(self, operation: str, seconds: float, *, times: int = 1) -> None:
        self.backend.faults.hang(operation, seconds, times=times)

    @property
    def calls(self) -> list[Call]:
        """The API calls made since this fixture was created (or ``reset_calls``)."""
        return self.backend.calls[self._first_call :]

    def call_names(self) -> list[str]:
        """Calls as ``InitiateAuth:USER_SRP_AUTH`` or ``RespondToAuthChallenge:SMS_MFA``."""
        return [_call_name(call) for call in self.calls]

    def reset_calls(self) -> None:
        self._first_call = len(self.backend.calls)

    def close(self) -> None:
        self.backend.clock.reset()
        self.backend.faults.clear()
        self.backend.pools.pop(self.pool_id, None)


def local_boto3_client(endpoint_url: str, region: str = "us-east-1", **config: Any):
    """A boto3 cognito-idp client for a local Cognito at ``endpoint_url``, never retrying."""
    # botocore's ``max_attempts`` counts retries; ``total_max_attempts`` counts the first try.
    return boto3.client(
        "cognito-idp",
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}, **config),
    )


def _call_name(call: Call) -> str:
    detail = call.request.get("AuthFlow") or call.request.get("ChallengeName")
    return f"{call.operation}:{detail}" if detail else call.operation
