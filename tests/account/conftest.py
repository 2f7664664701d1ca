"""Fixtures for the account security page's MFA changes and re-authentication."""

from __future__ import annotations

import re
from importlib import import_module
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from django_cognito_challenge import mfa_manage
from django_cognito_challenge.signals import cognito_devices_forgotten, cognito_mfa_changed
from django_cognito_challenge.testing import totp

from ..signin.conftest import (  # noqa: F401 (fixtures)
    PASSWORD,
    TOTP_SECRET,
    app_clock,
    browser,
    pending_of,
)

SECURITY = "/accounts/security/"
TOTP_PAGE = "/accounts/security/mfa/totp/"
LOGIN = "/accounts/login/"
CODE = "/accounts/login/code/"
HOME = "/home/"
#: Where a change without a recent sign-in sends the person.
SIGN_IN_AGAIN = "/accounts/login/?next=/accounts/security/"
REAUTH_MESSAGE = "For your security, sign in again to change this."
#: The default COGNITO_CHALLENGE_REAUTH_WINDOW, and a moment past it.
REAUTH_WINDOW = 300
PAST_THE_WINDOW = REAUTH_WINDOW + 30


# -- what a person does -------------------------------------------------------------------------


def sign_in(client: Client, cognito, username: str, next_url: str = "", *,
            remember: bool = False) -> str:
    """Sign in, answering whatever code Cognito asks for; return where the sign-in lands."""
    path = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    response = client.post(path, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    if response["Location"] == CODE:
        answer = {"code": code_asked(client, cognito, username)}
        if remember:
            answer["remember_device"] = "on"
        response = client.post(CODE, answer)
        assert response.status_code == 302, response.content
    return response["Location"]


def code_asked(client: Client, cognito, username: str) -> str:
    """The code the pending challenge wants: the authenticator's, or the one just sent."""
    if pending_of(client).challenge == "SOFTWARE_TOKEN_MFA":
        return cognito.totp_code(username)
    return cognito.last_code(username)


def sign_out(client: Client) -> None:
    assert client.post("/accounts/logout/")["Location"] == LOGIN


def act(client: Client, action: str, factor: str | None = None, **data: str):
    """Press one of the security page's buttons."""
    return client.post(SECURITY, {"action": action, **({"factor": factor} if factor else {}),
                                   **data})


def new_app_code(cognito, username: str) -> str:
    """The code of the authenticator being set up (not of the one already in use)."""
    return totp.code_for(cognito.user(username).pending_totp_secret, cognito.backend.now())


def wrong_new_app_code(cognito, username: str) -> str:
    secret, now = cognito.user(username).pending_totp_secret, cognito.backend.now()
    return next(c for c in ("000000", "111111", "222222", "333333")
                if totp.matching_step(secret, c, now) is None)


# -- what a test observes -----------------------------------------------------------------------


def factors(page) -> dict[str, str]:
    """The MFA methods the page lists: Cognito's name -> the row's visible text."""
    found = re.findall(r'<tr data-factor="([^"]+)"(.*?)</tr>', page.content.decode(), re.S)
    return {name: " ".join(re.sub(r"<[^>]+>", " ", html[html.index(">") + 1:]).split())
            for name, html in found}


def buttons(page, factor: str) -> list[str]:
    """The actions the page offers for ``factor``."""
    row = re.search(rf'<tr data-factor="{factor}"(.*?)</tr>', page.content.decode(), re.S)[1]
    return re.findall(r'name="action" value="(\w+)"', row)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def mfa_of(cognito, username: str) -> dict[str, Any]:
    """The user's MFA as the local Cognito holds it."""
    user = cognito.user(username)
    return {"enabled": user.enabled_mfa(), "preferred": user.preferred_mfa,
            "totp_secret": user.totp_secret}


def requests_of(cognito, operation: str) -> list[dict[str, Any]]:
    """What the app sent with each call of ``operation``, access token left out."""
    return [{k: v for k, v in call.request.items() if k != "AccessToken"}
            for call in cognito.calls if call.operation == operation]


def server_session(client: Client) -> dict[str, Any]:
    """This client's server-side session as stored, encrypted values as they are."""
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie.value)
    return store.load()


def enrolment_of(client: Client) -> mfa_manage.Enrolment | None:
    return mfa_manage.enrolment(SimpleNamespace(session=client.session))


# -- signals ------------------------------------------------------------------------------------


@pytest.fixture
def signalled():
    """What ``cognito_mfa_changed`` and ``cognito_devices_forgotten`` were sent with."""
    sent: list[tuple[str, dict[str, Any]]] = []

    def mfa_changed(sender, **kwargs):
        sent.append(("mfa_changed", kwargs))

    def devices_forgotten(sender, **kwargs):
        sent.append(("devices_forgotten", kwargs))

    cognito_mfa_changed.connect(mfa_changed)
    cognito_devices_forgotten.connect(devices_forgotten)
    yield sent
    cognito_mfa_changed.disconnect(mfa_changed)
    cognito_devices_forgotten.disconnect(devices_forgotten)


def changes(signalled) -> list[tuple[str, str]]:
    """The MFA changes signalled, as (change, factor)."""
    return [(kwargs["change"], kwargs["factor"]) for name, kwargs in signalled
            if name == "mfa_changed"]
