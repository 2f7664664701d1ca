"""Taken names (ASVS 6.3.8): the sign-up page does not tell who has an account, unless the
site declares its pool tells it anyway (LEGACY)."""

from __future__ import annotations

import pytest

from .conftest import (
    CONFIRM,
    browser_at,
    confirm,
    error_codes,
    is_signed_in,
    messages_of,
    other_code,
    page_text,
    resend,
    same_html,
    sign_up,
    with_email,
)

TOO_SOON = ("A code was sent a moment ago. Please wait a minute before asking for another "
            "one.")


@pytest.fixture
def trinity(signing_up):
    """Somebody who has an account, with a verified email."""
    return with_email(signing_up, "trinity")


def test_a_taken_name_and_a_new_one_get_the_same_redirect_and_page(browser, signing_up,
                                                                   trinity, signals):
    """ASVS 6.3.8: the same redirect, the same confirmation page (the address typed, masked as
    Cognito masks it), and nothing sent to the account's owner."""
    stranger = browser_at("10.0.0.2")

    taken = sign_up(stranger, "trinity", email="tess@example.org")
    new = sign_up(browser, "tank", email="tank@example.org")

    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"]) == (
        302, CONFIRM)
    taken_page, new_page = stranger.get(CONFIRM), browser.get(CONFIRM)
    assert same_html(taken_page) == same_html(new_page)
    assert "We sent a code to t***@e***." in page_text(taken_page)
    assert signing_up.outbox("trinity") == []
    assert [m["username"] for m in signing_up.outbox()] == ["tank"]
    assert [s["username"] for s in signals["signed_up"]] == ["tank"]
    assert [call.error for call in signing_up.calls] == ["UsernameExistsException", None]


def test_with_the_email_as_username_a_taken_address_is_not_told_either(browser, signing_up,
                                                                       settings):
    """ASVS 6.3.8: with email as the username, the address is the name the page hides."""
    settings.COGNITO_CHALLENGE_USERNAME_ATTRIBUTES = ("email",)
    signing_up.configure_pool(username_attributes=("email",))
    sign_up(browser, "", email="tess@example.com")
    signing_up.user("tess@example.com").status = "CONFIRMED"
    stranger, newcomer = browser_at("10.0.0.2"), browser_at("10.0.0.3")

    taken = sign_up(stranger, "", email="tess@example.com")
    new = sign_up(newcomer, "", email="tina@example.com")

    assert taken["Location"] == new["Location"] == CONFIRM
    assert same_html(stranger.get(CONFIRM)) == same_html(newcomer.get(CONFIRM))


def test_no_code_confirms_a_taken_name(browser, signing_up, trinity):
    """ASVS 6.3.8: any code typed is a wrong code, answered like a wrong code for a new name;
    ConfirmSignUp is not called with somebody else's name."""
    newcomer = browser_at("10.0.0.2")
    sign_up(browser, "trinity", email="tess@example.org")
    sign_up(newcomer, "tank", email="tank@example.org")
    wrong = other_code(signing_up.last_code("tank"))
    signing_up.reset_calls()

    taken, new = confirm(browser, wrong), confirm(newcomer, wrong)

    assert error_codes(taken) == error_codes(new) == {"code": ["wrong_code"]}
    assert same_html(taken) == same_html(new)
    assert signing_up.call_names() == ["ConfirmSignUp"]  # the new name's only
    assert signing_up.calls[0].request["Username"] == "tank"


def test_not_even_the_owner_s_code_confirms_a_taken_name_or_signs_anybody_in(browser,
                                                                              signing_up):
    """Una signed up and has not confirmed yet. Somebody signing up as ``una`` is shown the
    usual page; the code Una received, typed there, is a wrong code: ConfirmSignUp is not
    called with somebody else's name, so its Session cannot sign the stranger in as Una."""
    sign_up(browser, "una")
    una_code = signing_up.last_code("una")
    stranger = browser_at("10.0.0.2")
    assert sign_up(stranger, "una", email="stranger@example.org")["Location"] == CONFIRM
    signing_up.reset_calls()

    response = confirm(stranger, una_code)

    assert not is_signed_in(stranger)
    assert response.status_code == 200
    assert error_codes(response) == {"code": ["wrong_code"]}
    assert signing_up.calls == []
    assert signing_up.user("una").status == "UNCONFIRMED"
    assert confirm(browser, una_code)["Location"] == "/home/"  # Una's own page still works


def test_a_new_code_for_a_taken_name_is_said_sent_and_nothing_is_sent(browser, signing_up,
                                                                      trinity, app_clock):
    """ASVS 6.3.8: "a new code is on its way", as for a new name; ResendConfirmationCode is not
    called, so the owner receives nothing; the resend interval applies the same."""
    newcomer = browser_at("10.0.0.2")
    sign_up(browser, "trinity", email="tess@example.org")
    sign_up(newcomer, "tank", email="tank@example.org")
    taken, new = ask_again(browser), ask_again(newcomer)
    assert messages_of(taken) == messages_of(new) == [TOO_SOON]  # SignUp's code is the first
    app_clock.advance(60)
    signing_up.reset_calls()

    taken, new = ask_again(browser), ask_again(newcomer)

    assert messages_of(taken) == messages_of(new) == [
        "A new code is on its way. Only the newest code works."]
    assert same_html(taken) == same_html(new)
    assert signing_up.call_names() == ["ResendConfirmationCode"]  # the new name's only
    assert signing_up.outbox("trinity") == []
    assert messages_of(ask_again(browser)) == messages_of(ask_again(newcomer)) == [TOO_SOON]


def ask_again(client):
    """Press "Send a new code", and open the page it leads back to."""
    return client.get(resend(client)["Location"])


def test_where_the_pool_tells_anyway_the_form_says_the_name_is_taken(browser, signing_up,
                                                                    trinity, settings):
    """With ``PREVENT_USER_EXISTENCE_ERRORS`` False (a LEGACY pool, whose other answers tell
    who exists) the form says so, beside the username."""
    settings.COGNITO_CHALLENGE_PREVENT_USER_EXISTENCE_ERRORS = False
    signing_up.use_client(prevent_user_existence_errors="LEGACY")

    response = sign_up(browser, "trinity")

    assert response.status_code == 200
    assert error_codes(response) == {"username": ["username_taken"]}
    assert "That username is taken. Choose another one." in page_text(response)
    assert browser.get(CONFIRM)["Location"] != CONFIRM  # nothing pending
    assert signing_up.outbox("trinity") == []


def test_where_the_pool_tells_anyway_a_taken_email_as_username_is_said_beside_it(
        browser, signing_up, settings):
    settings.COGNITO_CHALLENGE_PREVENT_USER_EXISTENCE_ERRORS = False
    settings.COGNITO_CHALLENGE_USERNAME_ATTRIBUTES = ("email",)
    signing_up.configure_pool(username_attributes=("email",))
    signing_up.use_client(prevent_user_existence_errors="LEGACY")
    sign_up(browser, "", email="tess@example.com")
    response = sign_up(browser_at("10.0.0.2"), "", email="tess@example.com")
    assert error_codes(response) == {"email": ["username_taken"]}


@pytest.fixture
def texting(signing_up, settings):
    """A pool that texts the code: it verifies phone numbers (and emails) automatically, and
    Cognito then prefers the phone."""
    settings.COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES = ("email", "name", "phone_number")
    settings.COGNITO_CHALLENGE_SIGN_UP_CODE_ATTRIBUTE = "phone_number"
    signing_up.configure_pool(auto_verified_attributes=("phone_number", "email"))
    return signing_up


def test_where_the_code_is_texted_a_taken_name_shows_the_phone_too(browser, texting, trinity):
    """ASVS 6.3.8: the address a taken name's page shows is where a new name's code went."""
    stranger = browser_at("10.0.0.2")
    phone = {"attribute_phone_number": "+15555550123"}
    sign_up(stranger, "trinity", email="tess@example.org", **phone)
    sign_up(browser, "tank", email="tank@example.org", **phone)

    taken_page, new_page = stranger.get(CONFIRM), browser.get(CONFIRM)

    assert "We sent a code to +*******0123." in page_text(new_page)
    assert same_html(taken_page) == same_html(new_page)


def test_cognito_sending_the_code_elsewhere_than_declared_is_logged(browser, texting, settings,
                                                                    caplog):
    """A declaration that would let a taken name show another address is told, once per
    sign-up, to whoever reads the logs."""
    settings.COGNITO_CHALLENGE_SIGN_UP_CODE_ATTRIBUTE = "email"
    sign_up(browser, "tank", email="tank@example.org",
            attribute_phone_number="+15555550123")
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("sent the sign-up code to phone_number" in w and "SIGN_UP_CODE_ATTRIBUTE" in w
               for w in warnings)
