"""Fixtures for Cognito MFA counted by django-otp: pools, people, and what a browser sees."""

from __future__ import annotations

import pytest
from django.test import Client

from django_cognito_challenge.otp.models import CognitoFactor

from ..browsers import Browser

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "Demo-Pass-1!"
PHONE = "+15555550123"
CODE_PAGE = "/accounts/login/code/"
VERIFIED_ONLY = "/verified-only/"  # tests/urls.py: a view under django-otp's otp_required
OTP_ADMIN = "/otp-admin/"  # tests/urls.py: django-otp's OTPAdminSite


@pytest.fixture
def browser(db) -> Browser:
    return Browser()


@pytest.fixture
def staff_pool(cognito, settings):
    """MFA on; members of the Cognito group ``admins`` are Django staff."""
    settings.COGNITO_CHALLENGE_STAFF_GROUPS = ("admins",)
    cognito.configure_pool(mfa_configuration="ON")
    return cognito


# -- what a person does -------------------------------------------------------------------------


def sign_in(browser: Client, username: str, **extra):
    return browser.post("/accounts/login/", {"username": username, "password": PASSWORD, **extra})


def enter_code(browser: Client, code: str, *, remember: bool = False):
    data = {"code": code, **({"remember_device": "on"} if remember else {})}
    response = browser.post(CODE_PAGE, data)
    assert response.status_code == 302, response.content
    return response


def sign_in_with_totp(browser: Client, cognito, username: str, *, remember: bool = False):
    """Password, then the authenticator app's code; lands home."""
    assert sign_in(browser, username)["Location"] == CODE_PAGE
    response = enter_code(browser, cognito.totp_code(username), remember=remember)
    assert response["Location"] == "/home/"
    return response


def sign_out(browser: Client) -> None:
    assert browser.post("/accounts/logout/").status_code == 302


# -- what a test observes -----------------------------------------------------------------------


def passes_otp_required(browser: Client) -> bool:
    """Whether the ``otp_required`` page opens (else it must send the person to sign in)."""
    response = browser.get(VERIFIED_ONLY)
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={VERIFIED_ONLY}"
    return False


def opens_otp_admin(browser: Client) -> bool:
    """Whether django-otp's ``OTPAdminSite`` lets this browser in (else: its log-in page)."""
    response = browser.get(OTP_ADMIN)
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response["Location"] == f"{OTP_ADMIN}login/?next={OTP_ADMIN}"
    return False


def is_verified(browser: Client) -> bool:
    """``request.user.is_verified()`` on this browser's next request, as OTPMiddleware says."""
    return browser.get("/home/").wsgi_request.user.is_verified()


def factors(username: str) -> list[tuple[str, str]]:
    """(factor, name) of each CognitoFactor row of ``username``, oldest first."""
    rows = CognitoFactor.objects.filter(user__username=username).order_by("pk")
    return [(row.factor, row.name) for row in rows]


def device_in_session(browser: Client) -> CognitoFactor | None:
    """The django-otp device this browser's session names, if any."""
    persistent_id = browser.session.get("otp_device_id")
    return CognitoFactor.from_persistent_id(persistent_id) if persistent_id else None
