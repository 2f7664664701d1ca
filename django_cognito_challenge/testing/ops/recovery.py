"""Forgotten passwords: ForgotPassword sends a code, ConfirmForgotPassword sets a new password.

With ``PreventUserExistenceErrors=ENABLED`` a name of nobody, a disabled user, one who cannot
reset (``FORCE_CHANGE_PASSWORD``) or one without a verified address gets a simulated delivery,
and ConfirmForgotPassword answers a wrong code for the first two (DG, managing user-existence
errors); with ``LEGACY`` each gets its own error.
"""

from __future__ import annotations

from typing import Any

from .. import passwords
from ..errors import ServiceError, invalid_parameter, not_authorized
from ..flows import codes
from ..flows.recovery import (
    CODE_VALIDITY_SECONDS,
    attempt_key,
    count_attempt,
    delivery,
    recovery_contact,
)
from ..models import User
from ..registry import operation


@operation("ForgotPassword")
def forgot_password(cognito, request: dict[str, Any]) -> dict[str, Any]:
    """Send a fresh code (the only valid one from now on) to the user's verified address."""
    ctx, name, user = codes.resolve(cognito, request)
    count_attempt(ctx.pool, attempt_key("recovery", user, name), ctx.now)
    refusal = _cannot_send(user)
    if refusal is not None:
        return codes.simulated_or_raise(ctx, name, refusal)
    medium, destination = recovery_contact(user)
    user.reset_code = codes.send(ctx, user, medium, "FORGOT_PASSWORD", CODE_VALIDITY_SECONDS)
    return {"CodeDeliveryDetails": delivery(medium, destination)}


def _cannot_send(user: User | None) -> ServiceError | None:
    """Why no code can go to ``user`` (LEGACY's error for it), or None."""
    if user is None:
        return codes.user_not_found()
    if not user.enabled:
        return not_authorized("User is disabled.")
    if user.status == "FORCE_CHANGE_PASSWORD":
        # A user with a temporary password signs in with it instead (KC cognito-forgot-password).
        return not_authorized("User password cannot be reset in the current state.")
    if recovery_contact(user) is None:
        return invalid_parameter("Cannot reset password for the user as there is no "
                                 "registered/verified email or phone_number")
    return None


@operation("ConfirmForgotPassword")
def confirm_forgot_password(cognito, request: dict[str, Any]) -> dict[str, Any]:
    """Set the new password; it never signs anybody in."""
    ctx, name, user = codes.resolve(cognito, request)
    count_attempt(ctx.pool, attempt_key("recovery", user, name), ctx.now)
    codes.refuse_nobody_or_disabled(ctx, user)
    codes.check(user.reset_code, request.get("ConfirmationCode"), ctx.now)
    passwords.enforce_policy(ctx.pool.password_policy, request.get("Password") or "")
    passwords.set_password(ctx.pool, user, request["Password"])
    user.reset_code = None
    if user.status in ("RESET_REQUIRED", "FORCE_CHANGE_PASSWORD"):
        user.status = "CONFIRMED"
    return {}
