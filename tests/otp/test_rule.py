"""What counts as verified, for factor sequences the pages cannot produce yet (USER_AUTH)."""

from __future__ import annotations

import pytest

from django_cognito_challenge.otp.verification import verified_factor

P = "PASSWORD_VERIFIER"


@pytest.mark.parametrize(("factors", "verified"), [
    ((P, "SOFTWARE_TOKEN_MFA"), "SOFTWARE_TOKEN_MFA"),
    (("PASSWORD", "SELECT_MFA_TYPE", "SMS_MFA"), "SMS_MFA"),
    (("SELECT_CHALLENGE", "PASSWORD_SRP", "EMAIL_OTP"), "EMAIL_OTP"),
    # Passwordless first factors (choice-based USER_AUTH): the only factor, so no MFA.
    (("EMAIL_OTP",), None),
    (("SELECT_CHALLENGE", "SMS_OTP"), None),
    (("SMS_OTP", "PASSWORD"), None),
    ((P, "SMS_OTP"), None),
    # A factor enrolled during this sign-in, on the strength of the password alone.
    ((P, "MFA_SETUP"), None),
    ((P, "MFA_SETUP", "EMAIL_OTP"), None),
    ((P,), None),
    ((P, "NEW_PASSWORD_REQUIRED"), None),
    ((), None),
])
def test_only_an_mfa_challenge_after_a_password_verifies(factors, verified):
    assert verified_factor(factors, remembered_device=False) == verified


@pytest.mark.parametrize(("counts", "verified"), [(False, None), (True, "DEVICE")])
def test_a_remembered_device_verifies_only_when_the_setting_counts_it(settings, counts,
                                                                       verified):
    settings.COGNITO_CHALLENGE_REMEMBERED_DEVICE_VERIFIES_OTP = counts
    assert verified_factor((P, "DEVICE_SRP_AUTH"), remembered_device=True) == verified
