"""Ending sessions: RevokeToken and GlobalSignOut."""

from __future__ import annotations

from typing import Any

from ..errors import ServiceError
from ..flows.access import revoke_everything, signed_in_user
from ..flows.common import Ctx, check_client_secret
from ..registry import operation


@operation("RevokeToken")
def revoke_token(cognito, request: dict[str, Any]) -> dict[str, Any]:
    ctx = _revoking_client(cognito, request)
    if not ctx.client.enable_token_revocation:
        raise ServiceError("UnsupportedOperationException",
                           "Token revocation is not enabled for this client.")
    token = request.get("Token") or ""
    if token.count(".") == 2 and not token.startswith("eyJjdHkiOiJKV1Qi"):
        raise ServiceError("UnsupportedTokenTypeException", "Only refresh tokens can be revoked.")
    record = cognito.refresh_tokens.get(token)
    if record is None:
        return {}
    if record.client_id != ctx.client.client_id:
        raise ServiceError("UnauthorizedException", "The token was not issued to this client.")
    record.revoked = True
    cognito.revoked_origins.add(record.origin_jti)
    return {}


def _revoking_client(cognito, request: dict[str, Any]) -> Ctx:
    """RevokeToken answers an unknown client or a wrong secret with UnauthorizedException
    ("Invalid client or secret"): NotAuthorized and ResourceNotFound are not its errors."""
    try:
        ctx = Ctx.for_client(cognito, request.get("ClientId"))
        check_client_secret(ctx.client, request.get("ClientSecret"))
    except ServiceError as error:
        raise ServiceError("UnauthorizedException", "Invalid client or secret") from error
    return ctx


@operation("GlobalSignOut")
def global_sign_out(cognito, request: dict[str, Any]) -> dict[str, Any]:
    _, user, _ = signed_in_user(cognito, request.get("AccessToken"))
    revoke_everything(cognito, user)
    return {}
