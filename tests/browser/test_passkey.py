"""A person adds a passkey from the security page in Chromium, signs out, and signs in with it.

Chromium's virtual authenticator (DevTools' WebAuthn domain) plays the device's passkey store,
so the site's own script (``passkey.js``) runs both ceremonies for real: it is served at
``http://localhost:<port>``, a secure context whose origin matches the pool's relying party id
``localhost``, under a ``script-src 'self'`` policy (no inline script may run).
"""

from __future__ import annotations

import pytest

PASSWORD = "Demo-Pass-1!"
#: What the site's pages are served with here: a strict policy for scripts.
CSP = "script-src 'self'; object-src 'none'; base-uri 'none'"


@pytest.fixture
def passkey_pool(cognito, settings):
    settings.COGNITO_CHALLENGE_AUTH_FLOW = "USER_AUTH"  # choice-based sign-in
    cognito.configure_webauthn("localhost")
    cognito.add_user("kim", attributes={"email": "kim@example.com"})
    return cognito


def with_strict_csp(page, base_url: str) -> list[str]:
    """Serve the site's pages with :data:`CSP`; return the console's errors as they come."""

    def strict(route):
        response = route.fetch(max_redirects=0)
        route.fulfill(response=response,
                      headers={**response.headers, "content-security-policy": CSP})

    page.route(f"{base_url}/accounts/**", strict)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    return errors


def virtual_authenticator(page):
    """A platform authenticator that holds passkeys and verifies the person: (session, id)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True}})
    return cdp, added["authenticatorId"]


def sign_out(page, base_url: str) -> None:
    """POST the sign-out as a form would, with the CSRF token Django set."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    response = page.request.post(f"{base_url}/accounts/logout/", max_redirects=0,
                                 headers={"X-CSRFToken": cookies["csrftoken"]})
    assert response.status == 302


def sign_in_with_password(page, base_url: str, next_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    page.get_by_label("Username or email").fill("kim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def add_passkey_from_the_security_page(page, base_url: str) -> None:
    from playwright.sync_api import expect

    page.get_by_role("link", name="Add a passkey").click()
    expect(page).to_have_url(f"{base_url}/accounts/security/passkeys/add/")
    page.get_by_role("button", name="Create a passkey").click()
    expect(page).to_have_url(f"{base_url}/accounts/security/")
    expect(page.get_by_role("status")).to_contain_text("Your passkey was added.")


def sign_in_choosing_the_passkey(page, base_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base_url}/accounts/login/?next=/home/")
    page.get_by_label("Username or email").fill("kim")
    page.get_by_role("button", name="Sign in").click()  # no password: choose how
    page.get_by_label("Passkey").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base_url}/accounts/login/passkey/")
    page.get_by_role("button", name="Use your passkey").click()


def test_a_passkey_added_on_the_security_page_signs_the_person_in(page, live_server,
                                                                  passkey_pool, tmp_path):
    from playwright.sync_api import expect

    base = live_server.url
    assert base.startswith("http://localhost:")  # WebAuthn refuses IP-address origins
    console_errors = with_strict_csp(page, base)
    sign_in_with_password(page, base, "/accounts/security/")
    expect(page).to_have_url(f"{base}/accounts/security/")
    expect(page.get_by_role("heading", name="Passkeys")).to_be_visible()
    cdp, authenticator = virtual_authenticator(page)

    add_passkey_from_the_security_page(page, base)
    (stored,) = passkey_pool.user("kim").passkeys
    expect(page.locator("tr[data-passkey-id]")).to_have_count(1)
    expect(page.locator(f'tr[data-passkey-id="{stored}"]')).to_contain_text("Built into a device")
    page.screenshot(path=str(tmp_path / "security-passkey.png"), full_page=True)
    sign_out(page, base)
    sign_in_choosing_the_passkey(page, base)

    expect(page).to_have_url(f"{base}/home/")
    expect(page.locator("body")).to_have_text("home: kim")
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(credentials["credentials"]) == 1
    assert credentials["credentials"][0]["rpId"] == "localhost"
    last = passkey_pool.calls[-1]
    assert (last.operation, last.request["ChallengeName"]) == ("RespondToAuthChallenge",
                                                                "WEB_AUTHN")
    assert console_errors == []


def test_a_cancelled_passkey_prompt_says_so_and_offers_to_try_again(page, live_server,
                                                                    passkey_pool, settings):
    from playwright.sync_api import expect

    settings.COGNITO_CHALLENGE_PREFERRED_CHALLENGE = "WEB_AUTHN"
    passkey_pool.add_passkey("kim", origin=live_server.url)
    base = live_server.url
    with_strict_csp(page, base)
    cdp, authenticator = virtual_authenticator(page)  # it holds no passkey of kim's
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username or email").fill("kim")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/accounts/login/passkey/")

    page.get_by_role("button", name="Use your passkey").click()

    expect(page.get_by_role("alert")).to_have_text(
        "Your passkey was not used: the request was cancelled or timed out. Try again, "
        "or start again.", timeout=15_000)
    expect(page.get_by_role("button", name="Try again")).to_be_enabled()
    expect(page.get_by_role("link", name="Start again")).to_be_visible()
    assert page.url == f"{base}/accounts/login/passkey/"
    assert not any(call.request.get("ChallengeName") == "WEB_AUTHN"
                   for call in passkey_pool.calls)
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert credentials["credentials"] == []


def test_a_browser_without_passkeys_is_told_so_on_the_page(page, live_server, passkey_pool,
                                                           settings):
    from playwright.sync_api import expect

    settings.COGNITO_CHALLENGE_PREFERRED_CHALLENGE = "WEB_AUTHN"
    passkey_pool.add_passkey("kim", origin=live_server.url)
    page.add_init_script("delete window.PublicKeyCredential;")  # an old browser
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username or email").fill("kim")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_have_text(
        "This browser cannot use passkeys. Start again and choose another way to sign in, "
        "or use another browser.")
    page.get_by_role("button", name="Use your passkey").click()
    expect(page.get_by_role("link", name="Start again")).to_be_visible()
    assert page.url == f"{live_server.url}/accounts/login/passkey/"


def test_the_demo_s_passkey_user_adds_a_passkey_and_then_signs_in_with_it_alone(
        page, live_server, cognito, settings):
    """The README's passkey walk-through on the demo pool: MFA required, passkeys count as MFA."""
    from playwright.sync_api import expect

    from django_cognito_challenge.testing.seed import read_seed

    settings.COGNITO_CHALLENGE_AUTH_FLOW = "USER_AUTH"
    cognito.apply_seed(read_seed())
    base = live_server.url
    page.goto(f"{base}/accounts/login/?next=/accounts/security/")
    page.get_by_label("Username or email").fill("passkey-user")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Verification code").fill(cognito.totp_code("passkey-user"))
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(f"{base}/accounts/security/")
    virtual_authenticator(page)
    add_passkey_from_the_security_page(page, base)
    sign_out(page, base)

    page.goto(f"{base}/accounts/login/?next=/home/")
    page.get_by_label("Username or email").fill("passkey-user")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Passkey").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Use your passkey").click()
    expect(page).to_have_url(f"{base}/home/")  # no code asked: the passkey was the MFA
    expect(page.locator("body")).to_have_text("home: passkey-user")
