"""Passkeys: the sign-in page's request options, and the person's passkeys on the security page.

A passkey signs a person in only through choice-based sign-in (``AUTH_FLOW`` ``USER_AUTH``), so
the security page offers passkeys only then, and not once Cognito has said the pool has none
(WebAuthn off, or no relying party): that answer is remembered for :data:`UNAVAILABLE_FOR`
seconds. Each change uses the person's access token, refreshed first when about to expire, is
logged and is sent as ``cognito_passkeys_changed``. An answer meaning Cognito no longer honours
the tokens (a disabled or deleted account) is ``RefreshFailed``: the view signs the person out.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import cache

from . import session_end
from .cognito import errors
from .cognito.passkeys import PasskeyClient, PasskeyInfo
from .conf import app_settings
from .logsafe import printable
from .mfa_manage import fresh_tokens
from .signals import cognito_passkeys_changed

logger = logging.getLogger(__name__)

#: The WEB_AUTHN challenge parameter holding PublicKeyCredentialRequestOptionsJSON, as text.
REQUEST_OPTIONS = "CREDENTIAL_REQUEST_OPTIONS"
#: How long a pool that answered "no passkeys here" is not asked again, in seconds.
UNAVAILABLE_FOR = 3600
#: The security page's context when it shows no passkey section.
HIDDEN = {"passkeys_offered": False, "passkeys": [], "passkeys_error": None}
#: Every ``change`` code ``cognito_passkeys_changed`` is sent with.
CHANGES = {
    "passkey_added": "a passkey was registered (CompleteWebAuthnRegistration)",
    "passkey_removed": "a passkey was deleted (DeleteWebAuthnCredential)",
}

__all__ = ["HIDDEN", "PasskeyInfo", "add", "begin", "listed", "offered", "remove",
           "request_options", "section"]


def request_options(parameters: dict[str, str]) -> dict[str, Any] | None:
    """The WEB_AUTHN challenge's request options as a dict, or None when they are unusable."""
    try:
        options = json.loads(parameters.get(REQUEST_OPTIONS) or "")
    except ValueError:
        return None
    if not isinstance(options, dict) or not isinstance(options.get("challenge"), str):
        return None
    return options


# -- the security page ---------------------------------------------------------------------


def offered() -> bool:
    """Whether the site offers passkeys: choice-based sign-in, and a pool not known without."""
    return app_settings.AUTH_FLOW == "USER_AUTH" and not cache.get(_unavailable_key())


@session_end.honoured()
def listed(request) -> list[PasskeyInfo]:
    """The person's passkeys, as Cognito lists them."""
    with _remembering_unavailable():
        return PasskeyClient().list_passkeys(fresh_tokens(request).access_token)


def section(request) -> dict[str, Any]:
    """The security page's passkey section: whether it shows, the passkeys, why not listed."""
    if not offered():
        return dict(HIDDEN)
    try:
        return {"passkeys_offered": True, "passkeys": listed(request), "passkeys_error": None}
    except errors.PasskeysUnavailable:
        return dict(HIDDEN)
    except errors.RefreshFailed:
        raise  # the session ends: the security page signs the person out
    except errors.CognitoError as error:
        return {"passkeys_offered": True, "passkeys": [], "passkeys_error": error.message}


@session_end.honoured()
def begin(request) -> dict[str, Any]:
    """Ask Cognito to begin a registration: the CredentialCreationOptions for the browser."""
    if not offered():
        raise errors.PasskeysUnavailable("passkeys not offered")
    with _remembering_unavailable():
        return PasskeyClient().start_registration(fresh_tokens(request).access_token)


@session_end.honoured()
def add(request, credential: dict[str, Any]) -> None:
    """Hand the browser's RegistrationResponseJSON to Cognito, which checks and keeps it."""
    if not offered():
        raise errors.PasskeysUnavailable("passkeys not offered")
    with _remembering_unavailable():
        PasskeyClient().complete_registration(fresh_tokens(request).access_token, credential)
    _changed(request, "passkey_added", str(credential.get("id", "")))


@session_end.honoured()
def remove(request, credential_id: str) -> PasskeyInfo:
    """Delete one of the person's passkeys; ``PasskeyNotFound`` for any other id."""
    tokens, client = fresh_tokens(request), PasskeyClient()
    # SECURITY: only an id Cognito lists for this person's own token is ever sent to delete.
    passkey = next((p for p in client.list_passkeys(tokens.access_token)
                    if p.credential_id == credential_id), None)
    if passkey is None:
        raise errors.PasskeyNotFound("not one of the person's passkeys")
    client.delete_passkey(tokens.access_token, credential_id)
    _changed(request, "passkey_removed", credential_id)
    return passkey


def _changed(request, change: str, credential_id: str) -> None:
    logger.info("Passkeys of %s changed: %s", printable(request.user), change)
    cognito_passkeys_changed.send(sender=__name__, request=request, user=request.user,
                                  change=change, credential_id=credential_id)


@contextmanager
def _remembering_unavailable() -> Iterator[None]:
    """Remember (for a while) that the pool answered it has no passkeys, then re-raise."""
    try:
        yield
    except errors.PasskeysUnavailable as error:
        logger.info("Cognito offers no passkeys: %s", error.detail)
        cache.set(_unavailable_key(), True, UNAVAILABLE_FOR)
        raise


def _unavailable_key() -> str:
    return f"cognito_challenge.passkeys_unavailable:{app_settings.USER_POOL_ID}"
