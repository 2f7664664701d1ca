"""CSRF, proven (ASVS 3.5.1, checklist item 6): every POST refuses a forged form by itself.

The app is reusable and must not rely on the site's ``CsrfViewMiddleware``: every test here runs
without it, so only the views' own ``csrf_protect`` stands between a forged form and the flow,
and removing it from a view fails these tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY

from django_cognito_challenge.models import RememberedDevice
from django_cognito_challenge.testing.models import DeviceConfiguration

from .browsers import FORM_FIELD, Browser
from .signin.conftest import PASSWORD, TOTP_SECRET, pending_of

CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"
TEMPORARY = "Temp-Pass-1!"
HOME = "/home/"
LOGIN = "/accounts/login/"
NEW_PASSWORD = "/accounts/login/new-password/"
CODE = "/accounts/login/code/"
SELECT_MFA = "/accounts/login/select-mfa/"
MFA_SETUP = "/accounts/login/mfa-setup/"
LOGOUT = "/accounts/logout/"
SECURITY = "/accounts/security/"
SIGN_IN = ["InitiateAuth:USER_SRP_AUTH", "RespondToAuthChallenge:PASSWORD_VERIFIER"]


@pytest.fixture(autouse=True)
def views_on_their_own(settings):
    """The site without ``CsrfViewMiddleware``: only the views' ``csrf_protect`` checks."""
    assert CSRF_MIDDLEWARE in settings.MIDDLEWARE
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != CSRF_MIDDLEWARE]


@pytest.fixture
def browser(db) -> Browser:
    return Browser()


# -- what a forger can send -------------------------------------------------------------------


def forged_token(forgery: str) -> str | None:
    """No token, a well-formed made-up one, or one the site really gave another browser."""
    if forgery == "no token":
        return None
    if forgery == "made-up token":
        return "x" * 32
    forger = Browser()
    forger.get(LOGIN)
    return forger.csrf_cookie()


FORGERIES = ["no token", "made-up token", "another browser's token"]


# -- what a test observes ---------------------------------------------------------------------


def server_session(browser: Browser) -> dict[str, Any]:
    """This browser's server-side session as stored (encrypted values as they are), or {}."""
    cookie = browser.cookies.get(django_settings.SESSION_COOKIE_NAME)
    if cookie is None or not cookie.value:
        return {}
    store = import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=cookie.value)
    return {"session key": cookie.value, **store.load()}


def stage_of(browser: Browser) -> str:
    """``signed in``, the pending sign-in's challenge, or ``anonymous``."""
    session = server_session(browser)
    if SESSION_KEY in session:
        return "signed in"
    pending = pending_of(browser) if session else None
    return pending.challenge if pending else "anonymous"


def observed(browser: Browser, cognito, username: str) -> dict[str, Any]:
    """All a POST could change: the session, the cookies, the devices here and at Cognito."""
    return {
        "session": server_session(browser),
        "cookies": {name: morsel.value for name, morsel in browser.cookies.items()},
        "remembered rows": sorted(RememberedDevice.objects.values_list("device_key", flat=True)),
        "cognito devices": {key: device.remembered
                            for key, device in cognito.user(username).devices.items()},
    }


# -- each POST, reached through the pages -----------------------------------------------------


@dataclass(frozen=True)
class Post:
    """A form ready to send: where, what, and what the genuine post does."""

    path: str
    data: dict[str, str]
    username: str
    stage: str  #: where the browser stands before it
    lands: str  #: where the genuine post redirects
    calls: list[str]  #: the Cognito calls the genuine post makes


def start(browser: Browser, username: str, password: str = PASSWORD) -> str:
    response = browser.post(LOGIN, {"username": username, "password": password})
    assert response.status_code == 302, response.content
    return response["Location"]


def with_mfa(cognito) -> None:
    cognito.configure_pool(mfa_configuration="ON")


def sign_in(browser: Browser, cognito) -> Post:
    cognito.add_user("tess")
    browser.get(LOGIN)
    return Post(LOGIN, {"username": "tess", "password": PASSWORD}, "tess", "anonymous", HOME,
                SIGN_IN)


def new_password(browser: Browser, cognito) -> Post:
    cognito.add_user("newbie", TEMPORARY, temporary=True)
    assert start(browser, "newbie", TEMPORARY) == NEW_PASSWORD
    return Post(NEW_PASSWORD, {"new_password1": PASSWORD, "new_password2": PASSWORD}, "newbie",
                "NEW_PASSWORD_REQUIRED", HOME, ["RespondToAuthChallenge:NEW_PASSWORD_REQUIRED"])


def code(browser: Browser, cognito) -> Post:
    with_mfa(cognito)
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    assert start(browser, "tess") == CODE
    return Post(CODE, {"code": cognito.totp_code("tess")}, "tess", "SOFTWARE_TOKEN_MFA", HOME,
                ["RespondToAuthChallenge:SOFTWARE_TOKEN_MFA"])


def select_mfa(browser: Browser, cognito) -> Post:
    with_mfa(cognito)
    cognito.add_user("tess", attributes={"email": "tess@example.com"}, totp_secret=TOTP_SECRET,
                     email_mfa=True)
    assert start(browser, "tess") == SELECT_MFA
    return Post(SELECT_MFA, {"mfa_type": "EMAIL_OTP"}, "tess", "SELECT_MFA_TYPE", CODE,
                ["RespondToAuthChallenge:SELECT_MFA_TYPE"])


def mfa_setup_choice(browser: Browser, cognito) -> Post:
    """Choosing how to set MFA up calls nothing; the pending sign-in records the choice."""
    with_mfa(cognito)
    cognito.add_user("tess", attributes={"email": "tess@example.com"})
    assert start(browser, "tess") == MFA_SETUP
    return Post(MFA_SETUP, {"mfa_type": "EMAIL_OTP"}, "tess", "MFA_SETUP", MFA_SETUP, [])


def setting_up(browser: Browser, cognito, method: str) -> None:
    mfa_setup_choice(browser, cognito)
    assert browser.post(MFA_SETUP, {"mfa_type": method})["Location"] == MFA_SETUP
    assert browser.get(MFA_SETUP).status_code == 200  # TOTP: the secret and its QR code


def mfa_setup_totp_code(browser: Browser, cognito) -> Post:
    setting_up(browser, cognito, "SOFTWARE_TOKEN_MFA")
    return Post(MFA_SETUP, {"code": cognito.totp_code("tess")}, "tess", "MFA_SETUP", HOME,
                ["VerifySoftwareToken", "RespondToAuthChallenge:MFA_SETUP"])


def mfa_setup_email(browser: Browser, cognito) -> Post:
    setting_up(browser, cognito, "EMAIL_OTP")
    return Post(MFA_SETUP, {"email": "tess@example.com"}, "tess", "MFA_SETUP", CODE,
                ["RespondToAuthChallenge:MFA_SETUP"])


def logout(browser: Browser, cognito) -> Post:
    cognito.add_user("tess")
    assert start(browser, "tess") == HOME
    return Post(LOGOUT, {}, "tess", "signed in", LOGIN, ["RevokeToken"])


def signed_in_with_a_device_remembered_elsewhere(browser: Browser, cognito) -> str:
    """Alice remembers another browser's device and signs out there, then signs in here."""
    cognito.configure_pool(mfa_configuration="ON", device_configuration=DeviceConfiguration(
        challenge_required_on_new_device=True, device_only_remembered_on_user_prompt=True))
    cognito.add_user("alice", attributes={"email": "alice@example.com"},
                     totp_secret=TOTP_SECRET)
    elsewhere = Browser()
    for each, remember in ((elsewhere, {"remember_device": "on"}), (browser, {})):
        assert start(each, "alice") == CODE
        answer = {"code": cognito.totp_code("alice"), **remember}
        assert each.post(CODE, answer)["Location"] == HOME
        if each is elsewhere:
            (other,) = RememberedDevice.objects.values_list("device_key", flat=True)
            assert each.post(LOGOUT)["Location"] == LOGIN
    return other


def forget_device(browser: Browser, cognito) -> Post:
    other = signed_in_with_a_device_remembered_elsewhere(browser, cognito)
    return Post(SECURITY, {"action": "forget", "device_key": other}, "alice", "signed in",
                SECURITY, ["ForgetDevice"])


def forget_other_devices(browser: Browser, cognito) -> Post:
    signed_in_with_a_device_remembered_elsewhere(browser, cognito)
    return Post(SECURITY, {"action": "forget_others"}, "alice", "signed in", SECURITY,
                ["ListDevices", "ForgetDevice"])


POSTS: list[Callable[[Browser, Any], Post]] = [
    sign_in, new_password, code, select_mfa, mfa_setup_choice, mfa_setup_totp_code,
    mfa_setup_email, logout, forget_device, forget_other_devices,
]


@pytest.mark.parametrize("forgery", FORGERIES)
@pytest.mark.parametrize("reach", POSTS, ids=lambda reach: reach.__name__)
def test_forged_post_is_refused_unheard_and_the_genuine_one_goes_through(
        browser, cognito, reach, forgery):
    """A forged form gets 403, calls no Cognito, changes nothing; the site's own form works."""
    post = reach(browser, cognito)
    assert stage_of(browser) == post.stage
    before = observed(browser, cognito, post.username)
    cognito.reset_calls()

    refused = browser.post(post.path, post.data, csrf_token=forged_token(forgery))
    assert refused.status_code == 403
    assert cognito.call_names() == []
    assert observed(browser, cognito, post.username) == before
    assert stage_of(browser) == post.stage

    genuine = browser.post(post.path, post.data)
    assert genuine.status_code == 302, genuine.content
    assert genuine["Location"] == post.lands
    assert cognito.call_names() == post.calls
    assert observed(browser, cognito, post.username) != before


@pytest.mark.parametrize("path", [NEW_PASSWORD, CODE, SELECT_MFA, MFA_SETUP, LOGOUT, SECURITY])
def test_forged_post_is_refused_before_the_view_looks_for_a_sign_in(browser, cognito, path):
    """With nothing pending and nobody signed in, the refusal still comes first: no restart
    redirect, no message queued, no session started."""
    browser.get(LOGIN)
    refused = browser.post(path, {"code": "123456"}, csrf_token=None)
    assert refused.status_code == 403
    assert cognito.call_names() == []
    assert server_session(browser) == {}
    assert not list(browser.get(LOGIN).context["messages"])


def form_token(page) -> str:
    return re.search(rf'name="{FORM_FIELD}" value="([^"]+)"', page.content.decode())[1]


@pytest.mark.parametrize("mfa", [False, True], ids=["password", "password and TOTP code"])
def test_csrf_token_rotates_at_sign_in(browser, cognito, mfa):
    """Tokens from before the sign-in (cookie and form) are refused after it (Django's
    ``test_login_csrf_rotate``); the new one works."""
    if mfa:
        with_mfa(cognito)
    cognito.add_user("tess", totp_secret=TOTP_SECRET if mfa else None)
    page = browser.get(LOGIN)
    stale = [browser.csrf_cookie(), form_token(page)]
    assert all(stale)
    if mfa:
        assert start(browser, "tess") == CODE
        assert browser.post(CODE, {"code": cognito.totp_code("tess")})["Location"] == HOME
    else:
        assert start(browser, "tess") == HOME
    assert browser.csrf_cookie() not in (None, *stale)

    cognito.reset_calls()
    for token in stale:
        assert browser.post(LOGOUT, csrf_token=token).status_code == 403
    assert cognito.call_names() == []
    assert stage_of(browser) == "signed in"
    assert browser.post(LOGOUT)["Location"] == LOGIN
    assert stage_of(browser) == "anonymous"
