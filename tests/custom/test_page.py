"""The custom page: which template shows a challenge, what it shows, what it never keeps."""

from __future__ import annotations

import pytest

from django_cognito_challenge import clock
from tests.browsers import Browser
from tests.test_error_reports import assert_no_secret_in, database_fails_on, report, secrets_seen

from ..signin.conftest import error_codes, is_signed_in, pending_of
from .conftest import CUSTOM_PAGE, restart_message, start, triggers_asking

GENERIC = "cognito_challenge/custom.html"
ANSWER = "correct-horse-battery"


def templates_of(response) -> list[str]:
    return [template.name for template in response.templates]


def page_for(browser, cognito, public: dict[str, str]):
    cognito.set_triggers(**triggers_asking(public, answer=ANSWER))
    assert start(browser)["Location"] == CUSTOM_PAGE
    return browser.get(CUSTOM_PAGE)


# -- which template ------------------------------------------------------------------------------


def test_a_named_challenge_uses_its_own_template(browser, custom_auth):
    page = page_for(browser, custom_auth, {"challenge": "quiz", "question": "Q?",
                                           "round": "2", "rounds": "3"})
    assert page.templates[0].name == "cognito_challenge/custom/quiz.html"
    assert "Question 2 of 3" in page.content.decode()
    assert page.context["custom_challenge"] == "quiz"


@pytest.mark.parametrize("public", [
    {}, {"challenge": "captcha"}, {"challenge": "Quiz"}, {"other": "quiz"},
], ids=["unnamed", "no-such-template", "not-a-slug", "another-key"])
def test_otherwise_the_generic_template(browser, custom_auth, public):
    page = page_for(browser, custom_auth, public)
    assert page.templates[0].name == GENERIC


def test_the_name_key_is_a_setting(browser, custom_auth, settings):
    settings.COGNITO_CHALLENGE_CUSTOM_CHALLENGE_NAME_KEY = "kind"
    page = page_for(browser, custom_auth, {"kind": "quiz", "challenge": "nothing"})
    assert page.templates[0].name == "cognito_challenge/custom/quiz.html"


@pytest.mark.parametrize("name", [
    "../../admin/base",  # django.contrib.admin's admin/base.html, were it joined as a path
    "x/../../code",  # cognito_challenge/code.html
    "../login",  # cognito_challenge/login.html
    "/etc/passwd",
    "quiz/../../code",
    "quiz\n",
    "a" * 65,
])
def test_a_hostile_name_never_selects_another_template(browser, custom_auth, name):
    page = page_for(browser, custom_auth, {"challenge": name})
    assert page.status_code == 200
    assert page.templates[0].name == GENERIC
    assert not {"admin/base.html", "cognito_challenge/code.html",
                "cognito_challenge/login.html"} & set(templates_of(page))
    assert page.context["custom_challenge"] == ""


# -- what it shows ------------------------------------------------------------------------------


def test_the_question_is_the_prompt_and_the_others_a_definition_list(browser, custom_auth):
    page = page_for(browser, custom_auth, {"challenge": "riddle", "question": "Who am I?",
                                           "hint": "a number"})
    text = page.content.decode()
    assert '<p class="lead" id="custom-question">Who am I?</p>' in text
    assert "<dt>hint</dt><dd>a number</dd>" in text
    assert "riddle" not in text  # the name chooses the template; it is not shown
    assert page.context["details"] == [("hint", "a number")]


def test_public_parameters_with_html_are_shown_escaped(browser, custom_auth):
    page = page_for(browser, custom_auth, {
        "question": "<script>alert(1)</script>", "<b>key</b>": '"><img src=x onerror=alert(2)>'})
    text = page.content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>key</b>" not in text
    assert "&lt;b&gt;key&lt;/b&gt;" in text
    assert "<img" not in text
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in text


def test_the_answer_field_is_not_remembered_by_the_browser(browser, custom_auth):
    text = page_for(browser, custom_auth, {}).content.decode()
    assert 'name="answer"' in text
    assert 'autocomplete="off"' in text
    assert 'maxlength="2048"' in text


# -- what it never keeps --------------------------------------------------------------------------


def test_an_empty_answer_stays_on_the_page_without_asking_cognito(browser, custom_auth):
    page_for(browser, custom_auth, {})
    custom_auth.reset_calls()
    response = browser.post(CUSTOM_PAGE, {"answer": "  "})
    assert response.status_code == 200
    assert error_codes(response) == {"answer": ["required"]}
    assert "Enter your answer." in response.content.decode()
    assert custom_auth.calls == []


def test_the_answer_is_never_written_back_into_the_page(browser, custom_auth):
    """A rejected answer (too long here) shows the page again, without the answer in it."""
    page_for(browser, custom_auth, {})
    secret = "s3cret-" + "x" * 2048
    response = browser.post(CUSTOM_PAGE, {"answer": secret})
    assert response.status_code == 200
    assert error_codes(response) == {"answer": ["max_length"]}
    assert "s3cret-" not in response.content.decode()
    assert 'name="answer"' in response.content.decode()


def test_the_pending_sign_in_never_holds_the_answer(browser, custom_auth):
    custom_auth.set_triggers(**triggers_asking({"question": "first?"}, answer=ANSWER))
    start(browser)
    browser.post(CUSTOM_PAGE, {"answer": "wrong-" + ANSWER})  # refused: starts again
    assert pending_of(browser) is None
    start(browser)
    before = pending_of(browser)
    browser.post(CUSTOM_PAGE, {"answer": "x" * 3000})  # kept on the page
    after = pending_of(browser)
    assert after is not None
    assert ANSWER not in after.dumps()
    assert "x" * 3000 not in after.dumps()
    assert before.dumps() == after.dumps()
    assert not any(ANSWER in str(value) for value in browser.session.values())


def test_a_repeated_challenge_keeps_only_the_new_parameters(browser, three_rounds):
    from .conftest import quiz_answer

    start(browser)
    first = quiz_answer(browser.get(CUSTOM_PAGE))
    browser.post(CUSTOM_PAGE, {"answer": first})
    stored = pending_of(browser)
    assert stored.challenge == "CUSTOM_CHALLENGE"
    assert stored.parameters["round"] == "2"
    assert first not in stored.dumps().lower()
    assert not any(first in str(value).lower() for value in browser.session.values())


def test_a_crash_after_the_answer_keeps_it_out_of_the_error_report(db, custom_auth):
    browser = Browser(raise_request_exception=False)
    custom_auth.set_triggers(**triggers_asking({}, answer=ANSWER))
    start(browser)
    with database_fails_on('INSERT INTO "auth_user"'):
        response = browser.post(CUSTOM_PAGE, {"answer": ANSWER})
    text = report(response)
    assert "the database went away" in text
    assert_no_secret_in(text, [ANSWER, *secrets_seen(custom_auth)])


def test_a_crash_before_the_answer_is_read_keeps_it_out_of_the_error_report(db, custom_auth,
                                                                            monkeypatch):
    """A crash in the page's guard (before the form) is reported without the posted answer."""
    browser = Browser(raise_request_exception=False)
    custom_auth.set_triggers(**triggers_asking({}, answer=ANSWER))
    start(browser)
    browser.get(CUSTOM_PAGE)  # the CSRF token, before the clock breaks

    def broken_clock():
        raise RuntimeError("the clock went away")

    monkeypatch.setattr(clock, "now", broken_clock)
    response = browser.post(CUSTOM_PAGE, {"answer": ANSWER})
    text = report(response)
    assert "the clock went away" in text
    assert "has_expired" in text or "current" in text  # it crashed in the pending guard
    assert_no_secret_in(text, [ANSWER])


def test_no_pending_sign_in_sends_the_person_to_sign_in(browser, custom_auth):
    response = browser.get(CUSTOM_PAGE)
    assert "Please sign in." in restart_message(browser, response)
    assert not is_signed_in(browser)
