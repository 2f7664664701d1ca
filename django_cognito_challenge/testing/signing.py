"""RS256 tokens with Cognito's claims, and the JWKS that verifies them."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from .errors import not_authorized
from .models import AppClient, Pool, User


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwks(pool: Pool) -> dict[str, Any]:
    """The pool's two public keys: the ID tokens' first, the access tokens' second."""
    return {"keys": [_jwk(pool.key_id, pool.signing_key),
                     _jwk(pool.access_key.kid, pool.access_key.private)]}


def _jwk(kid: str, key: rsa.RSAPrivateKey) -> dict[str, str]:
    numbers = key.public_key().public_numbers()
    return {"alg": "RS256", "e": _b64(numbers.e), "kid": kid, "kty": "RSA",
            "n": _b64(numbers.n), "use": "sig"}


@dataclass(frozen=True)
class Issued:
    id_token: str
    access_token: str
    expires_in: int


def issue(
    *,
    issuer: str,
    pool: Pool,
    client: AppClient,
    user: User,
    now: float,
    auth_time: int,
    origin_jti: str,
    device_key: str | None,
) -> Issued:
    """Sign an ID and an access token for ``user`` as Cognito would."""
    common = {
        "sub": user.sub,
        "iss": issuer,
        "origin_jti": origin_jti,
        "event_id": str(uuid.uuid4()),
        "auth_time": auth_time,
        "iat": int(now),
    }
    if user.groups:
        common["cognito:groups"] = sorted(user.groups)
    access = pool.access_key
    return Issued(
        id_token=jwt.encode(_id_claims(common, client, user, now), pool.signing_key,
                            algorithm="RS256", headers={"kid": pool.key_id}),
        access_token=jwt.encode(_access_claims(common, client, user, now, device_key),
                                access.private, algorithm="RS256", headers={"kid": access.kid}),
        expires_in=client.access_token_validity_seconds,
    )


def _id_claims(common: dict[str, Any], client: AppClient, user: User,
               now: float) -> dict[str, Any]:
    attributes = {k: _claim_value(k, v) for k, v in user.attributes.items() if k != "sub"}
    return {
        **common,
        **attributes,
        "aud": client.client_id,
        "token_use": "id",
        "cognito:username": user.username,
        "exp": int(now) + client.id_token_validity_seconds,
        "jti": str(uuid.uuid4()),
    }


def _access_claims(common: dict[str, Any], client: AppClient, user: User, now: float,
                   device_key: str | None) -> dict[str, Any]:
    claims = {
        **common,
        "client_id": client.client_id,
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin",
        "username": user.username,
        "exp": int(now) + client.access_token_validity_seconds,
        "jti": str(uuid.uuid4()),
    }
    if device_key:
        claims["device_key"] = device_key
    return claims


def _claim_value(name: str, value: str) -> Any:
    if name.endswith("_verified"):
        return value == "true"
    return value


def read_access_token(token: str, pool_for_issuer, now: float) -> dict[str, Any]:
    """Verify one of our access tokens and return its claims, or raise NotAuthorized."""
    try:
        unverified = jwt.decode(token, options={"verify_signature": False})
        pool = pool_for_issuer(unverified.get("iss", ""))
        claims = jwt.decode(
            token,
            pool.access_key.private.public_key(),
            algorithms=["RS256"],
            options={"verify_exp": False, "verify_aud": False},
        )
    except (jwt.PyJWTError, LookupError, ValueError) as error:
        raise not_authorized("Invalid Access Token") from error
    if claims.get("token_use") != "access":
        raise not_authorized("Invalid Access Token")
    if claims["exp"] <= now:
        raise not_authorized("Access Token has expired")
    return claims
