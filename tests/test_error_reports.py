"""A crash mid-sign-in shows no secret in Django's error report (ASVS 16.2.5).

Django cleanses variables marked ``sensitive_variables`` and POST fields marked
``sensitive_post_parameters`` in the report mailed to ADMINS and shown by error pages when
``DEBUG`` is off. Each test breaks the database at the deepest point of one path and reads the
report: no password, code, Cognito ``Session``, token or device secret may appear in it.
"""

from __future__ import annotations

import pytest
from django.views.debug import ExceptionReporter

from django_cognito_challenge import flow
from tests.browsers import Browser
from tests.failing_database import database_fails_on
from tests.session_life.conftest import (
    INTO_REFRESH_MARGIN,
    sign_in_plain,
    sign_in_with_totp,
    stored,
    track_devices,
)
from tests.signin.conftest import PASSWORD, TOTP_SECRET, app_clock  # noqa: F401  (a fixture)


def report(response) -> str:
    """Django's HTML and text error reports of the request's exception."""
    assert response.status_code == 500
    reporter = ExceptionReporter(response.wsgi_request, *response.exc_info)
    return reporter.get_traceback_html() + reporter.get_traceback_text()


def secrets_seen(cognito) -> list[str]:
    """Every Session and token Cognito sent, every answer and SRP proof the app sent."""
    found = []
    for call in cognito.calls:
        found.append(call.response.get("Session", ""))
        result = call.response.get("AuthenticationResult") or {}
        found += [result.get(k, "") for k in ("IdToken", "AccessToken", "RefreshToken")]
        sent = {**call.request.get("AuthParameters", {}),
                **call.request.get("ChallengeResponses", {})}
        found += [v for k, v in sent.items() if k not in ("USERNAME", "DEVICE_KEY")]
        found += [call.request.get("Token", ""), call.request.get("UserCode", "")]
    return [s for s in found if s]


def assert_no_secret_in(text: str, secrets: list[str]) -> None:
    leaked = [s[:12] + "..." for s in secrets if s in text]
    assert leaked == [], f"secrets in the error report: {leaked}"


@pytest.fixture
def crashing_browser(db) -> Browser:
    """A browser whose requests' exceptions become 500 responses carrying ``exc_info``."""
    return Browser(raise_request_exception=False)


def test_a_crash_after_the_password_shows_neither_password_nor_tokens(cognito, crashing_browser):
    cognito.add_user("tess")
    with database_fails_on('INSERT INTO "auth_user"'):
        response = crashing_browser.post("/accounts/login/",
                                         {"username": "tess", "password": PASSWORD})
    text = report(response)
    assert "the database went away" in text  # the report is about this crash
    assert_no_secret_in(text, [PASSWORD, *secrets_seen(cognito)])


def test_a_crash_after_the_code_shows_neither_code_nor_session(cognito, crashing_browser):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    crashing_browser.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    code = cognito.totp_code("tess")
    with database_fails_on('INSERT INTO "auth_user"'):
        response = crashing_browser.post("/accounts/login/code/", {"code": code})
    text = report(response)
    assert "the database went away" in text
    assert_no_secret_in(text, [PASSWORD, code, TOTP_SECRET, *secrets_seen(cognito)])


@pytest.mark.parametrize(("page", "field"), [("code", "code"), ("custom", "answer"),
                                             ("password", "password"),
                                             ("passkey", "credential")])
def test_a_crash_before_a_step_reads_its_answer_shows_no_answer(cognito, crashing_browser,
                                                                monkeypatch, page, field):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    crashing_browser.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    answer = "answer-" + "s3cr3t" * 4

    def crash(request, names, pending=None):
        raise RuntimeError("the pending sign-in could not be read")

    monkeypatch.setattr(flow, "current", crash)  # the step view's first act, before its form
    response = crashing_browser.post(f"/accounts/login/{page}/", {field: answer})
    text = report(response)
    assert "the pending sign-in could not be read" in text
    assert_no_secret_in(text, [answer, *secrets_seen(cognito)])


def test_a_crash_during_a_refresh_shows_no_token(cognito, crashing_browser, app_clock):  # noqa: F811
    cognito.add_user("tess")
    sign_in_plain(crashing_browser, "tess")
    old = stored(crashing_browser)
    app_clock.advance(INTO_REFRESH_MARGIN)
    with database_fails_on("cognito_challenge_cognitoidentity"):
        response = crashing_browser.get("/home/")
    text = report(response)
    assert "the database went away" in text
    assert_no_secret_in(text, [old.refresh_token, old.access_token, old.id_token,
                               *secrets_seen(cognito)])


def test_a_crash_during_sign_out_shows_no_token(cognito, crashing_browser):
    track_devices(cognito)
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    sign_in_with_totp(crashing_browser, cognito, "tess")
    old = stored(crashing_browser)
    assert old.device_key  # so the sign-out asks whether the device is remembered
    with database_fails_on('"cognito_challenge_remembereddevice"'):
        response = crashing_browser.post("/accounts/logout/")
    text = report(response)
    assert "the database went away" in text
    assert_no_secret_in(text, [old.refresh_token, old.access_token, old.id_token])
