"""Fixtures for passkeys: a pool with WebAuthn on (relying party ``localhost``), choice-based
sign-in, and the software authenticator playing the browser's part."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.test import Client

from django_cognito_challenge.signals import cognito_passkeys_changed
from django_cognito_challenge.testing.authenticator import SoftwarePasskey

from ..account.conftest import (  # noqa: F401 (fixtures)
    LOGIN,
    PAST_THE_WINDOW,
    REAUTH_MESSAGE,
    SECURITY,
    app_clock,
    browser,
    messages_of,
    sign_out,
)
from ..signin.conftest import PASSWORD, is_signed_in, pending_of  # noqa: F401

PASSKEY_PAGE = "/accounts/login/passkey/"
ADD = "/accounts/security/passkeys/add/"
REMOVE = "/accounts/security/passkeys/remove/"
HOME = "/home/"
#: The pages' origin as a browser on the relying party's domain reports it.
ORIGIN = "https://localhost"
#: What a refused passkey at sign-in says: any wrong sign-in's message.
SIGN_IN_FAILED = "Incorrect username or password, or sign-in is temporarily blocked."
OPTIONS_SCRIPT = re.compile(
    r'<script id="cognito-passkey-options" type="application/json">(.*?)</script>', re.S)


@pytest.fixture
def pool(cognito, settings):
    """Choice-based sign-in with passkeys; kim (with a password) and lee, both passkey-less."""
    settings.COGNITO_CHALLENGE_AUTH_FLOW = "USER_AUTH"
    cognito.configure_webauthn("localhost")
    cognito.add_user("kim", attributes={"email": "kim@example.com"})
    cognito.add_user("lee", attributes={"email": "lee@example.com"})
    return cognito


@pytest.fixture
def passwordless_start(settings):
    """An empty password asks for a passkey straight away."""
    settings.COGNITO_CHALLENGE_PREFERRED_CHALLENGE = "WEB_AUTHN"


# -- what a person does -------------------------------------------------------------------------


def sign_in_with_password(client: Client, username: str, next_url: str = "") -> str:
    """Sign in with the password (no MFA in these pools); return where the sign-in lands."""
    path = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    response = client.post(path, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return response["Location"]


def start_passkey_sign_in(client: Client, username: str):
    """Type the name, no password: the passkey page, with its request options."""
    response = client.post(LOGIN, {"username": username, "password": ""})
    assert response["Location"] == PASSKEY_PAGE, response
    return client.get(PASSKEY_PAGE)


def post_credential(client: Client, path: str, credential: Any, **extra):
    """What the page's script posts: the credential as JSON in the hidden field."""
    value = credential if isinstance(credential, str) else json.dumps(credential)
    return client.post(path, {"credential": value}, **extra)


def add_passkey(client: Client, passkey: SoftwarePasskey, origin: str = ORIGIN):
    """Open the add page and answer it with ``passkey``; return the POST's response."""
    page = client.get(ADD)
    assert page.status_code == 200, page
    return post_credential(client, ADD, passkey.create(options_of(page), origin))


# -- what a test observes -----------------------------------------------------------------------


def options_of(page) -> dict[str, Any]:
    """The WebAuthn options the page hands to its script (json_script)."""
    match = OPTIONS_SCRIPT.search(page.content.decode())
    assert match, "the page has no json_script options"
    return json.loads(match[1])


def listed(page) -> dict[str, str]:
    """The passkeys the security page lists: credential id -> the row's visible text."""
    rows = re.findall(r'<tr data-passkey-id="([^"]+)"(.*?)</tr>', page.content.decode(), re.S)
    return {key: " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row[row.index(">") + 1:]))
                          .split()) for key, row in rows}


def has_passkey_section(page) -> bool:
    return "<h2>Passkeys</h2>" in page.content.decode()


def operations(cognito) -> list[str]:
    return [call.operation for call in cognito.calls]


@pytest.fixture
def passkey_changes():
    """What ``cognito_passkeys_changed`` was sent with: (change, credential_id, user)."""
    sent: list[tuple[str, str, str]] = []

    def changed(sender, **kwargs):
        sent.append((kwargs["change"], kwargs["credential_id"], kwargs["user"].get_username()))

    cognito_passkeys_changed.connect(changed)
    yield sent
    cognito_passkeys_changed.disconnect(changed)
