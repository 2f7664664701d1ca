"""Refreshing tokens: REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken."""

from __future__ import annotations

from typing import Any

from ..errors import ServiceError, invalid_parameter, not_authorized
from ..models import RefreshToken, User
from .common import Ctx, check_client_secret, check_secret_hash, require
from .operations_registry import operation
from .results import new_refresh_token, token_result


def refresh_flow(ctx: Ctx, params: dict[str, str], request) -> dict[str, Any]:
    if ctx.client.refresh_token_rotation:  # rotation is only for GetTokensFromRefreshToken
        raise invalid_parameter("REFRESH_TOKEN_AUTH is not available when refresh token "
                                "rotation is enabled; use GetTokensFromRefreshToken.")
    (token,) = require(params, "REFRESH_TOKEN")
    record, user = live_refresh_token(ctx, token, params.get("DEVICE_KEY"))
    check_secret_hash(ctx.client, user.username, params.get("SECRET_HASH"))
    return {
        "ChallengeParameters": {},
        "AuthenticationResult": token_result(ctx, user, record, include_refresh=False),
    }


@operation("GetTokensFromRefreshToken")
def get_tokens_from_refresh_token(cognito, request: dict[str, Any]) -> dict[str, Any]:
    ctx = Ctx.for_client(cognito, request.get("ClientId"))
    check_client_secret(ctx.client, request.get("ClientSecret"))
    record, user = live_refresh_token(ctx, request.get("RefreshToken") or "",
                                      request.get("DeviceKey"))
    if not ctx.client.refresh_token_rotation:
        return {"AuthenticationResult": token_result(ctx, user, record, include_refresh=False)}
    record.rotated_at = record.rotated_at or ctx.now
    fresh = new_refresh_token(ctx, user, device_key=record.device_key,
                              auth_time=record.auth_time, origin_jti=record.origin_jti)
    return {"AuthenticationResult": token_result(ctx, user, fresh, include_refresh=True)}


def live_refresh_token(
    ctx: Ctx, token: str, device_key: str | None
) -> tuple[RefreshToken, User]:
    """Return a usable refresh token and its user; raise as Cognito does otherwise."""
    record = ctx.cognito.refresh_tokens.get(token)
    if record is None or record.client_id != ctx.client.client_id:
        raise not_authorized("Invalid Refresh Token")
    if record.revoked:
        raise not_authorized("Refresh Token has been revoked")
    if record.expires_at <= ctx.now:
        raise not_authorized("Refresh Token has expired")
    grace = ctx.client.rotation_grace_seconds
    if record.rotated_at is not None and ctx.now > record.rotated_at + grace:
        raise ServiceError("RefreshTokenReuseException", "Refresh token has been rotated.")
    user = ctx.pool.users.get(ctx.pool.user_key(record.username))
    if user is None:
        raise not_authorized("Invalid Refresh Token")
    if not user.enabled:
        raise not_authorized("User is disabled.")
    if record.device_key and (device_key != record.device_key
                              or record.device_key not in user.devices):
        raise not_authorized("Invalid Refresh Token")
    return record, user
