"""The local Cognito's round trips against moto's Cognito server, in one process, interleaved.

- One ``InitiateAuth`` (``USER_PASSWORD_AUTH``) that returns tokens at once: the call most tests
  make most often. The local Cognito checks the password, the client, the user's state and
  signs two RS256 tokens; the goal is to cost no more than moto's server does.
- One SRP sign-in: ``InitiateAuth`` (``USER_SRP_AUTH``) and ``RespondToAuthChallenge``
  (``PASSWORD_VERIFIER``), the client's half done by the app's own ``cognito.srp``. Moto answers
  both without SRP maths (its ``SRP_B`` and ``SALT`` are random hex, the signature is not
  checked) and its answer carries no tokens, so the ratio is what the local Cognito's checks
  cost a test; the client's maths, the same against both, are included.

Both servers run on loopback in this process, each with a pool, a client and a confirmed user
made through the API, and one boto3 client without retries (one call, one HTTP request, on a
kept-alive connection).
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .measure import Figure, Skipped, at_most, compared

REGION = "us-east-1"
USERNAME = "bench-user"
PASSWORD = "Bench-Pass-1!"
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
WARM_UP = 20


def run(options) -> list[Figure | Skipped]:
    try:
        from moto.server import ThreadedMotoServer  # noqa: F401 - only whether it imports
    except ImportError:
        return [Skipped("local Cognito round trip", "moto[server] is not installed")]
    repeats = 9 if options.quick else 31
    with servers() as (local_url, moto_url):
        local, moto = Peer(local_url), Peer(moto_url)
        if "AuthenticationResult" not in local.srp_sign_in():
            raise RuntimeError("the local Cognito's SRP sign-in ended without tokens")
        return [
            compared("local Cognito round trip (InitiateAuth)", local.password_sign_in,
                     moto.password_sign_in, baseline_name="moto server", goal=at_most(1.0),
                     repeats=repeats, number=20, unit="ms"),
            compared("local Cognito SRP sign-in (2 calls)", local.srp_sign_in, moto.srp_sign_in,
                     baseline_name="moto server", goal=at_most(1.0), repeats=repeats, number=10,
                     unit="ms", note="moto does no SRP maths and issues no tokens here"),
        ]


@contextmanager
def servers() -> Iterator[tuple[str, str]]:
    """The local Cognito's URL and moto's, both serving until the block ends."""
    from moto.server import ThreadedMotoServer

    from django_cognito_challenge.testing.server import LocalCognitoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's per-request access log
    port = free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    moto.start()
    try:
        with LocalCognitoServer() as local:
            yield local.url, f"http://127.0.0.1:{port}"
    finally:
        moto.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Peer:
    """One server with a pool, a client and a confirmed user made through the API, warmed up."""

    def __init__(self, endpoint_url: str) -> None:
        import boto3
        from botocore.config import Config

        self.idp = boto3.client(
            "cognito-idp", endpoint_url=endpoint_url, region_name=REGION,
            aws_access_key_id="bench", aws_secret_access_key="bench",
            config=Config(retries={"mode": "standard", "max_attempts": 1}))
        self.pool_id = self.idp.create_user_pool(
            PoolName="bench", MfaConfiguration="OFF")["UserPool"]["Id"]
        self.client_id = self.idp.create_user_pool_client(
            UserPoolId=self.pool_id, ClientName="bench", ExplicitAuthFlows=FLOWS,
        )["UserPoolClient"]["ClientId"]
        self.idp.admin_create_user(UserPoolId=self.pool_id, Username=USERNAME,
                                   TemporaryPassword=PASSWORD, MessageAction="SUPPRESS")
        self.idp.admin_set_user_password(UserPoolId=self.pool_id, Username=USERNAME,
                                         Password=PASSWORD, Permanent=True)
        self.realm = self.pool_id.split("_", 1)[1]
        for _ in range(WARM_UP):
            self.password_sign_in()
            self.srp_sign_in()

    def password_sign_in(self) -> None:
        reply = self.idp.initiate_auth(
            ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD})
        if "AuthenticationResult" not in reply:
            raise RuntimeError(f"expected tokens, got {sorted(reply)}")

    def srp_sign_in(self) -> dict[str, Any]:
        """Both calls of an SRP sign-in, with the app's own SRP client maths (a fresh ``a``
        each time); the answer carries a ``Session`` only when the challenge had one."""
        from django_cognito_challenge.cognito.srp import Ephemeral, password_claim

        ephemeral = Ephemeral.new()
        challenge = self.idp.initiate_auth(
            ClientId=self.client_id, AuthFlow="USER_SRP_AUTH",
            AuthParameters={"USERNAME": USERNAME, "SRP_A": ephemeral.srp_a})
        parameters = challenge["ChallengeParameters"]
        claim = password_claim(
            ephemeral, realm=self.realm, user_id=parameters["USER_ID_FOR_SRP"],
            password=PASSWORD, salt_hex=parameters["SALT"], srp_b_hex=parameters["SRP_B"],
            secret_block=parameters["SECRET_BLOCK"])
        session = {"Session": challenge["Session"]} if challenge.get("Session") else {}
        return self.idp.respond_to_auth_challenge(
            ClientId=self.client_id, ChallengeName="PASSWORD_VERIFIER", **session,
            ChallengeResponses={"USERNAME": USERNAME, **claim})
