"""The demo's ``new-user`` signs in in a real browser: new password, TOTP set-up, home page."""

from __future__ import annotations

from django_cognito_challenge.testing import totp
from django_cognito_challenge.testing.seed import read_seed


def test_new_user_sets_a_password_and_totp_from_the_page_secret(page, live_server, cognito,
                                                               tmp_path):
    cognito.apply_seed(read_seed())  # the demo pool's rules and users
    page.goto(f"{live_server.url}/accounts/login/?next=/home/")
    page.get_by_label("Username or email").fill("new-user")
    page.get_by_label("Password").fill("Temp-Pass-1!")
    page.get_by_role("button", name="Sign in").click()

    page.get_by_label("New password", exact=True).fill("My-Own-Pass-9!")
    page.get_by_label("New password again").fill("My-Own-Pass-9!")
    page.get_by_label("Full name").fill("Nina New")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Authenticator app").check()
    page.get_by_role("button", name="Continue").click()
    assert page.locator("svg.cc-qr").is_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    page.screenshot(path=str(tmp_path / "totp-setup.png"), full_page=True)
    page.get_by_label("Verification code").fill(totp.code_for(secret, cognito.backend.now()))
    page.get_by_role("button", name="Continue").click()

    assert page.url == f"{live_server.url}/home/"
    assert page.locator("body").inner_text() == "home: new-user"
    assert cognito.user("new-user").attributes["name"] == "Nina New"
