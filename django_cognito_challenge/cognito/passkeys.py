"""The signed-in person's passkeys at Cognito: register one, list them, delete one.

Each call takes the person's access token. The WebAuthn documents (the creation options Cognito
makes, the RegistrationResponseJSON the browser makes) pass through as dicts; Cognito checks
them, this app only carries them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .client import CognitoClient

#: ListWebAuthnCredentials' largest page.
PAGE_SIZE = 20


@dataclass(frozen=True)
class PasskeyInfo:
    """One passkey as ListWebAuthnCredentials describes it."""

    credential_id: str
    name: str  #: ``FriendlyCredentialName``; may be empty
    created_at: datetime | None
    attachment: str  #: ``platform``, ``cross-platform``, or "" when the browser did not say
    transports: tuple[str, ...] = ()

    @classmethod
    def from_response(cls, credential: dict[str, Any]) -> PasskeyInfo:
        return cls(credential_id=credential["CredentialId"],
                   name=credential.get("FriendlyCredentialName") or "",
                   created_at=credential.get("CreatedAt"),
                   attachment=credential.get("AuthenticatorAttachment") or "",
                   transports=tuple(credential.get("AuthenticatorTransports") or ()))


class PasskeyClient(CognitoClient):
    """Cognito's WebAuthn operations for the person whose access token is given."""

    def start_registration(self, access_token: str) -> dict[str, Any]:
        """StartWebAuthnRegistration: the ``CredentialCreationOptions`` for the browser."""
        response = self._call("start_web_authn_registration", {"AccessToken": access_token})
        return response["CredentialCreationOptions"]

    def complete_registration(self, access_token: str, credential: dict[str, Any]) -> None:
        """CompleteWebAuthnRegistration with the browser's RegistrationResponseJSON."""
        self._call("complete_web_authn_registration",
                   {"AccessToken": access_token, "Credential": credential})

    def list_passkeys(self, access_token: str) -> list[PasskeyInfo]:
        """ListWebAuthnCredentials, every page."""
        found, token = [], None
        while True:
            request: dict[str, Any] = {"AccessToken": access_token, "MaxResults": PAGE_SIZE}
            if token:
                request["NextToken"] = token
            response = self._call("list_web_authn_credentials", request)
            found += [PasskeyInfo.from_response(c) for c in response.get("Credentials") or []]
            token = response.get("NextToken")
            if not token:
                return found

    def delete_passkey(self, access_token: str, credential_id: str) -> None:
        """DeleteWebAuthnCredential: the passkey no longer signs this person in."""
        self._call("delete_web_authn_credential",
                   {"AccessToken": access_token, "CredentialId": credential_id})
