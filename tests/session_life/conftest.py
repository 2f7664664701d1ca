"""Fixtures for the signed-in session's life: refresh, its failures, its age, sign-out."""

from __future__ import annotations

from importlib import import_module
from types import SimpleNamespace

import jwt
import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client

from django_cognito_challenge import session_tokens
from django_cognito_challenge.testing.models import DeviceConfiguration

from ..signin.conftest import (  # noqa: F401 (fixtures)
    PASSWORD,
    TOTP_SECRET,
    app_clock,
    browser,
    pending_of,
)

#: Access and ID tokens live an hour; the app refreshes 300 s before that.
ACCESS_TOKEN_LIFE = 3600
INTO_REFRESH_MARGIN = ACCESS_TOKEN_LIFE - 299
SESSION_ENDED = "Your session has ended. Please sign in again."
REFRESH = "InitiateAuth:REFRESH_TOKEN_AUTH"


def track_devices(cognito) -> None:
    """MFA on, and devices tracked (remembered only when the person ticks the box)."""
    cognito.configure_pool(mfa_configuration="ON", device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=True, device_only_remembered_on_user_prompt=True))


def sign_in_with_totp(client: Client, cognito, login_name: str, *, remember: bool = False):
    """Password, then the TOTP code (ticking "remember this device" when asked)."""
    response = client.post("/accounts/login/", {"username": login_name, "password": PASSWORD})
    assert response["Location"] == "/accounts/login/code/", response
    code = cognito.totp_code(pending_of(client).username)  # the canonical username
    data = {"code": code, **({"remember_device": "on"} if remember else {})}
    response = client.post("/accounts/login/code/", data)
    assert response["Location"] == "/home/", response.content
    return response


def sign_in_plain(client: Client, login_name: str):
    """Password only (a pool without MFA or device tracking)."""
    response = client.post("/accounts/login/", {"username": login_name, "password": PASSWORD})
    assert response["Location"] == "/home/", response.content
    return response


def stored(client: Client) -> session_tokens.StoredTokens:
    """The tokens the app keeps in this browser's server-side session."""
    tokens = session_tokens.load(SimpleNamespace(session=client.session))
    assert tokens is not None
    return tokens


def session_store(client: Client):
    """The session engine's store for this browser's session cookie."""
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def message_texts(response) -> list[str]:
    """The messages queued or stored for the browser by the request behind ``response``."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def calls_named(cognito, name: str) -> list:
    return [call for call, called in zip(cognito.calls, cognito.call_names(), strict=True)
            if called == name]


@pytest.fixture
def jwt_decodes(monkeypatch) -> list[str]:
    """Every JWT the app parses, by wrapping PyJWT with counting wrappers.

    Wrapped: ``jwt.api_jwt.PyJWT.decode_complete`` (class level: what ``jwt.decode`` runs, with
    or without verification) and ``jwt.get_unverified_header`` (the header peek before it).
    """
    seen: list[str] = []
    real_decode = jwt.api_jwt.PyJWT.decode_complete
    real_header = jwt.get_unverified_header

    def decode_complete(self, token, *args, **kwargs):
        seen.append("decode_complete")
        return real_decode(self, token, *args, **kwargs)

    def get_unverified_header(token):
        seen.append("get_unverified_header")
        return real_header(token)

    monkeypatch.setattr(jwt.api_jwt.PyJWT, "decode_complete", decode_complete)
    monkeypatch.setattr(jwt, "get_unverified_header", get_unverified_header)
    return seen
