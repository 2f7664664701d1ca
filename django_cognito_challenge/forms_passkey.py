"""Passkey forms: what the page's script posts (the browser's WebAuthn answer, as JSON).

The browser's answer is checked for its shape only (a JSON object with base64url fields where
the spec puts them); Cognito checks its signature, challenge, origin and relying party.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .forms import StepForm

#: base64url as browsers write it (no padding; a stray ``=`` tolerated).
BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}", re.ASCII)
#: The ``response`` members each ceremony's answer must carry, base64url.
ASSERTION_FIELDS = ("clientDataJSON", "authenticatorData", "signature")
ATTESTATION_FIELDS = ("clientDataJSON", "attestationObject")
#: A generous bound on the JSON the script posts (an attestation with a certificate chain).
MAX_LENGTH = 65536


def public_key_credential(raw: str, required: tuple[str, ...]) -> dict[str, Any] | None:
    """The posted PublicKeyCredential JSON as a dict, or None when it is not one."""
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(value, dict) or value.get("type") != "public-key":
        return None
    response = value.get("response")
    fields = [value.get("id"), value.get("rawId"),
              *((response or {}).get(name) for name in required)]
    if not isinstance(response, dict) or not all(_is_base64url(f) for f in fields):
        return None
    handle = response.get("userHandle")
    if handle is not None and not _is_base64url(handle):
        return None
    return value


def _is_base64url(value: Any) -> bool:
    return isinstance(value, str) and BASE64URL.fullmatch(value) is not None


class CredentialForm(StepForm):
    """Base: one hidden ``credential`` field the page's script fills."""

    error_messages = {"invalid_credential": _("Your passkey could not be read. Try again.")}
    required_fields: tuple[str, ...] = ASSERTION_FIELDS

    credential = forms.CharField(widget=forms.HiddenInput, max_length=MAX_LENGTH,
                                 error_messages={"required": _("Use your passkey first.")})

    def clean_credential(self) -> dict[str, Any]:
        value = public_key_credential(self.cleaned_data["credential"], self.required_fields)
        if value is None:
            raise ValidationError(self.error_messages["invalid_credential"],
                                  code="invalid_credential")
        return value


class PasskeyForm(CredentialForm):
    """WEB_AUTHN: the page's script posts the AuthenticationResponseJSON in ``credential``."""

    def challenge_responses(self) -> dict[str, str]:
        # What was parsed, written again: only well-formed JSON goes to Cognito.
        credential = json.dumps(self.cleaned_data["credential"], separators=(",", ":"))
        return {self.challenge.response_key: credential}


class PasskeyRegistrationForm(CredentialForm):
    """A new passkey: the RegistrationResponseJSON of ``navigator.credentials.create()``."""

    error_messages = {"invalid_credential": _("Your new passkey could not be read. "
                                              "Try again.")}
    required_fields = ATTESTATION_FIELDS


class PasskeyRemoveForm(forms.Form):
    """Which passkey to remove: its credential id, as the security page lists it."""

    credential_id = forms.CharField(max_length=1024)
