"""A service the app depends on goes away mid-sign-in: Redis stopped, PostgreSQL down or
restarted. The person gets the app's "try again" page with 503, never a 500 or a traceback,
and is not half signed in; once the service is back, signing in works again."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.backends.db import SessionStore

from tests.signin.conftest import TOTP_SECRET

from .steps import (
    CODE_PAGE,
    HOME,
    home,
    is_try_again_page,
    open_login,
    submit_code,
    submit_password,
)

PROBLEM = re.compile(r"^(WARNING|ERROR|CRITICAL) ", re.MULTILINE)


@pytest.fixture
def totp_user(cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    return "tess"


def up_to_the_code_page(person, username: str) -> None:
    open_login(person)
    page = submit_password(person, username)
    assert (page.status, page.location) == (302, CODE_PAGE), page


def finish_with_the_code(person, cognito, username: str) -> None:
    page = submit_code(person, cognito.totp_code(username))
    assert (page.status, page.location) == (302, HOME), page
    assert home(person) == f"home: {username}"


def signed_in_sessions(deployment) -> int:
    """Sessions in PostgreSQL that hold a signed-in user."""
    rows = deployment.query("SELECT session_data FROM django_session")
    return sum("_auth_user_id" in SessionStore().decode(data) for (data,) in rows)


def problems_logged(deployment) -> list[str]:
    """The log lines at WARNING or above, from both instances (gunicorn's own lines aside)."""
    logs = deployment.logs()
    return [line for line in logs.splitlines() if PROBLEM.match(line)]


def assert_one_warning_and_no_traceback(deployment) -> None:
    assert "Traceback" not in deployment.logs()
    problems = problems_logged(deployment)
    assert len(problems) == 1, problems
    assert problems[0].startswith("WARNING "), problems


def test_redis_stopped_before_the_code_step_asks_to_try_again(deployment, cognito, totp_user):
    person = deployment.person()
    up_to_the_code_page(person, totp_user)
    deployment.redis.stop()

    page = submit_code(person, cognito.totp_code(totp_user))

    assert is_try_again_page(page), (page.status, page.text[:300], deployment.logs()[-4000:])
    assert signed_in_sessions(deployment) == 0  # no partial login
    assert deployment.count("users") == 0
    assert_one_warning_and_no_traceback(deployment)
    deployment.redis.start()
    person = deployment.person(first=1)
    up_to_the_code_page(person, totp_user)
    finish_with_the_code(person, cognito, totp_user)


def test_postgres_restarted_between_two_steps_the_next_step_succeeds(
        deployment, cognito, totp_user):
    person = deployment.person()
    up_to_the_code_page(person, totp_user)
    home(deployment.person(first=1))  # both instances now hold connections to the old server

    deployment.postgres.restart()

    finish_with_the_code(person, cognito, totp_user)
    assert deployment.count("users") == 1
    assert deployment.count("identities") == 1
    assert "Traceback" not in deployment.logs()


def test_a_step_while_postgres_is_down_asks_to_try_again(deployment, cognito, totp_user):
    person = deployment.person()
    up_to_the_code_page(person, totp_user)
    deployment.postgres.stop()
    try:
        page = submit_code(person, cognito.totp_code(totp_user))
    finally:
        deployment.postgres.start()

    assert is_try_again_page(page), (page.status, page.text[:300], deployment.logs()[-4000:])
    assert signed_in_sessions(deployment) == 0  # no partial login
    assert home(person) == "home: anonymous"
    assert_one_warning_and_no_traceback(deployment)
    person = deployment.person(first=1)
    up_to_the_code_page(person, totp_user)
    finish_with_the_code(person, cognito, totp_user)
