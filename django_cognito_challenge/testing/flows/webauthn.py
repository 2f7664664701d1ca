"""USER_AUTH's WEB_AUTHN factor: request options out, an assertion back, checked for real."""

from __future__ import annotations

import json
from typing import Any

from .. import passkeys
from ..errors import ServiceError, invalid_parameter, not_authorized
from ..models import Pool, User
from .common import Ctx, check_can_sign_in, require
from .steps import after_mfa

WEB_AUTHN = "WEB_AUTHN"
MULTI_FACTOR = "MULTI_FACTOR_WITH_USER_VERIFICATION"


def offered(pool: Pool, user: User | None) -> bool:
    """Whether USER_AUTH offers WEB_AUTHN to ``user``; an unknown name (None) has every factor.

    Where the pool's MFA is ON, a passkey is a way in only as MFA: with the pool's
    ``FactorConfiguration`` MULTI_FACTOR_WITH_USER_VERIFICATION and the user's WebAuthn MFA
    turned on (botocore's ``WebAuthnConfigurationType``, ``WebAuthnMfaSettingsType``).
    """
    config = pool.webauthn
    if WEB_AUTHN not in pool.allowed_first_auth_factors or not config.relying_party_id:
        return False
    if user is not None and not user.passkeys:
        return False
    if pool.mfa_configuration != "ON":
        return True
    return config.factor_configuration == MULTI_FACTOR and (
        user is None or user.webauthn_mfa_enabled)


def uv_required(pool: Pool) -> bool:
    """User verification is required by the pool's setting, or because the passkey is MFA."""
    return pool.webauthn.user_verification == "required" or pool.mfa_configuration == "ON"


def challenge(ctx: Ctx, user: User | None, state: dict[str, Any]) -> dict[str, Any]:
    """Issue WEB_AUTHN with PublicKeyCredentialRequestOptionsJSON; a decoy for no user.

    An unknown name gets the same options with an empty ``allowCredentials``, as a user
    would whose passkeys the browser is to discover.
    """
    nonce, uv = passkeys.new_challenge(), uv_required(ctx.pool)
    options = {
        "challenge": nonce,
        "rpId": ctx.pool.webauthn.relying_party_id,
        "allowCredentials": [_descriptor(c) for c in (user.passkeys.values() if user else ())],
        "userVerification": "required" if uv else ctx.pool.webauthn.user_verification,
        "timeout": int(ctx.session_validity * 1000),
    }
    parameters = {"CREDENTIAL_REQUEST_OPTIONS": json.dumps(options)}
    return ctx.challenge(WEB_AUTHN, user, parameters,
                         {**state, "webauthn_challenge": nonce, "uv_required": uv})


def _descriptor(credential) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"type": "public-key", "id": credential.credential_id}
    if credential.transports:
        descriptor["transports"] = list(credential.transports)
    return descriptor


def answer(ctx: Ctx, session, user: User | None, responses: dict[str, str]) -> dict[str, Any]:
    """Check ``CREDENTIAL`` against the stored passkey; any refusal spends the Session."""
    (credential,) = require(responses, "CREDENTIAL")
    try:
        parsed = passkeys.read_assertion(credential)
    except passkeys.PasskeyRefused as error:
        raise invalid_parameter("CREDENTIAL is not an AuthenticationResponseJSON.") from error
    ctx.cognito.sessions.spend(session)
    stored = user.passkeys.get(parsed.id) if user is not None else None
    rp_id = ctx.pool.webauthn.relying_party_id
    if stored is None or not rp_id:  # nobody, another user's passkey, or passkeys turned off
        raise refused()
    try:
        stored.sign_count = passkeys.check_assertion(
            parsed, challenge=session.state["webauthn_challenge"], rp_id=rp_id,
            public_key=stored.public_key, sign_count=stored.sign_count,
            uv_required=session.state.get("uv_required", True))
    except passkeys.PasskeyRefused as error:
        raise refused() from error
    check_can_sign_in(ctx, user)
    # A passkey is a whole sign-in: no MFA follows; where the pool's MFA is ON only a
    # user-verified passkey got this far, which satisfies it.
    return after_mfa(ctx, user, session.state)


def refused() -> ServiceError:
    """Every refused assertion alike, for known and unknown names (the message is a choice)."""
    return not_authorized("Incorrect username or password.")
