"""boto3 clients for a local Cognito: never retrying, so every injected fault shows."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config


def local_boto3_client(endpoint_url: str, region: str = "us-east-1", **config: Any):
    """Return a boto3 ``cognito-idp`` client for a local Cognito, never retrying.

    :param endpoint_url: the local Cognito's URL (``LocalCognitoServer.url``).
    :param region: the region to sign requests for; the local Cognito accepts any.
    :param config: further :class:`botocore.config.Config` options (``read_timeout``...).
    """
    # botocore's ``max_attempts`` counts retries; ``total_max_attempts`` counts the first try.
    return boto3.client(
        "cognito-idp",
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}, **config),
    )
