"""Keep the Cognito tokens of signed-in people fresh, and end sessions Cognito has ended."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext_lazy as _

from . import clock, other_sessions, refresh, session_tokens
from .cognito import errors
from .conf import app_settings
from .logsafe import printable

logger = logging.getLogger(__name__)

PASSWORD_CHANGED_ELSEWHERE = _("Your password was changed, so this session ended. "
                               "Please sign in again.")


class CognitoRefreshMiddleware:
    """Refresh tokens shortly before they expire; sign out locally when that fails.

    Place it after ``AuthenticationMiddleware``. A request whose tokens are fresh costs one
    session read and, for a Cognito sign-in, one indexed query (has a password change ended this
    session?): no Cognito call and no JWT decode.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if self._past_absolute_age(request):
            self._end(request, "the session reached its maximum age")
        elif self._user_gone(request):
            self._end(request, "its user is no longer allowed to sign in")
        elif other_sessions.has_ended(request):
            self._end(request, "the password was changed in another session",
                      PASSWORD_CHANGED_ELSEWHERE)
        elif refresh.needs_refresh(request):
            try:
                refresh.refresh(request)
            except errors.CognitoError as error:
                # Nothing left to revoke: Cognito refused the refresh token or cannot be reached.
                session_tokens.clear(request)
                self._end(request, error.code)
        return self.get_response(request)

    def _past_absolute_age(self, request) -> bool:
        signed_in = request.session.get(session_tokens.SIGNED_IN_KEY)
        return (isinstance(signed_in, (int, float))
                and clock.now() - signed_in > app_settings.REFRESH_TOKEN_VALIDITY)

    def _user_gone(self, request) -> bool:
        """Tokens without a user: deactivated, refused by a hook, or its backend removed."""
        return (session_tokens.expires_at(request) is not None
                and not request.user.is_authenticated)

    def _end(self, request, why: str, message=errors.RefreshFailed.message) -> None:
        logger.info("Ending the session of %s: %s", printable(request.user), why)
        logout(request)  # signout.on_user_logged_out revokes the refresh token
        messages.info(request, message, fail_silently=True)
