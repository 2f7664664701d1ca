"""A signed-in user's passkeys: register (start, complete), list and delete them."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from ..errors import invalid_parameter, resource_not_found
from ..flows.access import signed_in_user
from ..flows.passkey_registration import creation_options, register
from ..models import PasskeyCredential
from ..registry import operation

#: WebAuthnCredentialsQueryLimitType allows 0 to 20; an omitted MaxResults lists up to 20.
MAX_RESULTS = 20


@operation("StartWebAuthnRegistration")
def start_web_authn_registration(cognito, request: dict[str, Any]) -> dict[str, Any]:
    pool, user, _ = signed_in_user(cognito, request.get("AccessToken"))
    return {"CredentialCreationOptions": creation_options(pool, user, cognito.now())}


@operation("CompleteWebAuthnRegistration")
def complete_web_authn_registration(cognito, request: dict[str, Any]) -> dict[str, Any]:
    pool, user, _ = signed_in_user(cognito, request.get("AccessToken"))
    register(pool, user, request.get("Credential"), cognito.now())
    return {}


@operation("ListWebAuthnCredentials")
def list_web_authn_credentials(cognito, request: dict[str, Any]) -> dict[str, Any]:
    _, user, _ = signed_in_user(cognito, request.get("AccessToken"))
    credentials = sorted(user.passkeys.values(), key=lambda c: (c.created_at, c.friendly_name))
    start = _position(request.get("NextToken"), len(credentials))
    limit = request.get("MaxResults", MAX_RESULTS) or MAX_RESULTS
    page = credentials[start:start + limit]
    reply: dict[str, Any] = {"Credentials": [_described(c) for c in page]}
    if start + limit < len(credentials):
        reply["NextToken"] = base64.urlsafe_b64encode(f"{start + limit}".encode()).decode()
    return reply


def _position(token: str | None, count: int) -> int:
    if token is None:
        return 0
    try:
        position = int(base64.urlsafe_b64decode(token.encode()).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise invalid_parameter("Invalid pagination token.") from error
    if not 0 <= position <= count:
        raise invalid_parameter("Invalid pagination token.")
    return position


def _described(credential: PasskeyCredential) -> dict[str, Any]:
    described: dict[str, Any] = {
        "CredentialId": credential.credential_id,
        "FriendlyCredentialName": credential.friendly_name,
        "RelyingPartyId": credential.relying_party_id,
        "AuthenticatorTransports": list(credential.transports),
        "CreatedAt": credential.created_at,
    }
    if credential.attachment:
        described["AuthenticatorAttachment"] = credential.attachment
    return described


@operation("DeleteWebAuthnCredential")
def delete_web_authn_credential(cognito, request: dict[str, Any]) -> dict[str, Any]:
    _, user, _ = signed_in_user(cognito, request.get("AccessToken"))
    if user.passkeys.pop(request.get("CredentialId") or "", None) is None:
        raise resource_not_found("Credential not found.")
    return {}
