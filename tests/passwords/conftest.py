"""Fixtures and helpers for the password pages: forgotten, reset, changed."""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from django_cognito_challenge.signals import cognito_password_changed

from ..browsers import Browser
from ..signin.conftest import (  # noqa: F401 (fixtures)
    PASSWORD,
    app_clock,
    browser,
    error_codes,
    is_signed_in,
    pending_of,
)

LOGIN = "/accounts/login/"
CODE = "/accounts/login/code/"
RESET = "/accounts/password/reset/"
CONFIRM = "/accounts/password/reset/confirm/"
CHANGE = "/accounts/password/change/"
SECURITY = "/accounts/security/"
HOME = "/home/"
NEW_PASSWORD = "Brand-New-Pass-7!"


# -- people -------------------------------------------------------------------------------------


def with_email(cognito, username: str = "emma", **state: Any):
    """A user whose verified email address can receive a reset code."""
    attributes = {"email": f"{username}@example.com", "email_verified": "true",
                  **state.pop("attributes", {})}
    return cognito.add_user(username, attributes=attributes, **state)


def browser_at(ip: str) -> Browser:
    """Another browser, at another address (the resend interval is per account and address)."""
    return Browser(REMOTE_ADDR=ip)


# -- what a person does -------------------------------------------------------------------------


def ask_for_code(client: Client, username: str):
    return client.post(RESET, {"username": username})


def resend(client: Client):
    return client.post(CONFIRM, {"action": "resend"})


def reset_with(client: Client, code: str, password: str = NEW_PASSWORD,
               again: str | None = None):
    return client.post(CONFIRM, {"code": code, "new_password1": password,
                                  "new_password2": password if again is None else again})


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def change(client: Client, old: str = PASSWORD, new: str = NEW_PASSWORD,
           again: str | None = None):
    return client.post(CHANGE, {"old_password": old, "new_password1": new,
                                 "new_password2": new if again is None else again})


# -- what a test observes -----------------------------------------------------------------------


def page_text(response) -> str:
    """What a person reads: the page's text, tags and the CSRF token's value left out."""
    html = response.content.decode()
    main = html[html.index("<main>"):html.index("</main>")]
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def server_session(client: Client) -> dict[str, Any]:
    """This browser's server-side session as stored."""
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie.value)
    return store.load()


def our_log(caplog) -> str:
    """What the app's loggers wrote (not the local Cognito's, nor botocore's), arguments too."""
    ours = [r for r in caplog.records if r.name.startswith("django_cognito_challenge.")
            and not r.name.startswith("django_cognito_challenge.testing")]
    return "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in ours)


def requests_of(cognito, operation: str) -> list[dict[str, Any]]:
    return [call.request for call in cognito.calls if call.operation == operation]


@pytest.fixture
def password_changes():
    """What ``cognito_password_changed`` was sent with, in order."""
    sent: list[dict[str, Any]] = []

    def receiver(sender, **kwargs):
        sent.append(kwargs)

    cognito_password_changed.connect(receiver, dispatch_uid="tests.passwords")
    yield sent
    cognito_password_changed.disconnect(dispatch_uid="tests.passwords")
