"""What the password operations share: attempt limits, where a code goes, decoy deliveries."""

from __future__ import annotations

import hashlib
import string

from ..errors import ServiceError
from ..models import Pool, User
from .common import mask_email, mask_phone

#: "The recovery code is valid for one hour" (DG, recovering user accounts).
CODE_VALIDITY_SECONDS = 3600
#: "In a given hour, we allow between 5 and 20 attempts for a user to request or enter a password
#: reset code" (DG, forgot-password behaviour): the strictest end of that range.
ATTEMPTS_PER_HOUR = 5
HOUR = 3600


def limit_exceeded() -> ServiceError:
    return ServiceError("LimitExceededException",
                        "Attempt limit exceeded, please try after some time.")


def count_attempt(pool: Pool, key: str, now: float) -> None:
    """Count one attempt under ``key``; past the hour's limit, refuse it (uncounted)."""
    recent = [at for at in pool.attempt_log.get(key, []) if now - at < HOUR]
    if len(recent) >= ATTEMPTS_PER_HOUR:
        pool.attempt_log[key] = recent
        raise limit_exceeded()
    pool.attempt_log[key] = [*recent, now]


def attempt_key(operation: str, user: User | None, name: str) -> str:
    """Whose attempts these are: the user's, or (for a name of nobody) the name's."""
    return f"{operation}:{user.username}" if user is not None else f"{operation}?{name}"


def recovery_contact(user: User) -> tuple[str, str] | None:
    """(medium, address) of the code: a verified phone first, then a verified email.

    Without an ``AccountRecoverySetting`` Cognito uses this legacy order (DG, recovering user
    accounts); an unverified address never receives a code.
    """
    attributes = user.attributes
    if attributes.get("phone_number") and attributes.get("phone_number_verified") == "true":
        return "SMS", attributes["phone_number"]
    if attributes.get("email") and attributes.get("email_verified") == "true":
        return "EMAIL", attributes["email"]
    return None


def delivery(medium: str, destination: str) -> dict[str, str]:
    """``CodeDeliveryDetails`` for a code sent to ``destination`` (masked here)."""
    masked = mask_phone(destination) if medium == "SMS" else mask_email(destination)
    attribute = "phone_number" if medium == "SMS" else "email"
    return {"Destination": masked, "DeliveryMedium": medium, "AttributeName": attribute}


def simulated_delivery(pool: Pool, name: str) -> dict[str, str]:
    """A decoy ``CodeDeliveryDetails`` for a name no code goes to, the same each time.

    Its medium follows the name's format (an email, a phone number, else email), as the DG says
    of PreventUserExistenceErrors; for a plain name the masked domain's letter is derived from
    the pool and the name.
    """
    if "@" in name:
        return delivery("EMAIL", name)
    if name.startswith("+") and name[1:].isdigit():
        return delivery("SMS", name)
    digest = hashlib.sha256(f"{pool.pool_id}|{name}".encode()).digest()
    letter = string.ascii_lowercase[digest[0] % 26]
    return {"Destination": f"{name[:1]}***@{letter}***", "DeliveryMedium": "EMAIL",
            "AttributeName": "email"}
