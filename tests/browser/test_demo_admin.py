"""The demo's ``admin`` signs into an admin that wants MFA, in a real browser, with TOTP."""

from __future__ import annotations

import pytest

from django_cognito_challenge.testing import totp
from django_cognito_challenge.testing.seed import read_seed

pytestmark = pytest.mark.urls("tests.admin.urls")
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


@pytest.fixture
def demo_pool(cognito, settings):
    """The demo pool, and the example project's group settings."""
    cognito.apply_seed(read_seed())
    settings.COGNITO_CHALLENGE_STAFF_GROUPS = ("admins",)
    settings.COGNITO_CHALLENGE_SUPERUSER_GROUPS = ("admins",)
    return cognito


def sign_in(page, cognito, username: str, password: str) -> None:
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Verification code").fill(
        totp.code_for(read_seed()["users"][1]["mfa"]["totp_secret"], cognito.backend.now()))
    page.get_by_role("button", name="Verify").click()


def test_demo_admin_reaches_the_mfa_admin_page_asked_for_with_a_totp_code(
        page, live_server, demo_pool, tmp_path):
    users = "/cognito-otp-admin/auth/user/"
    page.goto(f"{live_server.url}{users}")
    assert page.url == f"{live_server.url}/cognito-otp-admin/login/?next={users}"
    expect(page.locator("#site-name")).to_be_visible()  # the admin's own header
    page.screenshot(path=str(tmp_path / "admin-login.png"), full_page=True)
    sign_in(page, demo_pool, "admin", "Admin-Pass-1!")

    page.wait_for_url(f"{live_server.url}{users}")
    expect(page.get_by_role("heading", name="Select user to change")).to_be_visible()
    expect(page.locator("#result_list")).to_contain_text("admin")
