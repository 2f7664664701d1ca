"""No Django session outlives the refresh token: its cookie expires no later, and past the
refresh token's validity since sign-in the session ends even while refreshes still succeed.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from .conftest import (
    INTO_REFRESH_MARGIN,
    REFRESH,
    SESSION_ENDED,
    TOTP_SECRET,
    message_texts,
    sign_in_plain,
    sign_in_with_totp,
    track_devices,
)

TWO_WEEKS = 14 * 24 * 3600


@pytest.mark.parametrize(("cookie_age", "refresh_validity", "expected"), [
    (TWO_WEEKS, 3600, 3600),  # the refresh token ends first
    (600, 3600, 600),  # the site's own session age is shorter still
    (TWO_WEEKS, 30 * 24 * 3600, TWO_WEEKS),
])
def test_session_cookie_expires_no_later_than_the_refresh_token(
        browser, cognito, settings, cookie_age, refresh_validity, expected):
    settings.SESSION_COOKIE_AGE = cookie_age
    settings.COGNITO_CHALLENGE_REFRESH_TOKEN_VALIDITY = refresh_validity
    cognito.add_user("tess")
    response = sign_in_plain(browser, "tess")
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == expected
    assert cookie["expires"]
    assert browser.session.get_expiry_age() == expected


def test_session_cookie_of_an_mfa_sign_in_expires_with_the_refresh_token(
        browser, cognito, settings):
    settings.COGNITO_CHALLENGE_REFRESH_TOKEN_VALIDITY = 3600
    track_devices(cognito)
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    response = sign_in_with_totp(browser, cognito, "tess")
    assert int(response.cookies[django_settings.SESSION_COOKIE_NAME]["max-age"]) == 3600
    assert browser.session.get_expiry_age() <= 3600


def test_session_ends_at_refresh_token_validity_even_though_refreshes_succeed(
        browser, cognito, app_clock, settings):
    """ASVS 7.3.2: an absolute session lifetime, counted from sign-in, not from the last
    refresh (Cognito would go on refreshing: its client allows 30 days)."""
    settings.COGNITO_CHALLENGE_REFRESH_TOKEN_VALIDITY = 7200
    cognito.add_user("tess")
    sign_in_plain(browser, "tess")
    cognito.reset_calls()

    app_clock.advance(INTO_REFRESH_MARGIN)
    assert browser.get("/home/").content == b"home: tess"
    app_clock.advance(7190 - INTO_REFRESH_MARGIN)  # ten seconds before the limit
    assert browser.get("/home/").content == b"home: tess"
    assert cognito.call_names() == [REFRESH, REFRESH]
    assert all(call.error is None for call in cognito.calls)

    cognito.reset_calls()
    app_clock.advance(11)
    response = browser.get("/home/")
    assert response.content == b"home: anonymous"
    # Ended here without a refresh; the sign-out revokes the refresh token, still valid.
    assert cognito.call_names() == ["RevokeToken"]
    assert message_texts(response) == [SESSION_ENDED]
    assert browser.get("/home/").content == b"home: anonymous"
