"""Fixtures for the token tests: real tokens from the local Cognito, forged ones, and the JWKS
GETs the local Cognito served.

JWKS fetches are counted as the GETs the local Cognito served (its request log), so the tests see
what the network sees. Time for the refetch budget moves through ``jwks._now()``, the key set's
clock seam; PyJWT's own ``exp``/``iat`` checks use the real clock, so expiry is tested with tokens
signed by the pool's key whose ``exp`` is already past.
"""


from __future__ import annotations

import base64
import json
import logging

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache

from django_cognito_challenge.cognito import jwks
from django_cognito_challenge.cognito.errors import TokenInvalid
from django_cognito_challenge.testing.fixture import DEFAULT_PASSWORD

from ..clocks import stand_still

ATTACKER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    jwks.forget_keys()
    yield
    cache.clear()
    jwks.forget_keys()


@pytest.fixture
def jwks_gets(caplog):
    """Return a function listing the JWKS paths the local Cognito served so far."""
    caplog.set_level(logging.DEBUG, logger="django_cognito_challenge.testing.server")

    def paths() -> list[str]:
        lines = [r.getMessage().split('"')[1] for r in caplog.records if '"GET ' in r.getMessage()]
        return [line.split()[1] for line in lines if "jwks.json" in line]

    return paths


@pytest.fixture
def clock(monkeypatch):
    """The key set's ``_now()``, moved with ``clock.advance(seconds)``."""
    return stand_still(monkeypatch, jwks, "_now")


@pytest.fixture
def alice(cognito):
    """Alice's AuthenticationResult from a USER_PASSWORD_AUTH sign-in."""
    cognito.add_user("alice", groups=("staff",), attributes={
        "email": "alice@example.com", "email_verified": "true", "name": "Alice"})
    return sign_in(cognito)


def sign_in(cognito, username: str = "alice") -> dict:
    result = cognito.boto3_client().initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH", ClientId=cognito.client_id,
        AuthParameters={"USERNAME": username, "PASSWORD": DEFAULT_PASSWORD})
    return result["AuthenticationResult"]


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def forge(cognito, token: str, *, key=None, kid=None, headers=None, **changes) -> str:
    """Re-sign ``token``'s claims with ``changes`` (``None`` drops a claim), RS256."""
    claims = {k: v for k, v in {**claims_of(token), **changes}.items() if v is not None}
    header = {"kid": kid or cognito.pool.key_id, **(headers or {})}
    return jwt.encode(claims, key or cognito.pool.signing_key, algorithm="RS256", headers=header)


def b64(data: dict | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def refused(verify, token: str) -> str:
    with pytest.raises(TokenInvalid) as caught:
        verify(token)
    return caught.value.detail


# -- real tokens ----------------------------------------------------------------------------
