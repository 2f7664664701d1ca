"""Fixtures for remembered devices: a pool that tracks devices, browsers, and what they hold."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client

from django_cognito_challenge import secretbox, session_tokens
from django_cognito_challenge.models import RememberedDevice
from django_cognito_challenge.testing.models import DeviceConfiguration

from ..browsers import Browser

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "Demo-Pass-1!"
COOKIE = "__Host-cognito_challenge_device"  # Secure cookies get the prefix
FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CODE_PAGE = "/accounts/login/code/"
SECURITY_PAGE = "/accounts/security/"

#: A sign-in with a password and the TOTP code.
MFA_SIGN_IN = [
    "InitiateAuth:USER_SRP_AUTH",
    "RespondToAuthChallenge:PASSWORD_VERIFIER",
    "RespondToAuthChallenge:SOFTWARE_TOKEN_MFA",
]

#: A sign-in with a remembered device: the password, then the device; no MFA.
DEVICE_SIGN_IN = [
    "InitiateAuth:USER_SRP_AUTH",
    "RespondToAuthChallenge:PASSWORD_VERIFIER",
    "RespondToAuthChallenge:DEVICE_SRP_AUTH",
    "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER",
]


class RecordingClient(Browser):
    """A browser (held to CSRF) that keeps every response, so a test can search all it was sent."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.responses = []

    def request(self, **request):
        response = super().request(**request)
        self.responses.append(response)
        return response

    def everything_received(self) -> str:
        """Every header and body this browser was sent, as one text."""
        return "\n".join(f"{r.serialize_headers().decode()}\n{r.content.decode(errors='replace')}"
                         for r in self.responses)


def new_browser(user_agent: str = FIREFOX_ON_LINUX, **options) -> RecordingClient:
    """A browser that says it is Firefox on Linux (the device's name comes from that).

    ``enforce_csrf_checks=True`` asks, as it did of Django's client, for one that posts no
    token of its own (every browser here enforces the checks).
    """
    if options.pop("enforce_csrf_checks", False):
        options["sends_csrf_token"] = False
    return RecordingClient(HTTP_USER_AGENT=user_agent, **options)


@pytest.fixture
def browser(db) -> RecordingClient:
    return new_browser()


@pytest.fixture
def device_pool(cognito):
    """MFA on, devices tracked, remembered only when the person asks; alice has TOTP."""
    cognito.configure_pool(mfa_configuration="ON", device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=True, device_only_remembered_on_user_prompt=True))
    cognito.add_user("alice", attributes={"email": "alice@example.com"}, totp_secret=TOTP_SECRET)
    return cognito


# -- what a person does -------------------------------------------------------------------------


def sign_in(browser: Client, username: str, password: str = PASSWORD):
    return browser.post("/accounts/login/", {"username": username, "password": password})


def enter_code(browser: Client, cognito, username: str, *, remember: bool):
    data = {"code": cognito.totp_code(username)}
    if remember:
        data["remember_device"] = "on"
    return browser.post(CODE_PAGE, data)


def sign_in_with_code(browser: Client, cognito, username: str, *, remember: bool = True,
                      login_name: str | None = None):
    """Password, then the TOTP code (ticking "remember this device" or not); lands home."""
    response = sign_in(browser, login_name or username)
    assert response.status_code == 302, response.content
    assert response["Location"] == CODE_PAGE
    response = enter_code(browser, cognito, username, remember=remember)
    assert response.status_code == 302, response.content
    assert response["Location"] == "/home/"
    return response


def sign_out(browser: Client):
    response = browser.post("/accounts/logout/")
    assert response.status_code == 302
    return response


def signed_in_again_without_code(browser: Client, cognito, username: str,
                                 login_name: str | None = None) -> None:
    """Sign in on this browser; assert the device spared the code and the person is home."""
    cognito.reset_calls()
    response = sign_in(browser, login_name or username)
    assert response.status_code == 302, response.content
    assert response["Location"] == "/home/"
    assert cognito.call_names() == DEVICE_SIGN_IN
    assert browser.get("/home/").content == f"home: {username}".encode()


def asked_for_code_again(browser: Client, cognito, username: str) -> None:
    """Sign in on this browser; assert the code page came back, without an error shown."""
    response = sign_in(browser, username)
    assert response.status_code == 302, response.content
    assert response["Location"] == CODE_PAGE
    page = browser.get(CODE_PAGE)
    assert page.status_code == 200
    assert b"Verification code" in page.content
    assert b'role="alert"' not in page.content
    assert not list(page.context["messages"])


# -- what a test observes -----------------------------------------------------------------------


def rows(username: str | None = None) -> list[RememberedDevice]:
    found = RememberedDevice.objects.order_by("pk")
    return list(found.filter(cognito_username=username) if username else found)


def only_row(username: str) -> RememberedDevice:
    (row,) = rows(username)
    return row


def device_password(row: RememberedDevice) -> str:
    password = secretbox.decrypt(row.encrypted_password, secretbox.DEVICE_PASSWORD)
    assert password
    return password


def cognito_device(cognito, username: str, device_key: str):
    """The device as the local Cognito holds it, or None."""
    return cognito.user(username).devices.get(device_key)


def confirmed_device_keys(cognito) -> list[str]:
    return [call.request["DeviceKey"] for call in cognito.calls
            if call.operation == "ConfirmDevice"]


def calls_of(cognito, operation: str) -> list:
    return [call for call in cognito.calls if call.operation == operation]


def initiate_auth_parameters(cognito) -> list[dict[str, str]]:
    return [call.request["AuthParameters"] for call in calls_of(cognito, "InitiateAuth")]


def stored_tokens(browser: Client) -> session_tokens.StoredTokens:
    """The Cognito tokens this browser's session holds on the server."""
    tokens = session_tokens.load(SimpleNamespace(session=browser.session))
    assert tokens is not None
    return tokens
