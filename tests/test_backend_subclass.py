"""A site's own ``CognitoBackend`` subclass signs people in and keeps them signed in.

contrib.auth records the backend that authenticated; so does this app's flow, its system check
accepts a subclass, and a refresh updates the user through the session's own backend.
"""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY

from django_cognito_challenge.backends import CognitoBackend
from django_cognito_challenge.checks import check_security
from tests.browsers import Browser
from tests.session_life.conftest import INTO_REFRESH_MARGIN, sign_in_plain
from tests.signin.conftest import app_clock  # noqa: F401  (a fixture)

SITE_BACKEND = "tests.test_backend_subclass.SiteBackend"
DECOY_BACKEND = "tests.test_backend_subclass.DecoyBackend"


class SiteBackend(CognitoBackend):
    """A site's backend: marks the people it updates."""

    def update_user(self, user, claims) -> None:
        super().update_user(user, claims)
        user.last_name = f"updated by the site ({claims.token_use})"
        user.save(update_fields=["last_name"])


class DecoyBackend:
    """Another backend with an ``update_user`` of its own, listed first."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def update_user(self, user, claims) -> None:
        raise AssertionError("a refresh used a backend that did not sign this person in")


def test_a_subclass_signs_in_and_the_next_request_is_still_signed_in(cognito, db, settings):
    settings.AUTHENTICATION_BACKENDS = [SITE_BACKEND]
    cognito.add_user("tess")
    browser = Browser()
    sign_in_plain(browser, "tess")
    assert browser.session[BACKEND_SESSION_KEY] == SITE_BACKEND
    assert browser.get("/home/").content == b"home: tess"


def test_the_system_check_accepts_a_subclass_and_refuses_an_unrelated_backend(settings):
    settings.AUTHENTICATION_BACKENDS = [SITE_BACKEND]
    assert "cognito_challenge.E003" not in [e.id for e in check_security()]
    settings.AUTHENTICATION_BACKENDS = [DECOY_BACKEND, "no.such.Backend"]
    assert "cognito_challenge.E003" in [e.id for e in check_security()]


def test_a_refresh_updates_the_user_through_the_backend_that_signed_them_in(
        cognito, db, settings, app_clock):  # noqa: F811  (the fixture)
    settings.AUTHENTICATION_BACKENDS = [DECOY_BACKEND, SITE_BACKEND]
    cognito.add_user("tess")
    browser = Browser()
    sign_in_plain(browser, "tess")
    app_clock.advance(INTO_REFRESH_MARGIN)
    assert browser.get("/home/").content == b"home: tess"
    assert cognito.call_names()[-1] == "InitiateAuth:REFRESH_TOKEN_AUTH"
    user = browser.get("/home/").wsgi_request.user
    assert user.last_name == "updated by the site (id)"
