"""Choice-based sign-in as a person sees it: each first factor, and what is never revealed."""

from __future__ import annotations

import pytest

from django_cognito_challenge.conf import app_settings

from .conftest import (
    CODE,
    HOME,
    LOGIN,
    PASSWORD,
    PASSWORD_PAGE,
    SELECT,
    TOTP_SECRET,
    add_passwordless,
    is_signed_in,
    offered,
    pending_of,
    start,
)

pytestmark = pytest.mark.django_db


def calls_named(cognito, name: str) -> list:
    return [call for call in cognito.calls if call.operation == name]


# -- PASSWORD_SRP: a password typed on the sign-in page -------------------------------------------


def test_a_password_typed_first_is_proven_by_srp(browser, choice_pool):
    choice_pool.add_user("sam")
    response = start(browser, "sam", PASSWORD)
    assert response["Location"] == HOME
    assert is_signed_in(browser)
    (initiate,) = calls_named(choice_pool, "InitiateAuth")
    assert initiate.request["AuthFlow"] == "USER_AUTH"
    assert initiate.request["AuthParameters"]["PREFERRED_CHALLENGE"] == "PASSWORD_SRP"
    assert "PASSWORD" not in initiate.request["AuthParameters"]  # never sent: SRP proves it


def test_a_wrong_password_typed_first_is_refused(browser, choice_pool):
    choice_pool.add_user("sam")
    response = start(browser, "sam", "Wrong-Pass-1!")
    assert response.status_code == 200
    assert "Incorrect username or password" in response.content.decode()
    assert not is_signed_in(browser)


def test_mfa_still_follows_a_password(browser, choice_pool):
    choice_pool.configure_pool(mfa_configuration="ON")
    choice_pool.add_user("tess", totp_secret=TOTP_SECRET)
    assert start(browser, "tess", PASSWORD)["Location"] == CODE
    response = browser.post(CODE, {"code": choice_pool.totp_code("tess")})
    assert response["Location"] == HOME
    assert is_signed_in(browser)


# -- SELECT_CHALLENGE: no password typed ------------------------------------------------------


def test_without_a_password_the_person_chooses_among_what_cognito_offers(browser, choice_pool):
    choice_pool.add_user("sam", attributes={"email": "sam@example.com",
                                            "phone_number": "+15555550100"})
    assert start(browser, "sam")["Location"] == SELECT
    page = browser.get(SELECT)
    # PASSWORD and PASSWORD_SRP are one choice; the codes follow.
    assert offered(page) == ["PASSWORD", "EMAIL_OTP", "SMS_OTP"]
    assert not is_signed_in(browser)


def test_password_chosen_then_typed_is_proven_by_srp(browser, choice_pool):
    choice_pool.add_user("sam")
    start(browser, "sam")
    assert browser.post(SELECT, {"challenge": "PASSWORD"})["Location"] == PASSWORD_PAGE
    assert calls_named(choice_pool, "RespondToAuthChallenge") == []  # nothing sent yet
    response = browser.post(PASSWORD_PAGE, {"password": PASSWORD})
    assert response["Location"] == HOME
    assert is_signed_in(browser)
    (select,) = [c.request["ChallengeResponses"] for c in
                 calls_named(choice_pool, "RespondToAuthChallenge")
                 if c.request["ChallengeName"] == "SELECT_CHALLENGE"]
    assert select["ANSWER"] == "PASSWORD_SRP"
    assert "PASSWORD" not in select


def test_a_wrong_chosen_password_starts_again(browser, choice_pool):
    choice_pool.add_user("sam")
    start(browser, "sam")
    browser.post(SELECT, {"challenge": "PASSWORD"})
    response = browser.post(PASSWORD_PAGE, {"password": "Wrong-Pass-1!"}, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "Incorrect username or password" in response.content.decode()
    assert not is_signed_in(browser)
    assert pending_of(browser) is None


def test_the_password_page_needs_the_choice_first(browser, choice_pool):
    choice_pool.add_user("sam")
    start(browser, "sam")
    assert browser.get(PASSWORD_PAGE)["Location"] == SELECT


@pytest.mark.parametrize(("factor", "medium"), [("EMAIL_OTP", "EMAIL"), ("SMS_OTP", "SMS")])
def test_a_code_alone_signs_in(browser, choice_pool, factor, medium):
    choice_pool.add_user("sam", None, attributes={"email": "sam@example.com",
                                                  "phone_number": "+15555550100"})
    start(browser, "sam")
    assert browser.post(SELECT, {"challenge": factor})["Location"] == CODE
    page = browser.get(CODE)
    assert page.context["challenge"] == factor
    response = browser.post(CODE, {"code": choice_pool.last_code("sam")})
    assert response["Location"] == HOME
    assert is_signed_in(browser)


def test_a_wrong_code_can_be_tried_again_then_the_right_one_signs_in(browser, choice_pool):
    add_passwordless(choice_pool)
    start(browser, "pat")
    browser.post(SELECT, {"challenge": "EMAIL_OTP"})
    wrong = "000000" if choice_pool.last_code("pat") != "000000" else "111111"
    response = browser.post(CODE, {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not is_signed_in(browser)
    assert browser.post(CODE, {"code": choice_pool.last_code("pat")})["Location"] == HOME


def test_an_expired_code_starts_again(browser, choice_pool):
    add_passwordless(choice_pool)
    start(browser, "pat")
    browser.post(SELECT, {"challenge": "EMAIL_OTP"})
    choice_pool.advance(choice_pool.client.auth_session_validity_minutes * 60 + 1)
    response = browser.post(CODE, {"code": choice_pool.last_code("pat")}, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert not is_signed_in(browser)


def test_an_expired_choice_starts_again(browser, choice_pool, app_clock):
    add_passwordless(choice_pool)
    start(browser, "pat")
    app_clock.advance(app_settings.AUTH_SESSION_VALIDITY + 1)
    response = browser.post(SELECT, {"challenge": "EMAIL_OTP"}, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "Your sign-in timed out" in response.content.decode()
    assert choice_pool.outbox("pat") == []  # no code was asked for


def test_a_factor_not_offered_cannot_be_chosen_by_a_forged_post(browser, choice_pool):
    add_passwordless(choice_pool)  # no phone number: SMS_OTP is not offered
    start(browser, "pat")
    for forged in ("SMS_OTP", "WEB_AUTHN", "SOFTWARE_TOKEN_MFA", "PASSWORD_SRP"):
        response = browser.post(SELECT, {"challenge": forged})
        assert response.status_code == 200
        assert "challenge" in response.context["form"].errors
    assert calls_named(choice_pool, "RespondToAuthChallenge") == []
    assert not is_signed_in(browser)


# -- PREFERRED_CHALLENGE -------------------------------------------------------------------------


def test_a_preferred_factor_is_asked_for_straight_away(browser, choice_pool, settings):
    settings.COGNITO_CHALLENGE_PREFERRED_CHALLENGE = "EMAIL_OTP"
    add_passwordless(choice_pool)
    assert start(browser, "pat")["Location"] == CODE
    (initiate,) = calls_named(choice_pool, "InitiateAuth")
    assert initiate.request["AuthParameters"]["PREFERRED_CHALLENGE"] == "EMAIL_OTP"
    assert browser.post(CODE, {"code": choice_pool.last_code("pat")})["Location"] == HOME


def test_a_preferred_factor_the_account_lacks_leads_to_the_choice(browser, choice_pool,
                                                                  settings):
    settings.COGNITO_CHALLENGE_PREFERRED_CHALLENGE = "SMS_OTP"
    add_passwordless(choice_pool)  # no phone number
    assert start(browser, "pat")["Location"] == SELECT
    assert offered(browser.get(SELECT)) == ["EMAIL_OTP"]


def test_a_typed_password_is_ignored_by_the_preference(browser, choice_pool, settings):
    settings.COGNITO_CHALLENGE_PREFERRED_CHALLENGE = "EMAIL_OTP"
    choice_pool.add_user("sam", attributes={"email": "sam@example.com"})
    assert start(browser, "sam", PASSWORD)["Location"] == HOME
    assert choice_pool.outbox("sam") == []


# -- what must not be revealed ------------------------------------------------------------------


def test_a_password_typed_for_an_account_without_one_is_a_wrong_password(browser, choice_pool):
    add_passwordless(choice_pool)
    known = start(browser, "pat", "Any-Pass-1!")
    unknown = start(browser, "nobody-here", "Any-Pass-1!")
    for response in (known, unknown):
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            "Incorrect username or password, or sign-in is temporarily blocked."]
    assert not is_signed_in(browser)
    assert choice_pool.outbox("pat") == []


def test_the_sign_in_page_does_not_tell_an_unknown_name_from_an_account(browser, choice_pool):
    add_passwordless(choice_pool)
    assert start(browser, "nobody-here")["Location"] == SELECT
    assert browser.get(SELECT).status_code == 200


def test_the_first_factor_is_reported_to_the_signal(browser, choice_pool):
    from django_cognito_challenge.signals import cognito_signed_in

    seen = []

    def receiver(sender, factors=(), **kwargs):
        seen.append(tuple(factors))

    cognito_signed_in.connect(receiver)
    try:
        add_passwordless(choice_pool)
        start(browser, "pat")
        browser.post(SELECT, {"challenge": "EMAIL_OTP"})
        browser.post(CODE, {"code": choice_pool.last_code("pat")})
        choice_pool.add_user("sam")
        start(browser, "sam", PASSWORD)
    finally:
        cognito_signed_in.disconnect(receiver)
    assert seen == [("EMAIL_OTP",), ("PASSWORD_SRP", )]


def test_the_flow_refuses_a_factor_not_offered_whatever_the_form_allowed(browser, choice_pool,
                                                                          rf):
    from django_cognito_challenge import flow
    from django_cognito_challenge.cognito.errors import FactorNotOffered

    add_passwordless(choice_pool)
    start(browser, "pat")
    request = rf.post(SELECT)
    request.session = browser.session
    with pytest.raises(FactorNotOffered):
        flow.choose_first_factor(request, pending_of(browser), "SMS_OTP")
    assert calls_named(choice_pool, "RespondToAuthChallenge") == []


def test_the_sign_in_page_says_the_password_may_be_left_empty(browser, choice_pool):
    page = browser.get(LOGIN).content.decode()
    assert "and your password if you sign in with one" in page
    assert "Leave it empty to sign in another way" in page
    assert 'name="password"' in page
    assert ' required' not in page.split('name="password"', 1)[1].split(">", 1)[0]


def test_an_unknown_name_sees_the_same_pages_as_an_account(browser, choice_pool):
    """ASVS 6.3.8: the choices, the code page and a wrong code read alike for both."""
    choice_pool.add_user("sam", attributes={"email": "sam@example.com",
                                            "phone_number": "+15555550100"})
    seen = {}
    for name in ("sam", "nobody-here"):
        browser.cookies.clear()
        assert start(browser, name)["Location"] == SELECT
        choices = offered(browser.get(SELECT))
        assert browser.post(SELECT, {"challenge": "EMAIL_OTP"})["Location"] == CODE
        code_page = browser.get(CODE)
        wrong = browser.post(CODE, {"code": "000000"})
        seen[name] = (choices, code_page.status_code, "We sent a code to" in code_page.content
                      .decode(), wrong.status_code, wrong.context["form"].non_field_errors())
    assert seen["sam"] == seen["nobody-here"]
    assert seen["sam"][0] == ["PASSWORD", "EMAIL_OTP", "SMS_OTP"]


def test_a_chosen_password_goes_plain_when_cognito_offers_no_srp(browser, choice_pool,
                                                                   monkeypatch):
    """Cognito offers PASSWORD_SRP with PASSWORD; were it PASSWORD alone, it is sent as such."""
    from django_cognito_challenge import challenges

    monkeypatch.setattr(challenges, "password_answer", lambda available: "PASSWORD")
    choice_pool.add_user("sam")
    start(browser, "sam")
    browser.post(SELECT, {"challenge": "PASSWORD"})
    assert browser.post(PASSWORD_PAGE, {"password": PASSWORD})["Location"] == HOME
    (select,) = [c.request["ChallengeResponses"] for c in
                 calls_named(choice_pool, "RespondToAuthChallenge")]
    assert (select["ANSWER"], select["PASSWORD"]) == ("PASSWORD", PASSWORD)


@pytest.mark.parametrize(("available", "sent"), [
    (["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"], "PASSWORD_SRP"),
    (["PASSWORD", "EMAIL_OTP"], "PASSWORD"),
    (["PASSWORD_SRP"], "PASSWORD_SRP"),
])
def test_the_password_is_sent_by_srp_whenever_cognito_offers_it(available, sent):
    from django_cognito_challenge import challenges

    assert challenges.password_answer(available) == sent
    assert challenges.first_factor_choices(available)[0][0] == "PASSWORD"
