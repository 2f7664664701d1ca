"""Wrong answers, refused input and out-of-order pages: what the person sees, what Cognito gets."""

from __future__ import annotations

import pytest

from django_cognito_challenge import challenges
from django_cognito_challenge.cognito import errors

from .conftest import (
    PASSWORD,
    TOTP_SECRET,
    answers,
    error_codes,
    is_signed_in,
    pending_of,
    sign_in,
    wrong_totp_code,
)

PHONE = "+15555550123"
CODE_PAGE = "/accounts/login/code/"
NEW_PASSWORD_PAGE = "/accounts/login/new-password/"


@pytest.fixture
def totp_user(cognito):
    cognito.configure_pool(mfa_configuration="ON")
    return cognito.add_user("tess", totp_secret=TOTP_SECRET)


def message_after(browser, response) -> str:
    """Follow a restart to the sign-in page and return what it says."""
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    return browser.get("/accounts/login/").content.decode()


# -- wrong codes --------------------------------------------------------------------------------


def test_wrong_code_keeps_the_challenge_and_says_why(browser, cognito, totp_user):
    sign_in(browser, "tess")
    wrong = browser.post(CODE_PAGE, {"code": wrong_totp_code(cognito, "tess")})
    assert wrong.status_code == 200
    assert error_codes(wrong) == {"__all__": ["wrong_code"]}
    assert b"That code is not right" in wrong.content
    assert pending_of(browser).challenge == "SOFTWARE_TOKEN_MFA"
    assert not is_signed_in(browser)
    response = browser.post(CODE_PAGE, {"code": cognito.totp_code("tess")})
    assert response["Location"] == "/home/"
    assert [call.error for call in cognito.calls[2:]] == ["CodeMismatchException", None]


def test_malformed_code_is_refused_on_the_form_without_asking_cognito(browser, cognito,
                                                                       totp_user):
    sign_in(browser, "tess")
    before = cognito.call_names()
    response = browser.post(CODE_PAGE, {"code": "12ab"})
    assert error_codes(response) == {"code": ["invalid_code"]}
    assert cognito.call_names() == before
    assert pending_of(browser).wrong_answers == 0


def test_too_many_wrong_codes_end_the_sign_in(browser, cognito, totp_user):
    sign_in(browser, "tess")
    wrong = wrong_totp_code(cognito, "tess")
    for _ in range(2):
        assert browser.post(CODE_PAGE, {"code": wrong}).status_code == 200
    third = browser.post(CODE_PAGE, {"code": wrong})
    assert str(errors.TooManyWrongCodes.message) in message_after(browser, third)
    assert pending_of(browser) is None
    assert not is_signed_in(browser)
    assert len(answers(cognito, "SOFTWARE_TOKEN_MFA")) == 3
    calls = len(cognito.calls)
    assert browser.post(CODE_PAGE, {"code": cognito.totp_code("tess")})["Location"] == (
        "/accounts/login/")
    assert len(cognito.calls) == calls


def test_select_mfa_refuses_a_method_that_was_not_offered(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("sam", attributes={"phone_number": PHONE}, sms=True, totp_secret=TOTP_SECRET)
    sign_in(browser, "sam")
    response = browser.post("/accounts/login/select-mfa/", {"mfa_type": "EMAIL_OTP"})
    assert error_codes(response) == {"mfa_type": ["invalid_choice"]}
    assert answers(cognito, "SELECT_MFA_TYPE") == []


# -- new password -------------------------------------------------------------------------------


@pytest.fixture
def temporary_user(cognito):
    return cognito.add_user("nora", "Temp-Pass-1!", temporary=True)


def test_mismatched_new_passwords_are_refused_without_asking_cognito(browser, cognito,
                                                                       temporary_user):
    sign_in(browser, "nora", "Temp-Pass-1!")
    before = cognito.call_names()
    response = browser.post(NEW_PASSWORD_PAGE, {
        "new_password1": PASSWORD, "new_password2": PASSWORD + "x"})
    assert response.status_code == 200
    assert error_codes(response) == {"new_password2": ["password_mismatch"]}
    assert cognito.call_names() == before
    assert pending_of(browser).challenge == "NEW_PASSWORD_REQUIRED"


def test_weak_new_password_keeps_the_challenge_for_another_try(browser, cognito,
                                                               temporary_user):
    sign_in(browser, "nora", "Temp-Pass-1!")
    weak = browser.post(NEW_PASSWORD_PAGE, {"new_password1": "weak", "new_password2": "weak"})
    assert weak.status_code == 200
    assert error_codes(weak) == {"__all__": ["invalid_password"]}
    assert cognito.calls[-1].error == "InvalidPasswordException"
    assert pending_of(browser).challenge == "NEW_PASSWORD_REQUIRED"
    good = browser.post(NEW_PASSWORD_PAGE, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert good["Location"] == "/home/"
    assert [r["NEW_PASSWORD"] for r in answers(cognito, "NEW_PASSWORD_REQUIRED")] == [
        "weak", PASSWORD]
    assert cognito.user("nora").status == "CONFIRMED"


# -- pages reached out of order -----------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", ["code/", "new-password/", "select-mfa/", "mfa-setup/"])
def test_step_page_without_a_pending_sign_in_sends_back_without_calling_cognito(
        browser, cognito, method, page):
    response = getattr(browser, method)(f"/accounts/login/{page}", {"code": "123456"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert cognito.calls == []


def test_code_page_refuses_a_pending_new_password_step(browser, cognito, temporary_user):
    sign_in(browser, "nora", "Temp-Pass-1!")
    calls = len(cognito.calls)
    response = browser.post(CODE_PAGE, {"code": "123456"})
    assert response["Location"] == "/accounts/login/"
    assert browser.get(CODE_PAGE)["Location"] == "/accounts/login/"
    assert len(cognito.calls) == calls
    assert not is_signed_in(browser)


# -- a challenge the app does not handle --------------------------------------------------------


def test_unknown_first_challenge_fails_closed_on_the_sign_in_page(browser, cognito, monkeypatch):
    monkeypatch.delitem(challenges.CHALLENGES, "SMS_MFA")
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("sam", attributes={"phone_number": PHONE}, sms=True)
    response = sign_in(browser, "sam")
    assert response.status_code == 200
    assert error_codes(response) == {"__all__": ["unknown_challenge"]}
    assert str(errors.UnknownChallenge.message) in response.content.decode()
    assert pending_of(browser) is None
    assert not is_signed_in(browser)


def test_unknown_challenge_after_a_step_restarts_with_the_message(browser, cognito,
                                                                   monkeypatch):
    monkeypatch.delitem(challenges.CHALLENGES, "SMS_MFA")
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("sam", "Temp-Pass-1!", temporary=True, attributes={"phone_number": PHONE},
                     sms=True)
    assert sign_in(browser, "sam", "Temp-Pass-1!")["Location"] == NEW_PASSWORD_PAGE
    response = browser.post(NEW_PASSWORD_PAGE, {
        "new_password1": PASSWORD, "new_password2": PASSWORD})
    assert str(errors.UnknownChallenge.message) in message_after(browser, response)
    assert pending_of(browser) is None
    assert not is_signed_in(browser)
    assert cognito.call_names()[-1] == "RespondToAuthChallenge:NEW_PASSWORD_REQUIRED"
