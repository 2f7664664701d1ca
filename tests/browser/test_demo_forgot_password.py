"""The demo's ``email-user`` forgets the password in a real browser: a code by email, a new
password, then a sign-in with it that still asks for the emailed MFA code."""

from __future__ import annotations

from django_cognito_challenge.testing.seed import read_seed

NEW_PASSWORD = "Brand-New-Pass-7!"


def test_email_user_resets_the_password_with_the_emailed_code_and_signs_in(page, live_server,
                                                                          cognito, tmp_path):
    cognito.apply_seed(read_seed())  # the demo pool: MFA required, email-user gets codes
    page.goto(f"{live_server.url}/accounts/login/?next=/home/")
    page.get_by_role("link", name="Forgot your password?").click()

    page.get_by_label("Username or email").fill("email-user")
    page.get_by_role("button", name="Send code").click()
    page.wait_for_url(f"{live_server.url}/accounts/password/reset/confirm/")
    assert "If email-user is an account here, we sent a code" in page.locator("main").inner_text()
    page.get_by_label("Verification code").fill(cognito.last_code("email-user"))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.screenshot(path=str(tmp_path / "password-reset-confirm.png"), full_page=True)
    page.get_by_role("button", name="Reset password").click()

    page.wait_for_url(f"{live_server.url}/accounts/login/")  # not signed in
    assert "Your password was reset." in page.locator(".messages").inner_text()
    page.get_by_label("Username or email").fill("email-user")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/code/")  # MFA still asked
    page.get_by_label("Verification code").fill(cognito.last_code("email-user"))
    page.get_by_role("button", name="Verify").click()

    page.wait_for_url(f"{live_server.url}/home/")
    assert page.locator("body").inner_text() == "home: email-user"
