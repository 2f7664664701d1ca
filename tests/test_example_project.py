"""The example project: its settings with and without a real pool, and ``manage.py demo``.

Everything runs in subprocesses. The settings module reads the environment once, at import, and
the suite's own process runs with ``tests.settings``: importing ``example.settings`` here under a
monkeypatched environment would leave a module (and its env-derived values) cached in
``sys.modules`` between tests. A fresh interpreter per case is what ``manage.py`` sees.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from django_cognito_challenge.testing.seed import read_seed
from django_cognito_challenge.testing.totp import code_for
from tests.processes import free_port, stop

PROJECT = Path(__file__).resolve().parent.parent / "example_project"
SEED = read_seed()
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
STARTUP_TIMEOUT = 60.0

PRINT_SETTINGS = """
import json
from django.conf import settings
from django_cognito_challenge.conf import app_settings
names = ("REGION", "USER_POOL_ID", "CLIENT_ID", "CLIENT_SECRET", "ENDPOINT_URL", "ISSUER",
         "STAFF_GROUPS", "SUPERUSER_GROUPS", "TOTP_ISSUER")
values = {name: getattr(app_settings, name) for name in names}
values.update(DEBUG=settings.DEBUG, LOCAL=settings.EXAMPLE_LOCAL_COGNITO,
              SESSION_COOKIE_SECURE=settings.SESSION_COOKIE_SECURE,
              CSRF_COOKIE_SECURE=settings.CSRF_COOKIE_SECURE,
              LOGIN_URL=settings.LOGIN_URL, LOGIN_REDIRECT_URL=settings.LOGIN_REDIRECT_URL)
print(json.dumps(values))
"""


def project_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh shell: none of the suite's Django or Cognito settings."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "COGNITO_"))}
    env.update(DJANGO_SETTINGS_MODULE="example.settings", PYTHONUNBUFFERED="1",
               DJANGO_SQLITE_PATH=str(tmp_path / "db.sqlite3"), **extra)
    return env


def run_in_project(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=PROJECT, env=project_env(tmp_path, **env),
                          capture_output=True, text=True, timeout=60, check=False)


def resolved_settings(tmp_path: Path, **env: str) -> dict:
    result = run_in_project(tmp_path, "-c", PRINT_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# -- settings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("cognito_port", "endpoint"), [
    (None, "http://127.0.0.1:9229"),
    ("9300", "http://127.0.0.1:9300"),
])
def test_without_a_pool_the_settings_point_at_the_embedded_local_cognito(
        tmp_path, cognito_port, endpoint):
    env = {"COGNITO_PORT": cognito_port} if cognito_port else {}
    values = resolved_settings(tmp_path, **env)
    pool_id = SEED["pool"]["id"]
    assert values["LOCAL"] is True
    assert values["REGION"] == "us-east-1"
    assert values["USER_POOL_ID"] == pool_id
    assert values["CLIENT_ID"] == SEED["client"]["id"]
    assert values["CLIENT_SECRET"] is None
    assert values["ENDPOINT_URL"] == endpoint
    assert values["ISSUER"] == f"{endpoint}/{pool_id}"
    assert values["STAFF_GROUPS"] == values["SUPERUSER_GROUPS"] == ["admins"]
    assert values["TOTP_ISSUER"] == "Cognito demo"
    assert values["LOGIN_URL"] == "cognito_challenge:login"
    assert values["LOGIN_REDIRECT_URL"] == "/"
    # The demo runs on plain HTTP with DEBUG on: cookies that need HTTPS would never come back.
    assert values["DEBUG"] is True
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is False


PRINT_SIGN_UP = """
import json
import re
import django
django.setup()
from django.test import Client
from django_cognito_challenge.conf import app_settings
client = Client(HTTP_HOST="127.0.0.1")
sign_in, sign_up = client.get("/accounts/login/"), client.get("/accounts/signup/")
print(json.dumps({"SIGN_UP": app_settings.SIGN_UP,
                  "ATTRIBUTES": list(app_settings.SIGN_UP_ATTRIBUTES),
                  "SIGNS_IN": app_settings.SIGN_UP_SIGNS_IN,
                  "link": 'href="/accounts/signup/"' in sign_in.content.decode(),
                  "status": sign_up.status_code,
                  "fields": re.findall(r'<input[^>]* name="(\\w+)"', sign_up.content.decode())}))
"""


@pytest.mark.parametrize(("env", "offered"), [
    ({}, True),
    # A real pool's sign-up stays off unless the environment turns it on.
    ({"COGNITO_CHALLENGE_USER_POOL_ID": "eu-west-1_RealPool9",
      "COGNITO_CHALLENGE_REGION": "eu-west-1", "COGNITO_CHALLENGE_CLIENT_ID": "realclient"}, False),
], ids=["embedded", "real-pool"])
def test_the_embedded_local_cognito_offers_sign_up(tmp_path, env, offered):
    result = run_in_project(tmp_path, "-c", PRINT_SIGN_UP, **env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SIGN_UP"] is values["link"] is offered
    if not offered:
        assert values["status"] == 404
        return
    # The demo pool emails the code and requires a name: the page asks for both, and the
    # sign-in that follows the confirmation goes on to the pool's MFA set-up.
    assert values["ATTRIBUTES"] == ["email", *SEED["pool"]["required_attributes"]] == [
        "email", "name"]
    assert "email" in SEED["pool"]["auto_verified_attributes"]
    assert values["SIGNS_IN"] is True
    assert values["status"] == 200
    assert values["fields"] == ["csrfmiddlewaretoken", "username", "email", "attribute_name",
                                "password1", "password2"]


def test_a_pool_in_the_environment_replaces_the_embedded_one(tmp_path):
    values = resolved_settings(
        tmp_path, COGNITO_CHALLENGE_USER_POOL_ID="eu-west-1_RealPool9",
        COGNITO_CHALLENGE_REGION="eu-west-1", COGNITO_CHALLENGE_CLIENT_ID="realclient",
        COGNITO_CHALLENGE_CLIENT_SECRET="real-secret", COGNITO_PORT="9300")
    assert values["LOCAL"] is False
    assert (values["REGION"], values["USER_POOL_ID"], values["CLIENT_ID"]) == (
        "eu-west-1", "eu-west-1_RealPool9", "realclient")
    assert values["CLIENT_SECRET"] == "real-secret"
    assert values["ENDPOINT_URL"] is None
    assert values["ISSUER"] == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_RealPool9"


def test_debug_off_makes_the_cookies_secure(tmp_path):
    values = resolved_settings(tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k" * 50)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True


def test_debug_off_without_a_secret_key_refuses_to_start(tmp_path):
    result = run_in_project(tmp_path, "-c", PRINT_SETTINGS, DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("env", [
    {},
    {"COGNITO_CHALLENGE_USER_POOL_ID": "eu-west-1_RealPool9",
     "COGNITO_CHALLENGE_REGION": "eu-west-1", "COGNITO_CHALLENGE_CLIENT_ID": "realclient"},
], ids=["embedded", "real-pool"])
def test_system_checks_pass(tmp_path, env):
    result = run_in_project(tmp_path, "manage.py", "check", **env)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


# -- manage.py demo ---------------------------------------------------------------------------


class Browser:
    """A cookie-keeping stdlib HTTP client that posts forms with the page's CSRF token."""

    def __init__(self, site: str) -> None:
        self.site = site
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.path, self.page = "", ""

    def get(self, path: str) -> Browser:
        return self._open(path, None)

    def post(self, path: str, data: dict[str, str]) -> Browser:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.page)
        assert token, f"no CSRF token on {self.path}"
        return self._open(path, {"csrfmiddlewaretoken": token.group(1), **data})

    def _open(self, path: str, data: dict[str, str] | None) -> Browser:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        with self.opener.open(self.site + path, body, timeout=15) as response:  # follows 302s
            assert response.status == 200
            self.path = urllib.parse.urlsplit(response.geturl()).path
            self.page = response.read().decode()
        return self


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """``manage.py demo`` on free ports; yields (site URL, local Cognito URL, its output file)."""
    tmp_path = tmp_path_factory.mktemp("demo")
    site_port, cognito_port = free_port(), free_port()
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "demo", "--port", str(site_port)], cwd=PROJECT,
            env=project_env(tmp_path, COGNITO_PORT=str(cognito_port), DJANGO_DEBUG="1"),
            stdout=out, stderr=subprocess.STDOUT)
    site = f"http://127.0.0.1:{site_port}"
    try:
        wait_for_site(process, log, site)
        yield site, f"http://127.0.0.1:{cognito_port}", log
    finally:
        stop(process)


def wait_for_site(process: subprocess.Popen, log: Path, site: str) -> None:
    """Poll until the command has printed the site's address and the site answers."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, f"demo exited early:\n{log.read_text()}"
        if f"Example site: {site}/" in log.read_text():
            try:
                with urllib.request.urlopen(site + "/", timeout=5):
                    return
            except OSError:
                pass
        time.sleep(0.1)
    pytest.fail(f"demo did not start within {STARTUP_TIMEOUT}s:\n{log.read_text()}")


def sign_in_with_totp(browser: Browser, username: str, password: str, *,
                      step: int = 0) -> Browser:
    """Password, then the code of the ``step``-th 30-second step from now (unspent by others)."""
    browser.get("/accounts/login/").post(
        "/accounts/login/", {"username": username, "password": password})
    assert browser.path == "/accounts/login/code/"
    code = code_for(TOTP_SECRET, time.time() + 30 * step)
    return browser.post("/accounts/login/code/", {"code": code})


def test_demo_prints_where_everything_is_and_lists_the_demo_users(demo):
    site, cognito, log = demo
    output = log.read_text()
    assert f"Local Cognito listening on {cognito}" in output
    assert f"outbox        {cognito}/_local/outbox" in output
    home = Browser(site).get("/")
    assert "You are not signed in." in home.page
    assert 'href="/accounts/login/"' in home.page
    assert 'href="/accounts/password/reset/"' in home.page
    assert f'href="{cognito}/_local/outbox"' in home.page
    for user in SEED["users"]:
        assert f"  {user['username']:<12} {user.get('password') or '-':<16} " in output
        assert f"<code>{user['username']}</code>" in home.page


def test_demo_signs_in_totp_user_over_http(demo):
    site, _, _ = demo
    browser = sign_in_with_totp(Browser(site), "totp-user", "Demo-Pass-1!")
    assert browser.path == "/"
    assert "Signed in as <strong>Tess Totp</strong>" in browser.page
    assert "totp-user@example.com" in browser.page
    assert '<dd id="groups">none</dd>' in browser.page
    assert 'href="/accounts/security/"' in browser.page  # the account pages
    assert 'href="/accounts/password/change/"' in browser.page
    assert "Demo users" not in browser.page
    browser.post("/accounts/logout/", {})
    assert browser.path == "/"
    assert "You are not signed in." in browser.page


def test_demo_admin_from_the_admins_group_opens_the_admin(demo):
    site, _, _ = demo
    browser = sign_in_with_totp(Browser(site), "admin", "Admin-Pass-1!")
    assert '<dd id="groups">admins</dd>' in browser.page
    browser.get("/admin/")
    assert browser.path == "/admin/"
    assert "Site administration" in browser.page


def test_demo_admin_signs_in_from_the_admin_with_totp_and_lands_on_the_page_asked_for(demo):
    """The README's walk-through: /admin/, the admin-styled sign-in, a TOTP code, the admin."""
    site, _, _ = demo
    browser = Browser(site).get("/admin/auth/user/")
    assert browser.path == "/admin/login/"
    assert 'id="site-name"' in browser.page
    browser.post("/admin/login/?next=/admin/auth/user/",
                 {"username": "admin", "password": "Admin-Pass-1!", "next": "/admin/auth/user/"})
    assert browser.path == "/accounts/login/code/"
    # The next step's code: the other admin test may have spent this step's (a one-step window).
    browser.post("/accounts/login/code/", {"code": code_for(TOTP_SECRET, time.time() + 30)})
    assert browser.path == "/admin/auth/user/"
    assert "Select user to change" in browser.page


def test_demo_email_user_resets_the_password_with_the_emailed_code_and_signs_in(demo):
    """The issue's walk-through: forgot password, the emailed code, the new password, sign in."""
    site, cognito, _ = demo
    browser = Browser(site).get("/accounts/login/")
    assert 'href="/accounts/password/reset/"' in browser.page
    browser.get("/accounts/password/reset/").post(
        "/accounts/password/reset/", {"username": "email-user"})
    assert browser.path == "/accounts/password/reset/confirm/"
    browser.post("/accounts/password/reset/confirm/", {
        "code": last_code(cognito, "email-user"), "new_password1": "Reset-Pass-7!",
        "new_password2": "Reset-Pass-7!"})
    assert browser.path == "/accounts/login/"
    browser.post("/accounts/login/", {"username": "email-user", "password": "Reset-Pass-7!"})
    assert browser.path == "/accounts/login/code/"  # MFA still applies
    browser.post("/accounts/login/code/", {"code": last_code(cognito, "email-user")})
    assert browser.path == "/"
    assert "email-user@example.com" in browser.page


def test_demo_totp_user_changes_the_password_from_the_account_pages(demo):
    site, _, _ = demo
    browser = sign_in_with_totp(Browser(site), "totp-user", "Demo-Pass-1!", step=1)
    browser.get("/accounts/security/").get("/accounts/password/change/")
    browser.post("/accounts/password/change/", {
        "old_password": "Demo-Pass-1!", "new_password1": "Changed-Pass-8!",
        "new_password2": "Changed-Pass-8!"})
    assert browser.path == "/accounts/security/"
    browser.post("/accounts/logout/", {})
    browser.get("/accounts/login/").post(
        "/accounts/login/", {"username": "totp-user", "password": "Changed-Pass-8!"})
    assert browser.path == "/accounts/login/code/"


def last_code(cognito: str, username: str) -> str:
    """The newest code the demo's local Cognito "sent" to ``username`` (its outbox)."""
    with urllib.request.urlopen(f"{cognito}/_local/outbox?username={username}",
                                timeout=5) as response:
        return json.load(response)["messages"][-1]["code"]


def test_demo_refuses_to_start_when_the_cognito_port_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = run_in_project(tmp_path, "manage.py", "demo", "--port", str(free_port()),
                                COGNITO_PORT=port)
    assert result.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Example site" not in result.stdout
