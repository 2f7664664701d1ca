"""Sign-out (POST only): revoke the refresh token at Cognito, then flush the session."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from .. import devices, session_tokens
from ..cognito.client import CognitoClient
from ..cognito.errors import CognitoError
from ..conf import app_settings

logger = logging.getLogger(__name__)


@method_decorator([csrf_protect, never_cache], name="dispatch")
class LogoutView(View):
    http_method_names = ["post", "options"]

    def post(self, request):
        tokens = session_tokens.load(request)
        if tokens is not None:
            remembered = devices.is_remembered(request.user, tokens.device_key)
            end_cognito_session(tokens, forget_device=not remembered)
        logout(request)
        return redirect(resolve_url(settings.LOGOUT_REDIRECT_URL or "cognito_challenge:login"))


def end_cognito_session(tokens: session_tokens.StoredTokens, *, forget_device: bool) -> None:
    """Revoke the refresh token (and sign out everywhere when configured); never block logout.

    A device that was tracked but not remembered is forgotten at Cognito, so the person's
    device list does not fill up with one entry per sign-in.
    """
    client = CognitoClient()
    calls = []
    if forget_device and tokens.device_key:
        calls.append(lambda: client.forget_device(tokens.access_token, tokens.device_key))
    if app_settings.GLOBAL_SIGN_OUT:  # first: it needs the access token RevokeToken ends
        calls.append(lambda: client.global_sign_out(tokens.access_token))
    if tokens.refresh_token:
        calls.append(lambda: client.revoke_token(tokens.refresh_token))
    for call in calls:
        try:
            call()
        except CognitoError as error:
            logger.warning("Cognito sign-out of %s incomplete: %s", tokens.username, error.code)
