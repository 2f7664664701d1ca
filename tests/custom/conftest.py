"""Fixtures for CUSTOM_AUTH: the app set to CUSTOM_AUTH, the example triggers, page helpers."""

from __future__ import annotations

import html
import re

import pytest

from django_cognito_challenge.testing.custom_examples import ONE_ROUND, QUIZ, THREE_ROUNDS

from ..browsers import Browser
from ..signin.conftest import PASSWORD, app_clock  # noqa: F401  (a fixture)

CUSTOM_PAGE = "/accounts/login/custom/"
LOGIN_PAGE = "/accounts/login/"
SUM = re.compile(r"What is (\d+) \+ (\d+)\?")


@pytest.fixture
def browser(db) -> Browser:
    """A test client held to CSRF like a browser: it posts the token the site gave it."""
    return Browser()


@pytest.fixture
def custom_auth(settings, cognito):
    """The app signs in with CUSTOM_AUTH (username only); the user ``cara`` exists."""
    settings.COGNITO_CHALLENGE_AUTH_FLOW = "CUSTOM_AUTH"
    cognito.add_user("cara", attributes={"email": "cara@example.com"})
    return cognito


@pytest.fixture
def with_srp(settings, custom_auth):
    """CUSTOM_AUTH that proves the password by SRP first (``CHALLENGE_NAME=SRP_A``)."""
    settings.COGNITO_CHALLENGE_CUSTOM_AUTH_SRP = True
    return custom_auth


@pytest.fixture
def one_round(custom_auth):
    custom_auth.set_triggers(**ONE_ROUND)
    return custom_auth


@pytest.fixture
def three_rounds(custom_auth):
    custom_auth.set_triggers(**THREE_ROUNDS)
    return custom_auth


def start(browser, username: str = "cara", password: str | None = None):
    """Post the sign-in page: the username, and the password when the page asks for one."""
    data = {"username": username, **({"password": password} if password is not None else {})}
    return browser.post(LOGIN_PAGE, data)


def sum_answer(page) -> str:
    """The answer to the one-round example's sum shown on ``page``."""
    first, second = SUM.search(page.content.decode()).groups()
    return str(int(first) + int(second))


def quiz_answer(page) -> str:
    """The answer to the quiz question shown on ``page``."""
    text = html.unescape(page.content.decode())
    return next(answer for question, answer in QUIZ if question in text)


def restart_message(browser, response) -> str:
    """Follow a restart to the sign-in page and return what it says."""
    assert response.status_code == 302
    assert response["Location"] == LOGIN_PAGE
    return browser.get(LOGIN_PAGE).content.decode()


def triggers_asking(public: dict[str, str], answer: str = "42") -> dict:
    """Triggers of one custom challenge with these public parameters and this right answer."""

    def define(event):
        session = event["request"]["session"]
        if session and session[-1]["challengeResult"]:
            event["response"]["issueTokens"] = True
        elif session:
            event["response"]["failAuthentication"] = True
        else:
            event["response"]["challengeName"] = "CUSTOM_CHALLENGE"
        return event

    def create(event):
        event["response"] = {"publicChallengeParameters": dict(public),
                             "privateChallengeParameters": {"answer": answer}}
        return event

    def verify(event):
        request = event["request"]
        event["response"]["answerCorrect"] = (
            request["challengeAnswer"] == request["privateChallengeParameters"]["answer"])
        return event

    return {"DefineAuthChallenge": define, "CreateAuthChallenge": create,
            "VerifyAuthChallengeResponse": verify}
