"""``python -m django_cognito_challenge.testing serve --port 9229 --seed FILE``."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any

from .backend import LocalCognito
from .custom_examples import EXAMPLES, SUMMARIES
from .seed import Seeded, SeedError, apply_seed, read_seed
from .server import LocalCognitoServer

PROG = "python -m django_cognito_challenge.testing"
DESCRIPTION = """\
The local Cognito: a strict, in-memory stand-in for the Amazon Cognito user-pool API, served
over HTTP in AWS's JSON 1.1 protocol so boto3 and the app talk to it unchanged. It is for tests
and demonstrations only, never for production: it keeps everything in memory, sends no email
or SMS, and lets any caller use the administrator operations."""
SERVE_EPILOG = """\
The seed file's format (every section, key, type and default) is declared in
django_cognito_challenge.testing.seed.SEED_FORMAT and rendered in the documentation; the
package's demo_seed.json is an example. A seed with an unknown key or a wrong type is refused.

On start-up serve prints where the service listens, the region, user pool id, client id,
token issuer and the outbox URL (GET it to read the codes sent by SMS and email), then a
block of Django settings (COGNITO_CHALLENGE_*) ready to paste, then each seeded user with
their password and what signing in as them shows. Stop it with Ctrl-C.

--custom-auth installs one of the ready-made custom-auth examples of
django_cognito_challenge.testing.custom_examples as the pool's Define/Create/Verify triggers,
so a CUSTOM_AUTH sign-in asks its questions: one-round (one sum to work out) or three-rounds
(three questions in a row, the page named "quiz"). The settings block then sets
COGNITO_CHALLENGE_AUTH_FLOW = 'CUSTOM_AUTH'."""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter,
                     argparse.ArgumentDefaultsHelpFormatter):
    """Keep the description's paragraphs and show every option's default (but "None")."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default is None:
            return action.help
        return super()._get_help_string(action)


def build_parser() -> argparse.ArgumentParser:
    """Return the command line's parser: one command, ``serve``."""
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION,
                                     formatter_class=_HelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser(
        "serve", help="run the local Cognito over HTTP, seeded with a pool and users",
        description=DESCRIPTION, epilog=SERVE_EPILOG, formatter_class=_HelpFormatter)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on; keep it on loopback")
    serve.add_argument("--port", type=int, default=9229,
                       help="port to listen on (0 picks a free one)")
    serve.add_argument("--region", default="us-east-1",
                       help="region of the pool ids and device keys the service makes up; "
                            "a seed's pool id keeps its own region")
    serve.add_argument("--seed", metavar="FILE", default=None,
                       help="JSON seed file: the pool, app client, groups and users to create "
                            "(none: the demo users shipped with the package)")
    serve.add_argument("--custom-auth", choices=sorted(EXAMPLES), default=None, metavar="NAME",
                       help="install a custom-auth example's triggers in the pool for "
                            f"CUSTOM_AUTH: {' or '.join(sorted(EXAMPLES))} (see below)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    cognito = LocalCognito(region=arguments.region)
    try:
        seeded = apply_seed(cognito, read_seed(arguments.seed))
    except (OSError, SeedError) as error:
        parser.error(f"cannot use the seed: {error}")
    if arguments.custom_auth:
        seeded.pool.triggers.update(EXAMPLES[arguments.custom_auth])
    try:
        server = LocalCognitoServer(cognito, host=arguments.host, port=arguments.port)
    except OSError as error:
        parser.error(f"cannot listen on {arguments.host}:{arguments.port}: {error.strerror}")
    print(describe(server.url, seeded, settings=True), flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def describe(url: str, seeded: Seeded, *, settings: bool = False) -> str:
    """The start-up text: where the service is, its pool and client, and who can sign in.

    With ``settings``, a block of Django settings pointing the app at it comes before the
    users.
    """
    lines = [
        f"Local Cognito listening on {url}",
        f"  region        {_region(seeded)}",
        f"  user pool id  {seeded.pool.pool_id}",
        f"  client id     {seeded.client.client_id}",
        f"  issuer        {url}/{seeded.pool.pool_id}",
        f"  outbox        {url}/_local/outbox",
        "",
    ]
    example = custom_example(seeded)
    if example:
        lines[-1:-1] = [f"  custom auth   {example}: {SUMMARIES[example]}"]
    if settings:
        lines += ["  Django settings for this pool (paste into settings.py):", ""]
        lines += [f"    {name} = {value!r}" for name, value in django_settings(url, seeded).items()]
        lines += [""]
    lines.append(f"  {'username':<12} {'password':<16} what the sign-in shows")
    for user in seeded.users:
        lines.append(f"  {user['username']:<12} {user.get('password') or '-':<16} "
                     f"{user.get('description', '')}")
    return "\n".join(lines)


def django_settings(url: str, seeded: Seeded) -> dict[str, Any]:
    """The ``COGNITO_CHALLENGE_*`` settings for an app signing in to the seeded pool."""
    pool, client = seeded.pool, seeded.client
    values: dict[str, Any] = {
        "COGNITO_CHALLENGE_REGION": _region(seeded),
        "COGNITO_CHALLENGE_USER_POOL_ID": pool.pool_id,
        "COGNITO_CHALLENGE_CLIENT_ID": client.client_id,
        # COGNITO_CHALLENGE_ISSUER stays unset: its default follows a non-AWS endpoint.
        "COGNITO_CHALLENGE_ENDPOINT_URL": url,
    }
    if client.secret:
        values["COGNITO_CHALLENGE_CLIENT_SECRET"] = client.secret
    if custom_example(seeded):
        values["COGNITO_CHALLENGE_AUTH_FLOW"] = "CUSTOM_AUTH"  # the triggers ask the questions
    if pool.device_configuration is not None:  # the app mirrors the pool's device rules
        devices = pool.device_configuration
        values["COGNITO_CHALLENGE_REMEMBERED_DEVICE_SKIPS_MFA"] = (
            devices.challenge_required_on_new_device)
        values["COGNITO_CHALLENGE_REMEMBER_DEVICE_PROMPT"] = (
            devices.device_only_remembered_on_user_prompt)
    return values


def custom_example(seeded: Seeded) -> str:
    """The name of the custom-auth example installed in the seeded pool, or ""."""
    return next((name for name, triggers in EXAMPLES.items()
                 if seeded.pool.triggers == triggers), "")


def _region(seeded: Seeded) -> str:
    return seeded.pool.pool_id.split("_")[0]


if __name__ == "__main__":
    sys.exit(main())
