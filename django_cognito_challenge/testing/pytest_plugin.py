"""pytest plugin: the ``cognito`` fixture, a fresh local pool and client for each test.

Installed with the package (entry point ``pytest11``); with pytest-django present the
fixture also points the app's ``COGNITO_CHALLENGE_*`` settings at the pool.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .backend import LocalCognito
from .fixture import LocalCognitoFixture
from .server import LocalCognitoServer


@pytest.fixture(scope="session")
def local_cognito_server() -> Iterator[LocalCognitoServer]:
    """One local Cognito over HTTP on loopback for the whole test session."""
    with LocalCognitoServer(LocalCognito()) as server:
        yield server


@pytest.fixture
def cognito(
    request: pytest.FixtureRequest, local_cognito_server: LocalCognitoServer
) -> Iterator[LocalCognitoFixture]:
    """A fresh pool and app client for this test; Django's settings point at them."""
    fixture = LocalCognitoFixture(local_cognito_server)
    if _django_is_configured(request):
        fixture.bind_django_settings(request.getfixturevalue("settings"))
    try:
        yield fixture
    finally:
        fixture.close()


def _django_is_configured(request: pytest.FixtureRequest) -> bool:
    if not request.config.pluginmanager.hasplugin("django"):
        return False
    from django.conf import settings

    return settings.configured
