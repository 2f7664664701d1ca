"""No secret leaves the server: not in pages, not in the session, not in our logs.

ASVS 5.0 ids are named in each test's docstring (see the security checklist).
"""

from __future__ import annotations

import json
import logging
from importlib import import_module

from django.conf import settings

from django_cognito_challenge.checks import check_security

from .conftest import PASSWORD, TOTP_SECRET

TEMPORARY = "Temp-Pass-1!"
CODE_RESPONSES = ("SOFTWARE_TOKEN_MFA_CODE", "EMAIL_OTP_CODE", "SMS_MFA_CODE", "NEW_PASSWORD")


class Recorder:
    """The test client, keeping every response's status line, headers and body."""

    def __init__(self, client) -> None:
        self.client = client
        self.seen: list[str] = []

    def get(self, path: str):
        return self._keep(self.client.get(path))

    def post(self, path: str, data: dict):
        return self._keep(self.client.post(path, data))

    def _keep(self, response):
        headers = "\n".join(f"{k}: {v}" for k, v in response.items())
        cookies = response.cookies.output()
        self.seen.append(f"{response.status_code}\n{headers}\n{cookies}\n"
                         + response.content.decode("utf-8", "replace"))
        return response


def cognito_secrets(cognito) -> dict[str, list[str]]:
    """Every Session, token and code that crossed the wire to or from the local Cognito."""
    found: dict[str, list[str]] = {"sessions": [], "tokens": [], "codes": []}
    for call in cognito.calls:
        if call.response.get("Session"):
            found["sessions"].append(call.response["Session"])
        result = call.response.get("AuthenticationResult") or {}
        found["tokens"] += [result[k] for k in ("IdToken", "AccessToken", "RefreshToken")
                            if result.get(k)]
        answers = call.request.get("ChallengeResponses") or {}
        found["codes"] += [answers[k] for k in CODE_RESPONSES if answers.get(k)]
    return found


def stored_session(client) -> str:
    """The Django session as its engine stores it, serialized as JSON."""
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    return json.dumps(store.load())


def wrong(code: str) -> str:
    """A code of the right shape that is not ``code``."""
    return code[:-1] + str((int(code[-1]) + 1) % 10)


def totp_sign_in(client, cognito, sessions: list[str]) -> None:
    """SRP + TOTP with one wrong code first, snapshotting the session at each pending stage."""
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    assert response["Location"] == "/accounts/login/code/"
    sessions.append(stored_session(client.client))
    client.get("/accounts/login/code/")
    bad = wrong(cognito.totp_code("tess"))
    response = client.post("/accounts/login/code/", {"code": bad})
    assert response.status_code == 200
    sessions.append(stored_session(client.client))
    response = client.post("/accounts/login/code/", {"code": cognito.totp_code("tess")})
    assert response["Location"] == "/home/"
    client.get("/home/")


def test_srp_totp_sign_in_shows_and_stores_no_password_code_session_or_token(browser, cognito):
    """ASVS 14.2.1 / 14.3.3 / 7.2.1: secrets stay server-side; the pending stage holds no
    password or code (CVE-2020-15105), only Cognito's Session, by design."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", attributes={"email": "tess@example.com"}, totp_secret=TOTP_SECRET)
    client, pending = Recorder(browser), []
    totp_sign_in(client, cognito, pending)
    secrets = cognito_secrets(cognito)
    assert len(secrets["sessions"]) >= 1
    assert len(secrets["tokens"]) == 3
    assert len(secrets["codes"]) == 2  # the wrong code and the right one
    for secret in [PASSWORD, *secrets["sessions"], *secrets["tokens"], *secrets["codes"]]:
        for seen in client.seen:
            assert secret not in seen
    mfa_session = next(c.response["Session"] for c in cognito.calls
                       if c.response.get("ChallengeName") == "SOFTWARE_TOKEN_MFA")
    for data in pending:
        # The pending stage keeps Cognito's Session, by design, encrypted (test_tokens_at_rest).
        assert '"cognito_challenge.pending"' in data
        assert mfa_session not in data
        for secret in [PASSWORD, *secrets["codes"], *secrets["tokens"]]:
            assert secret not in data


def test_new_password_sign_in_shows_and_stores_no_password_code_session_or_token(
        browser, cognito):
    """ASVS 14.2.1 / 14.3.3 / 6.4.3: neither the temporary nor the new password, nor the
    emailed code, reaches a page or the session; MFA still follows the new password."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("newbie", TEMPORARY, temporary=True,
                     attributes={"email": "newbie@example.com"}, email_mfa=True)
    client, pending = Recorder(browser), []
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": "newbie", "password": TEMPORARY})
    assert response["Location"] == "/accounts/login/new-password/"
    pending.append(stored_session(browser))
    client.get("/accounts/login/new-password/")
    response = client.post("/accounts/login/new-password/",
                           {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response["Location"] == "/accounts/login/code/"
    pending.append(stored_session(browser))
    client.get("/accounts/login/code/")
    sent = cognito.last_code("newbie")
    response = client.post("/accounts/login/code/", {"code": sent})
    assert response["Location"] == "/home/"
    assert client.get("/home/").content == b"home: newbie"
    secrets = cognito_secrets(cognito)
    assert len(secrets["sessions"]) >= 1
    assert len(secrets["tokens"]) == 3
    for secret in [TEMPORARY, PASSWORD, sent, *secrets["sessions"], *secrets["tokens"]]:
        for seen in client.seen:
            assert secret not in seen
    for data in pending:
        for secret in [TEMPORARY, PASSWORD, sent]:
            assert secret not in data


def test_our_loggers_never_log_password_code_session_or_token(browser, cognito, caplog):
    """ASVS 16.2.5 / 16.3.1: sign-in events are logged (user + factors), secrets never, even
    with every logger at DEBUG; botocore at DEBUG does log them, which W003 warns about."""
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", attributes={"email": "tess@example.com"}, totp_secret=TOTP_SECRET)
    caplog.set_level(logging.DEBUG)
    totp_sign_in(Recorder(browser), cognito, [])
    ours = [r for r in caplog.records if r.name.startswith("django_cognito_challenge.")
            and not r.name.startswith("django_cognito_challenge.testing")]
    text = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in ours)
    assert "sign-in of tess failed: wrong_code" in text
    assert "sign-in of tess completed after SOFTWARE_TOKEN_MFA" in text
    secrets = cognito_secrets(cognito)
    for secret in [PASSWORD, *secrets["sessions"], *secrets["tokens"], *secrets["codes"]]:
        assert secret not in text
    botocore = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("botocore"))
    assert secrets["sessions"][0] in botocore  # why the W003 check exists
    assert "cognito_challenge.W003" in [problem.id for problem in check_security()]
