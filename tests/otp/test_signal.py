"""``cognito_signed_in`` names the factors of the sign-in and whether a device answered."""

from __future__ import annotations

import pytest
from django.test import override_settings

from django_cognito_challenge.signals import cognito_signed_in
from django_cognito_challenge.testing.models import DeviceConfiguration

from .conftest import PHONE, TOTP_SECRET, enter_code, sign_in, sign_in_with_totp, sign_out


@pytest.fixture
def sent():
    """The keyword arguments of each ``cognito_signed_in`` sent during the test."""
    seen: list[dict] = []

    def receiver(sender, **kwargs):
        seen.append(kwargs)

    cognito_signed_in.connect(receiver, dispatch_uid="tests.otp.sent")
    yield seen
    cognito_signed_in.disconnect(dispatch_uid="tests.otp.sent")


def test_a_totp_sign_in_sends_the_password_then_the_code(browser, cognito, sent):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    sign_in_with_totp(browser, cognito, "tess")
    (signal,) = sent
    assert signal["factors"] == ("PASSWORD_VERIFIER", "SOFTWARE_TOKEN_MFA")
    assert signal["remembered_device"] is False
    assert signal["user"].username == "tess"
    assert signal["claims"].username == "tess"
    assert signal["request"].user == signal["user"]


@override_settings(COGNITO_CHALLENGE_AUTH_FLOW="USER_PASSWORD_AUTH")
def test_a_chosen_sms_code_after_a_plain_password(browser, cognito, sent):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("chris", attributes={"phone_number": PHONE}, sms=True,
                     totp_secret=TOTP_SECRET)
    sign_in(browser, "chris")
    browser.post("/accounts/login/select-mfa/", {"mfa_type": "SMS_MFA"})
    enter_code(browser, cognito.last_code("chris"))
    assert [s["factors"] for s in sent] == [("PASSWORD", "SELECT_MFA_TYPE", "SMS_MFA")]


def test_a_remembered_device_sign_in_says_so(browser, cognito, settings, sent):
    settings.COGNITO_CHALLENGE_REMEMBERED_DEVICE_SKIPS_MFA = True
    cognito.configure_pool(mfa_configuration="ON", device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=True, device_only_remembered_on_user_prompt=True))
    cognito.add_user("alice", totp_secret=TOTP_SECRET)
    sign_in_with_totp(browser, cognito, "alice", remember=True)
    sign_out(browser)
    assert sign_in(browser, "alice")["Location"] == "/home/"
    assert [(s["factors"], s["remembered_device"]) for s in sent] == [
        (("PASSWORD_VERIFIER", "SOFTWARE_TOKEN_MFA"), False),
        (("PASSWORD_VERIFIER", "DEVICE_SRP_AUTH"), True),
    ]


def test_a_sign_in_without_mfa_sends_the_password_alone(browser, cognito, sent):
    cognito.add_user("olga")
    assert sign_in(browser, "olga")["Location"] == "/home/"
    assert [(s["factors"], s["remembered_device"]) for s in sent] == [
        (("PASSWORD_VERIFIER",), False)]
