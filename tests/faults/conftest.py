"""Fixtures for the fault tests: the sign-in pages' browser, and a person at each step."""

from __future__ import annotations

import logging
import socket

import pytest

from ..signin.conftest import (  # noqa: F401  (fixtures)
    PASSWORD,
    TOTP_SECRET,
    app_clock,
    browser,
    is_signed_in,
    pending_of,
    sign_in,
    wrong_totp_code,
)

CODE_PAGE = "/accounts/login/code/"
LOGIN_PAGE = "/accounts/login/"


@pytest.fixture
def warnings(caplog):
    """The warnings (and worse) logged since the last ``warnings.clear()``."""

    class Warnings:
        def clear(self) -> None:
            caplog.clear()

        def one(self) -> logging.LogRecord:
            """The only warning logged: a line with no traceback."""
            found = [r for r in caplog.records if r.levelno >= logging.WARNING]
            assert len(found) == 1, [f"{r.name}: {r.getMessage()}" for r in found]
            assert found[0].exc_info is None
            return found[0]

        def none(self) -> None:
            found = [r for r in caplog.records if r.levelno >= logging.WARNING]
            assert found == [], [f"{r.name}: {r.getMessage()}" for r in found]

    caplog.set_level(logging.INFO)
    return Warnings()


@pytest.fixture
def at_code_page(browser, cognito):  # noqa: F811
    """Tess has given her password; her authenticator's code is asked next."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    assert sign_in(browser, "tess")["Location"] == CODE_PAGE
    cognito.reset_calls()
    return browser


def send_code(browser, cognito):  # noqa: F811
    return browser.post(CODE_PAGE, {"code": cognito.totp_code("tess")})


def wrong_code(cognito) -> str:
    return wrong_totp_code(cognito, "tess")


def closed_port_url() -> str:
    """A local URL nothing listens on: connections to it are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def revoked(cognito) -> list[str]:
    return [c.request["Token"] for c in cognito.calls if c.operation == "RevokeToken"]


def issued_refresh_tokens(cognito) -> list[str]:
    return [c.response["AuthenticationResult"]["RefreshToken"] for c in cognito.calls
            if "RefreshToken" in (c.response or {}).get("AuthenticationResult", {})]
