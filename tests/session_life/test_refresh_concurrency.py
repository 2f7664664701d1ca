"""Parallel requests of one session refresh once: the others wait on the lock and adopt the
tokens the first one stored, so no request writes old tokens back or spends the refresh token
twice.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from django_cognito_challenge import refresh, session_tokens
from tests.browsers import Browser

from .conftest import (
    INTO_REFRESH_MARGIN,
    REFRESH,
    SESSION_ENDED,
    message_texts,
    session_store,
    sign_in_plain,
    stored,
)

CACHE_SESSIONS = "django.contrib.sessions.backends.cache"


def lock_key(client: Client) -> str:
    return f"cognito_challenge:refresh:{client.cookies[settings.SESSION_COOKIE_NAME].value}"


def same_session(client: Client) -> Client:
    """A second browser tab: another client carrying the same session cookie."""
    other = Browser()
    other.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return other


def get_in_thread(client: Client, results: dict, name: str) -> threading.Thread:
    def run() -> None:
        try:
            results[name] = client.get("/home/")
        finally:
            connection.close()  # this thread's own database connection

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


def wait_for(condition, timeout: float = 5.0) -> None:
    """Poll until ``condition()`` holds (synchronisation between threads, not a clock)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.005)


def request_tokens(response) -> session_tokens.StoredTokens | None:
    return session_tokens.load(response.wsgi_request)


@pytest.mark.django_db(transaction=True)  # the request threads must see the signed-in user
def test_two_parallel_requests_refresh_once_and_share_the_new_tokens(
        cognito, app_clock, settings, monkeypatch):
    settings.SESSION_ENGINE = CACHE_SESSIONS
    cognito.add_user("tess")
    first = Browser()
    sign_in_plain(first, "tess")
    second = same_session(first)
    old = stored(first)
    adopted = []
    real_adopt = refresh._adopt_stored_tokens
    monkeypatch.setattr(refresh, "_adopt_stored_tokens",
                        lambda request: adopted.append(1) or real_adopt(request))
    cognito.reset_calls()
    cognito.hang_next("InitiateAuth", 1.0)  # the server really waits: the requests overlap
    app_clock.advance(INTO_REFRESH_MARGIN)

    results: dict = {}
    threads = [get_in_thread(first, results, "first")]
    wait_for(lambda: cache.get(lock_key(first)) is not None)
    threads.append(get_in_thread(second, results, "second"))
    for thread in threads:
        thread.join(timeout=15)

    assert cognito.call_names() == [REFRESH]
    issued = cognito.calls[0].response["AuthenticationResult"]
    assert results["first"].content == results["second"].content == b"home: tess"
    assert adopted == [1]  # the second request waited and took the stored tokens
    for name in ("first", "second"):
        tokens = request_tokens(results[name])
        assert tokens.access_token == issued["AccessToken"] != old.access_token
        assert tokens.refresh_token == old.refresh_token
    assert stored(first).access_token == issued["AccessToken"]
    assert cache.get(lock_key(first)) is None
    cognito.reset_calls()
    assert second.get("/home/").content == b"home: tess"
    assert cognito.calls == []


def test_lock_is_released_only_after_the_new_tokens_are_saved(
        browser, cognito, app_clock, monkeypatch):
    """A waiting request wakes when the lock goes: the new tokens must be in the store then,
    or it reads the old ones and ends a session that was just refreshed."""
    cognito.add_user("tess")
    sign_in_plain(browser, "tess")
    seen_at_release = []

    class WatchedCache:
        add, get = cache.add, cache.get

        def delete(self, key):
            seen_at_release.append(session_store(browser).get(session_tokens.EXPIRES_KEY))
            return cache.delete(key)

    monkeypatch.setattr(refresh, "cache", WatchedCache())
    app_clock.advance(INTO_REFRESH_MARGIN)
    assert browser.get("/home/").content == b"home: tess"
    assert cognito.call_names()[-1] == REFRESH
    assert seen_at_release == [stored(browser).expires_at]


def hold_the_lock(browser, monkeypatch, *, then) -> list[float]:
    """Hold the refresh lock as "another request" would; at the first wait, run ``then``
    and let the lock go. Returns the waits (no real time passes)."""
    key = lock_key(browser)
    assert cache.add(key, "1")
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 1:
            then()
            cache.delete(key)

    monkeypatch.setattr(refresh, "time", SimpleNamespace(monotonic=time.monotonic, sleep=sleep))
    return waits


def test_waiting_request_adopts_tokens_the_other_stored_without_calling_cognito(
        browser, cognito, app_clock, monkeypatch, jwt_decodes):
    cognito.add_user("tess")
    sign_in_plain(browser, "tess")
    old = stored(browser)
    fresh = cognito.boto3_client().initiate_auth(  # what "the other request" got
        AuthFlow="REFRESH_TOKEN_AUTH", ClientId=cognito.client_id,
        AuthParameters={"REFRESH_TOKEN": old.refresh_token})["AuthenticationResult"]
    app_clock.advance(INTO_REFRESH_MARGIN)
    theirs = replace(old, id_token=fresh["IdToken"], access_token=fresh["AccessToken"],
                     expires_at=old.expires_at + INTO_REFRESH_MARGIN)

    def other_request_stores_its_tokens() -> None:
        store = session_store(browser)
        session_tokens.store(SimpleNamespace(session=store), theirs)
        store.save()

    waits = hold_the_lock(browser, monkeypatch, then=other_request_stores_its_tokens)
    cognito.reset_calls()
    jwt_decodes.clear()
    response = browser.get("/home/")

    assert response.content == b"home: tess"
    assert waits == [refresh.WAIT_STEP]
    assert cognito.calls == []
    assert jwt_decodes == []
    assert stored(browser) == theirs
    assert request_tokens(response) == theirs


def test_waiting_request_ends_the_session_when_the_other_refresh_failed(
        browser, cognito, app_clock, monkeypatch):
    cognito.add_user("tess")
    sign_in_plain(browser, "tess")
    app_clock.advance(INTO_REFRESH_MARGIN)
    waits = hold_the_lock(browser, monkeypatch, then=lambda: None)  # nothing new was stored
    cognito.reset_calls()
    response = browser.get("/home/")
    assert waits == [refresh.WAIT_STEP]
    assert response.content == b"home: anonymous"
    assert cognito.calls == []
    assert message_texts(response) == [SESSION_ENDED]
