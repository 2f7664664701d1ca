"""``python -m django_cognito_challenge.testing serve --port 9229 --seed FILE``."""

from __future__ import annotations

import argparse
import contextlib
import sys

from .backend import LocalCognito
from .seed import Seeded, apply_seed, read_seed
from .server import LocalCognitoServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m django_cognito_challenge.testing")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the local Cognito over HTTP on loopback")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=9229)
    serve.add_argument("--region", default="us-east-1")
    serve.add_argument("--seed", help="JSON seed file (default: the demo users)")
    arguments = parser.parse_args(argv)

    cognito = LocalCognito(region=arguments.region)
    server = LocalCognitoServer(cognito, host=arguments.host, port=arguments.port)
    seeded = apply_seed(cognito, read_seed(arguments.seed))
    print(describe(server.url, seeded), flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def describe(url: str, seeded: Seeded) -> str:
    """The start-up text: where the service is, its pool and client, and who can sign in."""
    lines = [
        f"Local Cognito listening on {url}",
        f"  region        {seeded.pool.pool_id.split('_')[0]}",
        f"  user pool id  {seeded.pool.pool_id}",
        f"  client id     {seeded.client.client_id}",
        f"  issuer        {url}/{seeded.pool.pool_id}",
        f"  outbox        {url}/_local/outbox",
        "",
        f"  {'username':<12} {'password':<16} what the sign-in shows",
    ]
    for user in seeded.users:
        lines.append(f"  {user['username']:<12} {user.get('password') or '-':<16} "
                     f"{user.get('description', '')}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
