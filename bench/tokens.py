"""ID token verification against raw PyJWT, and how many JWKS fetches it makes.

- Verifying an ID token (``verify_id_token``: header, key lookup, signature, claims, the
  ``Claims`` object) against ``jwt.decode`` with the same key already parsed and the same checks
  (issuer, audience, the required claims): the least any verifier has to do.
- JWKS fetches from a cold process for 1,000 verifications of good tokens: one.
- A storm of 10,000 tokens with random ``kid`` s (well-formed, each refused as "unknown kid")
  spread over 60 s of the app's clock: at most one fetch per ``JWKS_REFETCH_INTERVAL`` (10 s).
"""

from __future__ import annotations

import base64
import json
import math
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from .django_env import local_cognito
from .measure import Figure, at_most, at_most_value, compared, exactly

USERNAME = "bench-user"
PASSWORD = "Demo-Pass-1!"
STORM_TOKENS = 10_000
STORM_SECONDS = 60


def run(options) -> list[Figure]:
    import jwt

    from django_cognito_challenge.cognito import jwks, tokens
    from django_cognito_challenge.conf import app_settings

    with local_cognito() as cognito:
        cognito.add_user(USERNAME, PASSWORD)
        id_token = sign_in(cognito)
        with counting_fetches(jwks) as fetches:
            for _ in range(1000):
                tokens.verify_id_token(id_token)
        cold = Figure("JWKS fetches, cold process, 1,000 verifications", len(fetches),
                      "fetches", goal=exactly(1))
        keys = jwks._fetch_jwks(app_settings.JWKS_URL)  # the app's own fetch, not counted
        key = jwt.PyJWK(keys[jwt.get_unverified_header(id_token)["kid"]])
        options_ = {"require": list(tokens.REQUIRED_CLAIMS)}

        def raw_pyjwt():
            jwt.decode(id_token, key, algorithms=["RS256"], issuer=cognito.issuer,
                       audience=cognito.client_id, options=options_)

        speed = compared(
            "ID token verification", lambda: tokens.verify_id_token(id_token), raw_pyjwt,
            baseline_name="PyJWT decode, key preloaded", goal=at_most(1.2),
            repeats=9 if options.quick else 31, number=200, unit="us")
        return [speed, cold, storm(tokens, jwks, id_token)]


def sign_in(cognito) -> str:
    reply = cognito.boto3_client().initiate_auth(
        ClientId=cognito.client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD})
    return reply["AuthenticationResult"]["IdToken"]


def storm(tokens, jwks, id_token: str) -> Figure:
    """``STORM_TOKENS`` forged tokens, each with a new random kid, over ``STORM_SECONDS``."""
    from django_cognito_challenge.cognito.errors import TokenInvalid
    from django_cognito_challenge.conf import app_settings

    _header, payload, signature = id_token.split(".")
    step = STORM_SECONDS / STORM_TOKENS
    refused = 0
    with counting_fetches(jwks) as fetches, moving_clock() as moved:
        for _ in range(STORM_TOKENS):
            moved[0] += step
            try:
                tokens.verify_id_token(f"{random_kid_header()}.{payload}.{signature}")
            except TokenInvalid:
                refused += 1
    interval = app_settings.JWKS_REFETCH_INTERVAL
    allowed = math.ceil(STORM_SECONDS / interval)
    return Figure(
        f"JWKS fetches, {STORM_TOKENS:,} random kids over {STORM_SECONDS} s", len(fetches),
        "fetches", goal=at_most_value(allowed),
        note=f"{refused:,} of {STORM_TOKENS:,} refused; at most one fetch per {interval} s",
        details={"refused": refused})


def random_kid_header() -> str:
    header = {"alg": "RS256", "kid": secrets.token_urlsafe(16)}
    return base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()


@contextmanager
def moving_clock() -> Iterator[list[float]]:
    """The app's clock, moved forward by adding to the list's one number."""
    from django_cognito_challenge import clock

    real_now, moved = clock.now, [0.0]
    clock.now = lambda: real_now() + moved[0]
    try:
        yield moved
    finally:
        clock.now = real_now


@contextmanager
def counting_fetches(jwks) -> Iterator[list[str]]:
    """Count the module's one network call, the JWKS GET."""
    seen: list[str] = []
    real = jwks._fetch_jwks

    def fetch(url):
        seen.append(url)
        return real(url)

    jwks._fetch_jwks = fetch
    try:
        yield seen
    finally:
        jwks._fetch_jwks = real
