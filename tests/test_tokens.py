"""Token verification: real tokens from the local Cognito, forged ones, and the JWKS fetch budget.

JWKS fetches are counted as the GETs the local Cognito served (its request log), so the tests see
what the network sees. Time for the refetch budget moves through ``jwks._now()``, the key set's
clock seam; PyJWT's own ``exp``/``iat`` checks use the real clock, so expiry is tested with tokens
signed by the pool's key whose ``exp`` is already past.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache

from django_cognito_challenge.cognito import jwks, tokens
from django_cognito_challenge.cognito.errors import ServiceUnavailable, TokenInvalid
from django_cognito_challenge.testing import signing
from django_cognito_challenge.testing.fixture import DEFAULT_PASSWORD, LocalCognitoFixture
from django_cognito_challenge.testing.models import new_rsa_key

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

    class Clock:
        at = time.time()

        def advance(self, seconds: float) -> None:
            self.at += seconds

    moved = Clock()
    monkeypatch.setattr(jwks, "_now", lambda: moved.at)
    return moved


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


def test_id_token_verifies_and_carries_who_signed_in(cognito, alice):
    claims = tokens.verify_id_token(alice["IdToken"])
    assert claims.sub == cognito.user("alice").sub
    assert (claims.username, claims.email, claims.name) == ("alice", "alice@example.com", "Alice")
    assert claims.email_verified is True
    assert claims.groups == ("staff",)
    assert (claims.token_use, claims.issuer) == ("id", cognito.issuer)
    assert claims.expires_at == claims_of(alice["IdToken"])["exp"] > time.time()
    assert claims.origin_jti == claims_of(alice["IdToken"])["origin_jti"]
    assert isinstance(claims.auth_time, int)
    assert claims.raw["aud"] == cognito.client_id


def test_access_token_verifies_as_an_access_token(cognito, alice):
    claims = tokens.verify_access_token(alice["AccessToken"])
    assert (claims.username, claims.token_use, claims.groups) == ("alice", "access", ("staff",))
    assert claims.sub == cognito.user("alice").sub
    assert claims.raw["client_id"] == cognito.client_id


@pytest.mark.parametrize(("token_name", "verify"), [
    ("AccessToken", tokens.verify_id_token), ("IdToken", tokens.verify_access_token),
])
def test_token_of_the_other_kind_is_refused(alice, token_name, verify):
    assert refused(verify, alice[token_name]) == "wrong token_use"


@pytest.mark.parametrize(("token_name", "verify", "detail"), [
    ("IdToken", tokens.verify_id_token, "wrong audience"),
    ("AccessToken", tokens.verify_access_token, "wrong client"),
])
def test_tokens_of_another_app_client_of_the_pool_are_refused(
    cognito, settings, token_name, verify, detail
):
    ours = cognito.client_id
    cognito.add_user("mallory")
    cognito.use_client()
    theirs = sign_in(cognito, "mallory")[token_name]
    assert verify(theirs).username == "mallory"  # valid for the client it was issued to
    settings.COGNITO_CHALLENGE_CLIENT_ID = ours
    assert refused(verify, theirs) == detail


# -- time and required claims ---------------------------------------------------------------


def test_expired_token_is_refused(cognito, alice):
    now = int(time.time())
    token = forge(cognito, alice["IdToken"], iat=now - 3600, exp=now - 1)
    assert refused(tokens.verify_id_token, token) == "expired"


def test_leeway_admits_a_token_that_just_expired(cognito, settings, alice):
    now = int(time.time())
    token = forge(cognito, alice["IdToken"], iat=now - 3600, exp=now - 10)
    settings.COGNITO_CHALLENGE_TOKEN_LEEWAY = 30
    assert tokens.verify_id_token(token).username == "alice"
    settings.COGNITO_CHALLENGE_TOKEN_LEEWAY = 0
    assert refused(tokens.verify_id_token, token) == "expired"


def test_token_issued_in_the_future_is_refused(cognito, alice):
    token = forge(cognito, alice["IdToken"], iat=int(time.time()) + 600)
    assert refused(tokens.verify_id_token, token) == "not yet valid"


@pytest.mark.parametrize("claim", ["exp", "iat", "iss", "sub", "token_use"])
def test_token_missing_a_required_claim_is_refused(cognito, alice, claim):
    token = forge(cognito, alice["IdToken"], **{claim: None})
    assert refused(tokens.verify_id_token, token) == f"missing {claim}"


# -- forgeries ------------------------------------------------------------------------------


def test_alg_none_is_refused_before_any_key_is_fetched(cognito, alice, jwks_gets):
    claims = claims_of(alice["IdToken"])
    token = f"{b64({'alg': 'none', 'kid': cognito.pool.key_id})}.{b64(claims)}."
    assert refused(tokens.verify_id_token, token) == "algorithm not allowed"
    assert jwks_gets() == []


def test_hs256_signed_with_the_public_key_is_refused(cognito, alice, jwks_gets):
    pem = cognito.pool.signing_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    signed = f"{b64({'alg': 'HS256', 'kid': cognito.pool.key_id})}."
    signed += b64(claims_of(alice["IdToken"]))
    mac = hmac.new(pem, signed.encode(), hashlib.sha256).digest()
    assert refused(tokens.verify_id_token, f"{signed}.{b64(mac)}") == "algorithm not allowed"
    assert jwks_gets() == []


def test_tampered_payload_is_refused(alice):
    header, _payload, signature = alice["IdToken"].split(".")
    claims = {**claims_of(alice["IdToken"]), "cognito:groups": ["staff", "admins"]}
    token = f"{header}.{b64(claims)}.{signature}"
    assert refused(tokens.verify_id_token, token) == "bad signature"


def test_another_key_under_the_pool_kid_is_refused(cognito, alice):
    token = forge(cognito, alice["IdToken"], key=ATTACKER_KEY)
    assert refused(tokens.verify_id_token, token) == "bad signature"


def test_unknown_kid_is_refused(cognito, alice):
    token = forge(cognito, alice["IdToken"], key=ATTACKER_KEY, kid="attacker")
    assert refused(tokens.verify_id_token, token) == "unknown kid"


@pytest.mark.parametrize("issuer", [
    "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other",
    "{issuer}/", "{issuer}x", "{issuer_prefix}",
])
def test_token_with_another_issuer_is_refused_even_under_the_pool_key(cognito, alice, issuer):
    iss = issuer.format(issuer=cognito.issuer, issuer_prefix=cognito.issuer[:-1])
    token = forge(cognito, alice["IdToken"], iss=iss)
    assert refused(tokens.verify_id_token, token) == "wrong issuer"


def test_token_of_another_pool_is_refused_and_its_keys_never_fetched(cognito, jwks_gets):
    other = LocalCognitoFixture(cognito.server)
    try:
        other.add_user("alice")
        theirs = sign_in(other)["IdToken"]
        assert refused(tokens.verify_id_token, theirs) == "unknown kid"
    finally:
        other.close()
    assert jwks_gets() == [f"/{cognito.pool_id}/.well-known/jwks.json"]


def test_keys_named_in_the_token_header_are_ignored(cognito, alice, jwks_gets):
    other = cognito.backend.create_pool("attacker")
    try:
        jku = f"{cognito.endpoint_url}/{other.pool_id}/.well-known/jwks.json"
        token = forge(cognito, alice["IdToken"], key=other.signing_key, kid=other.key_id,
                      headers={"jku": jku, "x5u": jku, "jwk": signing.jwks(other)["keys"][0]})
        assert refused(tokens.verify_id_token, token) == "unknown kid"
    finally:
        cognito.backend.pools.pop(other.pool_id)
    assert jwks_gets() == [f"/{cognito.pool_id}/.well-known/jwks.json"]


@pytest.mark.parametrize(("token", "detail"), [
    ("", "malformed"), ("abc", "malformed"), ("a.b.c", "malformed"),
    ("e30.e30.", "algorithm not allowed"),  # {} as header: no alg at all
])
def test_garbage_is_refused(alice, token, detail):
    assert refused(tokens.verify_id_token, token) == detail


def test_token_without_kid_is_refused(cognito, alice):
    token = jwt.encode(claims_of(alice["IdToken"]), cognito.pool.signing_key, algorithm="RS256")
    assert refused(tokens.verify_id_token, token) == "missing kid"


# -- the JWKS and its fetch budget ----------------------------------------------------------


def test_many_verifications_fetch_the_jwks_once_into_the_django_cache(cognito, alice, jwks_gets):
    for _ in range(20):
        tokens.verify_id_token(alice["IdToken"])
        tokens.verify_access_token(alice["AccessToken"])
    assert jwks_gets() == [f"/{cognito.pool_id}/.well-known/jwks.json"]
    url = f"{cognito.issuer}/.well-known/jwks.json"
    key = "cognito_challenge:jwks:v2:" + hashlib.sha256(url.encode()).hexdigest()[:32]
    assert sorted(cache.get(key)["keys"]) == sorted(
        [cognito.pool.key_id, cognito.pool.access_key.kid])
    cache.clear()
    jwks.forget_keys()  # a new process, and an emptied cache
    tokens.verify_id_token(alice["IdToken"])
    assert len(jwks_gets()) == 2


def test_another_process_takes_the_keys_from_the_shared_cache(cognito, alice, jwks_gets):
    tokens.verify_id_token(alice["IdToken"])
    jwks.forget_keys()  # what a second process starts with: only the Django cache
    tokens.verify_id_token(alice["IdToken"])
    assert len(jwks_gets()) == 1


def test_a_process_verifies_from_its_own_keys_without_reading_the_cache(
        cognito, alice, jwks_gets, monkeypatch):
    tokens.verify_id_token(alice["IdToken"])
    monkeypatch.setattr(jwks, "cache", None)  # any cache read would now raise
    for _ in range(5):
        assert tokens.verify_id_token(alice["IdToken"]).username == "alice"
    assert len(jwks_gets()) == 1


def test_a_process_fetches_again_once_its_keys_are_as_old_as_the_cache_keeps_them(
        cognito, alice, jwks_gets, clock, settings):
    settings.COGNITO_CHALLENGE_JWKS_CACHE_SECONDS = 600
    tokens.verify_id_token(alice["IdToken"])
    clock.advance(599)
    tokens.verify_id_token(alice["IdToken"])
    assert len(jwks_gets()) == 1
    clock.advance(2)  # the Django cache's copy has expired too (its timeout is the same)
    cache.clear()
    tokens.verify_id_token(alice["IdToken"])
    assert len(jwks_gets()) == 2


def test_another_process_shares_the_refetch_budget(cognito, alice, jwks_gets):
    tokens.verify_id_token(alice["IdToken"])
    jwks.forget_keys()  # a second process: the first one's fetch is in the shared cache
    for _ in range(20):
        forged = forge(cognito, alice["IdToken"], key=ATTACKER_KEY, kid=secrets.token_hex(8))
        with pytest.raises(TokenInvalid, match="unknown kid"):
            tokens.verify_id_token(forged)
    assert len(jwks_gets()) == 1


def test_unknown_kid_storm_right_after_a_fetch_fetches_nothing(cognito, alice, jwks_gets):
    tokens.verify_id_token(alice["IdToken"])
    for _ in range(50):
        forged = forge(cognito, alice["IdToken"], key=ATTACKER_KEY, kid=secrets.token_hex(8))
        assert refused(tokens.verify_id_token, forged) == "unknown kid"
    assert len(jwks_gets()) == 1


def test_unknown_kid_storm_refetches_once_per_interval(cognito, alice, jwks_gets, clock):
    tokens.verify_id_token(alice["IdToken"])
    clock.advance(11)
    for _ in range(50):
        forged = forge(cognito, alice["IdToken"], key=ATTACKER_KEY, kid=secrets.token_hex(8))
        assert refused(tokens.verify_id_token, forged) == "unknown kid"
    assert len(jwks_gets()) == 2
    clock.advance(9)
    assert refused(tokens.verify_id_token, forged) == "unknown kid"
    assert len(jwks_gets()) == 2
    clock.advance(2)
    assert refused(tokens.verify_id_token, forged) == "unknown kid"
    assert len(jwks_gets()) == 3
    assert tokens.verify_id_token(alice["IdToken"]).username == "alice"
    assert len(jwks_gets()) == 3


def test_rotated_pool_key_is_picked_up_once_the_interval_has_passed(cognito, alice, clock):
    tokens.verify_id_token(alice["IdToken"])
    cognito.configure_pool(signing_key=new_rsa_key(), key_id="rotated")
    rotated = sign_in(cognito)["IdToken"]
    assert refused(tokens.verify_id_token, rotated) == "unknown kid"
    clock.advance(10)
    assert tokens.verify_id_token(rotated).username == "alice"
    assert refused(tokens.verify_id_token, alice["IdToken"]) == "unknown kid"


def test_refetch_interval_follows_the_setting(cognito, settings, alice, jwks_gets, clock):
    settings.COGNITO_CHALLENGE_JWKS_REFETCH_INTERVAL = 60
    tokens.verify_id_token(alice["IdToken"])
    forged = forge(cognito, alice["IdToken"], key=ATTACKER_KEY, kid="attacker")
    clock.advance(30)
    refused(tokens.verify_id_token, forged)
    assert len(jwks_gets()) == 1
    clock.advance(30)
    refused(tokens.verify_id_token, forged)
    assert len(jwks_gets()) == 2


@pytest.mark.parametrize("issuer", ["{endpoint}/eu-west-1_missing", "http://127.0.0.1:1/pool"])
def test_jwks_fetch_failure_is_service_unavailable(cognito, settings, alice, issuer):
    settings.COGNITO_CHALLENGE_ISSUER = issuer.format(endpoint=cognito.endpoint_url)
    with pytest.raises(ServiceUnavailable):
        tokens.verify_id_token(alice["IdToken"])


def test_failed_fetch_is_not_retried_within_the_interval(
    cognito, settings, alice, jwks_gets, clock
):
    settings.COGNITO_CHALLENGE_ISSUER = f"{cognito.endpoint_url}/eu-west-1_missing"
    for _ in range(5):
        with pytest.raises(ServiceUnavailable):
            tokens.verify_id_token(alice["IdToken"])
    assert jwks_gets() == ["/eu-west-1_missing/.well-known/jwks.json"]
    clock.advance(10)
    with pytest.raises(ServiceUnavailable):
        tokens.verify_id_token(alice["IdToken"])
    assert len(jwks_gets()) == 2
