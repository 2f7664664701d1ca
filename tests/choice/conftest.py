"""Fixtures for choice-based sign-in (USER_AUTH): a pool offering several first factors."""

from __future__ import annotations

import pytest

from ..signin.conftest import (  # noqa: F401 (fixtures)
    PASSWORD,
    TOTP_SECRET,
    app_clock,
    browser,
    is_signed_in,
    pending_of,
)

LOGIN = "/accounts/login/"
SELECT = "/accounts/login/select-challenge/"
PASSWORD_PAGE = "/accounts/login/password/"
CODE = "/accounts/login/code/"
HOME = "/home/"


@pytest.fixture
def choice_pool(cognito, settings):
    """A pool allowing the password and emailed and texted codes first; the app on USER_AUTH."""
    cognito.configure_pool(allowed_first_auth_factors=("PASSWORD", "EMAIL_OTP", "SMS_OTP"))
    settings.COGNITO_CHALLENGE_AUTH_FLOW = "USER_AUTH"
    return cognito


def add_passwordless(cognito, username: str = "pat"):
    """A user with no password who signs in with an emailed code."""
    return cognito.add_user(username, None, attributes={
        "email": f"{username}@example.com", "email_verified": "true"})


def start(client, username: str, password: str = ""):
    """Sign-in page, username only unless a password is given."""
    return client.post(LOGIN, {"username": username, "password": password})


def offered(response) -> list[str]:
    """The first factors the choice page offers, by value."""
    return [value for value, _label in response.context["form"].fields["challenge"].choices]
