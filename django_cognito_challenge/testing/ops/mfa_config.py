"""GetUserPoolMfaConfig: the pool's MFA mode and enabled factors, as an administrator reads them."""

from __future__ import annotations

from typing import Any

from ..models import Pool
from ..registry import operation


@operation("GetUserPoolMfaConfig")
def get_user_pool_mfa_config(cognito, request: dict[str, Any]) -> dict[str, Any]:
    pool = cognito.pool(request.get("UserPoolId"))
    reply: dict[str, Any] = {"MfaConfiguration": pool.mfa_configuration}
    # AWS refuses a factor with MFA off ("can't turn off MFA and configure an MFA together"),
    # so an OFF pool describes none.
    if pool.mfa_configuration != "OFF":
        reply.update(_factor_blocks(cognito, pool))
    return reply


def _factor_blocks(cognito, pool: Pool) -> dict[str, Any]:
    """One block per enabled factor: SMS and email by their presence, TOTP by ``Enabled``."""
    blocks: dict[str, Any] = {}
    if "SMS_MFA" in pool.enabled_mfa_factors:
        # SMS MFA needs an SNS role; a placeholder in the local account, as the pool's Arn.
        blocks["SmsMfaConfiguration"] = {"SmsConfiguration": {
            "SnsCallerArn": "arn:aws:iam::000000000000:role/local-cognito-sms",
            "SnsRegion": cognito.region}}
    if "SOFTWARE_TOKEN_MFA" in pool.enabled_mfa_factors:
        blocks["SoftwareTokenMfaConfiguration"] = {"Enabled": True}
    if "EMAIL_OTP" in pool.enabled_mfa_factors:
        blocks["EmailMfaConfiguration"] = {}
    return blocks
