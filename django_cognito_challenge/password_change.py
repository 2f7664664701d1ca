"""Changing the signed-in person's password (ChangePassword), and ending what the old one opened.

Afterwards the person's other sessions on this site end (:mod:`.other_sessions`) and this one
stays, with a new session key. With ``PASSWORD_CHANGE_SIGNS_OUT_EVERYWHERE`` Cognito's
``GlobalSignOut`` also ends every refresh token of the person, this session's included, so this
session is signed out too and the person signs in again with the new password.
"""

from __future__ import annotations

import logging

from django.contrib.auth import logout
from django.views.decorators.debug import sensitive_variables

from . import other_sessions, refresh, session_tokens, signout, throttle
from .addresses import client_ip
from .cognito import errors
from .cognito.client import CognitoClient
from .conf import app_settings
from .logsafe import printable
from .signals import cognito_password_changed

logger = logging.getLogger(__name__)


@sensitive_variables()
def change(request, old_password: str, new_password: str) -> bool:
    """Change the password; True when this session was signed out as well (everywhere).

    Raises ``RefreshFailed`` when the session's tokens are gone or dead (sign the person out),
    ``SignInFailed`` for a wrong current password (counted by the throttle), and Cognito's
    other refusals (the policy, ``TooManyRequests``) as they come.
    """
    tokens = _fresh_tokens(request)
    ip, names = client_ip(request), [tokens.username]
    if throttle.is_blocked(names, ip):
        raise errors.SignInThrottled("too many failures")
    try:
        CognitoClient().change_password(tokens.access_token, old_password, new_password)
    except errors.SignInFailed:
        throttle.record_failure(names, ip)
        logger.info("Password change of %s refused: wrong current password",
                    printable(tokens.username))
        raise
    throttle.record_success(names, ip)
    logger.info("Password of %s changed", printable(tokens.username))
    cognito_password_changed.send(sender=__name__, request=request, username=tokens.username,
                                  user=request.user)
    other_sessions.end_others(request)
    if app_settings.PASSWORD_CHANGE_SIGNS_OUT_EVERYWHERE:
        signout.end_cognito_session(request, everywhere=True)  # GlobalSignOut, then revoke
        logout(request)
        return True
    request.session.cycle_key()  # SECURITY: a new key for the session that proved the password
    return False


def _fresh_tokens(request) -> session_tokens.StoredTokens:
    """This session's tokens, refreshed first when the access token is about to expire."""
    if refresh.needs_refresh(request):
        refresh.refresh(request)
    tokens = session_tokens.load(request)
    if tokens is None:
        raise errors.RefreshFailed("no Cognito tokens in this session")
    return tokens
