"""The example project's DEMO_SIGN_IN switch: the flow it selects, and a custom-auth demo.

Like ``tests/test_example_project.py`` (whose helpers these are), everything runs in
subprocesses: the settings read the environment once, at import.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import pytest

from django_cognito_challenge.testing.custom_examples import QUIZ
from tests.processes import free_port, stop
from tests.test_example_project import PROJECT, Browser, project_env, run_in_project, wait_for_site

# -- DEMO_SIGN_IN: how the demo signs in ------------------------------------------------------

PRINT_SIGN_IN = """
import json
from django.conf import settings
from django_cognito_challenge.conf import app_settings
print(json.dumps([app_settings.AUTH_FLOW, app_settings.CUSTOM_AUTH_SRP,
                  settings.EXAMPLE_CUSTOM_AUTH]))
"""
REAL_POOL = {"COGNITO_CHALLENGE_USER_POOL_ID": "eu-west-1_RealPool9",
             "COGNITO_CHALLENGE_REGION": "eu-west-1", "COGNITO_CHALLENGE_CLIENT_ID": "realclient"}


def sign_in_settings(tmp_path: Path, **env: str) -> list:
    result = run_in_project(tmp_path, "-c", PRINT_SIGN_IN, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(("env", "expected"), [
    ({}, ["USER_AUTH", False, ""]),
    ({"DEMO_SIGN_IN": "choice"}, ["USER_AUTH", False, ""]),
    ({"DEMO_SIGN_IN": "password"}, ["USER_SRP_AUTH", False, ""]),
    ({"DEMO_SIGN_IN": "custom-one-round"}, ["CUSTOM_AUTH", False, "one-round"]),
    ({"DEMO_SIGN_IN": "custom-three-rounds"}, ["CUSTOM_AUTH", False, "three-rounds"]),
    ({"DEMO_SIGN_IN": "custom-three-rounds-srp"}, ["CUSTOM_AUTH", True, "three-rounds"]),
    (REAL_POOL, ["USER_SRP_AUTH", False, ""]),
    ({**REAL_POOL, "DEMO_SIGN_IN": "choice"}, ["USER_AUTH", False, ""]),
], ids=["embedded-default", "choice", "password", "custom-one-round", "custom-three-rounds",
        "custom-srp", "real-pool-default", "real-pool-choice"])
def test_demo_sign_in_selects_the_flow_and_the_custom_auth_example(tmp_path, env, expected):
    assert sign_in_settings(tmp_path, **env) == expected


@pytest.mark.parametrize("env", [
    {"DEMO_SIGN_IN": "custom"},
    {"DEMO_SIGN_IN": "CUSTOM_AUTH"},
    {**REAL_POOL, "DEMO_SIGN_IN": "custom-one-round"},  # the examples live in the local Cognito
], ids=["unknown", "a-flow-name", "example-with-a-real-pool"])
def test_demo_sign_in_refuses_what_it_cannot_do(tmp_path, env):
    result = run_in_project(tmp_path, "-c", PRINT_SIGN_IN, **env)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: DEMO_SIGN_IN={env['DEMO_SIGN_IN']!r}" in result.stderr


def test_demo_with_the_three_round_example_signs_in_through_the_quiz(tmp_path):
    """``DEMO_SIGN_IN=custom-three-rounds``: the demo installs the triggers and says so."""
    site_port, cognito_port = free_port(), free_port()
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "demo", "--port", str(site_port)], cwd=PROJECT,
            env=project_env(tmp_path, COGNITO_PORT=str(cognito_port), DJANGO_DEBUG="1",
                            DEMO_SIGN_IN="custom-three-rounds"),
            stdout=out, stderr=subprocess.STDOUT)
    site = f"http://127.0.0.1:{site_port}"
    try:
        wait_for_site(process, log, site)
        output = log.read_text()
        assert "Sign-in: DEMO_SIGN_IN=custom-three-rounds (CUSTOM_AUTH)" in output
        assert "custom auth   three-rounds: three questions in a row" in output
        browser = Browser(site).get("/")
        assert 'id="custom-auth"' in browser.page
        browser.get("/accounts/login/")
        assert 'name="password"' not in browser.page
        browser.post("/accounts/login/", {"username": "totp-user"})
        for question, answer in QUIZ:
            assert browser.path == "/accounts/login/custom/"
            assert question in html.unescape(browser.page)
            browser.post("/accounts/login/custom/", {"answer": answer})
        assert browser.path == "/"
        assert "Signed in as <strong>Tess Totp</strong>" in browser.page
    finally:
        stop(process)
