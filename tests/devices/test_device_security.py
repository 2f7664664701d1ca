"""A remembered device that no longer works, or is used by someone else, costs nothing but MFA."""

from __future__ import annotations

import pytest
from django.test import override_settings

from django_cognito_challenge import secretbox
from django_cognito_challenge.models import RememberedDevice

from .conftest import (
    CODE_PAGE,
    COOKIE,
    DEVICE_SIGN_IN,
    TOTP_SECRET,
    asked_for_code_again,
    cognito_device,
    device_password,
    enter_code,
    initiate_auth_parameters,
    new_browser,
    only_row,
    rows,
    sign_in,
    sign_in_with_code,
    sign_out,
    signed_in_again_without_code,
    stored_tokens,
)

PASSWORD_ROUND = ["InitiateAuth:USER_SRP_AUTH", "RespondToAuthChallenge:PASSWORD_VERIFIER"]


def remember_and_sign_out(browser, cognito, username: str = "alice"):
    sign_in_with_code(browser, cognito, username, remember=True)
    sign_out(browser)
    cognito.reset_calls()
    return only_row(username)


def offered_device_keys(cognito) -> list[str | None]:
    """DEVICE_KEY of each InitiateAuth, in order (None where no device was offered)."""
    return [p.get("DEVICE_KEY") for p in initiate_auth_parameters(cognito)]


def remembers_again(browser, cognito, username: str = "alice") -> None:
    """From the code page: tick the box, sign out, and sign in without a code."""
    response = enter_code(browser, cognito, username, remember=True)
    assert response["Location"] == "/home/"
    sign_out(browser)
    signed_in_again_without_code(browser, cognito, username)


def test_wrong_stored_device_secret_is_refused_forgotten_and_the_code_asked(
        browser, device_pool):
    cognito = device_pool
    row = remember_and_sign_out(browser, cognito)
    row.encrypted_password = secretbox.encrypt("wrong", secretbox.DEVICE_PASSWORD)
    row.save()

    asked_for_code_again(browser, cognito, "alice")
    assert cognito.call_names() == [*DEVICE_SIGN_IN, *PASSWORD_ROUND]
    assert cognito.calls[3].error == "NotAuthorizedException"
    assert offered_device_keys(cognito) == [row.device_key, None]  # retried once, without
    assert rows() == []

    remembers_again(browser, cognito)
    assert only_row("alice").device_key != row.device_key


def test_wrong_password_is_refused_before_the_device_answers_and_keeps_the_device(
        browser, device_pool):
    cognito = device_pool
    row = remember_and_sign_out(browser, cognito)
    response = sign_in(browser, "alice", "Not-The-Pass-1!")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors().as_data()[0].code == "invalid_login"
    assert cognito.call_names() == PASSWORD_ROUND  # no device proof for a wrong password
    assert cognito.calls[1].error == "NotAuthorizedException"
    assert only_row("alice").pk == row.pk

    signed_in_again_without_code(browser, cognito, "alice")


def forget_behind_the_apps_back(cognito, browser, device_key: str) -> None:
    cognito.boto3_client().forget_device(AccessToken=stored_tokens(browser).access_token,
                                         DeviceKey=device_key)


def clear_at_cognito(cognito, browser, device_key: str) -> None:
    cognito.user("alice").devices.clear()


@pytest.mark.parametrize("forget", [forget_behind_the_apps_back, clear_at_cognito])
def test_device_cognito_no_longer_knows_is_forgotten_here_and_the_code_asked(
        browser, device_pool, forget):
    cognito = device_pool
    sign_in_with_code(browser, cognito, "alice", remember=True)
    row = only_row("alice")
    forget(cognito, browser, row.device_key)
    sign_out(browser)
    assert cognito_device(cognito, "alice", row.device_key) is None
    cognito.reset_calls()

    asked_for_code_again(browser, cognito, "alice")
    assert cognito.call_names() == [*PASSWORD_ROUND, *PASSWORD_ROUND]
    assert cognito.calls[1].error == "ResourceNotFoundException"
    assert offered_device_keys(cognito) == [row.device_key, None]
    assert rows() == []

    remembers_again(browser, cognito)


def test_device_cookie_copied_to_another_persons_browser_does_nothing(browser, device_pool):
    cognito = device_pool
    cognito.add_user("bob", attributes={"email": "bob@example.com"}, totp_secret=TOTP_SECRET)
    alice = remember_and_sign_out(browser, cognito)
    thief = new_browser()
    thief.cookies[COOKIE] = browser.cookies[COOKIE].value

    asked_for_code_again(thief, cognito, "bob")
    assert offered_device_keys(cognito) == [None]
    assert cognito.call_names() == PASSWORD_ROUND
    untouched = only_row("alice")
    assert (untouched.pk, untouched.encrypted_password, untouched.last_used_at) == (
        alice.pk, alice.encrypted_password, alice.last_used_at)
    assert cognito_device(cognito, "alice", alice.device_key).remembered == "remembered"

    signed_in_again_without_code(browser, cognito, "alice")  # alice's own browser still works


def other_char(char: str) -> str:
    return "A" if char != "A" else "B"


@pytest.mark.parametrize("where", ["browser id", "signature"])
def test_tampered_device_cookie_is_ignored_and_the_code_asked(browser, device_pool, where):
    cognito = device_pool
    row = remember_and_sign_out(browser, cognito)
    genuine = browser.cookies[COOKIE].value
    at = 0 if where == "browser id" else len(genuine) - 1
    browser.cookies[COOKIE] = genuine[:at] + other_char(genuine[at]) + genuine[at + 1:]

    asked_for_code_again(browser, cognito, "alice")
    assert offered_device_keys(cognito) == [None]
    assert only_row("alice").pk == row.pk  # an unsigned cookie cannot delete anything

    browser.cookies[COOKIE] = genuine
    signed_in_again_without_code(browser, cognito, "alice")


def test_rows_encrypted_under_an_old_key_still_work_after_a_new_key_is_added(
        browser, device_pool):
    cognito = device_pool
    with override_settings(COGNITO_CHALLENGE_DEVICE_SECRET_KEYS=["old"]):
        row = remember_and_sign_out(browser, cognito)
        password = device_password(row)
    opened = secretbox.decrypt(row.encrypted_password, secretbox.DEVICE_PASSWORD)
    assert opened is None  # SECRET_KEY cannot open it
    with override_settings(COGNITO_CHALLENGE_DEVICE_SECRET_KEYS=["new", "old"]):
        assert secretbox.decrypt(row.encrypted_password, secretbox.DEVICE_PASSWORD) == password
        signed_in_again_without_code(browser, cognito, "alice")
        assert only_row("alice").pk == row.pk


def test_row_under_a_key_no_longer_configured_is_forgotten_and_the_code_asked(
        browser, device_pool):
    cognito = device_pool
    with override_settings(COGNITO_CHALLENGE_DEVICE_SECRET_KEYS=["old"]):
        row = remember_and_sign_out(browser, cognito)
    with override_settings(COGNITO_CHALLENGE_DEVICE_SECRET_KEYS=["new"]):
        asked_for_code_again(browser, cognito, "alice")
        # Nothing is sent for the device: its secret cannot be read, so no proof is tried.
        assert cognito.call_names() == [*PASSWORD_ROUND, *PASSWORD_ROUND]
        assert offered_device_keys(cognito) == [row.device_key, None]
        assert rows() == []
        remembers_again(browser, cognito)
        assert secretbox.decrypt(only_row("alice").encrypted_password, secretbox.DEVICE_PASSWORD)


def test_a_look_alike_account_cannot_make_the_site_forget_someone_elses_device(
        browser, device_pool):
    """Case-sensitive pool: "Alice" remembered here; "alice" signing in must not delete it."""
    device_pool.add_user("Alice", attributes={"email": "big-alice@example.com"},
                         totp_secret=TOTP_SECRET)
    sign_in_with_code(browser, device_pool, "Alice", remember=True)
    sign_out(browser)
    owner_row = only_row("Alice")

    asked_for_code_again(browser, device_pool, "alice")

    assert RememberedDevice.objects.filter(pk=owner_row.pk).exists()
    browser.post(CODE_PAGE, {"code": device_pool.totp_code("alice")})
    sign_out(browser)
    signed_in_again_without_code(browser, device_pool, "Alice")
