"""Ending a person's sessions on this site when their password changes.

A password change (or reset) records its time on the person's ``CognitoIdentity``
(``sessions_valid_after``). ``CognitoRefreshMiddleware`` signs out, revoking its refresh token, any
session of theirs marked before that time: a session is marked at sign-in
(``session_tokens.SIGNED_IN_KEY``) and again when it is the one that changed the password, so it
stays. The sign-in time itself is not moved: the session's absolute age still counts from it.
"""

from __future__ import annotations

from datetime import datetime, timezone

from django.conf import settings
from django.utils import timezone as django_timezone

from . import clock, session_tokens, users
from .conf import app_settings
from .models import CognitoIdentity

#: When this session last proved the current password (a change made in it); the sign-in time
#: stands in until then.
MARK_KEY = "cognito_challenge.password_checked_at"
UNKNOWN = object()


def end_others(request) -> None:
    """End the signed-in person's other sessions here; this one stays."""
    now = clock.now()
    request.user.cognito_identities.update(sessions_valid_after=_datetime(now))
    request.session[MARK_KEY] = now


def end_all(username: str) -> int:
    """End every session here of the Cognito user named ``username`` (exactly); how many identities.

    A reset names the account by what the person typed, which may be an alias (an email): only
    the Cognito username itself is found here.
    """
    return CognitoIdentity.objects.filter(issuer=app_settings.ISSUER, username=username).update(
        sessions_valid_after=_datetime(clock.now()))


def has_ended(request) -> bool:
    """True when a password change after this session's mark ended it.

    No query where ``CognitoBackend.get_user`` loaded the user (it reads when the sessions were
    last ended with the user); one indexed query for a user loaded otherwise. Sessions without
    a Cognito sign-in time are never ended here, and cost no query.
    """
    mark = request.session.get(MARK_KEY, request.session.get(session_tokens.SIGNED_IN_KEY))
    if not isinstance(mark, (int, float)) or not request.user.is_authenticated:
        return False
    valid_after = getattr(request.user, users.SESSIONS_VALID_AFTER, UNKNOWN)
    if valid_after is UNKNOWN:
        return request.user.cognito_identities.filter(
            sessions_valid_after__gt=_datetime(mark)).exists()
    return valid_after is not None and valid_after > _datetime(mark)


def _datetime(epoch: float) -> datetime:
    value = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return value if settings.USE_TZ else django_timezone.make_naive(value)
