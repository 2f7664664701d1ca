"""RespondToAuthChallenge, one handler per challenge a user pool can issue."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .. import passwords, schema, srp, totp
from ..errors import (
    ServiceError,
    code_mismatch,
    invalid_parameter,
    not_authorized,
    totp_code_reused,
)
from ..models import User
from ..sessions import AuthSession
from . import custom, user_auth, webauthn
from .common import (
    Ctx,
    check_can_sign_in,
    check_secret_hash,
    record_failure,
    record_success,
    require,
    unknown_user_error,
)
from .results import issue_tokens
from .srp_rounds import (
    claim_is_valid,
    device_verifier_challenge,
    refuse_claim,
    require_timestamp,
)
from .steps import (
    after_first_factor,
    after_mfa,
    after_password_settled,
    code_challenge,
    mfa_challenge,
)

Answer = Callable[[Ctx, AuthSession, "User | None", dict[str, str]], dict[str, Any]]

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CODE_RESPONSE = {
    "SMS_MFA": "SMS_MFA_CODE",
    "EMAIL_OTP": "EMAIL_OTP_CODE",
    "SMS_OTP": "SMS_OTP_CODE",
}
# A wrong SMS code, as AWS words it (aws-amplify/amplify-js#3066, #11069); for the other
# codes the sources are silent and the generic CodeMismatch message stays.
WRONG_CODE_MESSAGE = {"SMS_MFA": "Invalid code or auth state for the user."}


def session_user(ctx: Ctx, session: AuthSession, responses: dict[str, str]) -> User | None:
    """The user the session is bound to; USERNAME must name that user."""
    (username,) = require(responses, "USERNAME")
    if session.username is None:  # an unknown user's decoy round
        check_secret_hash(ctx.client, username, responses.get("SECRET_HASH"))
        return None
    user = ctx.pool.users.get(ctx.pool.user_key(session.username))
    if user is None or ctx.pool.find_user(username) is not user:
        raise not_authorized("Invalid session for the user.")
    if ctx.pool.user_key(username) != ctx.pool.user_key(user.username):
        raise alias_refused(ctx)
    check_secret_hash(ctx.client, user.username, responses.get("SECRET_HASH"))
    return user


def alias_refused(ctx: Ctx) -> ServiceError:
    """Answers "must use the username and not an alias" (AdminInitiateAuthResponse).

    With a client secret AWS answers an alias USERNAME "Unable to verify secret hash"
    (alexrudd/cognito-srp#1); without one, "User does not exist."
    (furaiev/amazon-cognito-identity-dart-2#223), hidden like any unknown user when the
    client prevents user-existence errors.
    """
    if ctx.client.secret is not None:
        return not_authorized(f"Unable to verify secret hash for client {ctx.client.client_id}")
    return unknown_user_error(ctx)


def password_verifier(ctx, session, user, responses):
    require_timestamp(responses)
    ctx.cognito.sessions.spend(session)
    if user is None or session.state.get("decoy") is not None:
        raise refuse_claim()
    if user.locked_until > ctx.now:
        raise not_authorized("Password attempts exceeded")
    if not claim_is_valid(ctx, session, responses, realm=ctx.pool.srp_pool_name,
                          user_id=user.username, verifier=user.srp_verifier):
        record_failure(ctx, user)
        raise refuse_claim()
    check_can_sign_in(ctx, user)
    record_success(user)
    if session.state.get("custom_history") is not None:
        return custom.after_password(ctx, user, session.state)
    return after_first_factor(ctx, user, session.state)


def new_password_required(ctx, session, user, responses):
    (new_password,) = require(responses, "NEW_PASSWORD")
    given = {k.removeprefix("userAttributes."): v for k, v in responses.items()
             if k.startswith("userAttributes.")}
    schema.check_attributes(ctx.pool.custom_attributes, given)
    missing = session.state.get("missing", [])
    for name in missing:
        if not given.get(name):
            raise invalid_parameter(f"Invalid attributes given, {name} is missing")
    for name in given:
        if name not in missing:
            raise invalid_parameter(f"Cannot modify an already provided attribute: {name}")
    passwords.enforce_policy(ctx.pool.password_policy, new_password)
    ctx.cognito.sessions.spend(session)
    passwords.set_password(ctx.pool, user, new_password)
    user.attributes.update(given)
    user.status, user.temporary_password_expires_at, user.modified_at = "CONFIRMED", None, ctx.now
    return after_password_settled(ctx, user, session.state)


def code_answer(ctx, session, user, responses):
    name = session.challenge
    (code,) = require(responses, CODE_RESPONSE[name])
    if user is None or not srp.signature_matches(session.state.get("code", "x"), code):
        ctx.cognito.sessions.count_wrong_answer(session)
        raise code_mismatch(WRONG_CODE_MESSAGE.get(name))
    ctx.cognito.sessions.spend(session)
    if session.state.get("passwordless"):
        check_can_sign_in(ctx, user)  # the code stands for the password: states are told after it
        return issue_tokens(ctx, user, session.state)
    if session.state.get("setting_up_email"):
        user.email_mfa_enabled = True
        user.attributes["email_verified"] = "true"
    return after_mfa(ctx, user, session.state)


def software_token_mfa(ctx, session, user, responses):
    (code,) = require(responses, "SOFTWARE_TOKEN_MFA_CODE")
    step = totp.matching_step(user.totp_secret or "", code, ctx.now)
    if step is not None and step in user.used_totp_steps:
        raise totp_code_reused()  # a right code, spent: not a wrong try, the session stays
    if step is None:
        ctx.cognito.sessions.count_wrong_answer(session)
        raise code_mismatch()
    user.used_totp_steps.add(step)
    ctx.cognito.sessions.spend(session)
    return after_mfa(ctx, user, session.state)


def select_mfa_type(ctx, session, user, responses):
    (choice,) = require(responses, "ANSWER")
    if choice not in session.state.get("can_choose", []):
        raise ServiceError("MFAMethodNotFoundException", "No MFA mechanism registered in the "
                           "account for the requested type.")
    ctx.cognito.sessions.spend(session)
    return mfa_challenge(ctx, user, choice, session.state)


def mfa_setup(ctx, session, user, responses):
    can_setup = session.state.get("can_setup", [])
    if session.state.get("totp_verified"):
        ctx.cognito.sessions.spend(session)
        return after_mfa(ctx, user, session.state)
    email = responses.get("EMAIL")
    if email and "EMAIL_OTP" in can_setup:
        if not EMAIL_PATTERN.match(email):
            raise invalid_parameter("Invalid email address format.")
        ctx.cognito.sessions.spend(session)
        user.attributes.update({"email": email, "email_verified": "false"})
        state = {**session.state, "setting_up_email": True}
        return code_challenge(ctx, user, "EMAIL_OTP", state, purpose="MFA_SETUP")
    raise invalid_parameter("No MFA method has been set up and verified for this session.")


def device_srp_auth(ctx, session, user, responses):
    device_key, srp_a = require(responses, "DEVICE_KEY", "SRP_A")
    device = user.devices.get(device_key)
    if device_key != session.state.get("device_key") or device is None or not device.confirmed:
        raise not_authorized("Incorrect username or password.")
    big_a = srp.parse_srp_a(srp_a)
    if big_a is None:
        raise invalid_parameter("SRP_A is not a valid SRP public value")
    ctx.cognito.sessions.spend(session)
    return device_verifier_challenge(ctx, user, big_a, device.verifier, device.salt_hex,
                                     session.state)


def device_password_verifier(ctx, session, user, responses):
    require_timestamp(responses)
    ctx.cognito.sessions.spend(session)
    device = user.devices.get(session.state.get("device_key") or "")
    if device is None or responses.get("DEVICE_KEY") != device.key:
        raise refuse_claim()
    if not claim_is_valid(ctx, session, responses, realm=device.group_key,
                          user_id=device.key, verifier=device.verifier):
        raise refuse_claim()
    device.last_authenticated_at = ctx.now
    return issue_tokens(ctx, user, {**session.state, "device_verified": True})


ANSWERS: dict[str, Answer] = {
    "PASSWORD_VERIFIER": password_verifier,
    "NEW_PASSWORD_REQUIRED": new_password_required,
    "SMS_MFA": code_answer,
    "EMAIL_OTP": code_answer,
    "SMS_OTP": code_answer,
    "SOFTWARE_TOKEN_MFA": software_token_mfa,
    "SELECT_MFA_TYPE": select_mfa_type,
    "MFA_SETUP": mfa_setup,
    "DEVICE_SRP_AUTH": device_srp_auth,
    "DEVICE_PASSWORD_VERIFIER": device_password_verifier,
    "CUSTOM_CHALLENGE": custom.answer,
    "SELECT_CHALLENGE": user_auth.select_challenge,
    "PASSWORD": user_auth.select_challenge,
    "PASSWORD_SRP": user_auth.select_challenge,
    "WEB_AUTHN": webauthn.answer,
}

# The device's own steps: DEVICE_KEY in their answers proves a device already named.
DEVICE_STEPS = ("DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER")

# Challenge names a session accepts beyond its own (USER_AUTH's direct answers).
ACCEPTED_AFTER = {"SELECT_CHALLENGE": {"SELECT_CHALLENGE", "PASSWORD", "PASSWORD_SRP"}}
