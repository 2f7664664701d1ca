"""Registering a passkey: creation options with a single-use challenge, then the check."""

from __future__ import annotations

from typing import Any

from .. import passkeys
from ..errors import ServiceError, invalid_parameter
from ..models import PasskeyCredential, Pool, User
from .webauthn import WEB_AUTHN

#: The error each refusal answers, among CompleteWebAuthnRegistration's modelled ones; the
#: messages are the local Cognito's own (the sources quote none).
REFUSALS = {
    passkeys.MALFORMED: ("InvalidParameterException",
                         "Credential is not a valid RegistrationResponseJSON."),
    passkeys.CLIENT_TYPE: ("WebAuthnClientMismatchException",
                           "The client data type is not webauthn.create."),
    passkeys.CHALLENGE: ("WebAuthnChallengeNotFoundException",
                         "No pending registration challenge matches this credential."),
    passkeys.ORIGIN: ("WebAuthnOriginNotAllowedException",
                      "The credential's origin is not allowed for this relying party."),
    passkeys.RELYING_PARTY: ("WebAuthnRelyingPartyMismatchException",
                             "The credential was made for another relying party."),
    passkeys.USER_VERIFICATION: ("WebAuthnCredentialNotSupportedException",
                                 "The user pool requires user verification."),
    passkeys.ALGORITHM: ("WebAuthnCredentialNotSupportedException",
                         "The credential's algorithm or attestation is not supported."),
}
#: Refusals found before the pending challenge is looked at leave it for another try.
KEEPS_CHALLENGE = (passkeys.MALFORMED, passkeys.CLIENT_TYPE, passkeys.CHALLENGE)


def check_enabled(pool: Pool, *, starting: bool) -> str:
    """Return the pool's relying party id, or refuse as the operation's model allows."""
    if WEB_AUTHN not in pool.allowed_first_auth_factors:
        raise ServiceError("WebAuthnNotEnabledException",
                           "Passkey authentication is not enabled for this user pool.")
    rp_id = pool.webauthn.relying_party_id
    if rp_id:
        return rp_id
    if starting:
        raise ServiceError("WebAuthnConfigurationMissingException",
                           "The user pool has no passkey relying party id configured.")
    # CompleteWebAuthnRegistration models no "configuration missing": a relying party id
    # removed since the start cannot be the credential's.
    raise ServiceError(*REFUSALS[passkeys.RELYING_PARTY])


def creation_options(pool: Pool, user: User, now: float) -> dict[str, Any]:
    """PublicKeyCredentialCreationOptionsJSON; its challenge replaces any pending one."""
    rp_id = check_enabled(pool, starting=True)
    nonce = passkeys.new_challenge()
    user.webauthn_challenge = (nonce, now + passkeys.TIMEOUT_MS / 1000)
    return {
        "rp": {"id": rp_id, "name": pool.name},
        "user": {"id": passkeys.b64url(user.sub.encode()), "name": user.username,
                 "displayName": user.attributes.get("name") or user.username},
        "challenge": nonce,
        "pubKeyCredParams": [{"type": "public-key", "alg": alg} for alg in passkeys.ALGORITHMS],
        "timeout": passkeys.TIMEOUT_MS,
        "excludeCredentials": [{"type": "public-key", "id": c.credential_id,
                                **({"transports": list(c.transports)} if c.transports else {})}
                               for c in user.passkeys.values()],
        "authenticatorSelection": {"residentKey": "required", "requireResidentKey": True,
                                   "userVerification": pool.webauthn.user_verification},
        "attestation": "none",
    }


def register(pool: Pool, user: User, credential: Any, now: float) -> PasskeyCredential:
    """Check a RegistrationResponseJSON against the pending challenge and store the passkey."""
    rp_id = check_enabled(pool, starting=False)
    pending = user.webauthn_challenge
    live = pending[0] if pending is not None and now < pending[1] else None
    try:
        registered = passkeys.check_registration(
            credential, challenge=live, rp_id=rp_id,
            uv_required=pool.webauthn.user_verification == "required")
    except passkeys.PasskeyRefused as error:
        if error.reason not in KEEPS_CHALLENGE:
            user.webauthn_challenge = None
        raise ServiceError(*REFUSALS[error.reason]) from error
    user.webauthn_challenge = None
    if any(registered.credential_id in other.passkeys for other in pool.users.values()):
        raise invalid_parameter("This passkey is already registered.")
    return store(user, registered, rp_id, now)


def store(user: User, registered: passkeys.Registered, rp_id: str,
          now: float) -> PasskeyCredential:
    user.passkeys_made += 1
    stored = PasskeyCredential(
        credential_id=registered.credential_id, public_key=registered.public_key,
        sign_count=registered.sign_count, relying_party_id=rp_id,
        friendly_name=f"Passkey {user.passkeys_made}", created_at=now,
        attachment=registered.attachment, transports=registered.transports)
    user.passkeys[stored.credential_id] = stored
    return stored
