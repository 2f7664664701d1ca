"""The key set: fetched once into the shared cache, parsed once per process, refetched at most
once per interval for an unknown kid, and out of reach as "unavailable"."""

from __future__ import annotations

import hashlib
import secrets

import pytest
from django.core.cache import cache

from django_cognito_challenge.cognito import jwks, tokens
from django_cognito_challenge.cognito.errors import ServiceUnavailable, TokenInvalid
from django_cognito_challenge.testing.keys import new_rsa_key

from .conftest import ATTACKER_KEY, forge, refused, sign_in


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
