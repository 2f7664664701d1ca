"""The MFA changes' requests: forged ones refused unheard, the access token refreshed before a
change, and a session Cognito has ended signed out here too."""

from __future__ import annotations

import pytest

from django_cognito_challenge.testing.flows.access import revoke_everything

from ..session_life.conftest import INTO_REFRESH_MARGIN, REFRESH, SESSION_ENDED
from .conftest import (
    SECURITY,
    TOTP_PAGE,
    TOTP_SECRET,
    act,
    enrolment_of,
    messages_of,
    new_app_code,
    sign_in,
)

FORMS = [
    {"action": "totp"},
    {"action": "enable", "factor": "SMS_MFA"},
    {"action": "prefer", "factor": "SOFTWARE_TOKEN_MFA"},
    {"action": "disable", "factor": "SOFTWARE_TOKEN_MFA"},
]


@pytest.fixture
def views_on_their_own(settings):
    """Without ``CsrfViewMiddleware``: only the views' own ``csrf_protect`` checks."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("CsrfViewMiddleware")]


@pytest.fixture
def olive(cognito):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.add_user("olive", attributes={"phone_number": "+15555550100"},
                     totp_secret=TOTP_SECRET, sms=True, preferred_mfa="SMS_MFA")
    return cognito


@pytest.mark.parametrize("forgery", [None, "x" * 32])
@pytest.mark.parametrize("form", FORMS, ids=lambda form: form["action"])
def test_a_forged_mfa_change_is_refused_unheard(browser, olive, views_on_their_own, form,
                                                forgery):
    sign_in(browser, olive, "olive")
    olive.reset_calls()
    response = browser.post(SECURITY, form, csrf_token=forgery)
    assert response.status_code == 403
    assert olive.call_names() == []
    assert olive.user("olive").enabled_mfa() == ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]


def test_a_forged_code_for_the_authenticator_set_up_is_refused_unheard(
        browser, olive, views_on_their_own):
    sign_in(browser, olive, "olive")
    act(browser, "totp")
    olive.reset_calls()
    response = browser.post(TOTP_PAGE, {"code": new_app_code(olive, "olive")}, csrf_token=None)
    assert response.status_code == 403
    assert olive.call_names() == []
    assert olive.user("olive").totp_secret == TOTP_SECRET
    assert enrolment_of(browser) is not None


def test_an_access_token_about_to_expire_is_refreshed_before_the_change(
        browser, olive, app_clock, settings):
    """Without the refresh middleware too: the change itself refreshes first."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("RefreshMiddleware")]
    settings.COGNITO_CHALLENGE_REAUTH_WINDOW = 2 * INTO_REFRESH_MARGIN
    sign_in(browser, olive, "olive")
    app_clock.advance(INTO_REFRESH_MARGIN)
    olive.reset_calls()

    assert act(browser, "prefer", "SOFTWARE_TOKEN_MFA")["Location"] == SECURITY
    assert olive.call_names() == [REFRESH, "GetUser", "SetUserMFAPreference"]
    refreshed = olive.calls[0].response["AuthenticationResult"]["AccessToken"]
    assert [c.request["AccessToken"] for c in olive.calls[1:]] == [refreshed, refreshed]
    assert olive.user("olive").preferred_mfa == "SOFTWARE_TOKEN_MFA"


def test_a_session_cognito_has_ended_is_signed_out_here_at_the_next_change(browser, olive):
    sign_in(browser, olive, "olive")
    revoke_everything(olive.backend, olive.user("olive"))
    olive.reset_calls()

    response = act(browser, "disable", "SMS_MFA")
    assert response["Location"] == "/accounts/login/?next=/accounts/security/"
    assert olive.call_names() == ["GetUser", "RevokeToken"]  # the sign-out revokes what is left
    assert olive.calls[0].error == "NotAuthorizedException"
    assert messages_of(browser.get("/accounts/login/")) == [SESSION_ENDED]
    assert browser.get("/home/").content == b"home: anonymous"
    assert olive.user("olive").enabled_mfa() == ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]


def test_a_refresh_refused_before_a_change_signs_the_person_out(
        browser, olive, app_clock, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("RefreshMiddleware")]
    settings.COGNITO_CHALLENGE_REAUTH_WINDOW = 2 * INTO_REFRESH_MARGIN
    sign_in(browser, olive, "olive")
    app_clock.advance(INTO_REFRESH_MARGIN)
    olive.fail_next("InitiateAuth", "NotAuthorizedException", "Invalid Refresh Token")
    olive.reset_calls()

    response = act(browser, "disable", "SMS_MFA")
    assert response["Location"] == "/accounts/login/?next=/accounts/security/"
    assert olive.call_names()[0] == REFRESH
    assert "SetUserMFAPreference" not in olive.call_names()
    assert browser.get("/home/").content == b"home: anonymous"
    assert olive.user("olive").enabled_mfa() == ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]


def test_opening_the_authenticator_page_asks_cognito_for_nothing(browser, olive):
    """3.5.3: only the security page's POST asks Cognito for a secret (AssociateSoftwareToken);
    the page's GETs read it from the session, so a prefetch or a crawler rotates nothing."""
    sign_in(browser, olive, "olive")
    olive.reset_calls()
    assert browser.get(TOTP_PAGE)["Location"] == SECURITY  # nothing begun: nothing shown
    assert olive.calls == []

    assert act(browser, "totp")["Location"] == TOTP_PAGE
    assert olive.call_names() == ["GetUser", "AssociateSoftwareToken"]
    secret = olive.user("olive").pending_totp_secret
    olive.reset_calls()
    for _ in range(2):
        page = browser.get(TOTP_PAGE)
        assert secret.encode() in page.content
    assert olive.calls == []
    assert olive.user("olive").pending_totp_secret == secret
