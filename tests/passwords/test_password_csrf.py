"""Each password page refuses a forged form by itself, without the site's CsrfViewMiddleware
(ASVS 3.5.1; see ``tests/test_csrf.py`` for the sign-in pages)."""

from __future__ import annotations

import pytest

from .conftest import (
    CHANGE,
    CONFIRM,
    HOME,
    NEW_PASSWORD,
    PASSWORD,
    RESET,
    ask_for_code,
    sign_in,
    with_email,
)

CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"


@pytest.fixture(autouse=True)
def views_on_their_own(settings):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != CSRF_MIDDLEWARE]


def at_reset(browser, cognito):
    return RESET, {"username": "emma"}


def at_resend(browser, cognito):
    ask_for_code(browser, "emma")
    return CONFIRM, {"action": "resend"}


def at_confirm(browser, cognito):
    ask_for_code(browser, "emma")
    return CONFIRM, {"code": cognito.last_code("emma"), "new_password1": NEW_PASSWORD,
                     "new_password2": NEW_PASSWORD}


def at_change(browser, cognito):
    assert sign_in(browser, "emma")["Location"] == HOME
    return CHANGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                    "new_password2": NEW_PASSWORD}


@pytest.mark.parametrize("reach", [at_reset, at_resend, at_confirm, at_change],
                         ids=["reset", "resend", "confirm", "change"])
@pytest.mark.parametrize("forgery", ["no token", "made-up token"])
def test_a_forged_post_is_refused_and_cognito_not_asked(browser, cognito, reach, forgery):
    with_email(cognito, "emma")
    path, data = reach(browser, cognito)
    cognito.reset_calls()
    token = None if forgery == "no token" else "x" * 32
    response = browser.post(path, data, csrf_token=token)
    assert response.status_code == 403
    assert cognito.call_names() == []
    assert browser.post(path, data).status_code == 302  # the site's own token goes through
