"""Self-service sign-up: SignUp, ConfirmSignUp and ResendConfirmationCode.

A new user is ``UNCONFIRMED`` until ConfirmSignUp takes the code SignUp sent to an attribute
the pool verifies automatically; then ConfirmSignUp's ``Session`` signs the user in once with
USER_AUTH (``flows/sign_up.py``). A pool where only administrators create users refuses
SignUp; a pre sign-up trigger may refuse it, or confirm the user at once
(``flows/pre_sign_up.py``). The sources are in ``testing/README.md``.
"""

from __future__ import annotations

from typing import Any

from .. import schema
from ..errors import invalid_parameter, not_authorized
from ..flows import codes, pre_sign_up, sign_up
from ..registry import operation


@operation("SignUp")
def sign_up_user(cognito, request: dict[str, Any]) -> dict[str, Any]:
    """Create an ``UNCONFIRMED`` user and send the confirmation code, where the pool sends one;
    a user the pre sign-up trigger confirms is ``CONFIRMED`` and sent nothing."""
    ctx, name, _ = codes.resolve(cognito, request)
    if ctx.pool.allow_admin_create_user_only:
        raise not_authorized("SignUp is not permitted for this user pool")
    given = {a["Name"]: a["Value"] for a in request.get("UserAttributes") or []}
    username, attributes = sign_up.identity(ctx.pool, name, given)
    schema.check_attributes(ctx.pool.custom_attributes, attributes)
    sign_up.check_attributes(ctx.pool, attributes)
    password = request.get("Password") or None
    sign_up.check_password(ctx.pool, password, attributes)
    sign_up.refuse_taken(ctx.pool, name)
    decision = pre_sign_up.at_sign_up(ctx, username, attributes, request)
    sub = {"sub": username} if ctx.pool.username_attributes else {}
    user = cognito.add_user(ctx.pool.pool_id, username, password, attributes=attributes,
                            status="UNCONFIRMED", **sub)
    pre_sign_up.apply(ctx.pool, user, decision, ctx.now)
    reply: dict[str, Any] = {
        "UserConfirmed": decision.confirm, "UserSub": user.sub,
        "Session": sign_up.issue_session(ctx, user, sign_up.SIGNED_UP,
                                         sign_up.CODE_VALIDITY_SECONDS),
    }
    if decision.confirm:
        return reply  # confirmed without a code: none is sent (DG)
    details = sign_up.send_code(ctx, user)
    return {**reply, "CodeDeliveryDetails": details} if details else reply


@operation("ConfirmSignUp")
def confirm_sign_up(cognito, request: dict[str, Any]) -> dict[str, Any]:
    """Confirm the user with the code; answer the ``Session`` that signs them in once."""
    ctx, _, user = codes.resolve(cognito, request)
    codes.refuse_nobody_or_disabled(ctx, user)
    if user.status != "UNCONFIRMED":
        raise not_authorized(f"User cannot be confirmed. Current status is {user.status}")
    token = request.get("Session")
    signed_up = token and sign_up.open_session(ctx, token, sign_up.SIGNED_UP, user)
    codes.check(user.sign_up_code, request.get("ConfirmationCode"), ctx.now)
    sign_up.confirm(ctx, user, bool(request.get("ForceAliasCreation")))
    if signed_up:
        cognito.sessions.spend(signed_up)
    return {"Session": sign_up.issue_session(ctx, user, sign_up.CONFIRMED,
                                             ctx.session_validity)}


@operation("ResendConfirmationCode")
def resend_confirmation_code(cognito, request: dict[str, Any]) -> dict[str, Any]:
    """Send a new code, the only valid one from now on, to an unconfirmed user."""
    ctx, name, user = codes.resolve(cognito, request)
    if not ctx.pool.auto_verified_attributes:
        raise invalid_parameter("Cannot resend codes. Auto verification not turned on.")
    refusal = sign_up.cannot_resend(user)
    if refusal is not None:
        return codes.simulated_or_raise(ctx, name, refusal)
    details = sign_up.send_code(ctx, user)
    if details is None:
        return codes.simulated_or_raise(ctx, name, invalid_parameter(
            "The user has no email or phone number the pool verifies automatically."))
    return {"CodeDeliveryDetails": details}
