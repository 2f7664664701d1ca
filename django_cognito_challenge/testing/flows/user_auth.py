"""USER_AUTH, choice-based sign-in: PASSWORD, PASSWORD_SRP, EMAIL_OTP and SMS_OTP."""

from __future__ import annotations

from typing import Any

from .. import srp
from ..errors import invalid_parameter, not_authorized
from ..models import User
from .common import Ctx, check_secret_hash, require
from .first_factor import check_password_then_continue
from .srp_rounds import password_verifier_challenge
from .steps import code_challenge

PASSWORDLESS = {"EMAIL_OTP": "email", "SMS_OTP": "phone_number"}


def start(ctx: Ctx, params: dict[str, str], request) -> dict[str, Any]:
    (username,) = require(params, "USERNAME")
    check_secret_hash(ctx.client, username, params.get("SECRET_HASH"))
    user = ctx.pool.find_user(username)
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
    """The first factors this user could use; unknown users see the password factors."""
    available = []
    for factor in ctx.pool.allowed_first_auth_factors:
        if factor == "PASSWORD" and (user is None or user.has_password):
            available += ["PASSWORD", "PASSWORD_SRP"]
        elif factor in PASSWORDLESS and user is not None and user.attributes.get(
            PASSWORDLESS[factor]
        ):
            available.append(factor)
    return available


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
    return code_challenge(ctx, user, factor, {**state, "passwordless": True}, purpose="SIGN_IN")


def select_challenge(ctx: Ctx, session, user: User | None, responses: dict[str, str]):
    """Answer SELECT_CHALLENGE (``ANSWER``) or name PASSWORD / PASSWORD_SRP directly."""
    factor = responses.get("ANSWER") or ("PASSWORD_SRP" if "SRP_A" in responses else "PASSWORD")
    if factor not in session.state.get("available", []):
        raise invalid_parameter(f"{factor} is not an available challenge for this session")
    ctx.cognito.sessions.spend(session)
    return begin(ctx, user, factor, responses, session.state)
