"""Remembering a device: the code once, then the device answers for the person."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

import pytest
from django.core import signing

from django_cognito_challenge import devices
from django_cognito_challenge.cognito.srp import secret_hash
from django_cognito_challenge.models import RememberedDevice
from django_cognito_challenge.testing import srp as local_srp
from django_cognito_challenge.testing.models import DeviceConfiguration

from .conftest import (
    CODE_PAGE,
    COOKIE,
    MFA_SIGN_IN,
    PASSWORD,
    SECURITY_PAGE,
    TOTP_SECRET,
    asked_for_code_again,
    calls_of,
    cognito_device,
    confirmed_device_keys,
    device_password,
    enter_code,
    initiate_auth_parameters,
    only_row,
    rows,
    sign_in,
    sign_in_with_code,
    sign_out,
    signed_in_again_without_code,
    stored_tokens,
)

LONG_AGO = datetime(2020, 1, 1, tzinfo=timezone.utc)


def test_ticked_box_remembers_the_device_and_the_next_sign_in_skips_the_code(
        browser, device_pool):
    cognito = device_pool
    sign_in_with_code(browser, cognito, "alice", remember=True)
    assert cognito.call_names() == [*MFA_SIGN_IN, "ConfirmDevice", "UpdateDeviceStatus"]
    (key,) = confirmed_device_keys(cognito)
    (update,) = calls_of(cognito, "UpdateDeviceStatus")
    assert update.request["DeviceKey"] == key
    assert update.request["DeviceRememberedStatus"] == "remembered"
    row = only_row("alice")
    assert (row.device_key, row.user.username, row.login_name) == (key, "alice", "alice")
    assert row.name == "Firefox on Linux"
    assert cognito_device(cognito, "alice", key).remembered == "remembered"

    cognito.reset_calls()
    sign_out(browser)
    assert cognito.call_names() == ["RevokeToken"]  # a remembered device is not forgotten
    assert only_row("alice").pk == row.pk
    assert cognito_device(cognito, "alice", key) is not None

    RememberedDevice.objects.filter(pk=row.pk).update(last_used_at=LONG_AGO)
    signed_in_again_without_code(browser, cognito, "alice")
    assert [p.get("DEVICE_KEY") for p in initiate_auth_parameters(cognito)] == [key]
    assert stored_tokens(browser).device_key == key
    assert only_row("alice").last_used_at > LONG_AGO

    cognito.reset_calls()
    sign_out(browser)
    assert cognito.call_names() == ["RevokeToken"]
    assert cognito_device(cognito, "alice", key).remembered == "remembered"


def test_sign_in_with_a_remembered_device_goes_to_the_next_page(browser, device_pool):
    cognito = device_pool
    sign_in_with_code(browser, cognito, "alice", remember=True)
    sign_out(browser)
    response = browser.post("/accounts/login/", {
        "username": "alice", "password": PASSWORD, "next": SECURITY_PAGE})
    assert response["Location"] == SECURITY_PAGE
    assert browser.get(SECURITY_PAGE).status_code == 200


def test_device_password_is_encrypted_at_rest_and_never_leaves_the_server(
        browser, device_pool, caplog):
    caplog.set_level(logging.DEBUG)
    cognito = device_pool
    sign_in_with_code(browser, cognito, "alice", remember=True)
    browser.get("/home/")
    browser.get(SECURITY_PAGE)
    row = only_row("alice")
    password = device_password(row)
    assert row.encrypted_password != password
    assert password not in row.encrypted_password
    # It is the password Cognito's verifier was made from, so it can prove the device.
    held = cognito_device(cognito, "alice", row.device_key)
    assert local_srp.password_verifier(row.device_group_key, row.device_key, password,
                                       held.salt_hex) == held.verifier

    session = json.dumps(dict(browser.session.items()))
    received = browser.everything_received()
    for secret in (password, row.encrypted_password, row.device_group_key):
        assert secret not in session
        assert secret not in received
    assert password not in caplog.text


def test_device_cookie_is_httponly_lax_secure_and_holds_only_a_signed_browser_id(
        browser, device_pool):
    cognito = device_pool
    response = sign_in_with_code(browser, cognito, "alice", remember=True)
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] is True  # tests/settings.py: SESSION_COOKIE_SECURE = True
    assert cookie["path"] == "/"
    assert int(cookie["max-age"]) == 365 * 24 * 3600
    row = only_row("alice")
    for secret in (row.device_key, row.device_group_key, device_password(row),
                   row.encrypted_password):
        assert secret not in cookie.value
    assert signing.Signer(salt=devices.COOKIE_SALT).unsign(cookie.value) == row.browser_id
    assert COOKIE.startswith("__Host-")  # ASVS 3.3.1: Secure, path /, no Domain
    assert cookie["domain"] == ""


def test_without_secure_session_cookies_the_device_cookie_drops_the_host_prefix(
        browser, device_pool, settings):
    """A ``__Host-`` cookie without Secure would be refused by browsers (plain-HTTP demos)."""
    settings.SESSION_COOKIE_SECURE = False
    response = sign_in_with_code(browser, device_pool, "alice", remember=True)
    cookie = response.cookies["cognito_challenge_device"]
    assert cookie["secure"] == ""
    assert "__Host-cognito_challenge_device" not in response.cookies
    sign_out(browser)
    signed_in_again_without_code(browser, device_pool, "alice")


def test_device_answers_carry_session_and_secret_hash_over_the_canonical_username(
        browser, device_pool):
    cognito = device_pool
    cognito.configure_pool(username_attributes=("email",))
    client = cognito.use_client(generate_secret=True)
    canonical = "7d4e2a90-6c1f-4f0b-9a55-c0ffee000001"
    cognito.add_user(canonical, attributes={"email": "carol@example.com"},
                     totp_secret=TOTP_SECRET)
    sign_in_with_code(browser, cognito, canonical, remember=True, login_name="carol@example.com")
    sign_out(browser)

    signed_in_again_without_code(browser, cognito, canonical, login_name="Carol@Example.com")
    row = only_row(canonical)
    expected_hash = secret_hash(client.client_id, client.secret, canonical)
    previous, srp_answer, proof = cognito.calls[1:]
    for call in (srp_answer, proof):
        responses = call.request["ChallengeResponses"]
        assert call.request["Session"] == previous.response["Session"]
        assert responses["USERNAME"] == canonical
        assert responses["SECRET_HASH"] == expected_hash
        assert responses["DEVICE_KEY"] == row.device_key
        previous = call
    assert "SRP_A" in srp_answer.request["ChallengeResponses"]
    assert "PASSWORD_CLAIM_SIGNATURE" in proof.request["ChallengeResponses"]
    assert cognito.calls[1].request["ChallengeResponses"]["DEVICE_KEY"] == row.device_key


def test_unticked_box_keeps_the_code_and_the_device_is_forgotten_at_sign_out(
        browser, device_pool):
    cognito = device_pool
    response = sign_in_with_code(browser, cognito, "alice", remember=False)
    assert cognito.call_names() == [*MFA_SIGN_IN, "ConfirmDevice"]
    (key,) = confirmed_device_keys(cognito)
    assert rows() == []
    assert COOKIE not in response.cookies
    assert cognito_device(cognito, "alice", key).remembered is None
    assert stored_tokens(browser).device_key == key  # its refresh token is bound to it

    cognito.reset_calls()
    sign_out(browser)
    assert cognito.call_names() == ["ForgetDevice", "RevokeToken"]
    assert calls_of(cognito, "ForgetDevice")[0].request["DeviceKey"] == key
    assert cognito_device(cognito, "alice", key) is None

    cognito.reset_calls()
    asked_for_code_again(browser, cognito, "alice")
    assert all("DEVICE_KEY" not in p for p in initiate_auth_parameters(cognito))


def test_code_page_offers_remember_this_device_unticked(browser, device_pool):
    sign_in(browser, "alice")
    page = browser.get(CODE_PAGE)
    assert b'type="checkbox" name="remember_device"' in page.content
    assert b"Remember this device" in page.content
    assert b"checked" not in page.content


def test_pool_that_remembers_devices_on_its_own_keeps_the_device_without_asking(
        browser, device_pool, settings):
    cognito = device_pool
    cognito.configure_pool(device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=True, device_only_remembered_on_user_prompt=False))
    settings.COGNITO_CHALLENGE_REMEMBER_DEVICE_PROMPT = False
    sign_in(browser, "alice")
    page = browser.get(CODE_PAGE)
    assert b"remember_device" not in page.content
    assert b"Remember this device" not in page.content

    response = enter_code(browser, cognito, "alice", remember=False)
    assert response["Location"] == "/home/"
    assert cognito.call_names() == [*MFA_SIGN_IN, "ConfirmDevice"]
    (confirm,) = calls_of(cognito, "ConfirmDevice")
    assert confirm.response == {"UserConfirmationNecessary": False}
    row = only_row("alice")
    assert row.device_key == confirm.request["DeviceKey"]
    assert COOKIE in response.cookies

    cognito.reset_calls()
    sign_out(browser)
    assert "ForgetDevice" not in cognito.call_names()
    signed_in_again_without_code(browser, cognito, "alice")


def test_forged_remember_field_is_ignored_when_the_box_is_not_offered(
        browser, device_pool, settings):
    cognito = device_pool
    settings.COGNITO_CHALLENGE_REMEMBER_DEVICE_PROMPT = False
    sign_in_with_code(browser, cognito, "alice", remember=True)  # posts remember_device=on
    assert cognito.call_names() == [*MFA_SIGN_IN, "ConfirmDevice"]
    assert rows() == []


def test_two_people_on_one_browser_each_remember_their_own_device(browser, device_pool):
    cognito = device_pool
    cognito.add_user("bob", attributes={"email": "bob@example.com"}, totp_secret=TOTP_SECRET)
    first = sign_in_with_code(browser, cognito, "alice", remember=True).cookies[COOKIE]
    sign_out(browser)
    second = sign_in_with_code(browser, cognito, "bob", remember=True).cookies[COOKIE]
    sign_out(browser)
    alice, bob = only_row("alice"), only_row("bob")
    assert alice.browser_id == bob.browser_id  # the browser keeps one id
    assert second.value == first.value
    assert alice.device_key != bob.device_key

    signed_in_again_without_code(browser, cognito, "alice")
    assert initiate_auth_parameters(cognito)[0]["DEVICE_KEY"] == alice.device_key
    sign_out(browser)
    signed_in_again_without_code(browser, cognito, "bob")
    assert initiate_auth_parameters(cognito)[0]["DEVICE_KEY"] == bob.device_key


@pytest.mark.parametrize("failing", ["ConfirmDevice", "UpdateDeviceStatus"])
def test_device_that_cannot_be_remembered_still_signs_the_person_in(
        browser, device_pool, failing):
    cognito = device_pool
    cognito.fail_next(failing, "TooManyRequestsException")
    response = sign_in_with_code(browser, cognito, "alice", remember=True)
    assert [c.operation for c in cognito.calls if c.error] == [failing]
    assert rows() == []
    assert COOKIE not in response.cookies
    assert browser.get("/home/").content == b"home: alice"
    sign_out(browser)
    asked_for_code_again(browser, cognito, "alice")
