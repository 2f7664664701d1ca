from __future__ import annotations

from .conftest import PASSWORD, TOTP_SECRET, sign_in


def test_totp_sign_in_takes_three_cognito_calls(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", attributes={"email": "tess@example.com"}, totp_secret=TOTP_SECRET)
    response = sign_in(browser, "tess")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/"
    page = browser.get("/accounts/login/code/")
    assert b"authenticator app" in page.content
    response = browser.post("/accounts/login/code/", {"code": cognito.totp_code("tess")})
    assert response.status_code == 302, response.content
    assert response["Location"] == "/home/"
    assert browser.get("/home/").content == b"home: tess"
    assert cognito.call_names() == [
        "InitiateAuth:USER_SRP_AUTH",
        "RespondToAuthChallenge:PASSWORD_VERIFIER",
        "RespondToAuthChallenge:SOFTWARE_TOKEN_MFA",
    ]


def test_new_user_sets_password_name_and_totp(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON", required_attributes=("name",))
    cognito.add_user("newbie", "Temp-Pass-1!", temporary=True)
    response = sign_in(browser, "newbie", "Temp-Pass-1!")
    assert response["Location"] == "/accounts/login/new-password/"
    page = browser.get("/accounts/login/new-password/")
    assert b'name="attribute_name"' in page.content
    response = browser.post("/accounts/login/new-password/", {
        "new_password1": PASSWORD, "new_password2": PASSWORD, "attribute_name": "New Person"})
    assert response["Location"] == "/accounts/login/mfa-setup/", response.content
    page = browser.get("/accounts/login/mfa-setup/")
    assert b'value="EMAIL_OTP"' in page.content
    assert b"<svg" not in page.content
    response = browser.post("/accounts/login/mfa-setup/", {"mfa_type": "SOFTWARE_TOKEN_MFA"})
    assert response["Location"] == "/accounts/login/mfa-setup/"
    page = browser.get("/accounts/login/mfa-setup/")
    secret = cognito.user("newbie").pending_totp_secret
    assert secret.encode() in page.content
    assert b"<svg" in page.content
    response = browser.post("/accounts/login/mfa-setup/", {"code": cognito.totp_code("newbie")})
    assert response["Location"] == "/home/", response.content
    assert cognito.user("newbie").attributes["name"] == "New Person"
