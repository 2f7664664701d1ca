"""Tokens and pending sign-ins at rest: what someone holding the session table or cache sees.

The ID, access and refresh tokens and Cognito's ``Session`` of a pending sign-in are kept
encrypted under ``COGNITO_CHALLENGE_ENCRYPTION_KEYS`` (newest first, all decrypt); a value no
configured key opens counts as absent. ASVS 14.3.3 / 7.2.1 (see the security checklist).
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cache import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import override_settings

from django_cognito_challenge import secretbox, session_tokens

from ..signin.conftest import TOTP_SECRET, is_signed_in, sign_in
from .conftest import (
    INTO_REFRESH_MARGIN,
    REFRESH,
    SESSION_ENDED,
    message_texts,
    pending_of,
    sign_in_plain,
)

CODE_PAGE = "/accounts/login/code/"
#: A JWT: a base64url JSON header, then payload and signature after dots. Fernet tokens have no
#: dot and Django's signed session data only a leading one, so a chance "eyJ" there cannot match.
JWT = re.compile(r"eyJ[\w-]*\.[\w-]*\.")


@pytest.fixture(params=["db", "cache"])
def engine(request, settings) -> str:
    """Run the test with the session in the database, then in the cache."""
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{request.param}"
    return request.param


@pytest.fixture
def mfa_user(cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", attributes={"email": "tess@example.com"}, totp_secret=TOTP_SECRET)
    return cognito


# -- what the attacker holds and what the app holds ----------------------------------------------


def leaked(browser, engine: str) -> str:
    """The browser's session as the store holds it, raw and decoded (no key needed for that)."""
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    if engine == "cache":
        return json.dumps(caches[settings.SESSION_CACHE_ALIAS].get(KEY_PREFIX + key))
    row = Session.objects.get(session_key=key)
    return f"{row.session_data}\n{json.dumps(row.get_decoded())}"


def issued_tokens(cognito) -> list[str]:
    """Every ID, access and refresh token Cognito issued."""
    results = [c.response["AuthenticationResult"] for c in cognito.calls
               if "AuthenticationResult" in c.response]
    return [r[k] for r in results for k in ("IdToken", "AccessToken", "RefreshToken") if k in r]


def challenge_session(cognito, challenge: str) -> str:
    return next(c.response["Session"] for c in cognito.calls
                if c.response.get("ChallengeName") == challenge)


def tokens_in(browser) -> session_tokens.StoredTokens | None:
    """The tokens as the app reads them now, with the keys configured now."""
    return session_tokens.load(SimpleNamespace(session=browser.session))


def keys(*secrets: str):
    return override_settings(COGNITO_CHALLENGE_ENCRYPTION_KEYS=list(secrets))


# -- nothing usable at rest ----------------------------------------------------------------------


def test_signed_in_session_store_holds_no_token(browser, mfa_user, engine):
    """The session row or cache entry of a signed-in person is no token dump."""
    assert sign_in(browser, "tess")["Location"] == CODE_PAGE
    response = browser.post(CODE_PAGE, {"code": mfa_user.totp_code("tess")})
    assert response["Location"] == "/home/", response.content
    assert browser.get("/home/").content == b"home: tess"

    issued = issued_tokens(mfa_user)
    assert len(issued) == 3
    data = leaked(browser, engine)
    for token in issued:
        assert token not in data
    assert not JWT.search(data)
    assert '"cognito_challenge.tokens": "gAAAAA' in data  # a Fernet token, version byte 0x80
    tokens = tokens_in(browser)  # the app itself still reads them
    assert [tokens.id_token, tokens.access_token, tokens.refresh_token] == issued
    assert tokens.username == "tess"


def test_expiry_and_sign_in_time_stay_plain_so_fresh_requests_decrypt_nothing(browser, cognito):
    """The refresh middleware reads these two numbers on every request; the tokens stay sealed."""
    cognito.add_user("tess")
    sign_in_plain(browser, "tess")
    session = browser.session
    assert isinstance(session[session_tokens.EXPIRES_KEY], float)
    assert isinstance(session[session_tokens.SIGNED_IN_KEY], float)
    assert not JWT.search(session[session_tokens.SESSION_KEY])
    assert tokens_in(browser).expires_at == session[session_tokens.EXPIRES_KEY]


def test_pending_sign_in_store_holds_no_cognito_session(browser, mfa_user, engine):
    """Between the password and the code, the store does not hold Cognito's Session in clear,
    so whoever reads it cannot answer the challenge in this person's place."""
    assert sign_in(browser, "tess")["Location"] == CODE_PAGE
    cognito_session = challenge_session(mfa_user, "SOFTWARE_TOKEN_MFA")
    data = leaked(browser, engine)
    assert cognito_session not in data
    assert "SOFTWARE_TOKEN_MFA" not in data  # nothing of the pending sign-in is readable
    assert pending_of(browser).session == cognito_session  # the app still reads it
    response = browser.post(CODE_PAGE, {"code": mfa_user.totp_code("tess")})
    assert response["Location"] == "/home/", response.content


# -- rotation ------------------------------------------------------------------------------------


def test_tokens_under_an_old_key_load_after_a_new_key_is_put_in_front(browser, cognito,
                                                                     app_clock):
    """Rotation: old tokens keep working, and the next refresh stores them under the new key."""
    cognito.add_user("tess")
    with keys("old"):
        sign_in_plain(browser, "tess")
        before = tokens_in(browser)
    with keys("new"):
        assert tokens_in(browser) is None  # the old key, not anything else, opens them
    with keys("new", "old"):
        assert tokens_in(browser) == before
        assert browser.get("/home/").content == b"home: tess"
        app_clock.advance(INTO_REFRESH_MARGIN)
        cognito.reset_calls()
        assert browser.get("/home/").content == b"home: tess"
        assert cognito.call_names() == [REFRESH]  # the old refresh token was read and used
        refreshed = tokens_in(browser)
    assert refreshed.access_token != before.access_token
    with keys("new"):
        assert tokens_in(browser) == refreshed


def test_tokens_under_a_removed_key_load_as_none_and_the_next_refresh_signs_out(
        browser, cognito, app_clock):
    """Once the old key is removed its tokens are gone: the refresh that needs them ends the
    session without calling Cognito. (Before that point a request decrypts nothing and the
    Django sign-in stands; only refresh, sign-out and the devices page use the tokens.)"""
    cognito.add_user("tess")
    with keys("old"):
        sign_in_plain(browser, "tess")
    with keys("new"):
        assert tokens_in(browser) is None
        app_clock.advance(INTO_REFRESH_MARGIN)
        cognito.reset_calls()
        response = browser.get("/home/")
        assert response.content == b"home: anonymous"
        assert message_texts(response) == [SESSION_ENDED]
        assert cognito.calls == []


def test_sign_out_with_tokens_under_a_removed_key_still_ends_the_session(browser, cognito):
    """Unreadable tokens cannot be revoked from here (nor used by anyone reading the store)."""
    cognito.add_user("tess")
    with keys("old"):
        sign_in_plain(browser, "tess")
    with keys("new"):
        cognito.reset_calls()
        assert browser.post("/accounts/logout/")["Location"] == "/accounts/login/"
        assert browser.get("/home/").content == b"home: anonymous"
        assert cognito.calls == []


def test_pending_sign_in_under_an_old_key_completes_after_a_new_key_is_put_in_front(
        browser, mfa_user):
    with keys("old"):
        assert sign_in(browser, "tess")["Location"] == CODE_PAGE
    with keys("new"):
        assert pending_of(browser) is None
    with keys("new", "old"):
        response = browser.post(CODE_PAGE, {"code": mfa_user.totp_code("tess")})
        assert response["Location"] == "/home/", response.content
        assert browser.get("/home/").content == b"home: tess"


def test_pending_sign_in_under_a_removed_key_restarts_without_calling_cognito(browser,
                                                                             mfa_user):
    with keys("old"):
        assert sign_in(browser, "tess")["Location"] == CODE_PAGE
    with keys("new"):
        assert pending_of(browser) is None
        mfa_user.reset_calls()
        response = browser.post(CODE_PAGE, {"code": mfa_user.totp_code("tess")})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/"
        assert mfa_user.calls == []
        assert not is_signed_in(browser)


# -- keys and their settings ---------------------------------------------------------------------


def test_django_secret_key_rotation_keeps_the_tokens_through_its_fallbacks(browser, cognito):
    """With the default keys, moving SECRET_KEY to SECRET_KEY_FALLBACKS signs nobody out."""
    cognito.add_user("tess")
    sign_in_plain(browser, "tess")
    before, old = tokens_in(browser), settings.SECRET_KEY
    with override_settings(SECRET_KEY="rotated", SECRET_KEY_FALLBACKS=[old]):
        assert tokens_in(browser) == before
        assert browser.get("/home/").content == b"home: tess"
        with keys("rotated"):  # the session itself still decodes; only the old key opens these
            assert tokens_in(browser) is None


def test_older_device_secret_keys_setting_still_names_the_keys(browser, cognito):
    """``DEVICE_SECRET_KEYS`` is read when ``ENCRYPTION_KEYS`` is not set, and loses to it."""
    cognito.add_user("tess")
    with override_settings(COGNITO_CHALLENGE_DEVICE_SECRET_KEYS=["legacy"]):
        sign_in_plain(browser, "tess")
        before = tokens_in(browser)
        assert before is not None
        with keys("new"):
            assert tokens_in(browser) is None
    assert tokens_in(browser) is None  # not under SECRET_KEY
    with keys("legacy"):
        assert tokens_in(browser) == before


@pytest.mark.parametrize("configured", ["a-long-secret", ["", "a-long-secret"]],
                         ids=["given-as-a-string", "after-an-empty-one"])
def test_tokens_are_encrypted_under_the_whole_secret_never_a_letter_or_nothing(
        browser, cognito, configured):
    """A string is one secret, not one per letter; an empty secret (an unset variable) is
    skipped: either would be a key anyone could guess."""
    cognito.add_user("tess")
    with override_settings(COGNITO_CHALLENGE_ENCRYPTION_KEYS=configured):
        sign_in_plain(browser, "tess")
        before = tokens_in(browser)
    with keys("a"):
        assert tokens_in(browser) is None
    with keys("a-long-secret"):
        assert tokens_in(browser) == before


@pytest.mark.parametrize("made_for", secretbox.PURPOSES,
                         ids=["device-password", "session-tokens", "pending-sign-in",
                              "mfa-enrolment", "pending-sign-up"])
def test_a_ciphertext_made_for_one_purpose_opens_for_no_other(made_for):
    """Under the same secrets, a remembered-device row's ciphertext cannot be replayed as a
    session's tokens or pending sign-in, nor the other way round."""
    sealed = secretbox.encrypt("secret", made_for)
    assert secretbox.decrypt(sealed, made_for) == "secret"
    for other in set(secretbox.PURPOSES) - {made_for}:
        assert secretbox.decrypt(sealed, other) is None
