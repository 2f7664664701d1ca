"""ASVS 7.3.1: a session idle longer than ``IDLE_TIMEOUT`` ends at its next request, and its
refresh token is revoked at Cognito; activity keeps it, and is written at most once a minute."""

from __future__ import annotations

import pytest

from django_cognito_challenge import clock
from django_cognito_challenge.middleware import ACTIVE_KEY

from ..clocks import stand_still
from .conftest import (
    INTO_REFRESH_MARGIN,
    REFRESH,
    message_texts,
    session_store,
    sign_in_plain,
    stored,
)

LIMIT = 900
IDLE = "You were signed out after a period of inactivity. Please sign in again."


@pytest.fixture
def app_clock(monkeypatch):
    """The app's clock, standing still between moves, so a boundary is exactly the boundary."""
    return stand_still(monkeypatch, clock, "now")


@pytest.fixture
def tess(cognito, settings):
    settings.COGNITO_CHALLENGE_IDLE_TIMEOUT = LIMIT
    cognito.add_user("tess")
    return cognito


def refresh_refused_because(cognito, refresh_token: str) -> str:
    idp = cognito.boto3_client()
    with pytest.raises(idp.exceptions.NotAuthorizedException) as refused:
        idp.initiate_auth(AuthFlow="REFRESH_TOKEN_AUTH", ClientId=cognito.client_id,
                          AuthParameters={"REFRESH_TOKEN": refresh_token})
    return refused.value.response["Error"]["Message"]


def test_a_session_idle_past_the_limit_is_signed_out_and_its_refresh_token_revoked(
        browser, tess, app_clock):
    sign_in_plain(browser, "tess")
    refresh_token = stored(browser).refresh_token
    tess.reset_calls()

    app_clock.advance(LIMIT + 1)
    response = browser.get("/home/")
    assert response.content == b"home: anonymous"
    assert tess.call_names() == ["RevokeToken"]
    assert message_texts(response) == [IDLE]
    assert refresh_refused_because(tess, refresh_token) == "Refresh Token has been revoked"
    tess.reset_calls()
    assert browser.get("/home/").content == b"home: anonymous"
    assert tess.calls == []


def test_the_next_page_that_needs_a_sign_in_says_why(browser, tess, app_clock):
    sign_in_plain(browser, "tess")
    app_clock.advance(LIMIT + 1)
    response = browser.get("/accounts/security/", follow=True)
    assert response.redirect_chain[0][0] == "/accounts/login/?next=/accounts/security/"
    assert IDLE.encode() in response.content


def test_an_idle_session_ends_before_its_tokens_are_refreshed(browser, tess, app_clock):
    """Nothing is refreshed for a session that is over: its refresh token is revoked instead."""
    sign_in_plain(browser, "tess")
    tess.reset_calls()
    app_clock.advance(INTO_REFRESH_MARGIN)
    assert browser.get("/home/").content == b"home: anonymous"
    assert REFRESH not in tess.call_names()
    assert tess.call_names() == ["RevokeToken"]


def test_an_active_session_stays_signed_in_past_the_limit(browser, tess, app_clock):
    sign_in_plain(browser, "tess")
    tess.reset_calls()
    for _ in range(6):  # an hour in all, never more than ten minutes idle
        app_clock.advance(600)
        assert browser.get("/home/").content == b"home: tess"
    assert tess.call_names() == [REFRESH]  # the access token's refresh, nothing else


def test_the_limit_itself_is_still_active_and_a_second_past_it_is_not(browser, tess, app_clock):
    sign_in_plain(browser, "tess")
    app_clock.advance(LIMIT)
    assert browser.get("/home/").content == b"home: tess"
    app_clock.advance(LIMIT)
    assert browser.get("/home/").content == b"home: tess"
    app_clock.advance(LIMIT + 1)
    assert browser.get("/home/").content == b"home: anonymous"


def test_activity_is_written_at_most_once_a_minute(browser, tess, app_clock):
    """A busy session is not saved on every request just to say it is active."""
    sign_in_plain(browser, "tess")
    app_clock.advance(120)
    browser.get("/home/")
    first = session_store(browser)[ACTIVE_KEY]
    app_clock.advance(59)
    response = browser.get("/home/")
    assert not response.wsgi_request.session.modified
    assert session_store(browser)[ACTIVE_KEY] == first
    app_clock.advance(1)
    response = browser.get("/home/")
    assert response.wsgi_request.session.modified
    assert session_store(browser)[ACTIVE_KEY] == first + 60


@pytest.mark.parametrize("setting", [None, 0])
def test_without_the_setting_there_is_no_idle_limit(browser, cognito, app_clock, settings,
                                                    setting):
    settings.COGNITO_CHALLENGE_IDLE_TIMEOUT = setting
    cognito.add_user("tess")
    sign_in_plain(browser, "tess")
    app_clock.advance(3000)
    response = browser.get("/home/")
    assert response.content == b"home: tess"
    assert ACTIVE_KEY not in session_store(browser)
