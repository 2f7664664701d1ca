"""Holes an outside attack on the demo found: session fixation, log injection, code limits.

ASVS 5.0 ids are named in each test's docstring (see the security checklist).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.test import override_settings

from django_cognito_challenge.cognito.errors import SignInThrottled
from tests.browsers import Browser

from ..faults.pages import try_again_link
from .conftest import PASSWORD, TOTP_SECRET, is_signed_in, pending_of, sign_in, wrong_totp_code

CODE_PAGE = "/accounts/login/code/"
NEW_PASSWORD_PAGE = "/accounts/login/new-password/"
TEMPORARY = "Temp-Pass-1!"


def totp_user(cognito, username: str = "tess", **attributes) -> None:
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user(username, totp_secret=TOTP_SECRET, **attributes)


def session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def plant(victim, key: str) -> None:
    """What a sibling subdomain or a plain-HTTP response can do: set the session cookie."""
    victim.cookies[settings.SESSION_COOKIE_NAME] = key


# -- session fixation before the sign-in completes (ASVS 7.2.4) --------------------------------


def test_a_planted_session_key_cannot_finish_the_victims_new_password_step(cognito, db):
    """7.2.4: the key changes when the pending sign-in is first stored."""
    totp_user(cognito, "mallory")
    cognito.add_user("victim", TEMPORARY, temporary=True, attributes={"name": ""})
    attacker, victim = Browser(), Browser()
    assert sign_in(attacker, "mallory")["Location"] == CODE_PAGE  # a real session to plant
    planted = session_key(attacker)
    plant(victim, planted)

    assert sign_in(victim, "victim", TEMPORARY)["Location"] == NEW_PASSWORD_PAGE
    assert session_key(victim) != planted
    cognito.reset_calls()
    assert attacker.get(NEW_PASSWORD_PAGE)["Location"] == "/accounts/login/"
    response = attacker.post(NEW_PASSWORD_PAGE, {"new_password1": "Mallory-Pass-1!",
                                                 "new_password2": "Mallory-Pass-1!"})
    assert response["Location"] == "/accounts/login/"
    assert cognito.calls == []
    assert pending_of(victim).challenge == "NEW_PASSWORD_REQUIRED"


def test_a_planted_session_key_cannot_read_the_victims_totp_set_up(cognito, db):
    """7.2.4: the MFA_SETUP page (with its TOTP secret) follows the new key only."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("victim")
    attacker, victim = Browser(), Browser()
    attacker.get("/accounts/login/")
    attacker.session.save()
    planted = attacker.session.session_key
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted
    plant(victim, planted)
    assert sign_in(victim, "victim")["Location"] == "/accounts/login/mfa-setup/"
    assert session_key(victim) != planted
    assert attacker.get("/accounts/login/mfa-setup/")["Location"] == "/accounts/login/"
    assert victim.get("/accounts/login/mfa-setup/").status_code == 200


# -- log injection (ASVS 16.4.1) ---------------------------------------------------------------


def test_a_username_with_line_breaks_cannot_forge_log_lines(browser, cognito, caplog):
    """16.4.1: untrusted names are logged escaped."""
    forged = "mallory\r\nINFO django_cognito_challenge: sign-in of admin completed\x1b[2J"
    with caplog.at_level(logging.INFO, logger="django_cognito_challenge"):
        sign_in(browser, forged, "Wrong-Pass-1!")
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("django_cognito")]
    assert lines
    assert not any(c in line for line in lines for c in "\r\n\x1b")
    assert any("mallory\\r\\nINFO" in line for line in lines)


# -- code-entry limits (ASVS 6.3.1, 6.6.3) -----------------------------------------------------


def wrong_codes_until_refused(browser, cognito, username: str, login: str) -> str:
    """Sign in and send wrong codes, again and again, until the site refuses; say why."""
    for _ in range(20):
        response = sign_in(browser, login)
        if response.status_code == 200:
            return response.context["form"].non_field_errors().as_data()[0].code
        if response.status_code == 429:  # the site's throttle: the "try again" page
            assert try_again_link(response, SignInThrottled) == "/accounts/login/"
            return SignInThrottled.code
        while pending_of(browser) is not None:
            answer = browser.post(CODE_PAGE, {"code": wrong_totp_code(cognito, username)})
            if answer.status_code == 429:  # refused at the code page: the pending one stays
                assert try_again_link(answer, SignInThrottled) == CODE_PAGE
                return SignInThrottled.code
    raise AssertionError("never refused")


def code_answers(cognito) -> int:
    return cognito.call_names().count("RespondToAuthChallenge:SOFTWARE_TOKEN_MFA")


def test_wrong_codes_across_restarts_stop_at_the_documented_limit(browser, cognito):
    """6.3.1 / 6.6.3: the per-account limit (10) counts codes and is checked before each."""
    totp_user(cognito)
    assert wrong_codes_until_refused(browser, cognito, "tess", "tess") == "throttled_locally"
    assert code_answers(cognito) == 10
    assert not is_signed_in(browser)


@override_settings(COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT=4)
def test_a_code_is_refused_without_asking_cognito_once_the_limit_is_reached(browser, cognito):
    """6.6.3: the check runs before the code is sent, not only before the password."""
    totp_user(cognito)
    sign_in(browser, "tess")
    for _ in range(3):  # MAX_WRONG_ANSWERS: the pending sign-in is dropped after these
        browser.post(CODE_PAGE, {"code": wrong_totp_code(cognito, "tess")})
    assert pending_of(browser) is None
    assert sign_in(browser, "tess")["Location"] == CODE_PAGE  # 3 failures < 4
    browser.post(CODE_PAGE, {"code": wrong_totp_code(cognito, "tess")})  # the 4th
    cognito.reset_calls()
    response = browser.post(CODE_PAGE, {"code": cognito.totp_code("tess")})
    # Refused before the call, so the pending sign-in stays for when the limit lifts.
    assert try_again_link(response, SignInThrottled) == CODE_PAGE
    assert cognito.calls == []
    assert pending_of(browser) is not None
    assert not is_signed_in(browser)


def test_aliases_of_one_account_share_one_budget(browser, cognito):
    """6.3.1: once Cognito names the account, failures count against it, whatever was typed."""
    cognito.configure_pool(alias_attributes=("email",))
    totp_user(cognito, "ali-7",
              attributes={"email": "ali@example.com", "email_verified": "true"})
    for login in ("ali-7", "ali@example.com") * 5:  # ten failures under two names
        sign_in(browser, login, "Wrong-Pass-1!")
    cognito.reset_calls()
    response = sign_in(browser, "ali@example.com", PASSWORD)
    assert try_again_link(response, SignInThrottled) == "/accounts/login/"
    assert "RespondToAuthChallenge:PASSWORD_VERIFIER" not in cognito.call_names()


# -- codes are ASCII digits ---------------------------------------------------------------------


def test_codes_in_other_scripts_digits_are_refused_on_the_page(browser, cognito):
    """Only 0-9 reach Cognito: ``str.isdigit`` would pass Arabic-Indic or fullwidth digits."""
    totp_user(cognito)
    sign_in(browser, "tess")
    cognito.reset_calls()
    fullwidth = "".join(chr(0xFF10 + d) for d in (1, 2, 3, 4, 5, 6))  # U+FF11..U+FF16
    for code in ("\u0661\u0662\u0663\u0664\u0665\u0666", fullwidth, "12345" + fullwidth[-1]):
        response = browser.post(CODE_PAGE, {"code": code})
        assert response.status_code == 200
        assert response.context["form"].errors.as_data()["code"][0].code == "invalid_code"
    assert cognito.calls == []
    assert pending_of(browser).wrong_answers == 0
