"""Forgotten passwords through the pages: what a person and an attacker see, what Cognito is
asked, and what is (not) kept."""

from __future__ import annotations

import logging
import re

import pytest

from .conftest import (
    CONFIRM,
    HOME,
    LOGIN,
    NEW_PASSWORD,
    PASSWORD,
    RESET,
    ask_for_code,
    browser_at,
    error_codes,
    is_signed_in,
    messages_of,
    other_code,
    our_log,
    page_text,
    requests_of,
    resend,
    reset_with,
    server_session,
    sign_in,
    with_email,
)


def same_html(response, username: str) -> str:
    """The page's HTML with what differs for reasons other than the account left out."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return html.replace(username, "<typed name>")


# -- existence is never told -----------------------------------------------------------------------


@pytest.mark.parametrize("existence_errors", ["ENABLED", "LEGACY"])
def test_an_existing_and_an_unknown_account_get_the_same_answer(browser, cognito,
                                                               existence_errors):
    """ASVS 6.3.8: the redirect and the next page are the same whether the account exists."""
    cognito.use_client(prevent_user_existence_errors=existence_errors)
    with_email(cognito, "emma")
    stranger = browser_at("10.0.0.2")

    known, unknown = ask_for_code(browser, "emma"), ask_for_code(stranger, "nobody")

    assert (known.status_code, known["Location"]) == (unknown.status_code,
                                                       unknown["Location"]) == (302, CONFIRM)
    known_page, unknown_page = browser.get(CONFIRM), stranger.get(CONFIRM)
    assert same_html(known_page, "emma") == same_html(unknown_page, "nobody")
    assert "If emma is an account here, we sent a code" in page_text(known_page)
    assert "e***@e***" not in known_page.content.decode()  # where the code went: never told
    assert [m["username"] for m in cognito.outbox()] == ["emma"]
    errors = [call.error for call in cognito.calls if call.operation == "ForgotPassword"]
    assert errors == [None, None if existence_errors == "ENABLED" else "UserNotFoundException"]


@pytest.mark.parametrize("existence_errors", ["ENABLED", "LEGACY"])
def test_a_disabled_account_gets_the_answer_of_any_other(browser, cognito, existence_errors):
    cognito.use_client(prevent_user_existence_errors=existence_errors)
    with_email(cognito, "dora", enabled=False)
    assert ask_for_code(browser, "dora")["Location"] == CONFIRM
    assert cognito.outbox() == []
    # Its code is "wrong", like any code for a name of nobody.
    assert error_codes(reset_with(browser, "123456")) == {"code": ["wrong_code"]}


@pytest.mark.parametrize("existence_errors", ["ENABLED", "LEGACY"])
def test_an_unknown_account_reads_a_wrong_code_like_a_known_one(browser, cognito,
                                                               existence_errors):
    cognito.use_client(prevent_user_existence_errors=existence_errors)
    with_email(cognito, "emma")
    stranger = browser_at("10.0.0.2")
    ask_for_code(browser, "emma")
    ask_for_code(stranger, "nobody")
    wrong = other_code(cognito.last_code("emma"))
    known, unknown = reset_with(browser, wrong), reset_with(stranger, wrong)
    assert error_codes(known) == error_codes(unknown) == {"code": ["wrong_code"]}
    assert same_html(known, "emma") == same_html(unknown, "nobody")


def test_an_account_without_a_verified_address_is_told_to_contact_support(browser, cognito):
    """LEGACY says so (InvalidParameterException); ENABLED answers it like any other name."""
    cognito.use_client(prevent_user_existence_errors="LEGACY")
    cognito.add_user("una", attributes={"email": "una@example.com"})  # never verified
    response = ask_for_code(browser, "una")
    assert response.status_code == 200
    assert error_codes(response) == {"__all__": ["invalid"]}
    assert "cannot be reset here. Please contact support." in page_text(response)


# -- the reset itself -----------------------------------------------------------------------------


def test_the_code_and_a_new_password_reset_it_and_sign_nobody_in(browser, cognito,
                                                                password_changes):
    """ASVS 6.4.3: the reset ends on the sign-in page; the new password then signs in."""
    with_email(cognito, "emma")
    browser.get(LOGIN)
    assert 'href="/accounts/password/reset/"' in browser.get(LOGIN).content.decode()
    ask_for_code(browser, "emma")
    (message,) = cognito.outbox("emma")
    assert (message["medium"], message["purpose"]) == ("EMAIL", "FORGOT_PASSWORD")

    response = reset_with(browser, message["code"])

    assert response["Location"] == LOGIN
    assert not is_signed_in(browser)
    assert "Your password was reset. Sign in with your new password." in messages_of(
        browser.get(LOGIN))
    assert [(s["username"], s["user"]) for s in password_changes] == [("emma", None)]
    assert sign_in(browser, "emma", PASSWORD).status_code == 200  # the old one no longer works
    assert sign_in(browser, "emma", NEW_PASSWORD)["Location"] == HOME
    assert browser.get(CONFIRM)["Location"] == RESET  # the pending reset is gone


def test_the_new_password_still_asks_for_the_second_factor(browser, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    with_email(cognito, "emma", email_mfa=True)
    ask_for_code(browser, "emma")
    reset_with(browser, cognito.last_code("emma"))
    assert sign_in(browser, "emma", NEW_PASSWORD)["Location"] == "/accounts/login/code/"
    assert not is_signed_in(browser)


def test_a_wrong_code_keeps_the_page_and_says_so(browser, cognito):
    with_email(cognito, "emma")
    ask_for_code(browser, "emma")
    response = reset_with(browser, other_code(cognito.last_code("emma")))
    assert response.status_code == 200
    assert error_codes(response) == {"code": ["wrong_code"]}
    assert "That code is not right" in page_text(response)
    assert reset_with(browser, cognito.last_code("emma"))["Location"] == LOGIN


def test_an_expired_code_offers_a_new_one_which_works(browser, cognito, app_clock):
    with_email(cognito, "emma")
    ask_for_code(browser, "emma")
    expired = cognito.last_code("emma")
    cognito.advance(3601)  # Cognito's codes last an hour

    response = reset_with(browser, expired)

    assert error_codes(response) == {"code": ["code_expired"]}
    assert "Ask for a new one with the button below." in page_text(response)
    assert 'name="action" value="resend"' in response.content.decode()
    app_clock.advance(61)
    assert resend(browser)["Location"] == CONFIRM
    fresh = cognito.last_code("emma")
    assert len(cognito.outbox("emma")) == 2
    assert reset_with(browser, fresh)["Location"] == LOGIN


def test_a_password_the_policy_refuses_names_the_rule(browser, cognito):
    with_email(cognito, "emma")
    ask_for_code(browser, "emma")
    response = reset_with(browser, cognito.last_code("emma"), "Sh0rt!")
    assert error_codes(response) == {"new_password1": ["invalid_password"]}
    assert "it is too short" in page_text(response)
    assert "Use at least 8 characters" in page_text(response)  # the hint, before any refusal
    assert reset_with(browser, cognito.last_code("emma"))["Location"] == LOGIN  # code kept


def test_two_different_new_passwords_never_reach_cognito(browser, cognito):
    with_email(cognito, "emma")
    ask_for_code(browser, "emma")
    cognito.reset_calls()
    response = reset_with(browser, cognito.last_code("emma"), again="Other-Pass-7!")
    assert error_codes(response) == {"new_password2": ["password_mismatch"]}
    assert cognito.call_names() == []


# -- asking again, and limits ---------------------------------------------------------------------


def test_a_new_code_is_refused_within_the_interval_then_sent(browser, cognito, app_clock):
    with_email(cognito, "emma")
    ask_for_code(browser, "emma")
    cognito.reset_calls()

    refused = browser.get(resend(browser)["Location"])

    assert "A code was sent a moment ago." in page_text(refused)
    assert cognito.call_names() == []
    assert error_codes(ask_for_code(browser, "emma")) == {"__all__": ["resend_too_soon"]}
    app_clock.advance(60)
    assert "A new code is on its way." in page_text(browser.get(resend(browser)["Location"]))
    assert cognito.call_names() == ["ForgotPassword"]
    assert len(cognito.outbox("emma")) == 2


def test_the_interval_is_per_account_and_address(browser, cognito):
    with_email(cognito, "emma")
    with_email(cognito, "otto")
    ask_for_code(browser, "emma")
    assert ask_for_code(browser, "otto")["Location"] == CONFIRM  # another account
    assert ask_for_code(browser_at("10.0.0.2"), "emma")["Location"] == CONFIRM  # elsewhere
    assert [m["username"] for m in cognito.outbox()] == ["emma", "otto", "emma"]


def test_codes_and_wrong_codes_spend_the_throttle_then_cognito_is_not_asked(browser, cognito,
                                                                           settings):
    settings.COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT = 3
    with_email(cognito, "emma")
    ask_for_code(browser, "emma")  # 1
    code = cognito.last_code("emma")
    reset_with(browser, other_code(code))  # 2
    reset_with(browser, other_code(other_code(code)))  # 3
    cognito.reset_calls()
    response = reset_with(browser, code)
    assert error_codes(response) == {"__all__": ["throttled_locally"]}
    assert cognito.call_names() == []


def test_cognito_s_attempt_limit_says_to_wait(browser, cognito):
    """Cognito allows 5 requests or entries of a code an hour (the local one: the lowest)."""
    with_email(cognito, "emma")
    ask_for_code(browser, "emma")
    code = cognito.last_code("emma")
    for _ in range(4):
        reset_with(browser, other_code(code))
    response = reset_with(browser, code)
    assert error_codes(response) == {"__all__": ["throttled"]}
    assert "Please wait a moment and try again." in page_text(response)
    assert cognito.calls[-1].error == "LimitExceededException"


def test_too_many_requests_on_the_first_page_says_to_wait(browser, cognito):
    with_email(cognito, "emma")
    cognito.throttle_next("ForgotPassword")
    response = ask_for_code(browser, "emma")
    assert error_codes(response) == {"__all__": ["throttled"]}


# -- what the pages guard -------------------------------------------------------------------------


def test_the_code_page_needs_a_pending_reset(browser, cognito):
    response = browser.get(CONFIRM)
    assert response["Location"] == RESET
    assert "no-cache" in response["Cache-Control"]  # a redirect for this browser only
    assert reset_with(browser, "123456")["Location"] == RESET
    assert cognito.call_names() == []


def test_a_pending_reset_ends_after_an_hour(browser, cognito, app_clock):
    with_email(cognito, "emma")
    ask_for_code(browser, "emma")
    app_clock.advance(3600)
    assert browser.get(CONFIRM)["Location"] == RESET


def test_a_forged_cross_site_post_is_refused(browser, cognito):
    with_email(cognito, "emma")
    assert browser.post(RESET, {"username": "emma"}, csrf_token=None).status_code == 403
    assert cognito.outbox() == []


def test_a_client_secret_sends_a_secret_hash_and_the_address_goes_along(browser, cognito):
    cognito.use_client(generate_secret=True)
    with_email(cognito, "emma")
    ask_for_code(browser, "emma")
    assert reset_with(browser, cognito.last_code("emma"))["Location"] == LOGIN
    for request in [*requests_of(cognito, "ForgotPassword"),
                    *requests_of(cognito, "ConfirmForgotPassword")]:
        assert request["SecretHash"]
        assert request["UserContextData"] == {"IpAddress": "127.0.0.1"}


def test_no_code_or_password_is_kept_in_the_session_or_logged(browser, cognito, caplog):
    """Our loggers at DEBUG (botocore's DEBUG logs request bodies: check W003 warns of it)."""
    caplog.set_level(logging.DEBUG)
    with_email(cognito, "emma")
    ask_for_code(browser, "emma")
    code = cognito.last_code("emma")
    reset_with(browser, other_code(code))
    stored = repr(server_session(browser))
    reset_with(browser, code)
    logged = our_log(caplog)
    for secret in (code, other_code(code), NEW_PASSWORD):
        assert secret not in stored
        assert secret not in logged
    assert "Password reset code requested for emma" in logged
    assert "Password of emma reset" in logged


# -- a sign-in that must reset first --------------------------------------------------------------


def test_a_sign_in_that_must_reset_goes_to_the_code_page_with_a_code_sent(browser, cognito):
    with_email(cognito, "rita", status="RESET_REQUIRED")
    response = sign_in(browser, "rita")

    assert response["Location"] == CONFIRM
    page = browser.get(CONFIRM)
    assert "Your password must be reset before you can sign in." in " ".join(
        messages_of(page))
    assert "We sent a code to r***@e***." in page_text(page)  # the password was right
    assert not is_signed_in(browser)
    assert reset_with(browser, cognito.last_code("rita"))["Location"] == LOGIN
    assert cognito.user("rita").status == "CONFIRMED"
    assert sign_in(browser, "rita", NEW_PASSWORD)["Location"] == HOME


def test_a_wrong_password_of_an_account_that_must_reset_is_just_wrong(browser, cognito):
    with_email(cognito, "rita", status="RESET_REQUIRED")
    response = sign_in(browser, "rita", "Wrong-Pass-1!")
    assert error_codes(response) == {"__all__": ["invalid_login"]}
    assert cognito.outbox() == []


def test_signing_in_again_moments_later_uses_the_code_already_sent(browser, cognito):
    with_email(cognito, "rita", status="RESET_REQUIRED")
    sign_in(browser, "rita")
    assert sign_in(browser, "rita")["Location"] == CONFIRM
    assert len(cognito.outbox("rita")) == 1
    assert reset_with(browser, cognito.last_code("rita"))["Location"] == LOGIN


# -- the account's sessions here ------------------------------------------------------------------


def test_a_reset_ends_the_account_s_sessions_on_this_site(browser, cognito):
    with_email(cognito, "emma")
    assert sign_in(browser, "emma")["Location"] == HOME
    elsewhere = browser_at("10.0.0.2")
    ask_for_code(elsewhere, "emma")
    reset_with(elsewhere, cognito.last_code("emma"))
    cognito.reset_calls()

    assert browser.get(HOME).content == b"home: anonymous"
    assert cognito.call_names() == ["RevokeToken"]
