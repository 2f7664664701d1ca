"""ID and access tokens verified: who signed in, and every way a token is refused."""

from __future__ import annotations

import hashlib
import hmac
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from django_cognito_challenge.cognito import tokens
from django_cognito_challenge.testing import signing
from django_cognito_challenge.testing.fixture import LocalCognitoFixture

from .conftest import ATTACKER_KEY, b64, claims_of, forge, refused, sign_in


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


