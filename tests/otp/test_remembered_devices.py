"""A remembered device in place of the MFA code: verified only when the site says it counts."""

from __future__ import annotations

import pytest

from django_cognito_challenge.testing.models import DeviceConfiguration

from .conftest import (
    TOTP_SECRET,
    device_in_session,
    factors,
    passes_otp_required,
    sign_in,
    sign_in_with_totp,
    sign_out,
)

#: A sign-in with a remembered device: the password, then the device; no MFA.
DEVICE_SIGN_IN = [
    "InitiateAuth:USER_SRP_AUTH",
    "RespondToAuthChallenge:PASSWORD_VERIFIER",
    "RespondToAuthChallenge:DEVICE_SRP_AUTH",
    "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER",
]


@pytest.fixture
def remembered(browser, cognito, settings):
    """alice signed in with TOTP, ticked "remember this device", and signed out."""
    settings.COGNITO_CHALLENGE_REMEMBERED_DEVICE_SKIPS_MFA = True
    cognito.configure_pool(mfa_configuration="ON", device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=True, device_only_remembered_on_user_prompt=True))
    cognito.add_user("alice", totp_secret=TOTP_SECRET)
    sign_in_with_totp(browser, cognito, "alice", remember=True)
    assert passes_otp_required(browser)
    sign_out(browser)
    cognito.reset_calls()
    return cognito


def sign_in_with_the_device(browser, cognito, *, over_a_session: bool = False) -> None:
    """The password only: the remembered device answers for the code."""
    assert sign_in(browser, "alice")["Location"] == "/home/"
    # Over a signed-in session, that session's refresh token is revoked too.
    assert cognito.call_names() == DEVICE_SIGN_IN + ["RevokeToken"] * over_a_session
    assert browser.get("/home/").content == b"home: alice"


def test_remembered_device_sign_in_is_not_verified_by_default(browser, remembered):
    sign_in_with_the_device(browser, remembered)
    assert not passes_otp_required(browser)
    assert "otp_device_id" not in browser.session
    assert factors("alice") == [("SOFTWARE_TOKEN_MFA", "Cognito: authenticator app")]


def test_remembered_device_sign_in_is_verified_when_the_setting_counts_it(
        browser, remembered, settings):
    settings.COGNITO_CHALLENGE_REMEMBERED_DEVICE_VERIFIES_OTP = True
    sign_in_with_the_device(browser, remembered)
    assert passes_otp_required(browser)
    assert device_in_session(browser).factor == "DEVICE"
    assert factors("alice") == [("SOFTWARE_TOKEN_MFA", "Cognito: authenticator app"),
                                ("DEVICE", "Cognito: remembered device")]


def test_a_sign_in_that_does_not_verify_takes_away_the_session_s_verification(
        browser, remembered, settings):
    """The same user signing in again keeps the session's data, but not its verification."""
    settings.COGNITO_CHALLENGE_REMEMBERED_DEVICE_VERIFIES_OTP = True
    sign_in_with_the_device(browser, remembered)
    assert passes_otp_required(browser)
    settings.COGNITO_CHALLENGE_REMEMBERED_DEVICE_VERIFIES_OTP = False
    remembered.reset_calls()
    sign_in_with_the_device(browser, remembered, over_a_session=True)  # not signed out
    assert not passes_otp_required(browser)
