"""Two parallel requests of one session refresh once, even when they land on two server
processes: the refresh lock lives in the cache the processes share (Redis), like the sessions.

The tokens are made due by rewriting ``cognito_challenge.expires_at`` (what the middleware reads
to decide) in the shared session to a past time, from the test process through Django's cache
session store on the same Redis. The servers run on real time, so there is no app clock to move
across processes, and nothing else about the session changes.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.cache import caches

from django_cognito_challenge import session_tokens

from .conftest import HTTP_TIMEOUT, AppServer, get_home, sign_in

REFRESH = "InitiateAuth:REFRESH_TOKEN_AUTH"
SIGN_IN = ["InitiateAuth:USER_SRP_AUTH", "RespondToAuthChallenge:PASSWORD_VERIFIER"]


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    sent: float  # time.monotonic() in the test process, to show the requests overlapped
    received: float


def get_home_at_once(servers: list[AppServer], session_key: str) -> list[Answer]:
    """GET /home/ on every server at the same moment, one thread each, one session cookie."""
    start = threading.Barrier(len(servers))

    def get(server: AppServer) -> Answer:
        start.wait(timeout=10)
        sent = time.monotonic()
        status, body = get_home(server, session_key)
        return Answer(status, body, sent, time.monotonic())

    with ThreadPoolExecutor(len(servers)) as pool:
        futures = [pool.submit(get, server) for server in servers]
        return [future.result(timeout=HTTP_TIMEOUT + 10) for future in futures]


def tokens_in(store) -> session_tokens.StoredTokens:
    tokens = session_tokens.load(SimpleNamespace(session=store))
    assert tokens is not None
    return tokens


def sign_in_and_make_due(cognito, server: AppServer, redis_sessions) -> tuple[str, object]:
    """Sign tess in through ``server``; move the expiry the app reads into the past."""
    cognito.add_user("tess")
    session_key = sign_in(server, "tess")
    assert cognito.call_names() == SIGN_IN
    store = redis_sessions(session_key)
    old = tokens_in(store)
    store[session_tokens.EXPIRES_KEY] = time.time() - 1
    store.save()
    cognito.reset_calls()
    return session_key, old


def test_parallel_requests_on_two_processes_refresh_once_through_the_shared_lock(
        cognito, app_servers, redis_sessions):
    server_a, server_b = app_servers()
    session_key, old = sign_in_and_make_due(cognito, server_a, redis_sessions)
    cognito.hang_next("InitiateAuth", 1.0)  # a slow refresh: the other request must wait

    answers = get_home_at_once([server_a, server_b], session_key)

    assert max(a.sent for a in answers) < min(a.received for a in answers)  # both in flight
    assert [(a.status, a.body) for a in answers] == [(200, b"home: tess")] * 2
    assert cognito.call_names() == [REFRESH]
    issued = cognito.calls[0].response["AuthenticationResult"]
    store = redis_sessions(session_key)
    new = tokens_in(store)
    assert new.access_token == issued["AccessToken"] != old.access_token
    assert new.refresh_token == old.refresh_token
    assert store[session_tokens.EXPIRES_KEY] == new.expires_at > old.expires_at
    assert caches["sessions"].get(f"cognito_challenge:refresh:{session_key}") is None


def test_without_a_shared_lock_cache_each_process_refreshes_on_its_own(
        cognito, app_servers, redis_sessions):
    """Why the lock needs a cache all processes share: sessions in Redis, but each process
    locking in its own memory (LocMemCache), and the same two requests refresh twice."""
    server_a, server_b = app_servers(lock_cache="locmem")
    session_key, old = sign_in_and_make_due(cognito, server_a, redis_sessions)
    cognito.hang_next("InitiateAuth", 1.0, times=2)

    answers = get_home_at_once([server_a, server_b], session_key)

    assert max(a.sent for a in answers) < min(a.received for a in answers)
    assert [(a.status, a.body) for a in answers] == [(200, b"home: tess")] * 2
    assert cognito.call_names() == [REFRESH, REFRESH]
    assert tokens_in(redis_sessions(session_key)).access_token != old.access_token
