"""Read the pool, the app client and the pool's MFA configuration: IAM-authenticated admin calls.

Unlike the sign-in calls (``cognito/client.py``, unsigned), DescribeUserPool,
DescribeUserPoolClient and GetUserPoolMfaConfig need AWS credentials with
``cognito-idp:DescribeUserPool``, ``cognito-idp:DescribeUserPoolClient`` and
``cognito-idp:GetUserPoolMfaConfig``; boto3's default credential chain provides them.
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from ..conf import AppSettings, app_settings, is_aws_host
from .finding import Described

ACTIONS = ("cognito-idp:DescribeUserPool", "cognito-idp:DescribeUserPoolClient",
           "cognito-idp:GetUserPoolMfaConfig")
#: Errors that mean the credentials, not the pool, are the problem.
CREDENTIAL_ERRORS = ("AccessDeniedException", "NotAuthorizedException",
                     "UnrecognizedClientException", "InvalidSignatureException",
                     "ExpiredTokenException", "MissingAuthenticationTokenException")


class PoolUnreadable(Exception):
    """The pool or app client could not be read; the message is one line for an operator."""


def describe(settings: AppSettings = app_settings) -> Described:
    """Fetch what :func:`~.findings` compares; GetUserPoolMfaConfig only when MFA is not off.

    :raises PoolUnreadable: for no credentials, a refusal, a missing pool or client, or a
        network failure.
    """
    try:
        return _read(admin_client(settings), settings)
    except NoCredentialsError:
        raise PoolUnreadable("No AWS credentials found: this check calls IAM-authorized "
                             f"operations and needs {', '.join(ACTIONS)}.") from None
    except ClientError as error:
        raise PoolUnreadable(_refusal(error)) from None
    except BotoCoreError as error:  # no region or profile, a bad parameter, no connection
        raise PoolUnreadable(_one_line(f"Cognito could not be asked: {error}")) from None


def _read(idp: Any, settings: AppSettings) -> Described:
    pool = idp.describe_user_pool(UserPoolId=settings.USER_POOL_ID)["UserPool"]
    client = idp.describe_user_pool_client(
        UserPoolId=settings.USER_POOL_ID, ClientId=settings.CLIENT_ID)["UserPoolClient"]
    mfa = None
    if pool.get("MfaConfiguration", "OFF") != "OFF":
        mfa = idp.get_user_pool_mfa_config(UserPoolId=settings.USER_POOL_ID)
        mfa.pop("ResponseMetadata", None)
    return Described(pool=pool, client=client, mfa=mfa)


def admin_client(settings: AppSettings) -> Any:
    """A boto3 ``cognito-idp`` client signing with the default credential chain."""
    credentials = {}
    endpoint = settings.ENDPOINT_URL
    if endpoint and not is_aws_host(endpoint):
        # SECURITY: no real access key goes to a host outside AWS; the local Cognito
        # ignores credentials.
        credentials = {"aws_access_key_id": "local", "aws_secret_access_key": "local"}
    return boto3.session.Session().client(
        "cognito-idp", region_name=settings.REGION, endpoint_url=endpoint,
        config=Config(connect_timeout=settings.CONNECT_TIMEOUT,
                      read_timeout=settings.READ_TIMEOUT,
                      retries={"mode": "standard", "total_max_attempts": 2}),
        **credentials)


def _refusal(error: ClientError) -> str:
    details = error.response.get("Error", {})
    code, message = details.get("Code", "Error"), details.get("Message", "")
    text = f"{error.operation_name} failed: {code}: {message}".strip()
    if code in CREDENTIAL_ERRORS:
        text += f" (the credentials need {', '.join(ACTIONS)})"
    return _one_line(text)


def _one_line(text: str) -> str:
    return " ".join(text.split())
