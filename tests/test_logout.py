"""Sign-out: POST only, the local session flushed, Cognito's refresh token revoked.

ASVS 5.0 ids are named in each test's docstring (see the security checklist).
"""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.test import Client

from tests.browsers import Browser

PASSWORD = "Demo-Pass-1!"


@pytest.fixture
def signed_in(db, cognito) -> Client:
    """A browser signed in as ``tess`` (no MFA)."""
    cognito.add_user("tess")
    client = Browser()
    response = client.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    assert response["Location"] == "/home/"
    assert client.get("/home/").content == b"home: tess"
    return client


def issued(cognito) -> dict[str, str]:
    """The AuthenticationResult of the sign-in."""
    results = [c.response["AuthenticationResult"] for c in cognito.calls
               if "AuthenticationResult" in c.response]
    assert len(results) == 1
    return results[0]


def refresh(cognito, refresh_token: str):
    return cognito.boto3_client().initiate_auth(
        AuthFlow="REFRESH_TOKEN_AUTH", ClientId=cognito.client_id,
        AuthParameters={"REFRESH_TOKEN": refresh_token})


def test_get_logout_is_refused_and_keeps_the_session(signed_in, cognito):
    """ASVS 3.5.3: signing out is not a GET (a link or an image cannot do it)."""
    cognito.reset_calls()
    assert signed_in.get("/accounts/logout/").status_code == 405
    assert signed_in.get("/home/").content == b"home: tess"
    assert cognito.calls == []


def test_logout_flushes_the_session_so_the_old_cookie_is_anonymous(signed_in):
    """ASVS 7.4.1: the server-side session ends; replaying its cookie gets nobody."""
    old = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    response = signed_in.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "no-store" in response["Cache-Control"]
    assert signed_in.get("/home/").content == b"home: anonymous"
    replay = Browser()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old
    assert replay.get("/home/").content == b"home: anonymous"


def test_logout_revokes_the_refresh_token_at_cognito(signed_in, cognito):
    """ASVS 7.4.1: the refresh token the app held is revoked and Cognito then refuses it."""
    token = issued(cognito)["RefreshToken"]
    assert "AuthenticationResult" in refresh(cognito, token)  # usable until sign-out
    cognito.reset_calls()
    signed_in.post("/accounts/logout/")
    assert cognito.call_names() == ["RevokeToken"]
    assert cognito.calls[0].request["Token"] == token
    assert cognito.calls[0].request["ClientId"] == cognito.client_id
    assert cognito.calls[0].error is None
    client = cognito.boto3_client()
    with pytest.raises(client.exceptions.NotAuthorizedException):
        refresh(cognito, token)


def test_logout_with_a_client_secret_revokes_with_the_secret(db, cognito):
    """RevokeToken for a client with a secret carries ClientSecret (else Cognito refuses it)."""
    cognito.use_client(generate_secret=True)
    cognito.add_user("tess")
    client = Browser()
    assert client.post("/accounts/login/", {"username": "tess", "password": PASSWORD}
                       )["Location"] == "/home/"
    token = issued(cognito)["RefreshToken"]
    cognito.reset_calls()
    client.post("/accounts/logout/")
    assert cognito.call_names() == ["RevokeToken"]
    assert cognito.calls[0].request["Token"] == token
    assert cognito.calls[0].request["ClientSecret"] == cognito.client_secret
    assert cognito.calls[0].error is None


def test_global_sign_out_setting_also_ends_other_sessions(signed_in, cognito, settings):
    """ASVS 7.4.1 / 7.4.3: with GLOBAL_SIGN_OUT, GlobalSignOut ends every session of the person,
    including another browser's refresh token."""
    settings.COGNITO_CHALLENGE_GLOBAL_SIGN_OUT = True
    tokens = issued(cognito)
    elsewhere = cognito.boto3_client().initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH", ClientId=cognito.client_id,
        AuthParameters={"USERNAME": "tess", "PASSWORD": PASSWORD})["AuthenticationResult"]
    cognito.reset_calls()
    signed_in.post("/accounts/logout/")
    assert cognito.call_names() == ["GlobalSignOut", "RevokeToken"]
    assert cognito.calls[0].request["AccessToken"] == tokens["AccessToken"]
    assert [c.error for c in cognito.calls] == [None, None]
    client = cognito.boto3_client()
    with pytest.raises(client.exceptions.NotAuthorizedException):
        refresh(cognito, elsewhere["RefreshToken"])
    assert signed_in.get("/home/").content == b"home: anonymous"


def test_cognito_failure_during_logout_still_signs_out_locally(signed_in, cognito, caplog):
    """ASVS 7.4.1: a Cognito outage never keeps a person signed in here; it is logged."""
    cognito.fail_next("RevokeToken", "InternalErrorException")
    old = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    with caplog.at_level(logging.WARNING, logger="django_cognito_challenge"):
        response = signed_in.post("/accounts/logout/")
    assert response.status_code == 302
    assert cognito.calls[-1].operation == "RevokeToken"
    assert cognito.calls[-1].error == "InternalErrorException"
    assert signed_in.get("/home/").content == b"home: anonymous"
    replay = Browser()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old
    assert replay.get("/home/").content == b"home: anonymous"
    assert "sign-out of tess incomplete: unavailable" in caplog.text
    assert issued(cognito)["RefreshToken"] not in caplog.text


def test_logout_without_a_session_just_redirects(db, cognito):
    """An anonymous POST to sign-out calls nobody and lands on the sign-in page."""
    response = Browser().post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert cognito.calls == []
