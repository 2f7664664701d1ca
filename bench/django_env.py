"""Django in the benchmark's own process: the test settings, an in-memory database, a local
Cognito on loopback with the app's settings pointed at it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_ready = False


def setup() -> None:
    """Configure Django once per process with ``tests.settings`` and migrate its database."""
    global _ready
    if _ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    _ready = True


@contextmanager
def local_cognito(**pool: Any) -> Iterator[Any]:
    """A fresh local Cognito on loopback, its pool changed by ``pool``, and the app's settings
    pointed at it (a client without secret, every flow allowed) while the block runs."""
    setup()
    from django.core.cache import cache
    from django.test import override_settings

    from django_cognito_challenge.testing.fixture import LocalCognitoFixture
    from django_cognito_challenge.testing.server import LocalCognitoServer

    with LocalCognitoServer() as server:
        cognito = LocalCognitoFixture(server)
        if pool:
            cognito.configure_pool(**pool)
        cache.clear()
        try:
            with override_settings(**cognito.django_settings):
                yield cognito
        finally:
            cache.clear()
            cognito.close()
