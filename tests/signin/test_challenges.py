"""Each challenge's page, end to end: what the person sees and exactly what Cognito is sent."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.signals import user_login_failed
from django.test import override_settings
from pycognito.aws_srp import AWSSRP

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


@pytest.fixture
def failed_logins():
    """The ``credentials`` of every ``user_login_failed`` sent while the test runs."""
    seen = []

    def receiver(sender, credentials, **kwargs):
        seen.append(credentials)

    user_login_failed.connect(receiver)
    yield seen
    user_login_failed.disconnect(receiver)


def page_as_seen(response, typed: str) -> str:
    """The page without its per-request CSRF token and with the typed username blanked."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return html.replace(typed, "<typed>")


def signs_in_home(browser, response, username: str) -> None:
    assert response.status_code == 302, response.content
    assert response["Location"] == "/home/"
    assert browser.get("/home/").content == f"home: {username}".encode()


# -- the sign-in page ---------------------------------------------------------------------------


def test_wrong_password_shows_the_generic_error_and_stores_nothing(browser, cognito,
                                                                   failed_logins):
    cognito.add_user("tess")
    response = sign_in(browser, "tess", "Wrong-Pass-1!")
    assert response.status_code == 200
    assert error_codes(response) == {"__all__": ["invalid_login"]}
    assert b"Incorrect username or password" in response.content
    assert pending_of(browser) is None
    assert not is_signed_in(browser)
    assert failed_logins == [{"username": "tess"}]
    assert cognito.calls[-1].error == "NotAuthorizedException"


@pytest.mark.parametrize("existence_errors", ["ENABLED", "LEGACY"])
def test_unknown_user_sees_the_same_page_as_a_wrong_password(browser, cognito, existence_errors):
    cognito.use_client(prevent_user_existence_errors=existence_errors)
    cognito.add_user("tess")
    wrong_password = sign_in(browser, "tess", "Wrong-Pass-1!")
    unknown_user = sign_in(browser, "nobody", "Wrong-Pass-1!")
    assert unknown_user.status_code == wrong_password.status_code == 200
    assert page_as_seen(unknown_user, "nobody") == page_as_seen(wrong_password, "tess")
    assert error_codes(unknown_user) == {"__all__": ["invalid_login"]}
    assert pending_of(browser) is None


def test_user_without_mfa_in_an_optional_pool_signs_in_with_two_srp_calls(browser, cognito):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.add_user("tess")
    signs_in_home(browser, sign_in(browser, "tess"), "tess")
    assert cognito.call_names() == [
        "InitiateAuth:USER_SRP_AUTH", "RespondToAuthChallenge:PASSWORD_VERIFIER"]
    (claim,) = answers(cognito, "PASSWORD_VERIFIER")
    assert set(claim) == {"USERNAME", "PASSWORD_CLAIM_SIGNATURE", "PASSWORD_CLAIM_SECRET_BLOCK",
                          "TIMESTAMP"}
    assert claim["USERNAME"] == "tess"
    assert PASSWORD not in str(cognito.calls[0].request) + str(claim)
    assert pending_of(browser) is None


@override_settings(COGNITO_CHALLENGE_AUTH_FLOW="USER_PASSWORD_AUTH")
def test_password_auth_flow_signs_in_with_one_call(browser, cognito):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.add_user("tess")
    signs_in_home(browser, sign_in(browser, "tess"), "tess")
    assert cognito.call_names() == ["InitiateAuth:USER_PASSWORD_AUTH"]


# -- one page per challenge ---------------------------------------------------------------------


def test_totp_code_is_sent_as_software_token_mfa_code(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    assert sign_in(browser, "tess")["Location"] == "/accounts/login/code/"
    code = cognito.totp_code("tess")
    signs_in_home(browser, browser.post("/accounts/login/code/", {"code": code}), "tess")
    assert answers(cognito, "SOFTWARE_TOKEN_MFA") == [
        {"USERNAME": "tess", "SOFTWARE_TOKEN_MFA_CODE": code}]


def test_sms_code_page_shows_only_the_masked_number_and_signs_in(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("sam", attributes={"phone_number": PHONE}, sms=True)
    assert sign_in(browser, "sam")["Location"] == "/accounts/login/code/"
    page = browser.get("/accounts/login/code/")
    assert b"+*******0123" in page.content
    assert PHONE[1:].encode() not in page.content
    code = cognito.last_code("sam")
    signs_in_home(browser, browser.post("/accounts/login/code/", {"code": code}), "sam")
    assert answers(cognito, "SMS_MFA") == [{"USERNAME": "sam", "SMS_MFA_CODE": code}]
    assert cognito.call_names()[-1] == "RespondToAuthChallenge:SMS_MFA"


def test_email_code_page_shows_only_the_masked_address_and_signs_in(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("emma", attributes={"email": "emma@example.com"}, email_mfa=True)
    assert sign_in(browser, "emma")["Location"] == "/accounts/login/code/"
    page = browser.get("/accounts/login/code/")
    assert b"e***@e***" in page.content
    assert b"emma@example.com" not in page.content
    code = cognito.last_code("emma")
    signs_in_home(browser, browser.post("/accounts/login/code/", {"code": code}), "emma")
    assert answers(cognito, "EMAIL_OTP") == [{"USERNAME": "emma", "EMAIL_OTP_CODE": code}]


def test_select_mfa_type_lists_both_choices_then_asks_for_the_sms_code(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("sam", attributes={"phone_number": PHONE}, sms=True, totp_secret=TOTP_SECRET)
    assert sign_in(browser, "sam")["Location"] == "/accounts/login/select-mfa/"
    page = browser.get("/accounts/login/select-mfa/")
    assert b'value="SMS_MFA"' in page.content
    assert b'value="SOFTWARE_TOKEN_MFA"' in page.content
    assert b'value="EMAIL_OTP"' not in page.content
    response = browser.post("/accounts/login/select-mfa/", {"mfa_type": "SMS_MFA"})
    assert response["Location"] == "/accounts/login/code/"
    assert b"+*******0123" in browser.get("/accounts/login/code/").content
    code = cognito.last_code("sam")
    signs_in_home(browser, browser.post("/accounts/login/code/", {"code": code}), "sam")
    assert answers(cognito, "SELECT_MFA_TYPE") == [{"USERNAME": "sam", "ANSWER": "SMS_MFA"}]
    assert cognito.call_names()[2:] == [
        "RespondToAuthChallenge:SELECT_MFA_TYPE", "RespondToAuthChallenge:SMS_MFA"]


def test_totp_set_up_shows_qr_and_secret_survives_a_wrong_code(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON", enabled_mfa_factors=("SOFTWARE_TOKEN_MFA",))
    cognito.add_user("tina")
    assert sign_in(browser, "tina")["Location"] == "/accounts/login/mfa-setup/"
    begun = browser.post("/accounts/login/mfa-setup/", {})  # "Show the QR code"
    assert begun["Location"] == "/accounts/login/mfa-setup/"
    page = browser.get("/accounts/login/mfa-setup/")
    secret = cognito.user("tina").pending_totp_secret
    assert b"<svg" in page.content
    assert secret.encode() in page.content
    wrong = browser.post("/accounts/login/mfa-setup/", {"code": wrong_totp_code(cognito, "tina")})
    assert wrong.status_code == 200
    assert error_codes(wrong) == {"__all__": ["wrong_code"]}
    assert secret.encode() in wrong.content
    assert secret.encode() in browser.get("/accounts/login/mfa-setup/").content
    code = cognito.totp_code("tina")
    signs_in_home(browser, browser.post("/accounts/login/mfa-setup/", {"code": code}), "tina")
    assert cognito.call_names()[2:] == [
        "AssociateSoftwareToken", "VerifySoftwareToken", "VerifySoftwareToken",
        "RespondToAuthChallenge:MFA_SETUP"]
    assert cognito.calls[4].request["UserCode"] == code
    assert answers(cognito, "MFA_SETUP") == [{"USERNAME": "tina"}]
    assert cognito.user("tina").totp_secret == secret


def test_opening_the_totp_set_up_asks_cognito_for_nothing_until_its_button_is_pressed(
        browser, cognito):
    """3.5.3: AssociateSoftwareToken changes state at Cognito, so no GET makes it: a prefetch or
    a crawler cannot rotate the pending secret. Reloads show the secret the POST asked for."""
    cognito.configure_pool(mfa_configuration="ON", enabled_mfa_factors=("SOFTWARE_TOKEN_MFA",))
    cognito.add_user("tina")
    assert sign_in(browser, "tina")["Location"] == "/accounts/login/mfa-setup/"
    cognito.reset_calls()
    for _ in range(2):
        page = browser.get("/accounts/login/mfa-setup/")
        assert page.status_code == 200
        assert b"Show the QR code" in page.content
        assert b"<svg" not in page.content
        assert b'name="code"' not in page.content
    assert cognito.calls == []
    assert cognito.user("tina").pending_totp_secret is None

    assert browser.post("/accounts/login/mfa-setup/", {})["Location"] == (
        "/accounts/login/mfa-setup/")
    secret = cognito.user("tina").pending_totp_secret
    assert cognito.call_names() == ["AssociateSoftwareToken"]
    for _ in range(2):
        page = browser.get("/accounts/login/mfa-setup/")
        assert secret.encode() in page.content
        assert b"<svg" in page.content
        assert b'name="code"' in page.content
    again = browser.post("/accounts/login/mfa-setup/", {})  # now the code form: no code
    assert error_codes(again) == {"code": ["required"]}
    assert cognito.call_names() == ["AssociateSoftwareToken"]  # once per set-up
    assert cognito.user("tina").pending_totp_secret == secret


def test_choosing_the_authenticator_app_is_the_post_that_asks_for_its_secret(browser, cognito):
    """3.5.3: with a choice to make, the choice's POST begins the set-up; the GETs around it
    call nothing."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tina")
    assert sign_in(browser, "tina")["Location"] == "/accounts/login/mfa-setup/"
    cognito.reset_calls()
    assert b'value="SOFTWARE_TOKEN_MFA"' in browser.get("/accounts/login/mfa-setup/").content
    assert cognito.calls == []
    response = browser.post("/accounts/login/mfa-setup/", {"mfa_type": "SOFTWARE_TOKEN_MFA"})
    assert response["Location"] == "/accounts/login/mfa-setup/"
    assert cognito.call_names() == ["AssociateSoftwareToken"]
    cognito.reset_calls()
    page = browser.get("/accounts/login/mfa-setup/")
    assert cognito.user("tina").pending_totp_secret.encode() in page.content
    assert cognito.calls == []


def test_email_mfa_set_up_takes_the_address_then_its_code(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON", enabled_mfa_factors=("EMAIL_OTP",))
    cognito.add_user("emma")
    assert sign_in(browser, "emma")["Location"] == "/accounts/login/mfa-setup/"
    page = browser.get("/accounts/login/mfa-setup/")
    assert b'name="email"' in page.content
    assert b"<svg" not in page.content
    response = browser.post("/accounts/login/mfa-setup/", {"email": "emma@example.com"})
    assert response["Location"] == "/accounts/login/code/", response.content
    assert b"e***@e***" in browser.get("/accounts/login/code/").content
    code = cognito.last_code("emma")
    signs_in_home(browser, browser.post("/accounts/login/code/", {"code": code}), "emma")
    assert answers(cognito, "MFA_SETUP") == [{"USERNAME": "emma", "EMAIL": "emma@example.com"}]
    assert answers(cognito, "EMAIL_OTP") == [{"USERNAME": "emma", "EMAIL_OTP_CODE": code}]
    assert "AssociateSoftwareToken" not in cognito.call_names()


def test_new_password_sends_only_the_required_attributes(browser, cognito):
    cognito.configure_pool(required_attributes=("name", "email"))
    cognito.add_user("nora", "Temp-Pass-1!", temporary=True,
                     attributes={"email": "nora@example.com"})
    assert sign_in(browser, "nora", "Temp-Pass-1!")["Location"] == "/accounts/login/new-password/"
    page = browser.get("/accounts/login/new-password/")
    assert b'name="attribute_name"' in page.content
    assert b'name="attribute_email"' not in page.content
    response = browser.post("/accounts/login/new-password/", {
        "new_password1": PASSWORD, "new_password2": PASSWORD, "attribute_name": "Nora N",
        "attribute_email": "evil@example.com", "userAttributes.custom:role": "admin"})
    signs_in_home(browser, response, "nora")
    assert answers(cognito, "NEW_PASSWORD_REQUIRED") == [
        {"USERNAME": "nora", "NEW_PASSWORD": PASSWORD, "userAttributes.name": "Nora N"}]
    assert cognito.user("nora").attributes["email"] == "nora@example.com"


# -- SECRET_HASH --------------------------------------------------------------------------------


def secret_hashes(cognito) -> list[tuple[str, str]]:
    """(username hashed over, SECRET_HASH) for every InitiateAuth and answer, checked."""
    seen = []
    for call in cognito.calls:
        params = call.request.get("AuthParameters") or call.request.get("ChallengeResponses")
        if params is None:
            continue
        name = params["USERNAME"]
        assert params["SECRET_HASH"] == AWSSRP.get_secret_hash(
            name, cognito.client_id, cognito.client_secret), call.operation
        seen.append((call.operation, name))
    return seen


def test_client_secret_puts_secret_hash_on_every_call(browser, cognito):
    cognito.use_client(generate_secret=True)
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    sign_in(browser, "tess")
    response = browser.post("/accounts/login/code/", {"code": cognito.totp_code("tess")})
    signs_in_home(browser, response, "tess")
    assert secret_hashes(cognito) == [("InitiateAuth", "tess")] + [
        ("RespondToAuthChallenge", "tess")] * 2


def test_secret_hash_follows_the_canonical_username_after_an_email_alias(browser, cognito):
    cognito.use_client(generate_secret=True)
    cognito.configure_pool(mfa_configuration="ON", alias_attributes=("email",))
    cognito.add_user("ali-7", attributes={"email": "ali@example.com", "email_verified": "true"},
                     totp_secret=TOTP_SECRET)
    assert sign_in(browser, "ali@example.com")["Location"] == "/accounts/login/code/"
    response = browser.post("/accounts/login/code/", {"code": cognito.totp_code("ali-7")})
    signs_in_home(browser, response, "ali-7")
    assert secret_hashes(cognito) == [("InitiateAuth", "ali@example.com")] + [
        ("RespondToAuthChallenge", "ali-7")] * 2
