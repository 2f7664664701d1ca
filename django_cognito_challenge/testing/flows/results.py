"""AuthenticationResult: tokens, the refresh token record, and NewDeviceMetadata."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from .. import signing
from ..models import AppClient, Device, Pool, RefreshToken, User
from .common import Ctx

REFRESH_TOKEN_PREFIX = "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ."


def issue_tokens(ctx: Ctx, user: User, state: dict[str, Any]) -> dict[str, Any]:
    """Complete a sign-in: tokens, and a new device when the pool tracks devices."""
    device_key = state.get("device_key") if state.get("device_verified") else None
    new_device = None
    if ctx.pool.device_configuration is not None and device_key is None:
        new_device = _new_device(ctx, user)
        device_key = new_device.key
    refresh = new_refresh_token(
        ctx, user, device_key=device_key, auth_time=int(state.get("auth_time") or ctx.now)
    )
    result = token_result(ctx, user, refresh, include_refresh=True)
    if new_device is not None:
        result["NewDeviceMetadata"] = {
            "DeviceKey": new_device.key,
            "DeviceGroupKey": new_device.group_key,
        }
    return {"ChallengeParameters": {}, "AuthenticationResult": result}


def _new_device(ctx: Ctx, user: User) -> Device:
    device = Device(
        key=f"{ctx.cognito.region}_{uuid.uuid4()}",
        group_key=user.device_group_key,
        created_at=ctx.now,
        modified_at=ctx.now,
    )
    user.devices[device.key] = device
    return device


def new_refresh_token(
    ctx: Ctx, user: User, *, device_key: str | None, auth_time: int, origin_jti: str = ""
) -> RefreshToken:
    refresh = RefreshToken(
        token=REFRESH_TOKEN_PREFIX + secrets.token_urlsafe(300),
        pool_id=ctx.pool.pool_id,
        client_id=ctx.client.client_id,
        username=user.username,
        device_key=device_key,
        origin_jti=origin_jti or str(uuid.uuid4()),
        issued_at=ctx.now,
        expires_at=ctx.now + ctx.client.refresh_token_validity_seconds,
        auth_time=auth_time,
    )
    ctx.cognito.refresh_tokens[refresh.token] = refresh
    return refresh


def token_result(
    ctx: Ctx, user: User, refresh: RefreshToken, *, include_refresh: bool
) -> dict[str, Any]:
    issued = sign_for(ctx.cognito.issuer(ctx.pool.pool_id), ctx.pool, ctx.client, user,
                      refresh, ctx.now)
    result = {
        "AccessToken": issued.access_token,
        "ExpiresIn": issued.expires_in,
        "TokenType": "Bearer",
        "IdToken": issued.id_token,
    }
    if include_refresh:
        result["RefreshToken"] = refresh.token
    return result


def sign_for(
    issuer: str, pool: Pool, client: AppClient, user: User, refresh: RefreshToken, now: float
) -> signing.Issued:
    return signing.issue(
        issuer=issuer,
        pool=pool,
        client=client,
        user=user,
        now=now,
        auth_time=refresh.auth_time,
        origin_jti=refresh.origin_jti,
        device_key=refresh.device_key,
    )
