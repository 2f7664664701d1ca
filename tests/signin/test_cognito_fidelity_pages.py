"""The sign-in pages against a local Cognito that answers as AWS does where an app could be
fooled: PASSWORD_VERIFIER without a Session, MFA challenges naming the canonical user, two
signing keys, a reused TOTP code and a wrong SMS code each said as AWS says them."""

from __future__ import annotations

import jwt
from django.test import override_settings

from django_cognito_challenge.cognito.srp import secret_hash
from django_cognito_challenge.conf import app_settings

from .conftest import (
    TOTP_SECRET,
    answers,
    error_codes,
    is_signed_in,
    pending_of,
    sign_in,
)

CODE_PAGE = "/accounts/login/code/"
CANONICAL = "6a1f0c3e-0000-4000-8000-000000007e55"
EMAIL = "tess@example.com"
PHONE = "+15555550123"


def signed_in_home(browser, response, username: str) -> None:
    assert response.status_code == 302, response.content
    assert response["Location"] == "/home/"
    assert browser.get("/home/").content == f"home: {username}".encode()


def sign_out(browser) -> None:
    assert browser.post("/accounts/logout/").status_code == 302


# -- 5. PASSWORD_VERIFIER without a Session --------------------------------------------------


def test_srp_sign_in_answers_a_password_verifier_that_came_without_a_session(browser, cognito):
    cognito.add_user("tess")
    signed_in_home(browser, sign_in(browser, "tess"), "tess")
    started, verified = cognito.calls[:2]
    assert "Session" not in started.response
    assert verified.request["ChallengeName"] == "PASSWORD_VERIFIER"
    assert "Session" not in verified.request


# -- 4. Two signing keys ---------------------------------------------------------------------


def test_sign_in_verifies_tokens_whose_id_and_access_keys_differ(browser, cognito):
    cognito.add_user("tess")
    signed_in_home(browser, sign_in(browser, "tess"), "tess")
    result = cognito.calls[-1].response["AuthenticationResult"]
    kids = {jwt.get_unverified_header(result[k])["kid"] for k in ("IdToken", "AccessToken")}
    assert len(kids) == 2
    assert is_signed_in(browser)


# -- 6. The canonical username ---------------------------------------------------------------


@override_settings(COGNITO_CHALLENGE_AUTH_FLOW="USER_PASSWORD_AUTH")
def test_password_auth_with_an_email_alias_and_a_client_secret_signs_in_with_the_code(
        browser, cognito):
    cognito.configure_pool(mfa_configuration="ON", username_attributes=("email",))
    client = cognito.use_client(generate_secret=True)
    cognito.add_user(CANONICAL, attributes={"email": EMAIL, "email_verified": "true"},
                     totp_secret=TOTP_SECRET)
    assert sign_in(browser, EMAIL)["Location"] == CODE_PAGE
    assert pending_of(browser).username == CANONICAL  # from the challenge's USER_ID_FOR_SRP
    code = cognito.totp_code(CANONICAL)
    signed_in_home(browser, browser.post(CODE_PAGE, {"code": code}), CANONICAL)
    assert answers(cognito, "SOFTWARE_TOKEN_MFA") == [{
        "USERNAME": CANONICAL, "SOFTWARE_TOKEN_MFA_CODE": code,
        "SECRET_HASH": secret_hash(client.client_id, client.secret, CANONICAL)}]


# -- 7. Errors as AWS words them -------------------------------------------------------------


def test_reused_totp_code_asks_for_the_next_one_and_is_no_wrong_try(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    sign_in(browser, "tess")
    used = cognito.totp_code("tess")
    signed_in_home(browser, browser.post(CODE_PAGE, {"code": used}), "tess")
    sign_out(browser)

    assert sign_in(browser, "tess")["Location"] == CODE_PAGE
    for _ in range(app_settings.MAX_WRONG_ANSWERS):
        page = browser.post(CODE_PAGE, {"code": used})
        assert page.status_code == 200
        assert error_codes(page) == {"__all__": ["code_reused"]}
        assert b"Wait for your app to show the next code" in page.content
        assert pending_of(browser).wrong_answers == 0
    assert [c.error for c in cognito.calls[-3:]] == ["ExpiredCodeException"] * 3
    signed_in_home(browser, browser.post(CODE_PAGE, {"code": cognito.totp_code("tess")}), "tess")


def test_wrong_sms_code_is_a_wrong_code_that_counts(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("sam", attributes={"phone_number": PHONE}, sms=True)
    assert sign_in(browser, "sam")["Location"] == CODE_PAGE
    wrong = next(c for c in ("000000", "111111") if c != cognito.last_code("sam"))
    page = browser.post(CODE_PAGE, {"code": wrong})
    assert error_codes(page) == {"__all__": ["wrong_code"]}
    assert pending_of(browser).wrong_answers == 1
    refused = cognito.calls[-1]
    assert (refused.error, refused.operation) == ("CodeMismatchException",
                                                  "RespondToAuthChallenge")
    signed_in_home(browser, browser.post(CODE_PAGE, {"code": cognito.last_code("sam")}), "sam")

