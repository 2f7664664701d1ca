"""The signing keys, this site's cache or its database failing, and this site's own limit.

The throttle fails closed (a limit it cannot read refuses before Cognito is called); once
Cognito has answered, a store failure drops the pending sign-in, revokes the tokens issued and
leaves nobody signed in.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import OperationalError

from django_cognito_challenge.cognito import errors

from .. import failing_database
from .caches import cache_settings
from .conftest import (
    CODE_PAGE,
    LOGIN_PAGE,
    PASSWORD,
    is_signed_in,
    issued_refresh_tokens,
    pending_of,
    revoked,
    send_code,
    sign_in,
    wrong_code,
)
from .pages import try_again_link

OUTAGES = "django_cognito_challenge.outages"


def database_fails_on(fragment: str):
    """Statements containing ``fragment`` fail as when PostgreSQL restarts mid-request."""
    return failing_database.database_fails_on(fragment, OperationalError(
        "terminating connection due to administrator command"))


def assert_dropped_and_revoked(browser, cognito):
    assert not is_signed_in(browser)
    assert pending_of(browser) is None
    issued = issued_refresh_tokens(cognito)
    assert len(issued) == 1
    assert revoked(cognito) == issued


# -- the signing keys (JWKS) out of reach ------------------------------------------------------


def keys_out_of_reach(cognito, settings) -> None:
    settings.COGNITO_CHALLENGE_ISSUER = f"{cognito.endpoint_url}/no-such-pool"
    cache.clear()  # no keys fetched earlier


def test_keys_out_of_reach_at_the_first_step(browser, cognito, settings, warnings):
    cognito.add_user("ana")
    keys_out_of_reach(cognito, settings)
    warnings.clear()

    response = sign_in(browser, "ana")

    assert try_again_link(response, errors.ServiceUnavailable) == LOGIN_PAGE
    assert warnings.one().name == "django_cognito_challenge.cognito.jwks"
    assert_dropped_and_revoked(browser, cognito)
    settings.COGNITO_CHALLENGE_ISSUER = cognito.issuer
    assert sign_in(browser, "ana")["Location"] == "/home/"


def test_keys_out_of_reach_at_the_code_page(at_code_page, cognito, settings, warnings):
    keys_out_of_reach(cognito, settings)
    warnings.clear()

    response = send_code(at_code_page, cognito)

    assert try_again_link(response, errors.ServiceUnavailable) == LOGIN_PAGE
    assert warnings.one().name == "django_cognito_challenge.cognito.jwks"
    assert_dropped_and_revoked(at_code_page, cognito)
    assert at_code_page.get(CODE_PAGE)["Location"] == LOGIN_PAGE


# -- the cache (Redis) down: the throttle cannot be read, so Cognito is not called -------------


@pytest.mark.parametrize("raises", ["connection", "redis", "database"])
def test_cache_down_at_the_first_step_refuses_without_calling_cognito(
        browser, cognito, settings, warnings, raises):
    cognito.add_user("ana")
    working = settings.CACHES
    settings.CACHES = cache_settings("DownCache", raises)
    warnings.clear()

    response = sign_in(browser, "ana")

    assert try_again_link(response, errors.StoreUnavailable) == LOGIN_PAGE
    assert warnings.one().name == OUTAGES
    assert cognito.calls == []  # SECURITY: fails closed
    assert not is_signed_in(browser)
    settings.CACHES = working
    assert sign_in(browser, "ana")["Location"] == "/home/"


def test_cache_down_at_the_code_page_keeps_the_sign_in(at_code_page, cognito, settings,
                                                       warnings):
    working = settings.CACHES
    settings.CACHES = cache_settings("DownCache", "redis")
    warnings.clear()

    response = send_code(at_code_page, cognito)

    assert try_again_link(response, errors.StoreUnavailable) == CODE_PAGE
    assert warnings.one().name == OUTAGES
    assert cognito.calls == []
    assert pending_of(at_code_page) is not None
    assert not is_signed_in(at_code_page)
    settings.CACHES = working
    assert send_code(at_code_page, cognito)["Location"] == "/home/"


def test_a_wrong_code_that_cannot_be_counted_says_try_again_and_keeps_the_step(
        at_code_page, cognito, settings, warnings):
    """Not counted, so not answered: the code stays unjudged; the pending's own count holds."""
    working = settings.CACHES
    settings.CACHES = cache_settings("CountsFailCache")
    warnings.clear()

    response = at_code_page.post(CODE_PAGE, {"code": wrong_code(cognito)})

    assert try_again_link(response, errors.StoreUnavailable) == CODE_PAGE
    assert warnings.one().name == OUTAGES
    assert pending_of(at_code_page).wrong_answers == 1
    settings.CACHES = working
    assert send_code(at_code_page, cognito)["Location"] == "/home/"


def test_a_cache_failing_after_login_leaves_nobody_signed_in(at_code_page, cognito, settings,
                                                             warnings):
    """The throttle's count is cleared after login(): its failure undoes the login."""
    settings.CACHES = cache_settings("WritesFailCache")
    warnings.clear()

    response = send_code(at_code_page, cognito)

    assert try_again_link(response, errors.StoreUnavailable) == LOGIN_PAGE
    assert warnings.one().name == OUTAGES
    assert_dropped_and_revoked(at_code_page, cognito)
    assert at_code_page.get("/home/").content == b"home: anonymous"


# -- the database failing once Cognito has answered ---------------------------------------------
# Without the test's wrapping transaction, as in production: a failed statement does not poison
# the session's save that follows it.


@pytest.mark.parametrize("fragment", ['"cognito_challenge_cognitoidentity"', 'SET "last_login"'],
                         ids=["finding the user", "after login"])
@pytest.mark.django_db(transaction=True)
def test_database_failing_at_the_first_step(browser, cognito, warnings, fragment):
    cognito.add_user("ana")
    warnings.clear()
    with database_fails_on(fragment):
        response = sign_in(browser, "ana")

    assert try_again_link(response, errors.StoreUnavailable) == LOGIN_PAGE
    assert warnings.one().name == OUTAGES
    assert_dropped_and_revoked(browser, cognito)
    assert browser.get("/home/").content == b"home: anonymous"
    assert sign_in(browser, "ana", PASSWORD)["Location"] == "/home/"


@pytest.mark.parametrize("fragment", ['"cognito_challenge_cognitoidentity"', 'SET "last_login"'],
                         ids=["finding the user", "after login"])
@pytest.mark.django_db(transaction=True)
def test_database_failing_at_the_code_page(at_code_page, cognito, warnings, fragment):
    warnings.clear()
    with database_fails_on(fragment):
        response = send_code(at_code_page, cognito)

    assert try_again_link(response, errors.StoreUnavailable) == LOGIN_PAGE
    assert warnings.one().name == OUTAGES
    assert_dropped_and_revoked(at_code_page, cognito)
    assert at_code_page.get(CODE_PAGE)["Location"] == LOGIN_PAGE


# -- this site's own limit: 429, with Retry-After ----------------------------------------------


def test_the_sites_limit_says_429_with_retry_after_and_keeps_the_step(
        at_code_page, cognito, settings, app_clock, warnings):
    settings.COGNITO_CHALLENGE_THROTTLE_WINDOW = 60
    settings.COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT = 1
    at_code_page.post(CODE_PAGE, {"code": wrong_code(cognito)})  # the one failure allowed
    cognito.reset_calls()
    warnings.clear()

    response = send_code(at_code_page, cognito)

    assert try_again_link(response, errors.SignInThrottled) == CODE_PAGE
    wait = int(response["Retry-After"])
    assert 0 < wait <= 2 * 60
    warnings.none()  # a refusal anyone can cause: the INFO audit line only
    assert cognito.calls == []
    assert pending_of(at_code_page) is not None
    app_clock.advance(wait)
    assert send_code(at_code_page, cognito)["Location"] == "/home/"


@pytest.mark.django_db(transaction=True)
def test_a_session_store_that_cannot_be_read_asks_to_try_again(browser, cognito, caplog):
    """The session is read by the refresh middleware before any view: still 503, not 500."""
    cognito.add_user("tess")
    sign_in(browser, "tess")
    browser.raise_request_exception = False
    with database_fails_on("django_session"), caplog.at_level("WARNING"):
        response = browser.get("/home/")
    assert response.status_code == 503
    assert b"Please try again" in response.content
    assert b'href="/home/"' in response.content
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert browser.get("/home/").content == b"home: tess"  # back, the session is intact
