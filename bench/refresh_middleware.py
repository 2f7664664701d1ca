"""Time what CognitoRefreshMiddleware adds to a request whose tokens are fresh.

Run from the repository root: ``.venv/bin/python bench/refresh_middleware.py [--requests N]``.
Django runs in this process with the test settings (``tests.settings``) and a local Cognito on
loopback. One person signs in through the login page; then the same tiny view (``/home/``) is
fetched through the full middleware stack and through the same stack without
CognitoRefreshMiddleware, interleaved in blocks. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

import jwt  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.client import ClientHandler  # noqa: E402

from django_cognito_challenge import clock  # noqa: E402
from django_cognito_challenge.testing.fixture import LocalCognitoFixture  # noqa: E402
from django_cognito_challenge.testing.server import LocalCognitoServer  # noqa: E402

REFRESH_MIDDLEWARE = "django_cognito_challenge.middleware.CognitoRefreshMiddleware"
USERNAME = "bench-user"
PASSWORD = "Demo-Pass-1!"
VIEW = "/home/"
EXPECTED = f"home: {USERNAME}".encode()


def client_without_refresh_middleware(cookies) -> Client:
    """A client whose handler loaded the stack minus CognitoRefreshMiddleware."""
    stack = [name for name in settings.MIDDLEWARE if name != REFRESH_MIDDLEWARE]
    client = Client()
    with override_settings(MIDDLEWARE=stack):
        client.handler = ClientHandler(enforce_csrf_checks=False)
        client.handler.load_middleware()  # kept after the override ends
    client.cookies = cookies
    return client


def sign_in(client: Client) -> None:
    response = client.post("/accounts/login/", {"username": USERNAME, "password": PASSWORD})
    if response.status_code != 302 or client.get(VIEW).content != EXPECTED:
        raise RuntimeError(f"sign-in failed: {response.status_code} {response.content[:200]!r}")


@contextmanager
def app_clock_moved(seconds: float) -> Iterator[None]:
    real_now = clock.now
    clock.now = lambda: real_now() + seconds
    try:
        yield
    finally:
        clock.now = real_now


def check_stacks(cognito: LocalCognitoFixture, clients: dict[str, Client]) -> None:
    """In the refresh margin only the full stack refreshes: the two stacks differ as meant."""
    for name, expected_calls in (("without", 0), ("with", 1)):
        before = len(cognito.calls)
        with app_clock_moved(3600 - 299):
            if clients[name].get(VIEW).content != EXPECTED:
                raise RuntimeError(f"{name}: not signed in")
        if len(cognito.calls) - before != expected_calls:
            raise RuntimeError(f"{name}: {len(cognito.calls) - before} Cognito calls")


@contextmanager
def counting_jwt_decodes() -> Iterator[list[str]]:
    """Count ``PyJWT.decode_complete`` (what ``jwt.decode`` runs) and the header peek."""
    seen: list[str] = []
    real_decode, real_header = jwt.api_jwt.PyJWT.decode_complete, jwt.get_unverified_header

    def decode_complete(self, *args, **kwargs):
        seen.append("decode")
        return real_decode(self, *args, **kwargs)

    def get_unverified_header(token):
        seen.append("header")
        return real_header(token)

    jwt.api_jwt.PyJWT.decode_complete, jwt.get_unverified_header = (decode_complete,
                                                                     get_unverified_header)
    try:
        yield seen
    finally:
        jwt.api_jwt.PyJWT.decode_complete, jwt.get_unverified_header = real_decode, real_header


def measure(clients: dict[str, Client], requests: int, block: int) -> dict[str, list[float]]:
    """``requests`` GETs per stack, in blocks of ``block``, alternating which stack goes first."""
    samples: dict[str, list[float]] = {name: [] for name in clients}
    names = list(clients)
    for number in range(-(-requests // block)):
        size = min(block, requests - number * block)
        for name in names if number % 2 == 0 else names[::-1]:
            client, out = clients[name], samples[name]
            for _ in range(size):
                started = time.perf_counter()
                response = client.get(VIEW)
                out.append(time.perf_counter() - started)
                if response.content != EXPECTED:
                    raise RuntimeError(f"{name}: signed out during the run")
    return samples


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def block_ratio(samples: dict[str, list[float]], block: int) -> float:
    """Median of per-block median ratios: pairs each block with its neighbour in time."""
    ratios = [statistics.median(samples["with"][start:start + block])
              / statistics.median(samples["without"][start:start + block])
              for start in range(0, len(samples["with"]), block)]
    return statistics.median(ratios)


def report(samples: dict[str, list[float]], block: int, cognito_calls: int,
           decodes: int) -> None:
    print(f"{'stack':<28}{'requests':>9}{'median us':>11}{'p90 us':>9}")
    labels = {"with": "with refresh middleware", "without": "without refresh middleware"}
    for name, values in samples.items():
        print(f"{labels[name]:<28}{len(values):>9}{statistics.median(values) * 1e6:>11.1f}"
              f"{p90(values) * 1e6:>9.1f}")
    with_, without = (statistics.median(samples[n]) for n in ("with", "without"))
    print(f"ratio with/without (median): {with_ / without:.3f}; "
          f"added per request: {(with_ - without) * 1e6:+.1f} us")
    print(f"ratio with/without, median over blocks: {block_ratio(samples, block):.3f}")
    print(f"during the timed requests: Cognito calls {cognito_calls}, JWT decodes {decodes}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="timed GETs per stack")
    parser.add_argument("--block", type=int, default=50, help="GETs per stack per block")
    parser.add_argument("--warmup", type=int, default=200, help="untimed GETs per stack")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    call_command("migrate", run_syncdb=True, verbosity=0)
    with LocalCognitoServer() as server:
        cognito = LocalCognitoFixture(server)  # a pool without MFA, a client without secret
        cognito.add_user(USERNAME, PASSWORD)
        with override_settings(**cognito.django_settings):
            full = Client()
            sign_in(full)
            clients = {"with": full, "without": client_without_refresh_middleware(full.cookies)}
            check_stacks(cognito, clients)
            measure(clients, args.warmup, args.block)
            calls_before = len(cognito.calls)
            with counting_jwt_decodes() as decodes:
                samples = measure(clients, args.requests, args.block)
            report(samples, args.block, len(cognito.calls) - calls_before, len(decodes))


if __name__ == "__main__":
    main()
