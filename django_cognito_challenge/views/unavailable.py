"""The "try again" page: Cognito, or this site's cache or database, could not answer a step.

Rendered with the error's status: 503 when a service is out of reach, 429 when Cognito's rate
limit or this site's brute-force limit refuses; ``Retry-After`` when the wait is known. The
refresh middleware renders it too when the session itself cannot be read.
"""

from __future__ import annotations

from contextlib import suppress

from django.contrib.sessions.backends.base import UpdateError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from .. import admin_look, outages
from ..cognito.errors import CognitoError, StoreUnavailable
from ..outages import STORE_ERRORS

TEMPLATE = "cognito_challenge/unavailable.html"


def try_again(request, error: CognitoError, retry_url: str, admin_site: str = "", *,
              message: str = ""):
    """The page for ``error`` (an error with a ``status``), whose link leads to ``retry_url``;
    ``message`` says it in the words of the page it came from (default: the error's)."""
    # A store outage gets the plain look: the admin's reads the user, from the store that failed.
    look = {"base_template": admin_look.SITE_BASE} if isinstance(error, StoreUnavailable) else (
        admin_look.context_for(request, admin_site))
    response = render(request, TEMPLATE, {**look, "message": message or error.message,
                                          "retry_url": retry_url}, status=error.status)
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    _save_session(request)
    # Logged once already, as a warning where it was detected (or, for this site's throttle, as
    # the INFO audit line): Django's request logger would add an ERROR per 503.
    response._has_been_logged = True
    return response


def session_store_down(request, error: Exception):
    """The page for a request whose session could not even be read (its store is down).

    Rendered without the request's context: the context processors (messages, the user) would
    read the same store again. Nothing is saved: there is nothing it could be saved to.
    """
    failure = outages.unavailable(error, "the session", restart=False)
    page = render_to_string(TEMPLATE, {"base_template": admin_look.SITE_BASE,
                                       "message": failure.message,
                                       "retry_url": request.get_full_path()})
    response = HttpResponse(page, status=failure.status)
    response._has_been_logged = True  # logged once, as a warning, by outages.unavailable()
    return response


def _save_session(request) -> None:
    """Keep the verdict on the pending sign-in (dropped, or its count of wrong answers).

    Django's ``SessionMiddleware`` saves no session on a 5xx response, so a 503 would otherwise
    leave a spent ``Session`` behind.
    """
    session = request.session
    if not session.modified or session.session_key is None:
        return
    # The session's own store down (the database backend says UpdateError): nothing can change.
    with suppress(UpdateError, *STORE_ERRORS):
        session.save()
