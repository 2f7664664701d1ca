"""A strict local stand-in for the Amazon Cognito user-pool auth API.

It speaks the AWS JSON 1.1 wire protocol over HTTP on loopback, so boto3 talks to it
unchanged through ``endpoint_url``.  It is meant for tests and demonstrations only and is
never imported by the rest of the package.
"""

from __future__ import annotations

from .backend import LocalCognito
from .server import LocalCognitoServer

__all__ = ["LocalCognito", "LocalCognitoServer"]
