"""Using a refresh token: REFRESH_TOKEN_AUTH, and the checks every refresh makes."""

from __future__ import annotations

from typing import Any

from ..errors import ServiceError, invalid_parameter, not_authorized
from ..models import RefreshToken, User
from .common import Ctx, check_secret_hash, require
from .results import token_result


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
    check_device(user, record, device_key)
    return record, user


def check_device(user: User, record: RefreshToken, device_key: str | None) -> None:
    """A token issued to a tracked device needs that device's key, and the device confirmed.

    AWS answers "Invalid Refresh Token" when DEVICE_KEY is missing or the device was never
    confirmed (knowledge-center article "cognito-invalid-refresh-token-error").
    """
    if not record.device_key:
        return
    device = user.devices.get(record.device_key)
    if device_key != record.device_key or device is None or not device.confirmed:
        raise not_authorized("Invalid Refresh Token")
