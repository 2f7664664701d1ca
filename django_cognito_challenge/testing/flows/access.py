"""Access-token checks for the operations a signed-in user calls."""

from __future__ import annotations

from typing import Any

from .. import signing
from ..errors import not_authorized
from ..models import Pool, User


def signed_in_user(cognito, access_token: str | None) -> tuple[Pool, User, dict[str, Any]]:
    """Return the pool, user and claims of a live access token, or raise NotAuthorized."""
    claims = signing.read_access_token(access_token or "", cognito.pool_for_issuer, cognito.now())
    if claims.get("origin_jti") in cognito.revoked_origins:
        raise not_authorized("Access Token has been revoked")
    pool = cognito.pool_for_issuer(claims["iss"])
    user = pool.users.get(pool.user_key(claims["username"]))
    if user is None or user.sub != claims["sub"]:
        raise not_authorized("User does not exist.")
    if not user.enabled:
        raise not_authorized("User is disabled.")
    return pool, user, claims


def revoke_everything(cognito, user: User) -> None:
    """End every session of ``user``: refresh tokens and the access tokens they issued."""
    for record in cognito.refresh_tokens.values():
        if record.username == user.username and not record.revoked:
            record.revoked = True
            cognito.revoked_origins.add(record.origin_jti)
