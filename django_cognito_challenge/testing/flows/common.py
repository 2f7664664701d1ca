"""What every auth operation needs: the client check, SECRET_HASH, user state, masking."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ServiceError, invalid_parameter, not_authorized
from ..models import AppClient, Pool, User

if TYPE_CHECKING:
    from ..backend import LocalCognito

LOCKOUT_CAP_SECONDS = 900


@dataclass
class Ctx:
    """One auth call: the service, the pool and app client it names, and the time."""

    cognito: LocalCognito
    pool: Pool
    client: AppClient
    now: float
    initiating: bool = False  # InitiateAuth, not RespondToAuthChallenge

    @classmethod
    def for_client(cls, cognito: LocalCognito, client_id: str, *,
                   initiating: bool = False) -> Ctx:
        pool, client = cognito.app_client(client_id)
        return cls(cognito, pool, client, cognito.now(), initiating)

    @property
    def session_validity(self) -> float:
        return self.client.auth_session_validity_minutes * 60

    def challenge(
        self, name: str, user: User | None, parameters: dict[str, str], state: dict[str, Any]
    ) -> dict[str, Any]:
        """Answer with a challenge and a fresh single-use Session bound to it."""
        session = self.cognito.sessions.issue(
            pool_id=self.pool.pool_id,
            client_id=self.client.client_id,
            username=user.username if user else None,
            challenge=name,
            expires_at=self.now + self.session_validity,
            state=state,
        )
        return {
            "ChallengeName": name,
            "Session": session.token,
            "ChallengeParameters": parameters,
        }


def secret_hash(client: AppClient, username: str) -> str:
    digest = hmac.new(
        client.secret.encode(), (username + client.client_id).encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


def check_secret_hash(client: AppClient, username: str, given: str | None) -> None:
    """Require a correct SECRET_HASH when the client has a secret."""
    if client.secret is None:
        return
    if not given:
        raise not_authorized(
            f"Client {client.client_id} is configured with secret but SECRET_HASH was not received"
        )
    if not hmac.compare_digest(secret_hash(client, username).encode(), given.encode()):
        raise not_authorized(f"Unable to verify secret hash for client {client.client_id}")


def check_client_secret(client: AppClient, given: str | None) -> None:
    """Require the client secret itself (RevokeToken, GetTokensFromRefreshToken)."""
    if client.secret is None:
        return
    if not given or not hmac.compare_digest(client.secret.encode(), given.encode()):
        raise not_authorized(f"Unable to verify secret hash for client {client.client_id}")


def require(parameters: dict[str, str], *names: str) -> list[str]:
    values = []
    for name in names:
        value = parameters.get(name)
        if not value:
            raise invalid_parameter(f"Missing required parameter {name}")
        values.append(value)
    return values


def check_not_locked(user: User, now: float) -> None:
    if user.locked_until > now:
        raise not_authorized("Password attempts exceeded")


def record_failure(ctx: Ctx, user: User) -> None:
    """Count a failed password; lock for 1 s, 2 s, 4 s ... up to 15 min past the threshold."""
    user.failed_attempts += 1
    over = user.failed_attempts - ctx.pool.lockout_threshold
    if over >= 0:
        user.locked_until = ctx.now + min(2**over, LOCKOUT_CAP_SECONDS)


def record_success(user: User) -> None:
    user.failed_attempts = 0
    user.locked_until = 0.0


def check_can_sign_in(ctx: Ctx, user: User) -> None:
    """Refuse, after a correct password, users who may not sign in."""
    if not user.enabled:
        raise not_authorized("User is disabled.")
    if user.status == "UNCONFIRMED":
        raise ServiceError("UserNotConfirmedException", "User is not confirmed.")
    if user.status == "RESET_REQUIRED":
        raise ServiceError("PasswordResetRequiredException", "Password reset required for the user")
    expires = user.temporary_password_expires_at
    if user.status == "FORCE_CHANGE_PASSWORD" and expires is not None and ctx.now > expires:
        raise not_authorized(
            "Temporary password has expired and must be reset by an administrator."
        )


def unknown_user_error(ctx: Ctx) -> ServiceError:
    if ctx.client.prevent_user_existence_errors == "ENABLED":
        return not_authorized("Incorrect username or password.")
    return ServiceError("UserNotFoundException", "User does not exist.")


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain[:1]}***"


def mask_phone(phone: str) -> str:
    return "+*******" + phone[-4:]


def delivery_parameters(medium: str, destination: str) -> dict[str, str]:
    masked = mask_phone(destination) if medium == "SMS" else mask_email(destination)
    return {"CODE_DELIVERY_DELIVERY_MEDIUM": medium, "CODE_DELIVERY_DESTINATION": masked}
