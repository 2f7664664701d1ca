"""axe-core finds no WCAG 2.2 A/AA or best-practice violation on the password and sign-up pages,
error states included (the sign-in pages are ``test_accessibility.py``'s)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from django_cognito_challenge.testing.seed import read_seed

from .test_accessibility import Site

NEW_PASSWORD = "Brand-New-Pass-7!"


def reset_page(site: Site) -> None:
    site.page.goto(f"{site.url}/accounts/password/reset/")


def code_page(site: Site) -> None:
    reset_page(site)
    site.fill("Username or email", "email-user")
    site.press("Send code")
    site.page.wait_for_url(f"{site.url}/accounts/password/reset/confirm/")


def reset_with(site: Site, code: Callable[[Site], str], password: str = NEW_PASSWORD) -> None:
    code_page(site)
    site.fill("Verification code", code(site))
    site.fill("New password", password)
    site.fill("New password again", password)
    site.press("Reset password")


def wrong_code(site: Site) -> str:
    right = site.cognito.last_code("email-user")
    return f"{(int(right) + 1) % 1_000_000:06d}"


def resend_too_soon(site: Site) -> None:
    code_page(site)
    site.press("Send a new code")


def change_page(site: Site, old: str = "") -> None:
    site.sign_in("totp-user")
    site.fill("Verification code", site.cognito.totp_code("totp-user"))
    site.press("Verify")
    site.page.wait_for_url(f"{site.url}/home/")
    site.page.goto(f"{site.url}/accounts/password/change/")
    if old:
        site.fill("Current password", old)
        site.fill("New password", NEW_PASSWORD)
        site.fill("New password again", NEW_PASSWORD)
        site.press("Change password")


def sign_up_page(site: Site) -> None:
    """The demo's sign-up settings: its pool requires a name, and emails the code."""
    site.settings.COGNITO_CHALLENGE_SIGN_UP = True
    site.settings.COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES = ("email", "name")
    site.page.goto(f"{site.url}/accounts/signup/")


def sign_up_with(site: Site, password: str = NEW_PASSWORD, again: str = NEW_PASSWORD) -> None:
    sign_up_page(site)
    site.fill("Username", "nora")
    site.fill("Email", "nora@example.com")
    site.fill("Full name", "Nora Newcomer")
    site.fill("Password", password)
    site.fill("Password again", again)
    site.press("Create account")


def confirm_sign_up_page(site: Site) -> None:
    sign_up_with(site)
    site.page.wait_for_url(f"{site.url}/accounts/signup/confirm/")


def confirm_sign_up_with(site: Site, code: Callable[[Site], str]) -> None:
    confirm_sign_up_page(site)
    site.fill("Verification code", code(site))
    site.press("Confirm")


def wrong_sign_up_code(site: Site) -> str:
    right = site.cognito.last_code("nora")
    return f"{(int(right) + 1) % 1_000_000:06d}"


def resend_sign_up_code(site: Site, *, interval: int | None = None) -> None:
    if interval is not None:
        site.settings.COGNITO_CHALLENGE_SIGN_UP_RESEND_INTERVAL = interval
    confirm_sign_up_page(site)
    site.press("Send a new code")
    site.page.wait_for_url(f"{site.url}/accounts/signup/confirm/")


#: Each state: how to reach it, and a text the page then shows (so a detour cannot pass).
STATES: dict[str, tuple[Callable[[Site], None], str]] = {
    "password_reset": (reset_page, "Reset your password"),
    "password_reset_confirm": (code_page, "we sent a code"),
    "password_reset_wrong_code": (lambda site: reset_with(site, wrong_code),
                                  "That code is not right"),
    "password_reset_policy": (
        lambda site: reset_with(site, lambda s: s.cognito.last_code("email-user"), "Sh0rt!"),
        "it is too short"),
    "password_reset_resend_too_soon": (resend_too_soon, "A code was sent a moment ago"),
    "password_change": (change_page, "Change your password"),
    "password_change_wrong_current": (lambda site: change_page(site, "Wrong-Pass-1!"),
                                      "entered incorrectly"),
    "sign_up": (sign_up_page, "Create an account"),
    "sign_up_policy": (lambda site: sign_up_with(site, "short", "short"),
                       "does not meet the password policy"),
    "sign_up_mismatch": (lambda site: sign_up_with(site, NEW_PASSWORD, "Other-Pass-9!"),
                         "The two passwords do not match"),
    "confirm_sign_up": (confirm_sign_up_page, "We sent a code to n***@e***"),
    "confirm_sign_up_wrong_code": (lambda site: confirm_sign_up_with(site, wrong_sign_up_code),
                                   "That code is not right"),
    "confirm_sign_up_malformed_code": (lambda site: confirm_sign_up_with(site, lambda s: "12"),
                                       "6 to 8 digits"),
    "confirm_sign_up_code_resent": (lambda site: resend_sign_up_code(site, interval=0),
                                    "A new code is on its way"),
    "confirm_sign_up_resend_too_soon": (resend_sign_up_code, "A code was sent a moment ago"),
}


@pytest.mark.parametrize("state", STATES)
def test_every_password_page_and_error_state_passes_axe_core(state, axe_violations, page,
                                                             live_server, cognito, settings):
    cognito.apply_seed(read_seed())  # the demo pool's rules and users
    reach, shows = STATES[state]
    reach(Site(page, live_server.url, cognito, settings))
    assert shows in page.locator("main").inner_text()
    violations = axe_violations(page)
    assert not violations, f"axe-core on {state} ({page.url}):\n" + "\n".join(violations)
