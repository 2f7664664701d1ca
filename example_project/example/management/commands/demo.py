"""``manage.py demo``: run the example site, with the local Cognito when no real pool is set.

The local Cognito keeps its pool in memory, so each start has fresh users (new subs, new signing
keys, ``new-user``'s temporary password back). The site's database is emptied with it, so that no
local account or session points at users and tokens from an earlier run.

``DEMO_SIGN_IN`` (read by the settings) chooses the sign-in; with a ``custom-*`` value the local
Cognito gets that custom-auth example's triggers before it starts serving.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from django_cognito_challenge.testing import LocalCognito, LocalCognitoServer
from django_cognito_challenge.testing.__main__ import describe
from django_cognito_challenge.testing.custom_examples import EXAMPLES
from django_cognito_challenge.testing.seed import apply_seed, read_seed

HOST = "127.0.0.1"


class Command(BaseCommand):
    help = ("Run the example site on 127.0.0.1. Without COGNITO_CHALLENGE_USER_POOL_ID, also run "
            "the local Cognito with the demo users on COGNITO_PORT (9229).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8000,
                            help="the site's port (default 8000)")

    def handle(self, *args, port: int, **options) -> None:
        server = self.start_local_cognito() if settings.EXAMPLE_LOCAL_COGNITO else None
        try:
            call_command("migrate", interactive=False, verbosity=0)
            if server is not None:
                call_command("flush", interactive=False, verbosity=0)
            else:
                self.say(f"User pool {settings.COGNITO_CHALLENGE_USER_POOL_ID} "
                         f"in {settings.COGNITO_CHALLENGE_REGION}.")
            site = f"http://{HOST}:{port}/"
            self.say(sign_in_line())
            self.say(f"\nExample site: {site}  (sign in at {site}accounts/login/, "
                     f"admin at {site}admin/)\n")
            call_command("runserver", f"{HOST}:{port}", use_reloader=False)
        finally:
            if server is not None:
                server.stop()

    def start_local_cognito(self) -> LocalCognitoServer:
        """Serve the demo seed on the endpoint the settings point at, from a background thread."""
        seed, port = read_seed(), settings.EXAMPLE_COGNITO_PORT
        expect_settings_match(seed, f"http://{HOST}:{port}")
        cognito = LocalCognito(region=settings.COGNITO_CHALLENGE_REGION)
        try:
            server = LocalCognitoServer(cognito, host=HOST, port=port)
        except OSError as error:
            raise CommandError(f"The local Cognito cannot listen on {HOST}:{port} "
                               f"({error.strerror}). Set COGNITO_PORT to a free port.") from error
        seeded = apply_seed(cognito, seed)
        if settings.EXAMPLE_CUSTOM_AUTH:
            seeded.pool.triggers.update(EXAMPLES[settings.EXAMPLE_CUSTOM_AUTH])
        server.start()
        self.say(describe(server.url, seeded))
        return server

    def say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()


def sign_in_line() -> str:
    """Which sign-in the site uses, and how to choose another."""
    return (f"\nSign-in: DEMO_SIGN_IN={settings.EXAMPLE_SIGN_IN} "
            f"({settings.COGNITO_CHALLENGE_AUTH_FLOW}); set DEMO_SIGN_IN to one of "
            f"{', '.join(settings.DEMO_SIGN_INS)} to change it.")


def expect_settings_match(seed: dict, endpoint: str) -> None:
    """Refuse to start when the settings would send the site to another pool or port."""
    expected = (settings.COGNITO_CHALLENGE_ENDPOINT_URL, settings.COGNITO_CHALLENGE_USER_POOL_ID,
                settings.COGNITO_CHALLENGE_CLIENT_ID)
    if (endpoint, seed["pool"]["id"], seed["client"]["id"]) != expected:
        raise CommandError("The settings do not point at the local Cognito this command would "
                           "start; check COGNITO_PORT and the COGNITO_CHALLENGE_* settings.")
