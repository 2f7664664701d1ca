"""Fixtures and helpers for the sign-up pages: a new account, its code, then the sign-in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from django_cognito_challenge import sign_up as sign_up_store
from django_cognito_challenge.signals import (
    cognito_sign_up_confirmed,
    cognito_signed_in,
    cognito_signed_up,
)

from ..passwords.conftest import (  # noqa: F401 (fixtures and helpers the modules import)
    browser_at,
    messages_of,
    other_code,
    our_log,
    page_text,
    requests_of,
    server_session,
    sign_in,
    with_email,
)
from ..signin.conftest import (  # noqa: F401 (fixtures and helpers the modules import)
    PASSWORD,
    app_clock,
    browser,
    error_codes,
    is_signed_in,
)

SIGN_UP = "/accounts/signup/"
CONFIRM = "/accounts/signup/confirm/"
LOGIN = "/accounts/login/"
MFA_SETUP = "/accounts/login/mfa-setup/"
HOME = "/home/"
NEW_PASSWORD = "Good-Pass-1!"


@pytest.fixture
def signing_up(settings, cognito):
    """Sign-up on, asking for an email and a name; the pool emails its confirmation codes."""
    settings.COGNITO_CHALLENGE_SIGN_UP = True
    settings.COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES = ("email", "name")
    cognito.configure_pool(auto_verified_attributes=("email",))
    return cognito


# -- what a person does -------------------------------------------------------------------------


def sign_up(client: Client, username: str = "neo", *, email: str | None = None,
            password: str = NEW_PASSWORD, again: str | None = None, next_url: str = "",
            **fields: str):
    """Send the sign-up form: ``username`` ("" for none), its email, a name and a password."""
    data = {"username": username,
            "email": f"{username or 'someone'}@example.com" if email is None else email,
            "attribute_name": username.capitalize() or "Someone",
            "password1": password, "password2": password if again is None else again,
            **fields}
    if not username:
        del data["username"]
    if next_url:
        data["next"] = next_url
    return client.post(SIGN_UP, data)


def confirm(client: Client, code: str):
    return client.post(CONFIRM, {"code": code})


def resend(client: Client):
    return client.post(CONFIRM, {"action": "resend"})


# -- what a test observes -----------------------------------------------------------------------


def same_html(response, *typed: str) -> str:
    """The page's HTML with the CSRF token and what the person typed left out."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    for value in typed:
        html = html.replace(value, "<typed>")
    return html


def pending_sign_up_of(client: Client) -> sign_up_store.PendingSignUp | None:
    """The pending sign-up kept (encrypted) in this browser's session, if any."""
    from types import SimpleNamespace  # local: only this helper needs a request stand-in

    return sign_up_store.current(SimpleNamespace(session=client.session))


def field_names(response) -> list[str]:
    return list(response.context["form"].fields)


@pytest.fixture
def signals():
    """What the sign-up signals and ``cognito_signed_in`` were sent with, by signal, in order."""
    sent: dict[str, list[dict[str, Any]]] = {"signed_up": [], "confirmed": [], "signed_in": []}
    receivers = {"signed_up": cognito_signed_up, "confirmed": cognito_sign_up_confirmed,
                 "signed_in": cognito_signed_in}
    for name, signal in receivers.items():
        signal.connect(_recorder(sent[name]), dispatch_uid=f"tests.signup.{name}", weak=False)
    yield sent
    for name, signal in receivers.items():
        signal.disconnect(dispatch_uid=f"tests.signup.{name}")


def _recorder(into: list[dict[str, Any]]):
    def receiver(sender, **kwargs):
        into.append(kwargs)

    return receiver
