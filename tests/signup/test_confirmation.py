"""The confirmation page: the code Cognito sent, a new one, and how long the page waits."""

from __future__ import annotations

from .conftest import (
    CONFIRM,
    HOME,
    LOGIN,
    SIGN_UP,
    confirm,
    error_codes,
    messages_of,
    other_code,
    page_text,
    pending_sign_up_of,
    resend,
    sign_up,
)

DAY = 24 * 3600


def test_the_code_sent_confirms_the_account(browser, signing_up):
    sign_up(browser, "neo")
    (message,) = signing_up.outbox("neo")
    assert (message["medium"], message["purpose"]) == ("EMAIL", "SIGN_UP")
    page = browser.get(CONFIRM)
    assert "We sent a code to n***@e***." in page_text(page)
    assert 'name="action" value="resend"' in page.content.decode()

    assert confirm(browser, message["code"])["Location"] == HOME

    assert signing_up.user("neo").status == "CONFIRMED"
    assert signing_up.user("neo").attributes["email_verified"] == "true"
    assert browser.get(CONFIRM)["Location"] == SIGN_UP  # nothing left pending


def test_a_wrong_code_keeps_the_page_and_says_so_beside_the_code(browser, signing_up):
    sign_up(browser, "neo")
    code = signing_up.last_code("neo")

    response = confirm(browser, other_code(code))

    assert response.status_code == 200
    assert error_codes(response) == {"code": ["wrong_code"]}
    assert "That code is not right. Check it and try again." in page_text(response)
    assert other_code(code) not in response.content.decode()  # the code is not written back
    assert signing_up.user("neo").status == "UNCONFIRMED"
    assert confirm(browser, code)["Location"] == HOME


def test_something_that_is_no_code_never_reaches_cognito(browser, signing_up):
    sign_up(browser, "neo")
    signing_up.reset_calls()
    assert error_codes(confirm(browser, "12ab")) == {"code": ["invalid_code"]}
    assert error_codes(confirm(browser, "")) == {"code": ["required"]}
    assert signing_up.calls == []


def test_an_expired_code_says_to_ask_for_a_new_one(browser, signing_up):
    sign_up(browser, "neo")
    signing_up.fail_next("ConfirmSignUp", "ExpiredCodeException",
                         "Invalid code provided, please request a code again.")
    response = confirm(browser, signing_up.last_code("neo"))
    assert error_codes(response) == {"code": ["code_expired"]}
    assert "That code has expired. Ask for a new one with the button below." in page_text(
        response)


def test_a_code_a_day_old_has_expired_and_a_new_one_confirms(browser, signing_up, settings,
                                                            app_clock):
    """Cognito's sign-up codes last 24 hours; so does SignUp's Session at the local Cognito.
    The new code still confirms: ConfirmSignUp is then sent without the expired Session."""
    settings.COGNITO_CHALLENGE_SIGN_UP_SIGNS_IN = False
    sign_up(browser, "neo")
    first = signing_up.last_code("neo")
    signing_up.advance(DAY + 1)
    app_clock.advance(DAY - 60)  # the pending sign-up here is not yet a day old

    assert error_codes(confirm(browser, first)) == {"code": ["code_expired"]}
    resend(browser)
    fresh = signing_up.last_code("neo")
    assert fresh != first

    assert confirm(browser, fresh)["Location"] == LOGIN
    assert signing_up.user("neo").status == "CONFIRMED"


def test_an_expired_sign_up_session_is_sent_once_and_then_dropped(browser, signing_up,
                                                                  app_clock):
    """Once Cognito says SignUp's Session expired, later codes go without it: one call each."""
    sign_up(browser, "neo")
    signing_up.advance(DAY + 1)
    app_clock.advance(61)
    resend(browser)
    wrong = other_code(signing_up.last_code("neo"))
    confirm(browser, wrong)  # the Session, refused as expired, then the code alone
    signing_up.reset_calls()

    assert error_codes(confirm(browser, wrong)) == {"code": ["wrong_code"]}

    assert signing_up.call_names() == ["ConfirmSignUp"]
    assert not pending_sign_up_of(browser).session


def test_a_new_code_waits_the_interval_after_the_first(browser, signing_up, app_clock):
    """The code SignUp sent is the first: a new one waits ``SIGN_UP_RESEND_INTERVAL`` (60 s),
    as each one after it does; a refused request asks Cognito nothing."""
    sign_up(browser, "neo")
    signing_up.reset_calls()

    refused = browser.get(resend(browser)["Location"])

    assert messages_of(refused) == [
        "A code was sent a moment ago. Please wait a minute before asking for another one."]
    assert signing_up.calls == []
    app_clock.advance(60)
    sent = browser.get(resend(browser)["Location"])
    assert messages_of(sent) == ["A new code is on its way. Only the newest code works."]
    assert signing_up.call_names() == ["ResendConfirmationCode"]
    assert "We sent a code to n***@e***." in page_text(sent)
    signing_up.reset_calls()
    again = browser.get(resend(browser)["Location"])
    assert "A code was sent a moment ago." in " ".join(messages_of(again))
    assert signing_up.calls == []


def test_only_the_newest_code_works(browser, signing_up, app_clock):
    sign_up(browser, "neo")
    first = signing_up.last_code("neo")
    app_clock.advance(60)
    resend(browser)
    newest = signing_up.last_code("neo")
    assert len(signing_up.outbox("neo")) == 2

    if first != newest:
        assert error_codes(confirm(browser, first)) == {"code": ["wrong_code"]}
    assert confirm(browser, newest)["Location"] == HOME


def test_the_page_needs_a_pending_sign_up(browser, signing_up):
    page = browser.get(CONFIRM)
    assert page["Location"] == SIGN_UP
    assert "Sign up, or sign in if you already have an account." in messages_of(
        browser.get(SIGN_UP))
    assert confirm(browser, "123456")["Location"] == SIGN_UP
    assert resend(browser)["Location"] == SIGN_UP
    assert signing_up.calls == []


def test_without_sign_up_the_page_leads_to_the_sign_in(browser, cognito):
    response = browser.get(CONFIRM)
    assert response["Location"] == LOGIN
    assert "no-cache" in response["Cache-Control"]
    assert confirm(browser, "123456")["Location"] == LOGIN
    assert cognito.calls == []


def test_a_pending_sign_up_ends_after_a_day(browser, signing_up, app_clock):
    sign_up(browser, "neo")
    app_clock.advance(DAY - 1)
    assert browser.get(CONFIRM).status_code == 200
    app_clock.advance(1)
    assert browser.get(CONFIRM)["Location"] == SIGN_UP
    signing_up.reset_calls()
    assert confirm(browser, signing_up.last_code("neo"))["Location"] == SIGN_UP
    assert signing_up.calls == []


def test_a_code_for_an_account_confirmed_meanwhile_is_just_a_wrong_code(browser, signing_up):
    """The page tells nobody the account's state: Cognito's "Current status is CONFIRMED"
    reads as a wrong code."""
    sign_up(browser, "neo")
    signing_up.user("neo").status = "CONFIRMED"
    response = confirm(browser, signing_up.last_code("neo"))
    assert error_codes(response) == {"code": ["wrong_code"]}
    assert "CONFIRMED" not in page_text(response)


def test_a_forged_cross_site_confirmation_is_refused(browser, signing_up):
    sign_up(browser, "neo")
    response = browser.post(CONFIRM, {"code": signing_up.last_code("neo")}, csrf_token=None)
    assert response.status_code == 403
    assert signing_up.user("neo").status == "UNCONFIRMED"


def test_an_address_another_account_signs_in_with_is_said_only_to_its_owner(browser,
                                                                            signing_up):
    """Where people sign in with their email (an alias), the code for a sign-up using
    somebody's address goes to that address: only its owner can learn it is in use."""
    signing_up.configure_pool(alias_attributes=("email",))
    signing_up.add_user("trinity", attributes={"email": "tess@example.com",
                                               "email_verified": "true"})
    sign_up(browser, "neo", email="tess@example.com")
    (message,) = signing_up.outbox("neo")
    assert message["destination"] == "tess@example.com"

    response = confirm(browser, message["code"])

    assert error_codes(response) == {"__all__": ["alias_exists"]}
    assert "That email address or phone number belongs to another account." in page_text(
        response)
    assert signing_up.user("neo").status == "UNCONFIRMED"
    assert signing_up.user("trinity").attributes["email_verified"] == "true"
