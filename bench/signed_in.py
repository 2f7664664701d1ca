"""A signed-in request with fresh tokens, against the same view under plain Django sessions.

Measured: ``GET /home/`` (a view that reads ``request.user``) by a person signed in through the
app (SRP + TOTP), through the full middleware stack: the app's refresh middleware reads the
session's tokens, finds them fresh and does nothing more. Baseline: the same view for a user
logged in with Django's ``ModelBackend`` (``force_login``), through the same stack without the
app's middleware: what the site would cost without this app. The site uses django-otp, and
the app's sign-in counts as django-otp verification, so the baseline's session is verified by
a django-otp device too: django-otp loads the device at each request either way. During the
timed requests the app must make no Cognito call and decode no JWT; both counts are figures
with a goal of 0.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .django_env import local_cognito, setup
from .flows import HOME, mfa_pool, new_users, sign_in_through_pages, verify_for_django_otp
from .measure import Figure, at_most, compared, exactly

APP_MIDDLEWARE = "django_cognito_challenge.middleware.CognitoRefreshMiddleware"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def run(options) -> list[Figure]:
    setup()
    from django.conf import settings
    from django.test import override_settings

    backends = [*settings.AUTHENTICATION_BACKENDS, MODEL_BACKEND]
    with local_cognito() as cognito, override_settings(AUTHENTICATION_BACKENDS=backends):
        mfa_pool(cognito)
        (username,) = new_users(cognito, 1)
        app = app_client(cognito, username)
        plain = plain_django_client()
        home = {"app": f"home: {username}".encode(), "plain": b"home: plain-django-user"}
        fetch_app, fetch_plain = (lambda: expect_home(app, home["app"]),
                                  lambda: expect_home(plain, home["plain"]))
        for _ in range(200):
            fetch_app()
            fetch_plain()
        cognito.reset_calls()
        with counting_jwt_decodes() as decodes:
            speed = compared(
                "signed-in request, tokens fresh", fetch_app, fetch_plain,
                baseline_name="plain Django session", goal=at_most(1.05),
                repeats=15 if options.quick else 61, number=50, unit="us",
                note="GET of a view that reads request.user; the ratio is the median of "
                     "per-block ratios, blocks alternating which stack goes first")
        return [speed,
                Figure("Cognito calls during the signed-in requests", len(cognito.calls),
                       "calls", goal=exactly(0)),
                Figure("JWT decodes during the signed-in requests", len(decodes), "calls",
                       goal=exactly(0))]


def app_client(cognito, username: str):
    from django.test import Client

    client = Client()
    sign_in_through_pages(client, cognito, username)
    return client


def plain_django_client():
    """A client logged in with ModelBackend, whose handler loaded the stack minus the app's."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings
    from django.test.client import ClientHandler

    user = get_user_model().objects.create_user("plain-django-user", password="not-used-here")
    client = Client()
    stack = [name for name in settings.MIDDLEWARE if name != APP_MIDDLEWARE]
    with override_settings(MIDDLEWARE=stack):
        client.handler = ClientHandler(enforce_csrf_checks=False)
        client.handler.load_middleware()  # kept after the override ends
    client.force_login(user, backend=MODEL_BACKEND)
    verify_for_django_otp(client.session, user)
    return client


def expect_home(client, expected: bytes) -> None:
    response = client.get(HOME)
    if response.content != expected:
        raise RuntimeError(f"not signed in: {response.status_code} {response.content[:200]!r}")


@contextmanager
def counting_jwt_decodes() -> Iterator[list[str]]:
    """Count PyJWT's decodes: ``jwt.decode`` runs ``PyJWT.decode_complete``, as every token
    verification of the app does."""
    import jwt

    seen: list[str] = []
    real_decode = jwt.api_jwt.PyJWT.decode_complete

    def decode_complete(self, *args, **kwargs):
        seen.append("decode")
        return real_decode(self, *args, **kwargs)

    jwt.api_jwt.PyJWT.decode_complete = decode_complete
    try:
        yield seen
    finally:
        jwt.api_jwt.PyJWT.decode_complete = real_decode
