"""A Cognito sign-in that answered an MFA challenge is django-otp verified; one without is not."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from .conftest import (
    CODE_PAGE,
    PHONE,
    TOTP_SECRET,
    VERIFIED_ONLY,
    device_in_session,
    enter_code,
    factors,
    is_verified,
    opens_otp_admin,
    passes_otp_required,
    sign_in,
    sign_in_with_totp,
    sign_out,
)


def test_totp_sign_in_is_verified_and_opens_otp_required_pages_and_the_otp_admin(
        browser, staff_pool):
    cognito = staff_pool
    cognito.add_user("tess", totp_secret=TOTP_SECRET, groups=("admins",))
    assert sign_in(browser, "tess")["Location"] == CODE_PAGE
    key_on_the_code_page = browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert enter_code(browser, cognito.totp_code("tess"))["Location"] == "/home/"
    # The key rotated when the sign-in completed, and the verification is in the new session.
    assert browser.cookies[settings.SESSION_COOKIE_NAME].value != key_on_the_code_page
    device = device_in_session(browser)
    assert (device.user.username, device.factor) == ("tess", "SOFTWARE_TOKEN_MFA")
    assert is_verified(browser)
    assert browser.get(VERIFIED_ONLY).content == b"verified: tess"
    assert opens_otp_admin(browser)
    assert factors("tess") == [("SOFTWARE_TOKEN_MFA", "Cognito: authenticator app")]


def test_sms_mfa_sign_in_is_verified_by_the_text_message_factor(browser, staff_pool):
    cognito = staff_pool
    cognito.add_user("sam", attributes={"phone_number": PHONE}, sms=True, groups=("admins",))
    assert sign_in(browser, "sam")["Location"] == CODE_PAGE
    enter_code(browser, cognito.last_code("sam"))
    assert is_verified(browser)
    assert passes_otp_required(browser)
    assert opens_otp_admin(browser)
    assert factors("sam") == [("SMS_MFA", "Cognito: text message")]


def test_email_mfa_sign_in_is_verified_by_the_email_factor(browser, staff_pool):
    cognito = staff_pool
    cognito.add_user("emma", attributes={"email": "emma@example.com"}, email_mfa=True,
                     groups=("admins",))
    assert sign_in(browser, "emma")["Location"] == CODE_PAGE
    enter_code(browser, cognito.last_code("emma"))
    assert is_verified(browser)
    assert passes_otp_required(browser)
    assert opens_otp_admin(browser)
    assert factors("emma") == [("EMAIL_OTP", "Cognito: email")]


def test_chosen_mfa_type_is_the_factor_that_verifies(browser, staff_pool):
    cognito = staff_pool
    cognito.add_user("chris", attributes={"phone_number": PHONE}, sms=True,
                     totp_secret=TOTP_SECRET)
    assert sign_in(browser, "chris")["Location"] == "/accounts/login/select-mfa/"
    browser.post("/accounts/login/select-mfa/", {"mfa_type": "SMS_MFA"})
    enter_code(browser, cognito.last_code("chris"))
    assert passes_otp_required(browser)
    assert device_in_session(browser).factor == "SMS_MFA"


@override_settings(COGNITO_CHALLENGE_AUTH_FLOW="USER_PASSWORD_AUTH")
def test_totp_after_a_plain_password_is_verified_too(browser, staff_pool):
    cognito = staff_pool
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    sign_in_with_totp(browser, cognito, "tess")
    assert cognito.call_names()[0] == "InitiateAuth:USER_PASSWORD_AUTH"
    assert passes_otp_required(browser)


@pytest.mark.parametrize("mfa", ["OFF", "OPTIONAL"])
def test_sign_in_without_mfa_is_not_verified_and_otp_required_sends_to_sign_in(
        browser, cognito, settings, mfa):
    settings.COGNITO_CHALLENGE_STAFF_GROUPS = ("admins",)
    cognito.configure_pool(mfa_configuration=mfa)
    cognito.add_user("olga", groups=("admins",))
    assert sign_in(browser, "olga")["Location"] == "/home/"
    assert browser.get("/home/").content == b"home: olga"
    assert not is_verified(browser)
    assert not passes_otp_required(browser)
    assert not opens_otp_admin(browser)
    assert "otp_device_id" not in browser.session
    assert factors("olga") == []


def test_mfa_set_up_during_sign_in_verifies_only_from_the_next_sign_in(browser, cognito):
    """The set-up code proves the authenticator just enrolled with nothing but the password."""
    cognito.configure_pool(mfa_configuration="ON", enabled_mfa_factors=("SOFTWARE_TOKEN_MFA",))
    cognito.add_user("tina")
    assert sign_in(browser, "tina")["Location"] == "/accounts/login/mfa-setup/"
    browser.post("/accounts/login/mfa-setup/", {})  # "Show the QR code": the set-up begins
    response = browser.post("/accounts/login/mfa-setup/", {"code": cognito.totp_code("tina")})
    assert response["Location"] == "/home/"
    assert not passes_otp_required(browser)
    assert factors("tina") == []

    sign_out(browser)
    sign_in_with_totp(browser, cognito, "tina")
    assert passes_otp_required(browser)
    assert factors("tina") == [("SOFTWARE_TOKEN_MFA", "Cognito: authenticator app")]


def test_email_mfa_set_up_during_sign_in_is_not_verified(browser, cognito):
    """The email code proves only the address the person has just typed."""
    cognito.configure_pool(mfa_configuration="ON", enabled_mfa_factors=("EMAIL_OTP",))
    cognito.add_user("emma")
    sign_in(browser, "emma")
    browser.post("/accounts/login/mfa-setup/", {"email": "emma@example.com"})
    assert enter_code(browser, cognito.last_code("emma"))["Location"] == "/home/"
    assert browser.get("/home/").content == b"home: emma"
    assert not passes_otp_required(browser)
    assert factors("emma") == []


def test_sign_out_ends_the_verification(browser, staff_pool):
    cognito = staff_pool
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    sign_in_with_totp(browser, cognito, "tess")
    assert passes_otp_required(browser)
    sign_out(browser)
    assert "otp_device_id" not in browser.session
    assert not passes_otp_required(browser)
    assert factors("tess") == [("SOFTWARE_TOKEN_MFA", "Cognito: authenticator app")]


def test_otp_required_sends_an_unverified_person_to_sign_in_and_back(browser, cognito):
    """The sign-in ``otp_required`` leads to verifies, and ``next`` brings the person back."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    response = browser.get(VERIFIED_ONLY)
    assert response["Location"] == f"/accounts/login/?next={VERIFIED_ONLY}"
    assert sign_in(browser, "tess", next=VERIFIED_ONLY)["Location"] == CODE_PAGE
    response = enter_code(browser, cognito.totp_code("tess"))
    assert response["Location"] == VERIFIED_ONLY
    assert browser.get(VERIFIED_ONLY).content == b"verified: tess"
