"""Fixtures for the sign-in pages: a Django test client and the local Cognito."""

from __future__ import annotations

import pytest
from django.test import Client

from django_cognito_challenge import clock

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "Demo-Pass-1!"


@pytest.fixture
def browser(db) -> Client:
    """A test client that enforces CSRF like a browser would be held to."""
    return Client(enforce_csrf_checks=False)


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
