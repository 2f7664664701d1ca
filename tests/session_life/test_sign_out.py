"""Sign-out revokes the refresh token; a remembered device stays remembered (no MFA at the
next sign-in) unless the person forgot it, and a merely tracked one is forgotten.
"""

from __future__ import annotations

from django_cognito_challenge.models import RememberedDevice

from .conftest import (
    INTO_REFRESH_MARGIN,
    PASSWORD,
    REFRESH,
    TOTP_SECRET,
    sign_in_with_totp,
    stored,
    track_devices,
)

DEVICE_SIGN_IN = [
    "InitiateAuth:USER_SRP_AUTH",
    "RespondToAuthChallenge:PASSWORD_VERIFIER",
    "RespondToAuthChallenge:DEVICE_SRP_AUTH",
    "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER",
]


def sign_out(browser, cognito) -> list[str]:
    """POST the logout form; return the Cognito calls it made."""
    cognito.reset_calls()
    response = browser.post("/accounts/logout/")
    assert response.status_code == 302
    assert browser.get("/home/").content == b"home: anonymous"
    return cognito.call_names()


def test_sign_out_revokes_and_the_remembered_device_skips_mfa_next_time(
        browser, cognito, app_clock):
    track_devices(cognito)
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    sign_in_with_totp(browser, cognito, "tess", remember=True)
    tokens = stored(browser)
    assert "UpdateDeviceStatus" in cognito.call_names()
    assert RememberedDevice.objects.filter(device_key=tokens.device_key).exists()

    assert sign_out(browser, cognito) == ["RevokeToken"]
    assert cognito.calls[0].request["Token"] == tokens.refresh_token
    assert cognito.calls[0].error is None
    assert RememberedDevice.objects.filter(device_key=tokens.device_key).exists()
    assert cognito.user("tess").devices[tokens.device_key].remembered == "remembered"

    cognito.reset_calls()
    response = browser.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    assert response["Location"] == "/home/"  # no code page
    assert cognito.call_names() == DEVICE_SIGN_IN
    assert stored(browser).device_key == tokens.device_key
    assert browser.get("/home/").content == b"home: tess"

    cognito.reset_calls()  # the device-bound refresh token of this sign-in refreshes too
    app_clock.advance(INTO_REFRESH_MARGIN)
    assert browser.get("/home/").content == b"home: tess"
    assert cognito.call_names() == [REFRESH]
    assert cognito.calls[0].error is None
    assert cognito.calls[0].request["AuthParameters"]["DEVICE_KEY"] == tokens.device_key


def test_sign_out_forgets_a_device_that_was_not_remembered(browser, cognito):
    track_devices(cognito)
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    sign_in_with_totp(browser, cognito, "tess")
    tokens = stored(browser)
    assert tokens.device_key in cognito.user("tess").devices
    assert not RememberedDevice.objects.exists()

    assert sign_out(browser, cognito) == ["ForgetDevice", "RevokeToken"]
    assert all(call.error is None for call in cognito.calls)
    assert tokens.device_key not in cognito.user("tess").devices

    response = browser.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    assert response["Location"] == "/accounts/login/code/"


def test_device_forgotten_on_the_security_page_asks_for_mfa_after_sign_out(browser, cognito):
    track_devices(cognito)
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    sign_in_with_totp(browser, cognito, "tess", remember=True)
    key = stored(browser).device_key
    cognito.reset_calls()
    response = browser.post("/accounts/security/", {"action": "forget", "device_key": key})
    assert response.status_code == 302
    assert cognito.call_names() == ["UpdateDeviceStatus"]  # its refresh token is bound to it
    assert cognito.calls[0].request["DeviceRememberedStatus"] == "not_remembered"
    assert not RememberedDevice.objects.exists()
    assert browser.get("/home/").content == b"home: tess"  # this session goes on

    assert sign_out(browser, cognito) == ["ForgetDevice", "RevokeToken"]
    assert key not in cognito.user("tess").devices
    response = browser.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    assert response["Location"] == "/accounts/login/code/"
