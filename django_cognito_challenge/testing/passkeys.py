"""WebAuthn checks the local Cognito makes of passkeys, by the W3C spec and with py_webauthn.

Each check refuses with :class:`PasskeyRefused` naming a ``reason``; the callers turn a reason
into the error Cognito answers (registration and sign-in answer differently). The precise
reasons (origin, relying party, client data type, challenge) are found here first, by parsing
what the browser sent; py_webauthn then does the cryptographic verification.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

try:  # the ``testing`` extra installs it; without it the passkey operations say so
    from webauthn import verify_authentication_response, verify_registration_response
    from webauthn.helpers import (
        decode_credential_public_key,
        parse_attestation_object,
        parse_authentication_credential_json,
        parse_client_data_json,
        parse_registration_credential_json,
    )
    from webauthn.helpers.cose import COSEAlgorithmIdentifier
    from webauthn.helpers.exceptions import WebAuthnException
except ImportError:  # pragma: no cover - exercised only without the extra
    verify_registration_response = None  # type: ignore[assignment]

    class WebAuthnException(Exception):  # type: ignore[no-redef]
        """Stands in for py_webauthn's base exception when it is missing."""

#: ES256 and RS256, the algorithms the creation options offer (pubKeyCredParams).
ALGORITHMS = (-7, -257)
#: Milliseconds the browser is given: the lowest of the W3C's recommended 300000 to 600000.
TIMEOUT_MS = 300_000

#: Why a passkey was refused; callers map each to the error their operation answers.
MALFORMED, CLIENT_TYPE, CHALLENGE, ORIGIN, RELYING_PARTY = (
    "malformed", "client_type", "challenge", "origin", "relying_party")
USER_VERIFICATION, ALGORITHM, SIGNATURE = "user_verification", "algorithm", "signature"


class PasskeyRefused(Exception):
    """A registration or assertion the local Cognito does not accept, and why."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class Registered:
    """What a verified registration yields for the store."""

    credential_id: str
    public_key: bytes
    sign_count: int
    attachment: str | None
    transports: tuple[str, ...]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_challenge() -> str:
    """32 random bytes, base64url (the spec asks for at least 16)."""
    return b64url(secrets.token_bytes(32))


def origin_allowed(origin: str, rp_id: str) -> bool:
    """``https://<rp id>`` or a subdomain, any port; ``http://localhost`` for rp id localhost.

    WebAuthn (§4, "RP ID") lets a page use its own domain or a registrable suffix as rp id,
    from a secure context, of which ``http://localhost`` is one (W3C Secure Contexts).
    """
    if not isinstance(origin, str):
        return False
    parts = urlsplit(origin)
    try:
        parts.port  # noqa: B018 - a malformed port raises here
    except ValueError:
        return False
    host, rp_id = parts.hostname or "", rp_id.lower()
    if parts.username or parts.password or parts.path or parts.query or parts.fragment:
        return False
    if parts.scheme == "http":
        return rp_id == "localhost" and host == "localhost"
    return parts.scheme == "https" and (host == rp_id or host.endswith("." + rp_id))


def check_registration(credential: Any, *, challenge: str | None, rp_id: str,
                       uv_required: bool) -> Registered:
    """Verify a RegistrationResponseJSON; ``challenge`` is the pending one, or None."""
    parsed = _parsed(parse_registration_credential_json, credential)
    client = _client_data(parsed.response.client_data_json, "webauthn.create")
    if challenge is None or client.challenge != unb64url(challenge):
        raise PasskeyRefused(CHALLENGE)
    if not origin_allowed(client.origin, rp_id):
        raise PasskeyRefused(ORIGIN, client.origin)
    auth_data = _parsed(parse_attestation_object, parsed.response.attestation_object).auth_data
    _check_authenticator_data(auth_data, rp_id, uv_required)
    attested = auth_data.attested_credential_data
    if attested is None or _algorithm(attested.credential_public_key) not in ALGORITHMS:
        raise PasskeyRefused(ALGORITHM)
    try:
        verified = verify_registration_response(
            credential=parsed, expected_challenge=unb64url(challenge), expected_rp_id=rp_id,
            expected_origin=client.origin, require_user_verification=uv_required,
            supported_pub_key_algs=[COSEAlgorithmIdentifier(alg) for alg in ALGORITHMS])
    except WebAuthnException as error:  # an attestation statement that does not verify
        raise PasskeyRefused(ALGORITHM, str(error)) from error
    return Registered(b64url(verified.credential_id), verified.credential_public_key,
                      verified.sign_count, _attachment(parsed), _transports(parsed))


def read_assertion(credential: str) -> Any:
    """Parse an AuthenticationResponseJSON string; refuse what is not one."""
    return _parsed(parse_authentication_credential_json, credential)


def check_assertion(parsed: Any, *, challenge: str, rp_id: str, public_key: bytes,
                    sign_count: int, uv_required: bool) -> int:
    """Verify an assertion of a stored credential; return the authenticator's new count."""
    client = _client_data(parsed.response.client_data_json, "webauthn.get")
    if client.challenge != unb64url(challenge):
        raise PasskeyRefused(CHALLENGE)
    if not origin_allowed(client.origin, rp_id):
        raise PasskeyRefused(ORIGIN, client.origin)
    try:
        verified = verify_authentication_response(
            credential=parsed, expected_challenge=unb64url(challenge), expected_rp_id=rp_id,
            expected_origin=client.origin, credential_public_key=public_key,
            credential_current_sign_count=sign_count, require_user_verification=uv_required)
    except WebAuthnException as error:
        raise PasskeyRefused(SIGNATURE, str(error)) from error
    return verified.new_sign_count


def _parsed(parse, value: Any) -> Any:
    if verify_registration_response is None:  # pragma: no cover
        raise RuntimeError("the local Cognito checks passkeys with py_webauthn: "
                           "pip install 'django-cognito-challenge[testing]'")
    try:
        return parse(value)
    except (WebAuthnException, ValueError, TypeError, KeyError) as error:
        raise PasskeyRefused(MALFORMED, str(error)) from error


def _client_data(raw: bytes, expected_type: str) -> Any:
    client = _parsed(parse_client_data_json, raw)
    if client.type != expected_type:
        raise PasskeyRefused(CLIENT_TYPE, str(client.type))
    return client


def _check_authenticator_data(auth_data: Any, rp_id: str, uv_required: bool) -> None:
    if auth_data.rp_id_hash != hashlib.sha256(rp_id.encode()).digest():
        raise PasskeyRefused(RELYING_PARTY)
    if uv_required and not auth_data.flags.uv:
        raise PasskeyRefused(USER_VERIFICATION)


def _algorithm(public_key: bytes) -> int | None:
    try:
        return int(decode_credential_public_key(public_key).alg)
    except (WebAuthnException, ValueError, KeyError):
        return None


def _attachment(parsed: Any) -> str | None:
    attachment = parsed.authenticator_attachment
    return str(attachment.value) if attachment is not None else None


def _transports(parsed: Any) -> tuple[str, ...]:
    return tuple(str(t.value) for t in parsed.response.transports or ())
