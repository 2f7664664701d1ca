"""After the code: signed in with ConfirmSignUp's Session (the pool's MFA following), or sent to
the sign-in page; and a sign-in of an account never confirmed, which leads to the code page."""

from __future__ import annotations

import pytest

from django_cognito_challenge.testing.seed import ALL_FLOWS

from .conftest import (
    CONFIRM,
    HOME,
    LOGIN,
    MFA_SETUP,
    NEW_PASSWORD,
    PASSWORD,
    SIGN_UP,
    confirm,
    error_codes,
    is_signed_in,
    messages_of,
    page_text,
    sign_in,
    sign_up,
)


def confirmed(browser, cognito, username: str = "neo", **options):
    """Sign ``username`` up and enter the code: the response to the code."""
    assert sign_up(browser, username, **options)["Location"] == CONFIRM
    return confirm(browser, cognito.last_code(username))


# -- signed in straight away ----------------------------------------------------------------------


def test_without_mfa_the_person_is_signed_in_at_next(browser, signing_up, signals):
    response = confirmed(browser, signing_up, next_url="/home/?welcome=1")

    assert response["Location"] == "/home/?welcome=1"
    assert is_signed_in(browser)
    assert browser.get(HOME).content == b"home: neo"
    assert signing_up.call_names() == ["SignUp", "ConfirmSignUp", "InitiateAuth:USER_AUTH"]
    request = signing_up.calls[-1].request
    assert request["AuthParameters"] == {"USERNAME": "neo"}
    assert request["Session"]  # ConfirmSignUp's, not a password
    (signed_in,) = signals["signed_in"]
    assert signed_in["factors"][0] == "CONFIRM_SIGN_UP"
    assert signed_in["user"].username == "neo"


def test_without_next_the_person_lands_where_the_site_says(browser, signing_up):
    assert confirmed(browser, signing_up)["Location"] == HOME


def test_an_off_site_next_is_not_followed(browser, signing_up):
    assert confirmed(browser, signing_up, next_url="https://evil.example/")["Location"] == HOME
    assert is_signed_in(browser)


def test_the_sign_up_signals_are_sent_once_each_before_the_sign_in(browser, signing_up,
                                                                   signals):
    confirmed(browser, signing_up)
    assert [s["username"] for s in signals["signed_up"]] == ["neo"]
    assert [s["username"] for s in signals["confirmed"]] == ["neo"]
    assert signals["confirmed"][0]["request"].path == CONFIRM
    assert len(signals["signed_in"]) == 1


def test_a_pool_requiring_mfa_sets_it_up_before_the_person_is_signed_in(browser, signing_up,
                                                                       signals):
    """ASVS 6.3.3: the code of the sign-up is one factor; the pool's MFA is set up next."""
    signing_up.configure_pool(mfa_configuration="ON",
                              enabled_mfa_factors=("SOFTWARE_TOKEN_MFA",))

    assert confirmed(browser, signing_up, next_url="/home/?new=1")["Location"] == MFA_SETUP

    assert not is_signed_in(browser)
    assert signals["signed_in"] == []
    assert browser.post(MFA_SETUP, {})["Location"] == MFA_SETUP  # "Show the QR code"
    secret = signing_up.user("neo").pending_totp_secret
    assert secret.encode() in browser.get(MFA_SETUP).content
    response = browser.post(MFA_SETUP, {"code": signing_up.totp_code("neo")})
    assert response["Location"] == "/home/?new=1"
    assert browser.get(HOME).content == b"home: neo"
    assert signals["signed_in"][0]["factors"][0] == "CONFIRM_SIGN_UP"
    assert signing_up.user("neo").totp_secret == secret


# -- or sent to sign in ---------------------------------------------------------------------------


def assert_sent_to_sign_in(browser, response, username: str = "neo") -> None:
    assert response["Location"] == f"{LOGIN}?next=%2Fhome%2F%3Fnew%3D1"
    assert not is_signed_in(browser)
    page = browser.get(response["Location"])
    assert "Your account is confirmed. Sign in to continue." in messages_of(page)
    assert f'name="username" value="{username}"' in page.content.decode()
    # Filled in once, for this page only.
    assert f'value="{username}"' not in browser.get(LOGIN).content.decode()


def test_where_the_site_does_not_sign_in_after_sign_up_the_sign_in_page_follows(
        browser, signing_up, settings, signals):
    settings.COGNITO_CHALLENGE_SIGN_UP_SIGNS_IN = False

    response = confirmed(browser, signing_up, next_url="/home/?new=1")

    assert_sent_to_sign_in(browser, response)
    assert signing_up.call_names() == ["SignUp", "ConfirmSignUp"]
    assert [s["username"] for s in signals["confirmed"]] == ["neo"]
    assert signals["signed_in"] == []
    assert sign_in(browser, "neo", NEW_PASSWORD)["Location"] == HOME


def test_an_app_client_without_user_auth_leads_to_the_sign_in_page(browser, signing_up):
    signing_up.use_client(explicit_auth_flows=tuple(
        flow for flow in ALL_FLOWS if flow != "ALLOW_USER_AUTH"))

    response = confirmed(browser, signing_up, next_url="/home/?new=1")

    assert_sent_to_sign_in(browser, response)
    assert signing_up.user("neo").status == "CONFIRMED"
    assert sign_in(browser, "neo", NEW_PASSWORD)["Location"] == HOME


def test_an_outage_of_the_sign_in_after_confirmation_leads_to_the_sign_in_page(browser,
                                                                              signing_up):
    signing_up.fail_next("InitiateAuth", "InternalErrorException")
    assert_sent_to_sign_in(browser, confirmed(browser, signing_up, next_url="/home/?new=1"))


# -- a sign-in of an account never confirmed ----------------------------------------------------


@pytest.fixture
def una(signing_up):
    """Signed up once (with an email the pool verifies), never confirmed."""
    return signing_up.add_user("una", attributes={"email": "una@example.com"},
                               status="UNCONFIRMED")


def test_signing_in_unconfirmed_leads_to_the_code_page_with_a_fresh_code(browser, signing_up,
                                                                         una, signals):
    response = sign_in(browser, "una", PASSWORD)

    assert response["Location"] == CONFIRM
    assert "ResendConfirmationCode" in signing_up.call_names()
    page = browser.get(CONFIRM)
    assert ("Your account is not confirmed yet. We sent you a code: enter it to finish "
            "signing up.") in messages_of(page)
    assert "We sent a code to u***@e***." in page_text(page)  # the password was proven
    assert not is_signed_in(browser)

    assert confirm(browser, signing_up.last_code("una"))["Location"] == HOME
    assert browser.get(HOME).content == b"home: una"
    assert [s["username"] for s in signals["confirmed"]] == ["una"]
    assert signals["signed_up"] == []


def test_signing_in_unconfirmed_keeps_next(browser, signing_up, una):
    browser.post(f"{LOGIN}?next=/home/%3Fback%3D1", {"username": "una", "password": PASSWORD})
    assert confirm(browser, signing_up.last_code("una"))["Location"] == "/home/?back=1"


def test_a_wrong_password_of_an_unconfirmed_account_is_just_wrong(browser, signing_up, una):
    """ASVS 6.3.8: without the password, nothing tells the account is unconfirmed."""
    response = sign_in(browser, "una", "Wrong-Pass-1!")
    assert error_codes(response) == {"__all__": ["invalid_login"]}
    assert "ResendConfirmationCode" not in signing_up.call_names()
    assert signing_up.outbox("una") == []
    assert browser.get(CONFIRM)["Location"] == SIGN_UP


def test_signing_in_again_moments_later_uses_the_code_already_sent(browser, signing_up, una):
    sign_in(browser, "una", PASSWORD)
    assert sign_in(browser, "una", PASSWORD)["Location"] == CONFIRM
    assert len(signing_up.outbox("una")) == 1
    assert confirm(browser, signing_up.last_code("una"))["Location"] == HOME


def test_signing_in_unconfirmed_without_sign_up_still_confirms(browser, signing_up, una,
                                                              settings):
    """The code page serves a sign-in of an unconfirmed account even where sign-up is off."""
    settings.COGNITO_CHALLENGE_SIGN_UP = False
    assert sign_in(browser, "una", PASSWORD)["Location"] == CONFIRM
    page = browser.get(CONFIRM)
    assert "Sign up with another username" not in page_text(page)
    assert confirm(browser, signing_up.last_code("una"))["Location"] == HOME


def test_cognito_s_limit_on_sending_the_code_answers_the_try_again_page(browser, signing_up,
                                                                        una):
    signing_up.throttle_next("ResendConfirmationCode")
    response = sign_in(browser, "una", PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts right now." in page_text(response)
    assert f'href="{LOGIN}"' in response.content.decode()
    assert signing_up.outbox("una") == []


def test_the_confirmation_page_keeps_next_in_its_links(browser, signing_up):
    sign_up(browser, "neo", next_url="/home/?back=1")
    html = browser.get(CONFIRM).content.decode()
    assert f'href="{SIGN_UP}?next=/home/%3Fback%3D1"' in html
    assert f'href="{LOGIN}?next=/home/%3Fback%3D1"' in html
