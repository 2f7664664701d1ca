"""The demo's promise: ``passwordless-user`` signs in with only an emailed code.

``demo`` is ``manage.py demo`` on free ports (``tests/test_example_project.py``), spoken to over
HTTP with a cookie-keeping client, as a person's browser would.
"""

from __future__ import annotations

from tests.test_example_project import Browser, demo, last_code  # noqa: F401 (a fixture)


def test_demo_passwordless_user_signs_in_with_only_an_emailed_code(demo):  # noqa: F811
    site, cognito, _ = demo
    browser = Browser(site).get("/accounts/login/")
    assert "Leave it empty to sign in another way" in browser.page
    browser.post("/accounts/login/", {"username": "passwordless-user", "password": ""})
    assert browser.path == "/accounts/login/select-challenge/"
    assert 'value="EMAIL_OTP"' in browser.page
    assert 'value="PASSWORD"' not in browser.page  # the account has no password
    browser.post("/accounts/login/select-challenge/", {"challenge": "EMAIL_OTP"})
    assert browser.path == "/accounts/login/code/"
    assert "We sent a code to" in browser.page
    browser.post("/accounts/login/code/", {"code": last_code(cognito, "passwordless-user")})
    assert browser.path == "/"
    assert "Signed in as <strong>Pat Passwordless</strong>" in browser.page
