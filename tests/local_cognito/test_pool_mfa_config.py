"""GetUserPoolMfaConfig: the pool's MFA mode, and one block per enabled factor, as AWS shows it."""

from __future__ import annotations

import pytest

from .shape_check import WireTap, reply_problems


@pytest.fixture
def tap():
    return WireTap()


def mfa_config(cognito, tap) -> dict:
    """The reply as sent on the wire, once shown to match botocore's output shape."""
    tap.attach(cognito.boto3_client()).get_user_pool_mfa_config(UserPoolId=cognito.pool_id)
    operation, status, body = tap.replies[-1]
    assert (operation, status) == ("GetUserPoolMfaConfig", 200)
    assert reply_problems(operation, body) == []
    return body


def test_a_pool_with_mfa_off_describes_no_factor(cognito, tap):
    assert mfa_config(cognito, tap) == {"MfaConfiguration": "OFF"}


def test_each_enabled_factor_has_its_block(cognito, tap):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    reply = mfa_config(cognito, tap)
    assert reply["MfaConfiguration"] == "OPTIONAL"
    assert reply["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert reply["SmsMfaConfiguration"]["SmsConfiguration"]["SnsCallerArn"].startswith(
        "arn:aws:iam::")
    assert reply["EmailMfaConfiguration"] == {}


def test_a_factor_the_pool_does_not_enable_is_absent(cognito, tap):
    cognito.configure_pool(mfa_configuration="ON", enabled_mfa_factors=("SOFTWARE_TOKEN_MFA",))
    reply = mfa_config(cognito, tap)
    assert set(reply) == {"MfaConfiguration", "SoftwareTokenMfaConfiguration"}
    assert reply["MfaConfiguration"] == "ON"


def test_an_unknown_pool_is_resource_not_found(cognito):
    idp = cognito.boto3_client()
    with pytest.raises(idp.exceptions.ResourceNotFoundException):
        idp.get_user_pool_mfa_config(UserPoolId="us-east-1_NoSuchPool")
