"""Keep the Cognito tokens of signed-in people fresh, and end sessions that must end."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import clock, other_sessions, outages, refresh, session_end, session_tokens
from .cognito import errors
from .conf import app_settings
from .views.unavailable import session_store_down

PASSWORD_CHANGED_ELSEWHERE = _("Your password was changed, so this session ended. "
                               "Please sign in again.")
IDLE = _("You were signed out after a period of inactivity. Please sign in again.")
#: The session's last activity (seconds since the epoch), as last written.
ACTIVE_KEY = "cognito_challenge.active_at"
#: Activity is written at most this often, so a busy session is not saved on every request.
ACTIVITY_STEP = 60


class CognitoRefreshMiddleware:
    """End sessions past their age, idle limit or user; refresh tokens shortly before expiry.

    Place it after ``AuthenticationMiddleware``. A request whose tokens are fresh costs one
    session read and, for a Cognito sign-in, one indexed query (has a password change ended this
    session?): no Cognito call and no JWT decode. With ``IDLE_TIMEOUT`` set, the session is
    written at most once a minute to record activity. When the session's store cannot be read,
    the request is answered with the "try again" page (503), not Django's 500.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        try:
            self._end_or_refresh(request)
        except outages.STORE_ERRORS as error:
            # The session's store (the database, the cache) cannot be read: "try again", 503.
            return session_store_down(request, error)
        return self.get_response(request)

    def _end_or_refresh(self, request) -> None:
        if self._past_absolute_age(request):
            session_end.end(request, "the session reached its maximum age")
        elif self._user_gone(request):
            session_end.end(request, "its user is no longer allowed to sign in")
        elif self._idle(request):
            session_end.end(request, "it was idle too long", IDLE)
        elif other_sessions.has_ended(request):
            session_end.end(request, "the password was changed in another session",
                            PASSWORD_CHANGED_ELSEWHERE)
        elif refresh.needs_refresh(request):
            try:
                refresh.refresh(request)
            except errors.CognitoError as error:
                # Nothing left to revoke: Cognito refused the refresh token or cannot be reached.
                session_tokens.clear(request)
                session_end.end(request, error.code)

    def _past_absolute_age(self, request) -> bool:
        signed_in = request.session.get(session_tokens.SIGNED_IN_KEY)
        return (isinstance(signed_in, (int, float))
                and clock.now() - signed_in > app_settings.REFRESH_TOKEN_VALIDITY)

    def _user_gone(self, request) -> bool:
        """Tokens without a user: deactivated, refused by a hook, or its backend removed."""
        return (session_tokens.expires_at(request) is not None
                and not request.user.is_authenticated)

    def _idle(self, request) -> bool:
        """Idle past ``IDLE_TIMEOUT`` (ASVS 7.3.1); otherwise note this request's activity."""
        limit = app_settings.IDLE_TIMEOUT
        if not limit or not request.user.is_authenticated:
            return False
        now = clock.now()
        stamps = [request.session.get(key)
                  for key in (ACTIVE_KEY, session_tokens.SIGNED_IN_KEY)]
        last = max((s for s in stamps if isinstance(s, (int, float))), default=None)
        if last is not None and now - last > limit:
            return True
        if last is None or now - last >= ACTIVITY_STEP:
            request.session[ACTIVE_KEY] = now
        return False
