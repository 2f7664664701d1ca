"""Suite-wide rules: under CI=true a skipped test fails the run."""

from __future__ import annotations

import os

import pytest


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if os.environ.get("CI") == "true" and skipped and exitstatus == 0:
        reporter.write_line(
            f"CI=true: {skipped} test(s) skipped; CI must run everything, failing the run.",
            red=True,
        )
        session.exitstatus = 1


@pytest.fixture
def client():
    """pytest-django's ``client``, held to CSRF like the suite's other browsers."""
    from .browsers import Browser

    return Browser()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty Django cache (JWKS, throttle counters, locks) and no keys
    parsed in this process."""
    from django.core.cache import cache

    from django_cognito_challenge.cognito import jwks

    cache.clear()
    jwks.forget_keys()
    yield
    cache.clear()
    jwks.forget_keys()
