"""USER_AUTH, choice-based sign-in: PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP and WEB_AUTHN."""

from __future__ import annotations

import hashlib
import string
from typing import Any

from .. import srp
from ..errors import invalid_parameter, not_authorized
from ..models import Pool, User
from . import sign_up, webauthn
from .common import Ctx, check_secret_hash, delivery_parameters, require, unknown_user_error
from .first_factor import check_password_then_continue
from .srp_rounds import password_verifier_challenge
from .steps import CODE_MEDIUM, code_challenge

PASSWORDLESS = {"EMAIL_OTP": "email", "SMS_OTP": "phone_number"}


def start(ctx: Ctx, params: dict[str, str], request) -> dict[str, Any]:
    (username,) = require(params, "USERNAME")
    check_secret_hash(ctx.client, username, params.get("SECRET_HASH"))
    user = ctx.pool.find_user(username)
    if user is None and ctx.client.prevent_user_existence_errors != "ENABLED":
        raise unknown_user_error(ctx)
    if request.get("Session"):  # ConfirmSignUp's, for the sign-in right after sign-up
        return sign_up.sign_in(ctx, user, request["Session"], params)
    available = available_challenges(ctx, user)
    state = {"device_key": params.get("DEVICE_KEY"), "auth_time": int(ctx.now),
             "available": available, "name_given": username}
    preferred = params.get("PREFERRED_CHALLENGE")
    if preferred not in available:
        return {**ctx.challenge("SELECT_CHALLENGE", user, {}, state),
                "AvailableChallenges": available}
    reply = begin(ctx, user, preferred, params, state)
    if "ChallengeName" not in reply:  # tokens: the sources show the choices with challenges only
        return reply
    # The choices come back even when PREFERRED_CHALLENGE is honoured (InitiateAuth examples 1-2).
    return {**reply, "AvailableChallenges": available}


def available_challenges(ctx: Ctx, user: User | None) -> list[str]:
    """The first factors this user could use, in the pool's order.

    An unknown name (None) is offered every factor the pool allows, as a user who had them
    all would be, so the list tells nobody apart; a known user only those they have.
    """
    available = []
    for factor in ctx.pool.allowed_first_auth_factors:
        if not _has_factor(ctx.pool, user, factor):
            continue
        available += ["PASSWORD", "PASSWORD_SRP"] if factor == "PASSWORD" else [factor]
    return available


def _has_factor(pool: Pool, user: User | None, factor: str) -> bool:
    if factor == webauthn.WEB_AUTHN:
        return webauthn.offered(pool, user)
    if user is None:
        return factor == "PASSWORD" or factor in PASSWORDLESS
    if factor == "PASSWORD":
        return user.has_password
    return factor in PASSWORDLESS and bool(user.attributes.get(PASSWORDLESS[factor]))


def begin(ctx: Ctx, user: User | None, factor: str, params: dict[str, str],
          state: dict[str, Any]) -> dict[str, Any]:
    if factor == "PASSWORD":
        (password,) = require(params, "PASSWORD")
        if user is None:
            raise not_authorized("Incorrect username or password.")
        return check_password_then_continue(ctx, user, password, state)
    if factor == "PASSWORD_SRP":
        (srp_a,) = require(params, "SRP_A")
        big_a = srp.parse_srp_a(srp_a)
        if big_a is None:
            raise invalid_parameter("SRP_A is not a valid SRP public value")
        return password_verifier_challenge(ctx, user, state["name_given"], big_a, state)
    if factor == webauthn.WEB_AUTHN:
        return webauthn.challenge(ctx, user, state)
    if user is None:
        return decoy_code_challenge(ctx, factor, state)
    return code_challenge(ctx, user, factor, {**state, "passwordless": True}, purpose="SIGN_IN")


def decoy_code_challenge(ctx: Ctx, factor: str, state: dict[str, Any]) -> dict[str, Any]:
    """An unknown name's EMAIL_OTP or SMS_OTP: nothing is sent, and no code will match."""
    medium = CODE_MEDIUM[factor]
    destination = decoy_destination(ctx.pool, medium, state["name_given"])
    return ctx.challenge(factor, None, delivery_parameters(medium, destination),
                         {**state, "passwordless": True})


def decoy_destination(pool: Pool, medium: str, name: str) -> str:
    """Where a code would have gone: the name when it is an address of the medium's kind,
    else a made-up one, the same for the same pool and name (so it masks the same each time).
    """
    digest = hashlib.sha256(f"{pool.pool_id}|{name}".encode()).digest()
    if medium == "SMS":
        if name.startswith("+") and name[1:].isdigit():
            return name
        return "+1555" + "".join(str(b % 10) for b in digest[:7])
    if "@" in name:
        return name
    return f"{name[:1] or 'x'}@{string.ascii_lowercase[digest[0] % 26]}.invalid"


def select_challenge(ctx: Ctx, session, user: User | None, responses: dict[str, str]):
    """Answer SELECT_CHALLENGE (``ANSWER``) or name PASSWORD / PASSWORD_SRP directly."""
    factor = responses.get("ANSWER") or ("PASSWORD_SRP" if "SRP_A" in responses else "PASSWORD")
    if factor not in session.state.get("available", []):
        raise invalid_parameter(f"{factor} is not an available challenge for this session")
    if factor == webauthn.WEB_AUTHN and responses.get("CREDENTIAL"):
        # Not modelled: no request options were issued yet, so there is nothing to sign.
        raise invalid_parameter("Answer SELECT_CHALLENGE with ANSWER=WEB_AUTHN alone, then the "
                                "WEB_AUTHN challenge with CREDENTIAL.")
    ctx.cognito.sessions.spend(session)
    return begin(ctx, user, factor, responses, session.state)
