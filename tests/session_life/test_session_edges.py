"""Edges of a signed-in session: its user gone, a second sign-in, a browser-session cookie."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from tests.browsers import Browser

from .conftest import INTO_REFRESH_MARGIN, REFRESH, sign_in_plain, stored
from .test_every_sign_out_revokes import refused_at_cognito, revoked_tokens

BACKEND = "django_cognito_challenge.backends.CognitoBackend"


def deactivate(settings) -> None:
    get_user_model().objects.filter(username="tess").update(is_active=False)


def remove_the_backend(settings) -> None:
    """A site moving to its own subclass: sessions signed in by the old path lose their user."""
    settings.AUTHENTICATION_BACKENDS = ["tests.test_backend_subclass.SiteBackend"]


@pytest.mark.parametrize("lose_the_user", [deactivate, remove_the_backend],
                         ids=["deactivated", "its backend removed"])
def test_tokens_due_for_refresh_without_their_user_sign_out_instead_of_failing(
        cognito, db, settings, app_clock, lose_the_user):
    cognito.add_user("tess")
    browser = Browser()
    sign_in_plain(browser, "tess")
    refresh_token = stored(browser).refresh_token
    lose_the_user(settings)
    app_clock.advance(INTO_REFRESH_MARGIN)
    cognito.reset_calls()

    response = browser.get("/home/")

    assert response.status_code == 200
    assert response.content == b"home: anonymous"
    assert REFRESH not in cognito.call_names()  # nothing refreshed for nobody
    assert revoked_tokens(cognito) == [refresh_token]
    assert refused_at_cognito(cognito, refresh_token)
    assert browser.get("/home/").content == b"home: anonymous"


def test_signing_in_again_with_global_sign_out_on_keeps_the_new_session(
        cognito, db, settings, app_clock):
    """GlobalSignOut of the earlier session would end the tokens the new sign-in just got."""
    settings.COGNITO_CHALLENGE_GLOBAL_SIGN_OUT = True
    cognito.add_user("tess")
    browser = Browser()
    sign_in_plain(browser, "tess")
    first = stored(browser).refresh_token
    sign_in_plain(browser, "tess")

    app_clock.advance(INTO_REFRESH_MARGIN)
    assert browser.get("/home/").content == b"home: tess"
    assert REFRESH in cognito.call_names()
    assert refused_at_cognito(cognito, first)
    assert not refused_at_cognito(cognito, stored(browser).refresh_token)


def test_a_site_that_ends_sessions_at_browser_close_gets_a_browser_session_cookie(
        cognito, db, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    cognito.add_user("tess")
    browser = Browser()
    response = sign_in_plain(browser, "tess")

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert browser.get("/home/").content == b"home: tess"


def test_a_site_with_persistent_sessions_gets_a_cookie_no_older_than_the_refresh_token(
        cognito, db, settings):
    settings.COGNITO_CHALLENGE_REFRESH_TOKEN_VALIDITY = 3600
    cognito.add_user("tess")
    response = sign_in_plain(Browser(), "tess")
    assert response.cookies[django_settings.SESSION_COOKIE_NAME]["max-age"] == 3600
