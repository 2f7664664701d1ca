"""Remembered devices through the pages, where the local Cognito answers as AWS does:
ChallengeRequiredOnNewDevice decides whether a device replaces MFA, the refresh token of a device
never confirmed is refused, and every call after an email alias names the canonical user."""

from __future__ import annotations

from django.test import override_settings

from django_cognito_challenge.cognito.srp import secret_hash
from django_cognito_challenge.testing.models import DeviceConfiguration

from ..session_life.conftest import INTO_REFRESH_MARGIN, REFRESH, SESSION_ENDED, message_texts
from ..signin.conftest import app_clock  # noqa: F401 (fixture)
from .conftest import (
    DEVICE_SIGN_IN,
    MFA_SIGN_IN,
    PASSWORD,
    TOTP_SECRET,
    asked_for_code_again,
    calls_of,
    enter_code,
    only_row,
    rows,
    sign_in_with_code,
    sign_out,
    stored_tokens,
)


def test_pool_whose_devices_do_not_replace_mfa_asks_a_remembered_browser_for_the_code(
        browser, device_pool):
    cognito = device_pool
    cognito.configure_pool(device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=False, device_only_remembered_on_user_prompt=True))
    sign_in_with_code(browser, cognito, "alice", remember=True)
    row = only_row("alice")
    sign_out(browser)

    cognito.reset_calls()
    asked_for_code_again(browser, cognito, "alice")
    response = enter_code(browser, cognito, "alice", remember=False)
    assert response["Location"] == "/home/"
    # The code first, then the remembered device is proven: no new device, no ConfirmDevice.
    assert cognito.call_names() == [*MFA_SIGN_IN, *DEVICE_SIGN_IN[2:]]
    assert [r.device_key for r in rows("alice")] == [row.device_key]
    assert stored_tokens(browser).device_key == row.device_key


def test_sign_in_whose_device_was_never_confirmed_ends_at_the_first_refresh(
        browser, device_pool, app_clock):  # noqa: F811 (fixture)
    """AWS refuses the refresh token of a device never confirmed ("Invalid Refresh Token")."""
    cognito = device_pool
    cognito.fail_next("ConfirmDevice", "InternalErrorException")
    sign_in_with_code(browser, cognito, "alice", remember=True)
    assert [c.error for c in calls_of(cognito, "ConfirmDevice")] == ["InternalErrorException"]
    assert rows() == []

    cognito.reset_calls()
    app_clock.advance(INTO_REFRESH_MARGIN)
    response = browser.get("/accounts/security/", follow=True)
    assert cognito.call_names() == [REFRESH]
    assert cognito.calls[0].error == "NotAuthorizedException"
    assert cognito.calls[0].response == {}
    assert not response.wsgi_request.user.is_authenticated
    assert message_texts(response) == [SESSION_ENDED]


def test_device_never_confirmed_is_not_kept_as_the_sessions_device(browser, device_pool):
    """Its key would only be refused at refresh: the session must not hold it."""
    cognito = device_pool
    cognito.fail_next("ConfirmDevice", "InternalErrorException")
    sign_in_with_code(browser, cognito, "alice", remember=True)
    (confirm,) = calls_of(cognito, "ConfirmDevice")
    assert confirm.error == "InternalErrorException"
    assert stored_tokens(browser).device_key != confirm.request["DeviceKey"]


@override_settings(COGNITO_CHALLENGE_AUTH_FLOW="USER_PASSWORD_AUTH")
def test_email_alias_with_a_client_secret_signs_in_by_device_and_refreshes(
        browser, device_pool, app_clock):  # noqa: F811 (fixture)
    """USER_PASSWORD_AUTH with the email typed: later calls name the canonical user."""
    cognito = device_pool
    cognito.configure_pool(username_attributes=("email",))
    client = cognito.use_client(generate_secret=True)
    canonical = "0b7e4d2a-0000-4000-8000-0000000ca201"
    cognito.add_user(canonical, attributes={"email": "carol@example.com",
                                            "email_verified": "true"}, totp_secret=TOTP_SECRET)
    sign_in_with_code(browser, cognito, canonical, remember=True, login_name="carol@example.com")
    sign_out(browser)
    cognito.reset_calls()
    response = browser.post("/accounts/login/", {"username": "carol@example.com",
                                                 "password": PASSWORD})
    assert response["Location"] == "/home/"
    assert cognito.call_names() == ["InitiateAuth:USER_PASSWORD_AUTH", *DEVICE_SIGN_IN[2:]]

    cognito.reset_calls()
    app_clock.advance(INTO_REFRESH_MARGIN)
    page = browser.get("/home/")
    assert cognito.call_names() == [REFRESH]
    sent = cognito.calls[0].request["AuthParameters"]
    assert sent["SECRET_HASH"] == secret_hash(client.client_id, client.secret, canonical)
    assert cognito.calls[0].error is None
    assert page.content == f"home: {canonical}".encode()
