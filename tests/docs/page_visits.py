"""Ways to reach each page of the app, so a test sees the context its view renders it with."""

from __future__ import annotations

from django.test import override_settings

from django_cognito_challenge.testing import custom_examples

from ..signin.conftest import TOTP_SECRET, sign_in


def at_login(client, cognito):
    return client.get("/accounts/login/?next=/home/")


def at_code(client, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    assert sign_in(client, "tess")["Location"] == "/accounts/login/code/"
    return client.get("/accounts/login/code/")


def at_new_password(client, cognito):
    cognito.add_user("newbie", "Temp-Pass-1!", temporary=True)
    assert sign_in(client, "newbie", "Temp-Pass-1!")["Location"] == "/accounts/login/new-password/"
    return client.get("/accounts/login/new-password/")


def at_select_mfa(client, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", attributes={"email": "tess@example.com"}, totp_secret=TOTP_SECRET,
                     email_mfa=True)
    assert sign_in(client, "tess")["Location"] == "/accounts/login/select-mfa/"
    return client.get("/accounts/login/select-mfa/")


def at_mfa_setup_choice(client, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tina")
    assert sign_in(client, "tina")["Location"] == "/accounts/login/mfa-setup/"
    return client.get("/accounts/login/mfa-setup/")


def at_mfa_setup_totp(client, cognito):
    cognito.configure_pool(mfa_configuration="ON", enabled_mfa_factors=("SOFTWARE_TOKEN_MFA",))
    cognito.add_user("toby")
    assert sign_in(client, "toby")["Location"] == "/accounts/login/mfa-setup/"
    return client.get("/accounts/login/mfa-setup/")


def at_security(client, cognito):
    cognito.add_user("tess")
    assert sign_in(client, "tess")["Location"] == "/home/"
    return client.get("/accounts/security/")


def at_security_unlisted(client, cognito):
    cognito.add_user("tara")
    assert sign_in(client, "tara")["Location"] == "/home/"
    cognito.fail_next("ListDevices", "InternalErrorException")
    return client.get("/accounts/security/")


def at_mfa_totp(client, cognito):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.add_user("tom")
    assert sign_in(client, "tom")["Location"] == "/home/"
    response = client.post("/accounts/security/", {"action": "totp"})
    assert response["Location"] == "/accounts/security/mfa/totp/"
    return client.get("/accounts/security/mfa/totp/")


def at_password_reset(client, cognito):
    return client.get("/accounts/password/reset/")


def at_password_reset_confirm(client, cognito):
    cognito.add_user("rita", attributes={"email": "rita@example.com", "email_verified": "true"})
    response = client.post("/accounts/password/reset/", {"username": "rita"})
    assert response["Location"] == "/accounts/password/reset/confirm/"
    return client.get("/accounts/password/reset/confirm/")


def at_password_reset_required(client, cognito):
    cognito.add_user("rory", attributes={"email": "rory@example.com", "email_verified": "true"},
                     status="RESET_REQUIRED")
    assert sign_in(client, "rory")["Location"] == "/accounts/password/reset/confirm/"
    return client.get("/accounts/password/reset/confirm/")


SIGNING_UP = override_settings(COGNITO_CHALLENGE_SIGN_UP=True,
                               COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES=("email", "name"))


@SIGNING_UP
def at_sign_up(client, cognito):
    return client.get("/accounts/signup/?next=/home/")


@SIGNING_UP
def at_confirm_sign_up(client, cognito):
    cognito.configure_pool(auto_verified_attributes=("email",))
    response = client.post("/accounts/signup/", {
        "username": "sue", "email": "sue@example.com", "attribute_name": "Sue",
        "password1": "Good-Pass-1!", "password2": "Good-Pass-1!"})
    assert response["Location"] == "/accounts/signup/confirm/"
    return client.get("/accounts/signup/confirm/")


def at_confirm_sign_up_after_sign_in(client, cognito):
    cognito.add_user("una", attributes={"email": "una@example.com"}, status="UNCONFIRMED")
    cognito.configure_pool(auto_verified_attributes=("email",))
    assert sign_in(client, "una")["Location"] == "/accounts/signup/confirm/"
    return client.get("/accounts/signup/confirm/")


def at_password_change(client, cognito):
    cognito.add_user("pam")
    assert sign_in(client, "pam")["Location"] == "/home/"
    return client.get("/accounts/password/change/")


CHOICE_BASED = override_settings(COGNITO_CHALLENGE_AUTH_FLOW="USER_AUTH")


def _choosing(client, cognito):
    cognito.configure_pool(allowed_first_auth_factors=("PASSWORD", "EMAIL_OTP"))
    cognito.add_user("cleo", attributes={"email": "cleo@example.com", "email_verified": "true"})
    response = client.post("/accounts/login/", {"username": "cleo", "password": ""})
    assert response["Location"] == "/accounts/login/select-challenge/"


@CHOICE_BASED
def at_select_challenge(client, cognito):
    _choosing(client, cognito)
    return client.get("/accounts/login/select-challenge/")


@CHOICE_BASED
def at_password(client, cognito):
    _choosing(client, cognito)
    response = client.post("/accounts/login/select-challenge/", {"challenge": "PASSWORD"})
    assert response["Location"] == "/accounts/login/password/"
    return client.get("/accounts/login/password/")


@override_settings(COGNITO_CHALLENGE_AUTH_FLOW="CUSTOM_AUTH")
def _custom_page(client, cognito, triggers):
    cognito.add_user("cara")
    cognito.set_triggers(**triggers)
    assert client.post("/accounts/login/", {"username": "cara"})["Location"] == (
        "/accounts/login/custom/")
    return client.get("/accounts/login/custom/")


def at_custom(client, cognito):
    return _custom_page(client, cognito, custom_examples.ONE_ROUND)


def at_custom_quiz(client, cognito):
    return _custom_page(client, cognito, custom_examples.THREE_ROUNDS)


@CHOICE_BASED
@override_settings(COGNITO_CHALLENGE_PREFERRED_CHALLENGE="WEB_AUTHN")
def at_passkey(client, cognito):
    cognito.configure_webauthn("localhost")
    cognito.add_user("pia")
    cognito.add_passkey("pia", origin="https://localhost")
    response = client.post("/accounts/login/", {"username": "pia", "password": ""})
    assert response["Location"] == "/accounts/login/passkey/"
    return client.get("/accounts/login/passkey/")


@CHOICE_BASED
def at_passkey_add(client, cognito):
    cognito.configure_webauthn("localhost")
    cognito.add_user("pia")
    assert sign_in(client, "pia")["Location"] == "/home/"
    return client.get("/accounts/security/passkeys/add/")


def at_unavailable(client, cognito):
    cognito.add_user("tess")
    cognito.fail_next("InitiateAuth", "InternalErrorException")
    return sign_in(client, "tess")


#: Each page, and the ways to reach it that together show every variable its view may pass.
VISITS = {
    "cognito_challenge/login.html": [at_login],
    "cognito_challenge/code.html": [at_code],
    "cognito_challenge/new_password.html": [at_new_password],
    "cognito_challenge/select_mfa.html": [at_select_mfa],
    "cognito_challenge/mfa_setup.html": [at_mfa_setup_choice, at_mfa_setup_totp],
    "cognito_challenge/security.html": [at_security, at_security_unlisted],
    "cognito_challenge/mfa_totp.html": [at_mfa_totp],
    "cognito_challenge/password_reset.html": [at_password_reset],
    "cognito_challenge/password_reset_confirm.html": [at_password_reset_confirm,
                                                      at_password_reset_required],
    "cognito_challenge/password_change.html": [at_password_change],
    "cognito_challenge/sign_up.html": [at_sign_up],
    "cognito_challenge/confirm_sign_up.html": [at_confirm_sign_up,
                                               at_confirm_sign_up_after_sign_in],
    "cognito_challenge/select_challenge.html": [at_select_challenge],
    "cognito_challenge/password.html": [at_password],
    "cognito_challenge/custom.html": [at_custom],
    "cognito_challenge/custom/quiz.html": [at_custom_quiz],
    "cognito_challenge/passkey.html": [at_passkey],
    "cognito_challenge/passkey_add.html": [at_passkey_add],
    "cognito_challenge/unavailable.html": [at_unavailable],
}

#: Pages rendered with another status than 200.
STATUS = {"cognito_challenge/unavailable.html": 503}
