"""axe-core finds no WCAG 2.2 A/AA or best-practice violation on any page, error states included.

Each state is reached through the real pages against the local Cognito's demo users.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from django_cognito_challenge.testing import totp
from django_cognito_challenge.testing.seed import read_seed

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

PASSWORD = "Demo-Pass-1!"


@dataclass
class Site:
    """The browser page on the live site, with the local Cognito and Django's settings."""

    page: Any
    url: str
    cognito: Any
    settings: Any

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        self.page.goto(f"{self.url}/accounts/login/")
        self.fill("Username or email", username)
        self.fill("Password", password)
        self.press("Sign in")

    def fill(self, label: str, value: str) -> None:
        self.page.get_by_label(label, exact=True).fill(value)

    def choose(self, label: str) -> None:
        self.page.get_by_label(label, exact=True).check()

    def press(self, button: str) -> None:
        self.page.get_by_role("button", name=button, exact=True).click()

    def wrong_totp_code(self, username: str) -> str:
        secret = self.cognito.user(username).totp_secret
        now = self.cognito.backend.now()
        return next(c for c in ("000000", "111111", "222222")
                    if totp.matching_step(secret, c, now) is None)


def throttled(site: Site) -> None:
    site.settings.COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT = 1
    site.sign_in("totp-user", "Wrong-Pass-1!")
    site.sign_in("totp-user")


def timed_out(site: Site) -> None:
    site.sign_in("email-user")
    site.cognito.advance(181)  # past the app client's three-minute AuthSessionValidity
    site.fill("Verification code", site.cognito.last_code("email-user"))
    site.press("Verify")


def new_password(site: Site, password: str = "", again: str = "") -> None:
    site.sign_in("new-user", "Temp-Pass-1!")
    if password:
        site.fill("New password", password)
        site.fill("New password again", again)
        site.fill("Full name", "Nina New")
        site.press("Continue")


def mfa_setup(site: Site, method: str = "") -> None:
    site.sign_in("setup-user")
    if method:
        site.choose(method)
        site.press("Continue")


def no_choice(site: Site) -> None:
    mfa_setup(site)
    site.press("Continue")


def code(site: Site, answer: Callable[[Site], str] | None = None) -> None:
    site.sign_in("totp-user")
    if answer:
        site.fill("Verification code", answer(site))
        site.press("Verify")


def security(site: Site, *, remember: bool = False, then: Callable | None = None) -> None:
    site.sign_in("totp-user")
    site.fill("Verification code", site.cognito.totp_code("totp-user"))
    if remember:
        site.choose("Remember this device")
    site.press("Verify")
    site.page.wait_for_url(f"{site.url}/home/")
    site.page.goto(f"{site.url}/accounts/security/")
    if then:
        then(site)


def forget_the_device(site: Site) -> None:
    site.page.locator("tr[data-device-key] button").click()


def devices_unavailable(site: Site) -> None:
    site.cognito.fail_next("ListDevices", "InternalErrorException")
    site.page.reload()


#: Each state: how to reach it, and a text the page then shows (so a detour cannot pass).
STATES: dict[str, tuple[Callable[[Site], None], str]] = {
    "sign_in": (lambda site: site.page.goto(f"{site.url}/accounts/login/"), "Sign in"),
    "sign_in_wrong_password": (lambda site: site.sign_in("totp-user", "Wrong-Pass-1!"),
                               "Incorrect username or password"),
    "sign_in_throttled": (throttled, "Too many failed attempts"),
    "sign_in_after_time_out": (timed_out, "Your sign-in timed out"),
    "new_password": (new_password, "Choose your own"),
    "new_password_mismatch": (lambda site: new_password(site, "My-Own-Pass-9!", "Other-Pass-9!"),
                              "The two passwords do not match"),
    "new_password_policy": (lambda site: new_password(site, "short", "short"),
                            "does not meet the password policy"),
    "select_mfa": (lambda site: site.sign_in("choice-user"), "Choose how to verify"),
    "mfa_setup_choice": (mfa_setup, "Choose one"),
    "mfa_setup_no_choice": (no_choice, "This field is required"),
    "mfa_setup_totp": (lambda site: mfa_setup(site, "Authenticator app"), "Scan this QR code"),
    "mfa_setup_email": (lambda site: mfa_setup(site, "Email"), "send your sign-in codes"),
    "code": (code, "Open your authenticator app"),
    "code_wrong": (lambda site: code(site, lambda s: s.wrong_totp_code("totp-user")),
                   "That code is not right"),
    "code_malformed": (lambda site: code(site, lambda s: "12"), "6 to 8 digits"),
    "security": (security, "Not remembered"),
    "security_remembered": (lambda site: security(site, remember=True), "(this device)"),
    "security_device_forgotten": (
        lambda site: security(site, remember=True, then=forget_the_device),
        "The device was forgotten"),
    "security_devices_unavailable": (lambda site: security(site, then=devices_unavailable),
                                     "not available right now"),
}


@pytest.mark.parametrize("state", STATES)
def test_every_page_and_error_state_passes_axe_core(state, axe_violations, page, live_server,
                                                    cognito, settings):
    cognito.apply_seed(read_seed())  # the demo pool's rules and users
    reach, shows = STATES[state]
    reach(Site(page, live_server.url, cognito, settings))
    assert shows in page.locator("main").inner_text()
    violations = axe_violations(page)
    assert not violations, f"axe-core on {state} ({page.url}):\n" + "\n".join(violations)


@pytest.mark.parametrize(("state", "role", "name"), [
    ("new_password_mismatch", "textbox", "New password again"),
    ("code_malformed", "textbox", "Verification code"),
    ("mfa_setup_no_choice", "group", "Verification method"),
])
def test_a_field_error_is_the_description_of_its_field(state, role, name, page, live_server,
                                                        cognito, settings):
    cognito.apply_seed(read_seed())
    reach, shows = STATES[state]
    reach(Site(page, live_server.url, cognito, settings))
    field = page.get_by_role(role, name=name, exact=True)
    expect(field).to_have_accessible_description(re.compile(re.escape(shows)))
    if role == "textbox":
        expect(field).to_have_attribute("aria-invalid", "true")
