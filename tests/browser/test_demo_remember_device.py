"""The demo's ``totp-user`` remembers Chromium, signs out, and signs in again without a code."""

from __future__ import annotations

from django_cognito_challenge.testing.seed import read_seed

DEVICE_COOKIE = "__Host-cognito_challenge_device"  # Secure cookies get the prefix


def sign_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next=/home/")
    page.get_by_label("Username or email").fill("totp-user")
    page.get_by_label("Password").fill("Demo-Pass-1!")
    page.get_by_role("button", name="Sign in").click()


def sign_out(page, base_url: str) -> None:
    """POST the sign-out as a form would, with the CSRF token Django set."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    response = page.request.post(f"{base_url}/accounts/logout/", max_redirects=0,
                                 headers={"X-CSRFToken": cookies["csrftoken"]})
    assert response.status == 302
    assert response.headers["location"] == "/accounts/login/"


def test_totp_user_remembers_this_browser_and_next_time_skips_the_code(page, live_server,
                                                                       cognito, tmp_path):
    cognito.apply_seed(read_seed())  # the demo pool: MFA on, devices remembered on request
    sign_in(page, live_server.url)
    page.get_by_label("Verification code").fill(cognito.totp_code("totp-user"))
    page.get_by_label("Remember this device").check()
    page.screenshot(path=str(tmp_path / "code-remember.png"), full_page=True)
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/home/")
    assert page.locator("body").inner_text() == "home: totp-user"

    (cookie,) = [c for c in page.context.cookies() if c["name"] == DEVICE_COOKIE]
    assert (cookie["httpOnly"], cookie["secure"], cookie["sameSite"]) == (True, True, "Lax")
    page.goto(f"{live_server.url}/accounts/security/")
    device_row = page.locator("tr[data-device-key]")
    assert device_row.count() == 1
    assert "(this device)" in device_row.inner_text()
    assert "Remembered" in device_row.inner_text()
    assert "Not remembered" not in device_row.inner_text()

    sign_out(page, live_server.url)
    page.goto(f"{live_server.url}/home/")
    assert page.locator("body").inner_text() == "home: anonymous"

    cognito.reset_calls()
    sign_in(page, live_server.url)
    page.wait_for_url(f"{live_server.url}/home/")  # no code page in between
    assert page.locator("body").inner_text() == "home: totp-user"
    assert cognito.call_names() == [
        "InitiateAuth:USER_SRP_AUTH",
        "RespondToAuthChallenge:PASSWORD_VERIFIER",
        "RespondToAuthChallenge:DEVICE_SRP_AUTH",
        "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER",
    ]
