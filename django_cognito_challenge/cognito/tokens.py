"""Verify Cognito ID and access tokens with the pool's keys, fetched only from the configured URL.

The JWKS lives in the Django cache so every process shares one copy and one refetch budget: an
unknown ``kid`` triggers at most one fetch per ``JWKS_REFETCH_INTERVAL``, so a storm of forged
tokens cannot become a storm of fetches.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

import jwt
from django.core.cache import cache

from .. import clock
from ..conf import app_settings
from .errors import ServiceUnavailable, TokenInvalid

logger = logging.getLogger(__name__)

ALGORITHM = "RS256"
REQUIRED_CLAIMS = ("exp", "iat", "iss", "sub", "token_use")
CACHE_PREFIX = "cognito_challenge:jwks:"
FETCH_TIMEOUT = 5.0  # seconds per socket operation: a JWKS fetch blocks a request
MAX_JWKS_BYTES = 64 * 1024

# Most specific first: InvalidSignatureError is a DecodeError.
_ERROR_DETAILS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    (jwt.ExpiredSignatureError, "expired"),
    (jwt.ImmatureSignatureError, "not yet valid"),
    (jwt.InvalidIssuerError, "wrong issuer"),
    (jwt.InvalidSignatureError, "bad signature"),
    (jwt.InvalidAlgorithmError, "algorithm not allowed"),
    (jwt.DecodeError, "malformed"),
)


@dataclass(frozen=True)
class Claims:
    """The verified claims of a Cognito ID or access token.

    Every claim, custom attributes included (``raw["custom:tenant"]``), is in ``raw``.
    """

    sub: str  #: the person's stable id in the pool: with ``issuer``, what a local user is linked by
    issuer: str  #: ``iss``: the pool's issuer URL
    username: str  #: ``cognito:username`` (ID token) or ``username`` (access token)
    email: str  #: ``email``, or ``""``
    email_verified: bool  #: ``email_verified``
    name: str  #: ``name``, or ``""``
    groups: tuple[str, ...]  #: ``cognito:groups``
    token_use: str  #: ``id`` or ``access``
    expires_at: int  #: ``exp``, seconds since the epoch
    auth_time: int | None  #: ``auth_time``: when the person signed in (refreshes keep it)
    origin_jti: str  #: ``origin_jti``: shared by the tokens of one sign-in and its refreshes
    raw: Mapping[str, Any] = field(repr=False, compare=False)  #: every claim, as verified


def verify_id_token(token: str) -> Claims:
    """Verify an ID token issued to this app client; raise ``TokenInvalid`` otherwise."""
    claims = _decode(token)
    _expect(claims, "token_use", "id", "wrong token_use")
    _expect(claims, "aud", app_settings.CLIENT_ID, "wrong audience")
    return _to_claims(claims)


def verify_access_token(token: str) -> Claims:
    """Verify an access token issued to this app client; raise ``TokenInvalid`` otherwise."""
    claims = _decode(token)
    _expect(claims, "token_use", "access", "wrong token_use")
    # SECURITY: access tokens carry no aud; without this check any client of the pool would do.
    _expect(claims, "client_id", app_settings.CLIENT_ID, "wrong client")
    return _to_claims(claims)


def _now() -> float:
    """Return the current time (the app's clock); tests may also override this seam."""
    return clock.now()


# -- verification ---------------------------------------------------------------------------


def _decode(token: str) -> dict[str, Any]:
    key = _signing_key(token)
    try:
        # SECURITY: a str issuer is an exact match from PyJWT 2.10.1 on (CVE-2024-53861).
        # aud is checked by the callers after token_use, so a swapped token says what it is.
        return jwt.decode(
            token, key, algorithms=[ALGORITHM], issuer=app_settings.ISSUER,
            leeway=app_settings.TOKEN_LEEWAY,
            options={"require": list(REQUIRED_CLAIMS), "verify_aud": False},
        )
    except jwt.MissingRequiredClaimError as error:
        raise TokenInvalid(f"missing {error.claim}") from error
    except jwt.PyJWTError as error:
        raise TokenInvalid(_detail(error)) from error


def _signing_key(token: str) -> jwt.PyJWK:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise TokenInvalid("malformed") from error
    # SECURITY: before any key lookup, so "none" and HS256-with-the-public-key never get a key.
    if header.get("alg") != ALGORITHM:
        raise TokenInvalid("algorithm not allowed")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise TokenInvalid("missing kid")
    # SECURITY: jku, x5u, jwk and iss in the token are ignored; keys come from JWKS_URL only.
    jwk = _jwks_with(kid, app_settings.JWKS_URL).get(kid)
    if jwk is None:
        raise TokenInvalid("unknown kid")
    return jwt.PyJWK(jwk, algorithm=ALGORITHM)


def _expect(claims: Mapping[str, Any], name: str, expected: str, detail: str) -> None:
    if not expected or claims.get(name) != expected:
        raise TokenInvalid(detail)


def _detail(error: jwt.PyJWTError) -> str:
    for error_type, detail in _ERROR_DETAILS:
        if isinstance(error, error_type):
            return detail
    return "invalid"


def _to_claims(raw: Mapping[str, Any]) -> Claims:
    groups = raw.get("cognito:groups")
    return Claims(
        sub=raw["sub"],
        issuer=raw["iss"],
        username=raw.get("cognito:username") or raw.get("username") or "",
        email=raw.get("email") or "",
        email_verified=raw.get("email_verified") in (True, "true"),
        name=raw.get("name") or "",
        groups=tuple(str(g) for g in groups) if isinstance(groups, list) else (),
        token_use=raw["token_use"],
        expires_at=int(raw["exp"]),
        auth_time=raw.get("auth_time"),
        origin_jti=raw.get("origin_jti") or "",
        raw=MappingProxyType(dict(raw)),
    )


# -- the key set ----------------------------------------------------------------------------


def _jwks_with(kid: str, url: str) -> dict[str, dict[str, Any]]:
    """Return the cached keys, fetching when the cache is cold or ``kid`` may be a new key."""
    keys = cache.get(_cache_key(url))
    if keys is not None and kid in keys:
        return keys
    if keys is None and _recent(url, ":failed"):
        # Not fetched again so soon after a failure; still one warning per sign-in it refuses.
        logger.warning("JWKS not fetched: the last fetch from %s failed moments ago", url)
        raise ServiceUnavailable("jwks unavailable")
    if keys is not None and _recent(url, ":fetched"):
        return keys  # the refetch budget is spent: this kid stays unknown for now
    return _refresh(url)


def _refresh(url: str) -> dict[str, dict[str, Any]]:
    _mark(url, ":fetched")
    try:
        keys = _fetch_jwks(url)
    except ServiceUnavailable:
        _mark(url, ":failed")
        raise
    cache.set(_cache_key(url), keys, timeout=app_settings.JWKS_CACHE_SECONDS)
    return keys


def _cache_key(url: str, suffix: str = "") -> str:
    return CACHE_PREFIX + hashlib.sha256(url.encode()).hexdigest()[:32] + suffix


def _recent(url: str, event: str) -> bool:
    at = cache.get(_cache_key(url, event))
    return at is not None and _now() - at < app_settings.JWKS_REFETCH_INTERVAL


def _mark(url: str, event: str) -> None:
    # Checked and set without a lock: racing processes may each fetch once, no more.
    timeout = app_settings.JWKS_REFETCH_INTERVAL
    cache.set(_cache_key(url, event), _now(), timeout=timeout)


def _fetch_jwks(url: str) -> dict[str, dict[str, Any]]:
    """GET the JWKS and return its RS256 signing keys by kid: the module's only network call."""
    if urlsplit(url).scheme not in ("https", "http"):
        raise ServiceUnavailable("jwks url must be http(s)")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310
            body = response.read(MAX_JWKS_BYTES + 1)
        if len(body) > MAX_JWKS_BYTES:
            raise ValueError("jwks too large")
        keys = json.loads(body)["keys"]
        return {key["kid"]: key for key in keys if _usable(key)}
    except (OSError, http.client.HTTPException, ValueError, LookupError, TypeError) as error:
        logger.warning("JWKS fetch from %s failed: %s", url, type(error).__name__)
        raise ServiceUnavailable("jwks fetch failed") from error


def _usable(key: Any) -> bool:
    """Keep only well-formed public RSA keys that may sign with RS256."""
    if not isinstance(key, dict) or not isinstance(key.get("kid"), str) or not key["kid"]:
        return False
    if key.get("kty") != "RSA" or "d" in key:
        return False
    if key.get("alg", ALGORITHM) != ALGORITHM or key.get("use", "sig") != "sig":
        return False
    try:
        jwt.PyJWK(key, algorithm=ALGORITHM)
    except (jwt.PyJWTError, ValueError, TypeError):
        return False
    return True
