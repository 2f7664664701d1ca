"""Verify Cognito ID and access tokens with the pool's keys (:mod:`.jwks`: fetched only from the
configured URL, at most once per ``JWKS_REFETCH_INTERVAL``, parsed once per process).
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import jwt

from ..conf import app_settings
from . import jwks
from .errors import TokenInvalid

ALGORITHM = jwks.ALGORITHM
REQUIRED_CLAIMS = ("exp", "iat", "iss", "sub", "token_use")

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
    if not isinstance(token, str) or token.count(".") != 2:
        raise TokenInvalid("malformed")
    algorithm, kid = _algorithm_and_kid(token[: token.index(".")])
    # SECURITY: before any key lookup, so "none" and HS256-with-the-public-key never get a key.
    if algorithm != ALGORITHM:
        raise TokenInvalid("algorithm not allowed")
    if not isinstance(kid, str) or not kid:
        raise TokenInvalid("missing kid")
    # SECURITY: jku, x5u, jwk and iss in the token are ignored; keys come from JWKS_URL only.
    key = jwks.signing_key(kid, app_settings.JWKS_URL)
    if key is None:
        raise TokenInvalid("unknown kid")
    return key


@functools.lru_cache(maxsize=64)
def _algorithm_and_kid(header_segment: str) -> tuple[Any, Any]:
    """``alg`` and ``kid`` from the header, read only to choose the key: PyJWT then checks the
    whole token with it. A pool's tokens share a few headers, so each is decoded once."""
    padded = header_segment + "=" * (-len(header_segment) % 4)
    try:
        header = json.loads(base64.urlsafe_b64decode(padded))
    except (binascii.Error, ValueError) as error:  # UnicodeDecodeError is a ValueError
        raise TokenInvalid("malformed") from error
    if not isinstance(header, dict):
        raise TokenInvalid("malformed")
    return header.get("alg"), header.get("kid")


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
