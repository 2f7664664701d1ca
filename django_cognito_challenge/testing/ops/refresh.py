"""GetTokensFromRefreshToken: refreshing, with refresh-token rotation when the client has it."""

from __future__ import annotations

from typing import Any

from ..flows.common import Ctx, check_client_secret
from ..flows.refresh_tokens import live_refresh_token
from ..flows.results import new_refresh_token, token_result
from ..registry import operation


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
