"""Time InitiateAuth USER_PASSWORD_AUTH round trips: the local Cognito against moto's server.

Run from the repository root: ``.venv/bin/python bench/initiate_auth_roundtrip.py [--rounds N]``.
Both servers run in this process on loopback; each gets the same pool, client and user, made
through the API, and one boto3 client. Calls are interleaved (the order alternates each round)
so that drift in the machine's load falls on both alike. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import statistics
import time
from collections.abc import Callable

import boto3
from botocore.config import Config
from moto.server import ThreadedMotoServer

from django_cognito_challenge.testing.server import LocalCognitoServer

REGION = "us-east-1"
USERNAME = "bench-user"
PASSWORD = "Bench-Pass-1!"

SignIn = Callable[[], object]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def idp_client(endpoint_url: str):
    """One boto3 client per server, no retries, so a round trip is exactly one request."""
    return boto3.client(
        "cognito-idp", endpoint_url=endpoint_url, region_name=REGION,
        aws_access_key_id="bench", aws_secret_access_key="bench",
        config=Config(retries={"mode": "standard", "max_attempts": 1}),
    )


def prepare(idp) -> SignIn:
    """Make the pool, client and confirmed user; return one USER_PASSWORD_AUTH sign-in."""
    pool_id = idp.create_user_pool(PoolName="bench", MfaConfiguration="OFF")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="bench",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username=USERNAME, TemporaryPassword=PASSWORD,
                          MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username=USERNAME, Password=PASSWORD,
                                Permanent=True)

    def sign_in() -> object:
        reply = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD})
        if "AuthenticationResult" not in reply:
            raise RuntimeError(f"expected tokens, got {sorted(reply)}")
        return reply

    return sign_in


def timed(call: SignIn) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(sign_ins: dict[str, SignIn], rounds: int) -> dict[str, list[float]]:
    """Time ``rounds`` sign-ins on each server, alternating which goes first."""
    samples: dict[str, list[float]] = {name: [] for name in sign_ins}
    names = list(sign_ins)
    for round_number in range(rounds):
        order = names if round_number % 2 == 0 else names[::-1]
        for name in order:
            samples[name].append(timed(sign_ins[name]))
    return samples


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def report(samples: dict[str, list[float]]) -> None:
    print(f"{'server':<8}{'rounds':>8}{'median ms':>12}{'p90 ms':>10}")
    for name, values in samples.items():
        print(f"{name:<8}{len(values):>8}{statistics.median(values) * 1000:>12.2f}"
              f"{p90(values) * 1000:>10.2f}")
    local, moto = samples["local"], samples["moto"]
    print(f"ratio local/moto: median {statistics.median(local) / statistics.median(moto):.2f}, "
          f"p90 {p90(local) / p90(moto):.2f}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="timed sign-ins per server")
    parser.add_argument("--warmup", type=int, default=20, help="untimed sign-ins per server")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's per-request access log
    for name, value in (("AWS_ACCESS_KEY_ID", "bench"), ("AWS_SECRET_ACCESS_KEY", "bench"),
                        ("AWS_DEFAULT_REGION", REGION)):
        os.environ.setdefault(name, value)
    moto_port = free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=moto_port, verbose=False)
    moto.start()
    try:
        with LocalCognitoServer() as local:
            sign_ins = {"local": prepare(idp_client(local.url)),
                        "moto": prepare(idp_client(f"http://127.0.0.1:{moto_port}"))}
            measure(sign_ins, args.warmup)
            report(measure(sign_ins, args.rounds))
    finally:
        moto.stop()


if __name__ == "__main__":
    main()
