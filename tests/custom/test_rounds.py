"""CUSTOM_AUTH end to end: the custom page repeats while the triggers ask, then signs in."""

from __future__ import annotations

from django_cognito_challenge.cognito import errors
from django_cognito_challenge.testing.custom_examples import ONE_ROUND, QUIZ, THREE_ROUNDS

from ..faults.pages import try_again_link
from ..signin.conftest import answers, is_signed_in, pending_of
from .conftest import (
    CUSTOM_PAGE,
    PASSWORD,
    quiz_answer,
    restart_message,
    start,
    sum_answer,
)

TIMED_OUT = str(errors.SessionExpired.message)
REFUSED = str(errors.SignInFailed.message)


def test_the_sign_in_page_asks_only_for_the_username(browser, custom_auth):
    page = browser.get("/accounts/login/")
    assert b'name="username"' in page.content
    assert b'name="password"' not in page.content


def test_one_round_right_answer_signs_in(browser, one_round):
    assert start(browser)["Location"] == CUSTOM_PAGE
    page = browser.get(CUSTOM_PAGE)
    assert page.templates[0].name == "cognito_challenge/custom.html"
    response = browser.post(CUSTOM_PAGE, {"answer": sum_answer(page)})
    assert response["Location"] == "/home/"
    assert browser.get("/home/").content == b"home: cara"
    assert pending_of(browser) is None
    assert one_round.call_names() == ["InitiateAuth:CUSTOM_AUTH",
                                      "RespondToAuthChallenge:CUSTOM_CHALLENGE"]
    assert "SRP_A" not in one_round.calls[0].request["AuthParameters"]


def test_three_rounds_show_the_page_three_times_then_sign_in(browser, three_rounds):
    assert start(browser)["Location"] == CUSTOM_PAGE
    for number, (question, _) in enumerate(QUIZ, start=1):
        page = browser.get(CUSTOM_PAGE)
        assert page.templates[0].name == "cognito_challenge/custom/quiz.html"
        assert f"Question {number} of 3" in page.content.decode()
        assert question in page.content.decode()
        response = browser.post(CUSTOM_PAGE, {"answer": f"  {quiz_answer(page).upper()} "})
        expected = "/home/" if number == len(QUIZ) else CUSTOM_PAGE
        assert response["Location"] == expected
        assert is_signed_in(browser) is (number == len(QUIZ))
    assert browser.get("/home/").content == b"home: cara"
    assert [a["ANSWER"] for a in answers(three_rounds, "CUSTOM_CHALLENGE")] == [
        "PARIS", "7", "GREEN"]  # trimmed by the form; the trigger ignores case


def test_srp_first_then_the_question(browser, with_srp):
    with_srp.set_triggers(**ONE_ROUND)
    assert b'name="password"' in browser.get("/accounts/login/").content
    assert start(browser, password=PASSWORD)["Location"] == CUSTOM_PAGE
    response = browser.post(CUSTOM_PAGE, {"answer": sum_answer(browser.get(CUSTOM_PAGE))})
    assert response["Location"] == "/home/"
    assert with_srp.call_names() == ["InitiateAuth:CUSTOM_AUTH",
                                     "RespondToAuthChallenge:PASSWORD_VERIFIER",
                                     "RespondToAuthChallenge:CUSTOM_CHALLENGE"]
    sent = with_srp.calls[0].request["AuthParameters"]
    assert sent["CHALLENGE_NAME"] == "SRP_A"
    assert "PASSWORD" not in sent


def test_srp_first_then_three_rounds(browser, with_srp):
    with_srp.set_triggers(**THREE_ROUNDS)
    assert start(browser, password=PASSWORD)["Location"] == CUSTOM_PAGE
    for _ in QUIZ:
        response = browser.post(CUSTOM_PAGE, {"answer": quiz_answer(browser.get(CUSTOM_PAGE))})
    assert response["Location"] == "/home/"
    assert is_signed_in(browser)


def test_srp_first_with_a_wrong_password_asks_no_question(browser, with_srp):
    with_srp.set_triggers(**ONE_ROUND)
    response = start(browser, password="Wrong-Pass-1!")
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not is_signed_in(browser)
    assert pending_of(browser) is None
    assert with_srp.call_names() == ["InitiateAuth:CUSTOM_AUTH",
                                     "RespondToAuthChallenge:PASSWORD_VERIFIER"]


def test_a_wrong_answer_fails_the_sign_in_and_starts_again(browser, one_round):
    start(browser)
    response = browser.post(CUSTOM_PAGE, {"answer": "not a number"})
    assert REFUSED in restart_message(browser, response)
    assert not is_signed_in(browser)
    assert pending_of(browser) is None
    assert browser.get(CUSTOM_PAGE)["Location"] == "/accounts/login/"


def test_a_wrong_second_answer_of_three_fails_the_sign_in(browser, three_rounds):
    start(browser)
    browser.post(CUSTOM_PAGE, {"answer": quiz_answer(browser.get(CUSTOM_PAGE))})
    response = browser.post(CUSTOM_PAGE, {"answer": "8"})
    assert REFUSED in restart_message(browser, response)
    assert not is_signed_in(browser)
    assert len(answers(three_rounds, "CUSTOM_CHALLENGE")) == 2


def test_an_unknown_user_is_asked_the_same_and_refused_alike(browser, three_rounds):
    assert start(browser, "nobody")["Location"] == CUSTOM_PAGE
    for _ in QUIZ:
        response = browser.post(CUSTOM_PAGE, {"answer": quiz_answer(browser.get(CUSTOM_PAGE))})
    assert REFUSED in restart_message(browser, response)
    assert not is_signed_in(browser)


def test_an_expired_pending_sign_in_starts_again(browser, one_round, app_clock):
    start(browser)
    page = browser.get(CUSTOM_PAGE)
    app_clock.advance(180)
    response = browser.post(CUSTOM_PAGE, {"answer": sum_answer(page)})
    assert TIMED_OUT in restart_message(browser, response)
    assert pending_of(browser) is None
    assert one_round.call_names() == ["InitiateAuth:CUSTOM_AUTH"]  # the answer was not sent


def test_a_session_cognito_expired_starts_again(browser, one_round):
    start(browser)
    page = browser.get(CUSTOM_PAGE)
    one_round.advance(181)
    response = browser.post(CUSTOM_PAGE, {"answer": sum_answer(page)})
    assert TIMED_OUT in restart_message(browser, response)
    assert not is_signed_in(browser)
    assert pending_of(browser) is None


def test_failed_custom_sign_ins_count_towards_the_sites_throttle(browser, one_round, settings):
    """CUSTOM_AUTH has no lockout of its own at Cognito: the site's throttle still applies."""
    settings.COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT = 2
    for _ in range(2):
        start(browser)
        browser.post(CUSTOM_PAGE, {"answer": "wrong"})
    one_round.reset_calls()
    response = start(browser)
    assert try_again_link(response, errors.SignInThrottled) == "/accounts/login/"
    assert one_round.calls == []
