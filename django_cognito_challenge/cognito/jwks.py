"""The pool's signing keys: fetched only from the configured URL, parsed once per process.

Two layers. The Django cache holds the key set as fetched, so every process shares one copy and
one refetch budget: an unknown ``kid`` triggers at most one fetch per ``JWKS_REFETCH_INTERVAL``,
whatever the number of processes, so a storm of forged tokens cannot become a storm of fetches.
In front of it, each process keeps the keys it has parsed, until the fetch they came from is
``JWKS_CACHE_SECONDS`` old: verifying a token then reads no cache and parses no key.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt
from django.core.cache import cache

from .. import clock
from ..conf import app_settings
from .errors import ServiceUnavailable

logger = logging.getLogger(__name__)

ALGORITHM = "RS256"
#: ``v2``: the cached value is ``{"fetched_at": ..., "keys": {...}}``.
CACHE_PREFIX = "cognito_challenge:jwks:v2:"
FETCH_TIMEOUT = 5.0  # seconds per socket operation: a JWKS fetch blocks a request
MAX_JWKS_BYTES = 64 * 1024


@dataclass(frozen=True)
class KeySet:
    """One fetch's keys, parsed; when that fetch was made, and until when they may be used
    (``JWKS_CACHE_SECONDS`` later, as the Django cache keeps them), by the app's clock."""

    keys: dict[str, jwt.PyJWK]
    fetched_at: float
    expires_at: float


#: This process's parsed key sets, by JWKS URL.
_parsed: dict[str, KeySet] = {}


def signing_key(kid: str, url: str) -> jwt.PyJWK | None:
    """Return the key ``kid`` of the key set at ``url``, or None when the pool has no such key.

    :raises ServiceUnavailable: when the key set is needed and cannot be fetched.
    """
    known, now = _parsed.get(url), _now()
    if known is not None and now < known.expires_at:
        if kid in known.keys:
            return known.keys[kid]
        if now - known.fetched_at < app_settings.JWKS_REFETCH_INTERVAL:
            return None  # fetched moments ago without this kid: no cache read, no fetch
    return _from_shared_cache(kid, url).keys.get(kid)


def forget_keys() -> None:
    """Drop this process's parsed keys (tests that clear the cache call this too)."""
    _parsed.clear()


def _now() -> float:
    """Return the current time (the app's clock); tests may also override this seam."""
    return clock.now()


def _from_shared_cache(kid: str, url: str) -> KeySet:
    """The shared key set, fetched again when it is missing or ``kid`` may be a new key."""
    shared = cache.get(_cache_key(url))
    if shared is not None and kid in shared["keys"]:
        return _keep(url, shared)
    if shared is None and _recent(url, ":failed"):
        # Not fetched again so soon after a failure; still one warning per sign-in it refuses.
        logger.warning("JWKS not fetched: the last fetch from %s failed moments ago", url)
        raise ServiceUnavailable("jwks unavailable")
    if shared is not None and _recent(url, ":fetched"):
        return _keep(url, shared)  # the refetch budget is spent: this kid stays unknown for now
    return _keep(url, _refresh(url))


def _keep(url: str, shared: dict[str, Any]) -> KeySet:
    known = _parsed.get(url)
    if known is None or known.fetched_at != shared["fetched_at"]:
        keys = {kid: jwt.PyJWK(jwk, algorithm=ALGORITHM) for kid, jwk in shared["keys"].items()}
        fetched_at = shared["fetched_at"]
        expires_at = fetched_at + app_settings.JWKS_CACHE_SECONDS
        known = _parsed[url] = KeySet(keys, fetched_at, expires_at)
    return known


def _refresh(url: str) -> dict[str, Any]:
    _mark(url, ":fetched")
    try:
        keys = _fetch_jwks(url)
    except ServiceUnavailable:
        _mark(url, ":failed")
        raise
    shared = {"fetched_at": _now(), "keys": keys}
    cache.set(_cache_key(url), shared, timeout=app_settings.JWKS_CACHE_SECONDS)
    return shared


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
