"""Several challenges in one sign-in, pending sign-ins that time out, ``next``, session keys."""

from __future__ import annotations

import pytest

from django_cognito_challenge.cognito import errors
from tests.browsers import Browser

from .conftest import PASSWORD, TOTP_SECRET, is_signed_in, pending_of, sign_in

PHONE = "+15555550123"
CODE_PAGE = "/accounts/login/code/"
NEW_PASSWORD_PAGE = "/accounts/login/new-password/"
TIMED_OUT = str(errors.SessionExpired.message)


def set_new_password(browser):
    return browser.post(NEW_PASSWORD_PAGE, {"new_password1": PASSWORD, "new_password2": PASSWORD})


def restart_message(browser, response) -> str:
    """Follow a restart to the sign-in page and return what it says."""
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    return browser.get("/accounts/login/").content.decode()


# -- chains -------------------------------------------------------------------------------------


def test_new_password_then_totp_set_up_in_one_sign_in(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON", enabled_mfa_factors=("SOFTWARE_TOKEN_MFA",))
    cognito.add_user("nora", "Temp-Pass-1!", temporary=True)
    assert sign_in(browser, "nora", "Temp-Pass-1!")["Location"] == NEW_PASSWORD_PAGE
    assert set_new_password(browser)["Location"] == "/accounts/login/mfa-setup/"
    assert browser.post("/accounts/login/mfa-setup/", {})["Location"] == (  # "Show the QR code"
        "/accounts/login/mfa-setup/")
    assert b"<svg" in browser.get("/accounts/login/mfa-setup/").content
    response = browser.post("/accounts/login/mfa-setup/", {"code": cognito.totp_code("nora")})
    assert response["Location"] == "/home/", response.content
    assert browser.get("/home/").content == b"home: nora"
    assert cognito.call_names() == [
        "InitiateAuth:USER_SRP_AUTH",
        "RespondToAuthChallenge:PASSWORD_VERIFIER",
        "RespondToAuthChallenge:NEW_PASSWORD_REQUIRED",
        "AssociateSoftwareToken",
        "VerifySoftwareToken",
        "RespondToAuthChallenge:MFA_SETUP",
    ]
    assert cognito.user("nora").totp_enabled


def test_new_password_then_sms_code_in_one_sign_in(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("sam", "Temp-Pass-1!", temporary=True, attributes={"phone_number": PHONE},
                     sms=True)
    assert sign_in(browser, "sam", "Temp-Pass-1!")["Location"] == NEW_PASSWORD_PAGE
    assert set_new_password(browser)["Location"] == CODE_PAGE
    assert b"+*******0123" in browser.get(CODE_PAGE).content
    response = browser.post(CODE_PAGE, {"code": cognito.last_code("sam")})
    assert response["Location"] == "/home/", response.content
    assert browser.get("/home/").content == b"home: sam"
    assert cognito.call_names() == [
        "InitiateAuth:USER_SRP_AUTH",
        "RespondToAuthChallenge:PASSWORD_VERIFIER",
        "RespondToAuthChallenge:NEW_PASSWORD_REQUIRED",
        "RespondToAuthChallenge:SMS_MFA",
    ]


# -- expiry -------------------------------------------------------------------------------------


@pytest.fixture
def sms_user(cognito):
    cognito.configure_pool(mfa_configuration="ON")
    return cognito.add_user("sam", attributes={"phone_number": PHONE}, sms=True)


def test_code_page_still_works_just_before_the_pending_sign_in_expires(browser, cognito,
                                                                       sms_user, app_clock):
    sign_in(browser, "sam")
    app_clock.advance(179)
    assert browser.get(CODE_PAGE).status_code == 200
    assert browser.post(CODE_PAGE, {"code": cognito.last_code("sam")})["Location"] == "/home/"


@pytest.mark.parametrize("method", ["get", "post"])
def test_expired_pending_sign_in_restarts_without_calling_cognito(browser, cognito, sms_user,
                                                                  app_clock, method):
    sign_in(browser, "sam")
    calls = len(cognito.calls)
    app_clock.advance(181)
    response = getattr(browser, method)(CODE_PAGE, {"code": cognito.last_code("sam")})
    assert TIMED_OUT in restart_message(browser, response)
    assert len(cognito.calls) == calls
    assert pending_of(browser) is None
    assert not is_signed_in(browser)


def test_session_expired_at_cognito_restarts_with_the_timed_out_message(browser, cognito,
                                                                        sms_user):
    sign_in(browser, "sam")
    cognito.advance(181)
    response = browser.post(CODE_PAGE, {"code": cognito.last_code("sam")})
    assert TIMED_OUT in restart_message(browser, response)
    assert cognito.call_names()[-1] == "RespondToAuthChallenge:SMS_MFA"
    assert cognito.calls[-1].error == "NotAuthorizedException"
    assert pending_of(browser) is None
    assert not is_signed_in(browser)


# -- next ---------------------------------------------------------------------------------------


def sign_in_through_totp(browser, cognito, next_url: str):
    """Start at the sign-in page with ``next``, answer the TOTP step; return the last reply."""
    page = browser.get("/accounts/login/", {"next": next_url})
    assert page.context["next"] == next_url
    assert sign_in(browser, "tess", next=next_url)["Location"] == CODE_PAGE
    return browser.post(CODE_PAGE, {"code": cognito.totp_code("tess")})


@pytest.fixture
def totp_user(cognito):
    cognito.configure_pool(mfa_configuration="ON")
    return cognito.add_user("tess", totp_secret=TOTP_SECRET)


def test_next_survives_every_step(browser, cognito, totp_user):
    response = sign_in_through_totp(browser, cognito, "/home/?x=1")
    assert response["Location"] == "/home/?x=1"
    assert browser.get(response["Location"]).content == b"home: tess"


@pytest.mark.parametrize("next_url", [
    "http://example.com", "http:///example.com", "https://example.com", "ftp://example.com",
    "///example.com", "//example.com", 'javascript:alert("XSS")',
])
def test_hostile_next_lands_on_the_default_page(browser, cognito, totp_user, next_url):
    response = sign_in_through_totp(browser, cognito, next_url)
    assert response["Location"] == "/home/"
    assert is_signed_in(browser)


@pytest.mark.parametrize("next_url", [
    "/view/?param=http://example.com", "https://testserver/", "//testserver/",
    "/url%20with%20spaces/",
])
def test_benign_next_is_kept(browser, cognito, totp_user, next_url):
    assert sign_in_through_totp(browser, cognito, next_url)["Location"] == next_url


# -- the session key ----------------------------------------------------------------------------


def session_id(browser) -> str:
    return browser.cookies["sessionid"].value


def test_session_key_changes_when_the_sign_in_completes(browser, cognito, sms_user):
    sign_in(browser, "sam")
    during = session_id(browser)
    assert browser.post(CODE_PAGE, {"code": cognito.last_code("sam")})["Location"] == "/home/"
    assert session_id(browser) != during
    fixated = Browser()
    fixated.cookies["sessionid"] = during
    assert fixated.get("/home/").content == b"home: anonymous"


def test_session_key_changes_when_the_same_user_signs_in_again(browser, cognito, sms_user):
    sign_in(browser, "sam")
    browser.post(CODE_PAGE, {"code": cognito.last_code("sam")})
    first = session_id(browser)
    sign_in(browser, "sam")
    during = session_id(browser)
    assert browser.post(CODE_PAGE, {"code": cognito.last_code("sam")})["Location"] == "/home/"
    assert session_id(browser) not in (first, during)
    assert browser.get("/home/").content == b"home: sam"
