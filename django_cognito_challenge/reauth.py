"""Re-authentication: a change to how a person signs in needs a recent sign-in (ASVS 6.3, 7.5.1).

A sign-in counts as recent for ``COGNITO_CHALLENGE_REAUTH_WINDOW`` seconds after it completed
(``session_tokens.SIGNED_IN_KEY``, set by every completed sign-in, MFA included). Past that, a
change is not made: the person is sent to the sign-in page, and comes back once signed in again.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import clock, session_tokens
from .conf import app_settings
from .logsafe import printable

logger = logging.getLogger(__name__)

#: What the sign-in page says when a change sent the person there.
MESSAGE = _("For your security, sign in again to change this.")


def signed_in_at(request) -> float | None:
    """When this session's sign-in completed, or None when it does not say."""
    value = request.session.get(session_tokens.SIGNED_IN_KEY)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def is_recent(request) -> bool:
    """Whether the sign-in completed within ``REAUTH_WINDOW`` seconds; no sign-in time is not."""
    signed_in = signed_in_at(request)
    return signed_in is not None and clock.now() - signed_in <= app_settings.REAUTH_WINDOW


def sign_in_again(request, next_url: str):
    """Send the person to the sign-in page, saying why, with ``next`` back to ``next_url``."""
    logger.info("Asking %s to sign in again before a change", printable(request.user))
    messages.warning(request, MESSAGE, fail_silently=True)
    return redirect_to_login(next_url)


class RecentSignInRequiredMixin:
    """Refuse the view's changes without a recent sign-in: sign in again, then come back.

    Put it after ``LoginRequiredMixin`` (a person not signed in is sent to sign in as usual).
    ``reauth_methods`` are the methods that change something (POST); ``reauth_next`` is the URL
    name the sign-in returns to. :meth:`stale` runs before the redirect: override it to drop what
    an earlier request began.
    """

    reauth_methods: tuple[str, ...] = ("POST",)
    reauth_next = "cognito_challenge:security"

    def dispatch(self, request, *args, **kwargs):
        # SECURITY: checked before the view's handler runs, so no change reaches Cognito.
        if request.method in self.reauth_methods and not is_recent(request):
            self.stale(request)
            return sign_in_again(request, reverse(self.reauth_next))
        return super().dispatch(request, *args, **kwargs)

    def stale(self, request) -> None:
        """What to undo when the sign-in is too old (nothing by default)."""
