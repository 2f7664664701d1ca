"""A newcomer signs up on the demo pool in a real browser: a new account, the emailed code that
confirms it, the MFA set-up the pool requires, then signed in at ``next``."""

from __future__ import annotations

import re

import pytest

from django_cognito_challenge.testing import totp
from django_cognito_challenge.testing.errors import ServiceError
from django_cognito_challenge.testing.seed import read_seed

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

PASSWORD = "Sign-Up-Pass-3!"
POLICY_HINT = ("Use at least 8 characters, with a lower-case letter, an upper-case letter, "
               "a number and a symbol, such as ! or #.")


@pytest.fixture
def demo_pool(cognito, settings):
    """The demo pool, and the example project's sign-up settings (its pool requires a name)."""
    cognito.apply_seed(read_seed())
    settings.COGNITO_CHALLENGE_SIGN_UP = True
    settings.COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES = ("email", "name")
    return cognito


def open_sign_up(page, url: str) -> None:
    page.goto(f"{url}/accounts/login/?next=/home/")
    page.get_by_role("link", name="No account yet? Sign up").click()
    page.wait_for_url(f"{url}/accounts/signup/?next=/home/")


def fill_sign_up(page, username: str, password: str, again: str | None = None) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Full name").fill("Nora Newcomer")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password if again is None else again)


@pytest.mark.parametrize("method", ["Authenticator app", "Email"])
def test_a_newcomer_signs_up_confirms_the_emailed_code_sets_up_mfa_and_is_signed_in(
        method, page, live_server, demo_pool, tmp_path):
    open_sign_up(page, live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    fill_sign_up(page, "nora", PASSWORD)
    page.screenshot(path=str(tmp_path / "sign-up.png"), full_page=True)
    page.get_by_role("button", name="Create account").click()

    page.wait_for_url(f"{live_server.url}/accounts/signup/confirm/")
    assert "We sent a code to n***@e***." in page.locator("main").inner_text()
    assert demo_pool.outbox("nora")[-1]["purpose"] == "SIGN_UP"
    page.get_by_label("Verification code").fill(demo_pool.last_code("nora"))
    page.screenshot(path=str(tmp_path / "confirm-sign-up.png"), full_page=True)
    page.get_by_role("button", name="Confirm", exact=True).click()

    # Confirmed, and signed in with ConfirmSignUp's Session: the pool's MFA set-up comes next.
    page.wait_for_url(f"{live_server.url}/accounts/login/mfa-setup/")
    assert demo_pool.user("nora").status == "CONFIRMED"
    page.get_by_label(method).check()
    page.get_by_role("button", name="Continue").click()
    if method == "Authenticator app":
        expect(page.locator("svg.cc-qr")).to_be_visible()
        secret = page.locator("#totp-secret").inner_text().strip()
        page.get_by_label("Verification code").fill(totp.code_for(secret, demo_pool.backend.now()))
        page.get_by_role("button", name="Continue").click()
    else:
        page.get_by_label("Email address for your codes").fill("nora@example.com")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(f"{live_server.url}/accounts/login/code/")
        page.get_by_label("Verification code").fill(demo_pool.last_code("nora"))
        page.get_by_role("button", name="Verify").click()

    page.wait_for_url(f"{live_server.url}/home/")
    assert page.locator("body").inner_text() == "home: nora"
    user = demo_pool.user("nora")
    assert user.attributes["name"] == "Nora Newcomer"
    assert user.attributes["email_verified"] == "true"  # the pool auto-verifies email


def test_the_sign_up_page_shows_the_password_policy_and_refuses_a_weak_password_itself(
        page, live_server, demo_pool):
    open_sign_up(page, live_server.url)
    password = page.get_by_label("Password", exact=True)
    expect(page.get_by_text(POLICY_HINT)).to_be_visible()
    expect(password).to_have_accessible_description(POLICY_HINT)
    demo_pool.reset_calls()

    fill_sign_up(page, "weak", "weakpass")
    page.get_by_role("button", name="Create account").click()

    page.wait_for_url(f"{live_server.url}/accounts/signup/?next=/home/")  # again, with errors
    expect(page.locator("#id_password1_error")).to_contain_text("upper-case")
    expect(password).to_have_attribute("aria-invalid", "true")
    # The hint, then the refusals: a screen reader hears both on the field.
    expect(password).to_have_accessible_description(
        re.compile(re.escape(POLICY_HINT) + r".*does not meet the password policy.*upper-case"))
    assert demo_pool.call_names() == []  # refused on the page: no SignUp reached Cognito
    with pytest.raises(ServiceError, match="UserNotFoundException"):
        demo_pool.user("weak")
