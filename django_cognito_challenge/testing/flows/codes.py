"""Codes an operation sends and later takes back (a reset code, a sign-up code), and what the
operations sending them share: the named user, and refusals hidden behind a simulated delivery.
"""

from __future__ import annotations

import hmac
from typing import Any

from ..errors import ServiceError, code_mismatch, not_authorized
from ..models import PendingCode, User
from .common import Ctx, check_secret_hash
from .recovery import simulated_delivery

#: The wrong-code message of ConfirmForgotPassword and ConfirmSignUp, as public client code
#: quotes Cognito's ConfirmSignUp CodeMismatchException.
WRONG_CODE = "Invalid verification code provided, please try again."


def user_not_found() -> ServiceError:
    return ServiceError("UserNotFoundException", "Username/client id combination not found.")


def expired_code() -> ServiceError:
    return ServiceError("ExpiredCodeException",
                        "Invalid code provided, please request a code again.")


def resolve(cognito, request: dict[str, Any]) -> tuple[Ctx, str, User | None]:
    """The call's client, the name given (its ``SecretHash`` checked) and the user it names."""
    ctx = Ctx.for_client(cognito, request.get("ClientId"))
    name = request.get("Username") or ""
    check_secret_hash(ctx.client, name, request.get("SecretHash"))
    return ctx, name, ctx.pool.find_user(name)


def send(ctx: Ctx, user: User, medium: str, purpose: str, validity: float) -> PendingCode:
    """Put a fresh code in the outbox; the returned code is the only valid one from now on."""
    code = ctx.cognito.send_code(ctx.pool, user, medium, purpose)
    return PendingCode(code, ctx.now + validity, medium)


def check(pending: PendingCode | None, given: str | None, now: float) -> None:
    """Refuse a code never asked for or lapsed (expired), then a wrong one (mismatch)."""
    if pending is None or now >= pending.expires_at:
        raise expired_code()
    if not hmac.compare_digest((given or "").encode(), pending.code.encode()):
        raise code_mismatch(WRONG_CODE)


def simulated_or_raise(ctx: Ctx, name: str, refusal: ServiceError) -> dict[str, Any]:
    """With ``PreventUserExistenceErrors=ENABLED`` a simulated delivery, else the refusal."""
    if ctx.client.prevent_user_existence_errors == "ENABLED":
        return {"CodeDeliveryDetails": simulated_delivery(ctx.pool, name)}
    raise refusal


def refuse_nobody_or_disabled(ctx: Ctx, user: User | None) -> None:
    """A code given back for nobody, or for a disabled user: a wrong code where the client
    hides existence (DG, managing user-existence errors), else what LEGACY says of each."""
    if user is not None and user.enabled:
        return
    if ctx.client.prevent_user_existence_errors == "ENABLED":
        raise code_mismatch(WRONG_CODE)
    raise user_not_found() if user is None else not_authorized("User is disabled.")
