"""The end of a signed-in session: its Cognito tokens are revoked, whoever ends it.

One receiver of Django's ``user_logged_out`` covers every ``logout()``: this app's sign-out page,
the admin's own log-out, the refresh middleware's session-age and failed-refresh sign-outs, and
any ``logout()`` of the site's. A new sign-in over a signed-in session calls
:func:`end_cognito_session` itself, since Django then flushes the session without a logout.
"""

from __future__ import annotations

import logging

from django.views.decorators.debug import sensitive_variables

from . import devices, session_tokens
from .cognito.client import CognitoClient
from .cognito.errors import CognitoError
from .conf import app_settings
from .logsafe import printable

logger = logging.getLogger(__name__)


def on_user_logged_out(sender, request=None, **kwargs) -> None:
    """``user_logged_out`` receiver (connected in ``AppConfig.ready``)."""
    if request is not None and hasattr(request, "session"):
        end_cognito_session(request)


@sensitive_variables()
def end_cognito_session(request, *, everywhere: bool | None = None) -> None:
    """Revoke this session's refresh token (and more, per settings); never block the sign-out.

    A device that was tracked but not remembered is forgotten at Cognito, so the person's
    device list does not fill up with one entry per sign-in. The tokens leave the session first,
    so a second call does nothing. ``everywhere`` (default: ``GLOBAL_SIGN_OUT``) also ends the
    person's other sessions.
    """
    tokens = session_tokens.load(request)
    session_tokens.clear(request)
    if tokens is None:
        return
    client = CognitoClient()
    calls = []
    if tokens.device_key and not devices.is_remembered(tokens.device_key):
        calls.append(lambda: client.forget_device(tokens.access_token, tokens.device_key))
    if app_settings.GLOBAL_SIGN_OUT if everywhere is None else everywhere:
        # First: it needs the access token that RevokeToken ends.
        calls.append(lambda: client.global_sign_out(tokens.access_token))
    if tokens.refresh_token:
        calls.append(lambda: client.revoke_token(tokens.refresh_token))
    for call in calls:
        _attempt(call, tokens.username)


@sensitive_variables()
def revoke(refresh_token: str, username: str) -> None:
    """Revoke tokens that were issued but will not be used (the person was refused here)."""
    _attempt(lambda: CognitoClient().revoke_token(refresh_token), username)


def _attempt(call, username: str) -> None:
    try:
        call()
    except CognitoError as error:
        logger.warning("Cognito sign-out of %s incomplete: %s", printable(username), error.code)
