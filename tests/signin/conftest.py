"""Fixtures for the sign-in pages: a Django test client and the local Cognito."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from django_cognito_challenge import clock
from django_cognito_challenge import pending as pending_store
from django_cognito_challenge.testing import totp

from ..browsers import Browser

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "Demo-Pass-1!"


@pytest.fixture
def browser(db) -> Browser:
    """A test client held to CSRF like a browser: it posts the token the site gave it."""
    return Browser()


@pytest.fixture
def app_clock(monkeypatch):
    """Move the app's clock: ``app_clock.advance(seconds)``."""

    class AppClock:
        offset = 0.0

        def advance(self, seconds: float) -> None:
            self.offset += seconds

    moved = AppClock()
    real_now = clock.now
    monkeypatch.setattr(clock, "now", lambda: real_now() + moved.offset)
    return moved


def sign_in(browser: Client, username: str, password: str = PASSWORD, **extra):
    return browser.post("/accounts/login/", {"username": username, "password": password, **extra})


# -- what a test observes (shared by the challenge tests) -------------------------------------


def pending_of(browser: Client) -> pending_store.PendingSignIn | None:
    """The pending sign-in kept (encrypted) in this browser's session, if any."""
    from types import SimpleNamespace  # local: only this helper needs a request stand-in

    return pending_store.load(SimpleNamespace(session=browser.session))


def is_signed_in(browser: Client) -> bool:
    return SESSION_KEY in browser.session


def error_codes(response) -> dict[str, list[str]]:
    """The form's errors as codes by field (``__all__`` for non-field errors)."""
    errors = response.context["form"].errors.as_data()
    return {name: [error.code for error in found] for name, found in errors.items()}


def answers(cognito, challenge: str) -> list[dict[str, str]]:
    """The ChallengeResponses sent for ``challenge``, in order."""
    return [call.request["ChallengeResponses"] for call in cognito.calls
            if call.operation == "RespondToAuthChallenge"
            and call.request.get("ChallengeName") == challenge]


def wrong_totp_code(cognito, username: str) -> str:
    """A well-formed code the user's authenticator does not show now (nor one step off)."""
    user = cognito.user(username)
    secret = user.totp_secret or user.pending_totp_secret
    now = cognito.backend.now()
    return next(c for c in ("000000", "111111", "222222", "333333")
                if totp.matching_step(secret, c, now) is None)
