"""Request-level protections of the sign-in pages: CSRF, no caching, session and token rotation.

ASVS 5.0 ids are named in each test's docstring (see the security checklist).
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from tests.browsers import Browser

from .conftest import PASSWORD, TOTP_SECRET

TEMPORARY = "Temp-Pass-1!"


def csrf_token(client: Client) -> str:
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def post_with_token(client: Client, path: str, data: dict):
    return client.post(path, {**data, "csrfmiddlewaretoken": csrf_token(client)})


def start(client: Client, username: str, password: str = PASSWORD):
    client.get("/accounts/login/")
    return post_with_token(client, "/accounts/login/",
                           {"username": username, "password": password})


# -- each POST step, reached honestly; returns (path, a valid answer) -------------------------


def at_login(client, cognito):
    cognito.add_user("tess")
    client.get("/accounts/login/")
    return "/accounts/login/", {"username": "tess", "password": PASSWORD}


def at_new_password(client, cognito):
    cognito.add_user("newbie", TEMPORARY, temporary=True)
    assert start(client, "newbie", TEMPORARY)["Location"] == "/accounts/login/new-password/"
    return "/accounts/login/new-password/", {"new_password1": PASSWORD,
                                             "new_password2": PASSWORD}


def at_code(client, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    assert start(client, "tess")["Location"] == "/accounts/login/code/"
    return "/accounts/login/code/", {"code": cognito.totp_code("tess")}


def at_select_mfa(client, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", attributes={"email": "tess@example.com"}, totp_secret=TOTP_SECRET,
                     email_mfa=True)
    assert start(client, "tess")["Location"] == "/accounts/login/select-mfa/"
    return "/accounts/login/select-mfa/", {"mfa_type": "EMAIL_OTP"}


def at_mfa_setup(client, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess")
    assert start(client, "tess")["Location"] == "/accounts/login/mfa-setup/"
    client.get("/accounts/login/mfa-setup/")
    post_with_token(client, "/accounts/login/mfa-setup/", {"mfa_type": "EMAIL_OTP"})
    return "/accounts/login/mfa-setup/", {"email": "tess@example.com"}


def at_logout(client, cognito):
    cognito.add_user("tess")
    assert start(client, "tess")["Location"] == "/home/"
    return "/accounts/logout/", {}


STAGES = [at_login, at_new_password, at_code, at_select_mfa, at_mfa_setup, at_logout]


@pytest.mark.parametrize("stage", STAGES, ids=lambda stage: stage.__name__)
def test_post_step_without_a_csrf_token_is_refused_before_cognito(db, cognito, stage):
    """ASVS 3.5.1: every POST step (login CSRF included) needs the token; refused posts make no
    Cognito call, and the same post with the token goes through."""
    client = Browser(sends_csrf_token=False)
    path, data = stage(client, cognito)
    before = len(cognito.calls)
    assert client.post(path, data).status_code == 403
    forged = client.post(path, {**data, "csrfmiddlewaretoken": "x" * 32})
    assert forged.status_code == 403
    assert len(cognito.calls) == before
    assert post_with_token(client, path, data).status_code == 302
    assert len(cognito.calls) > before


def test_every_sign_in_page_says_no_store(browser, cognito):
    """ASVS 14.3.2: sign-in pages, their answers and sign-out are never cached (never_cache)."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    cognito.add_user("newbie", TEMPORARY, temporary=True)
    cognito.add_user("chooser", attributes={"email": "c@example.com"}, totp_secret=TOTP_SECRET,
                     email_mfa=True)
    cognito.add_user("setup")
    responses = [browser.get("/accounts/login/"),
                 browser.post("/accounts/login/", {"username": "tess", "password": "wrong"})]
    for username, password, page in (("newbie", TEMPORARY, "new-password/"),
                                      ("chooser", PASSWORD, "select-mfa/"),
                                      ("setup", PASSWORD, "mfa-setup/"),
                                      ("tess", PASSWORD, "code/")):
        responses.append(browser.post("/accounts/login/",
                                      {"username": username, "password": password}))
        responses.append(browser.get("/accounts/login/" + page))
    responses.append(browser.post("/accounts/login/code/", {"code": "000000"}))
    responses.append(browser.post("/accounts/login/code/", {"code": cognito.totp_code("tess")}))
    assert responses[-1]["Location"] == "/home/"
    responses.append(browser.post("/accounts/logout/"))
    assert [r.status_code for r in responses] == [200, 200] + [302, 200] * 4 + [200, 302, 302]
    for response in responses:
        assert "no-store" in response["Cache-Control"], response.request["PATH_INFO"]


def test_step_page_without_a_pending_sign_in_redirects_uncached(browser, cognito):
    """ASVS 14.3.2 / 2.3.1: a step reached with no pending sign-in goes back to the start,
    and even that answer is not cached."""
    response = browser.get("/accounts/login/code/")
    assert response["Location"] == "/accounts/login/"
    assert "no-store" in response["Cache-Control"]


def test_sign_in_gives_a_new_session_key_and_ends_the_old_one(browser, cognito):
    """ASVS 7.2.4: a session fixed before sign-in is not the signed-in session."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    planted = browser.session.session_key
    browser.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    pending_key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    response = browser.post("/accounts/login/code/", {"code": cognito.totp_code("tess")})
    assert response["Location"] == "/home/"
    signed_in = browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert signed_in not in (planted, pending_key)
    assert not SessionStore().exists(planted)
    assert not SessionStore().exists(pending_key)
    attacker = Browser()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted
    assert attacker.get("/home/").content == b"home: anonymous"
    assert browser.get("/home/").content == b"home: tess"


def test_signing_in_again_as_the_same_person_rotates_the_session_key(browser, cognito):
    """ASVS 7.2.4: re-authentication rotates too (Django's login() alone would not)."""
    cognito.add_user("tess")
    browser.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    first = browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert browser.get("/home/").content == b"home: tess"
    response = browser.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    assert response["Location"] == "/home/"
    second = browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert second != first
    assert not SessionStore().exists(first)


def test_csrf_token_rotates_at_sign_in(db, cognito):
    """ASVS 3.5.1: a CSRF token known before sign-in is useless after it (Django's
    test_login_csrf_rotate)."""
    cognito.add_user("tess")
    client = Browser(sends_csrf_token=False)
    client.get("/accounts/login/")
    old_token = csrf_token(client)
    response = post_with_token(client, "/accounts/login/",
                               {"username": "tess", "password": PASSWORD})
    assert response["Location"] == "/home/"
    new_token = csrf_token(client)
    assert new_token != old_token
    refused = client.post("/accounts/logout/", {"csrfmiddlewaretoken": old_token})
    assert refused.status_code == 403
    assert client.get("/home/").content == b"home: tess"
    assert post_with_token(client, "/accounts/logout/", {}).status_code == 302
    assert client.get("/home/").content == b"home: anonymous"


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(browser, cognito):
    """ASVS 3.3.1 / 3.3.4 / 3.3.2: the signed-in session cookie is Secure, HttpOnly and
    SameSite=Lax; the CSRF cookie is Secure and SameSite=Lax."""
    cognito.add_user("tess")
    browser.get("/accounts/login/")
    response = browser.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"


def test_a_code_sent_by_get_is_not_submitted(browser, cognito):
    """ASVS 3.5.3: challenge pages take answers by POST only; a GET just shows the form."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    browser.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    before = len(cognito.calls)
    page = browser.get("/accounts/login/code/", {"code": cognito.totp_code("tess")})
    assert page.status_code == 200
    assert len(cognito.calls) == before
    assert browser.get("/home/").content == b"home: anonymous"


def test_a_code_submitted_from_another_browser_is_refused(browser, cognito):
    """ASVS 6.6.2: the pending sign-in lives in the first browser's session only."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    browser.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    before = len(cognito.calls)
    other = Browser()
    response = other.post("/accounts/login/code/", {"code": cognito.totp_code("tess")})
    assert response["Location"] == "/accounts/login/"
    assert len(cognito.calls) == before
    assert other.get("/home/").content == b"home: anonymous"
    response = browser.post("/accounts/login/code/", {"code": cognito.totp_code("tess")})
    assert response["Location"] == "/home/"


def test_replaying_the_completed_code_step_neither_calls_cognito_nor_logs_in_again(
        browser, cognito):
    """ASVS 6.5.1: a double submit of the last step finds no pending sign-in."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    browser.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    code = cognito.totp_code("tess")
    assert browser.post("/accounts/login/code/", {"code": code})["Location"] == "/home/"
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    before = len(cognito.calls)
    replay = browser.post("/accounts/login/code/", {"code": code})
    assert replay["Location"] == "/accounts/login/"
    assert len(cognito.calls) == before
    assert browser.cookies[settings.SESSION_COOKIE_NAME].value == key  # no second login()


def test_disabled_account_sees_the_same_page_as_a_wrong_password(browser, cognito):
    """ASVS 6.3.8: a disabled account is not told apart from a wrong password."""
    cognito.add_user("tess")
    cognito.add_user("gone", enabled=False)
    wrong = browser.post("/accounts/login/", {"username": "tess", "password": "Wrong-Pass-1!"})
    disabled = browser.post("/accounts/login/", {"username": "gone", "password": PASSWORD})
    assert cognito.calls[-1].error == "NotAuthorizedException"
    assert disabled.status_code == wrong.status_code == 200
    assert as_seen(disabled, "gone") == as_seen(wrong, "tess")


def as_seen(response, username: str) -> str:
    """The page with the per-request CSRF token and the echoed username blanked out."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return page.replace(f'value="{username}"', 'value=""')


def test_locked_account_sees_the_same_page_as_a_wrong_password(browser, cognito):
    """ASVS 6.3.8: Cognito's lockout ("Password attempts exceeded") reads as a wrong password."""
    cognito.add_user("tess")
    cognito.add_user("locked", locked_until=cognito.backend.now() + 900)
    wrong = browser.post("/accounts/login/", {"username": "tess", "password": "Wrong-Pass-1!"})
    locked = browser.post("/accounts/login/", {"username": "locked", "password": PASSWORD})
    assert cognito.calls[-1].error == "NotAuthorizedException"
    # the right password, refused: only the lock ("Password attempts exceeded") refuses it
    assert locked.status_code == wrong.status_code == 200
    assert as_seen(locked, "locked") == as_seen(wrong, "tess")
