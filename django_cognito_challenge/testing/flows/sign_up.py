"""Self-service sign-up: who the new user is, where the code goes, confirmation, and the
USER_AUTH sign-in with the ``Session`` ConfirmSignUp returns.

The sources of each behaviour are in ``testing/README.md`` (from the "SignUp" row on).
"""

from __future__ import annotations

import uuid
from typing import Any

from .. import passwords
from ..errors import ServiceError, invalid_parameter, not_authorized
from ..models import Pool, User, holds_alias
from ..sessions import AuthSession
from . import codes
from .common import Ctx, check_can_sign_in
from .recovery import delivery
from .steps import after_first_factor

#: "The code is valid for 24 hours" (DG, signing up and confirming user accounts).
CODE_VALIDITY_SECONDS = 24 * 3600
#: What the two sessions are for: SignUp's (for ConfirmSignUp) and ConfirmSignUp's (for
#: InitiateAuth with USER_AUTH). Neither is a challenge RespondToAuthChallenge answers.
SIGNED_UP = "SIGN_UP"
CONFIRMED = "SIGN_UP_CONFIRMED"
ATTRIBUTE = {"SMS": "phone_number", "EMAIL": "email"}
PASSWORDLESS = {"EMAIL_OTP": "email", "SMS_OTP": "phone_number"}


def identity(pool: Pool, name: str, attributes: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The new user's username and attributes; where users sign in with an email or a phone
    number (``UsernameAttributes``) the name given is that attribute and the username a UUID."""
    if not pool.username_attributes:
        return name, attributes
    kind = next((a for a in pool.username_attributes if _looks_like(a, name)), None)
    if kind is None:
        raise invalid_parameter(_username_format(pool.username_attributes))
    return str(uuid.uuid4()), {**attributes, kind: name}


def _looks_like(attribute: str, name: str) -> bool:
    if attribute == "email":
        return "@" in name.strip("@")
    return name.startswith("+") and name[1:].isdigit()


def _username_format(kinds: tuple[str, ...]) -> str:
    if len(kinds) > 1:
        return "Username should be either an email or a phone number."
    return "Username should be an email." if kinds[0] == "email" else (
        "Username should be a phone number.")


def check_attributes(pool: Pool, attributes: dict[str, str]) -> None:
    """Refuse a ``*_verified`` claim (our wording), then a missing required attribute (AWS's)."""
    for name in attributes:
        if name.endswith("_verified"):
            raise invalid_parameter(f"Attributes did not conform to the schema: {name}: "
                                    "a client cannot verify an attribute at sign-up\n")
    for name in pool.required_attributes:
        if not attributes.get(name):
            raise invalid_parameter(f"Attributes did not conform to the schema: {name}: "
                                    "The attribute is required\n")


def check_password(pool: Pool, password: str | None, attributes: dict[str, str]) -> None:
    """Apply the policy, unless the user may go without a password (a passwordless factor the
    pool allows, with its attribute given); a missing password is checked as an empty one."""
    if not password and any(factor in pool.allowed_first_auth_factors and attributes.get(name)
                            for factor, name in PASSWORDLESS.items()):
        return
    passwords.enforce_policy(pool.password_policy, password or "")


def refuse_taken(pool: Pool, name: str) -> None:
    """Refuse a username someone has, or (users signing in with it) an email or phone number."""
    if not pool.username_attributes:
        if pool.user_key(name) in pool.users:
            raise ServiceError("UsernameExistsException", "User already exists")
        return
    if pool.find_user(name) is not None:
        kind = "email" if "@" in name else "phone_number"
        raise ServiceError("UsernameExistsException",
                           f"An account with the given {kind} already exists.")


def send_code(ctx: Ctx, user: User) -> dict[str, str] | None:
    """Send a new confirmation code (the old one stops working); its ``CodeDeliveryDetails``.

    The code goes to an attribute the pool verifies automatically, the phone number first
    (DG); None when the user has none of them.
    """
    for attribute, medium in (("phone_number", "SMS"), ("email", "EMAIL")):
        destination = user.attributes.get(attribute)
        if attribute in ctx.pool.auto_verified_attributes and destination:
            user.sign_up_code = codes.send(ctx, user, medium, "SIGN_UP", CODE_VALIDITY_SECONDS)
            return delivery(medium, destination)
    return None


def cannot_resend(user: User | None) -> ServiceError | None:
    """Why ResendConfirmationCode sends ``user`` nothing (LEGACY's error for it), or None."""
    if user is None:
        return codes.user_not_found()
    if not user.enabled:
        return not_authorized("User is disabled.")
    if user.status != "UNCONFIRMED":
        return invalid_parameter("User is already confirmed.")
    return None


def confirm(ctx: Ctx, user: User, force_alias: bool) -> None:
    """Confirm ``user`` and verify the attribute the code went to.

    An alias another user holds is refused without ``ForceAliasCreation`` and moved to this
    user with it (BC, ``ForceAliasCreation``).
    """
    attribute = ATTRIBUTE[user.sign_up_code.medium]
    holder = alias_holder(ctx.pool, user, attribute)
    if holder is not None:
        if not force_alias:
            raise ServiceError("AliasExistsException",
                               f"An account with the given {attribute} already exists.")
        holder.attributes[f"{attribute}_verified"] = "false"
    user.attributes[f"{attribute}_verified"] = "true"
    user.status, user.sign_up_code, user.modified_at = "CONFIRMED", None, ctx.now


def alias_holder(pool: Pool, user: User, attribute: str) -> User | None:
    """The other user who signs in with ``user``'s ``attribute`` as a verified alias."""
    if attribute not in pool.alias_attributes:
        return None
    value = user.attributes.get(attribute, "")
    return next((other for other in pool.users.values()
                 if other is not user and holds_alias(other, attribute, value)), None)


def issue_session(ctx: Ctx, user: User, purpose: str, lifetime: float) -> str:
    """A single-use ``Session`` for ``purpose``, bound to the client and the user."""
    return ctx.cognito.sessions.issue(
        pool_id=ctx.pool.pool_id, client_id=ctx.client.client_id, username=user.username,
        challenge=purpose, expires_at=ctx.now + lifetime, state={}).token


def open_session(ctx: Ctx, token: str, purpose: str, user: User | None) -> AuthSession:
    """The live session ``token`` names, when it is for ``purpose`` and for ``user``."""
    session = ctx.cognito.sessions.open(token, client_id=ctx.client.client_id, now=ctx.now)
    if session.challenge != purpose or user is None or session.username != user.username:
        raise not_authorized("Invalid session for the user.")
    return session


def sign_in(ctx: Ctx, user: User | None, token: str, params: dict[str, str]) -> dict[str, Any]:
    """InitiateAuth with USER_AUTH and ConfirmSignUp's ``Session``: the confirmation code is the
    first factor (BC, InitiateAuth ``Session``); what the pool asks next follows."""
    session = open_session(ctx, token, CONFIRMED, user)
    ctx.cognito.sessions.spend(session)
    check_can_sign_in(ctx, user)
    state = {"device_key": params.get("DEVICE_KEY"), "auth_time": int(ctx.now)}
    return after_first_factor(ctx, user, state)
