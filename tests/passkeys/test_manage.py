"""Passkeys on the account security page: listed, added on their own page, removed; each change
needs a recent sign-in and the CSRF token; a pool without passkeys shows no section."""

from __future__ import annotations

import json

import pytest

from django_cognito_challenge.testing.authenticator import SoftwarePasskey

from .conftest import (
    ADD,
    HOME,
    ORIGIN,
    PAST_THE_WINDOW,
    REAUTH_MESSAGE,
    REMOVE,
    SECURITY,
    add_passkey,
    has_passkey_section,
    listed,
    messages_of,
    operations,
    options_of,
    post_credential,
    sign_in_with_password,
)

ADDED = "Your passkey was added. You can sign in with it now."
UNAVAILABLE = "Passkeys are not available on this site."
SIGN_IN_AGAIN_FOR_ADD = "/accounts/login/?next=/accounts/security/passkeys/add/"
SIGN_IN_AGAIN = "/accounts/login/?next=/accounts/security/"


@pytest.fixture
def kim(browser, pool):
    """kim, signed in with the password a moment ago."""
    assert sign_in_with_password(browser, "kim") == HOME
    return pool


def stored(cognito, username: str = "kim") -> list[str]:
    """The user's passkeys as the local Cognito holds them."""
    return sorted(cognito.user(username).passkeys)


def test_a_new_passkey_is_registered_and_listed(browser, kim, passkey_changes):
    assert listed(browser.get(SECURITY)) == {}
    passkey = SoftwarePasskey(attachment="cross-platform")
    page = browser.get(ADD)
    options = options_of(page)
    assert options == kim.calls[-1].response["CredentialCreationOptions"]
    assert options["rp"]["id"] == "localhost"

    response = post_credential(browser, ADD, passkey.create(options, ORIGIN))

    assert response["Location"] == SECURITY
    assert stored(kim) == [passkey.credential_id]
    security = browser.get(SECURITY)
    assert messages_of(security) == [ADDED]
    row = listed(security)[passkey.credential_id]
    assert row.startswith("Passkey 1 On a security key or a phone ")
    assert row.endswith(" Remove Passkey 1")
    assert passkey_changes == [("passkey_added", passkey.credential_id, "kim")]
    complete = [c for c in kim.calls if c.operation == "CompleteWebAuthnRegistration"]
    assert complete[0].request["Credential"]["id"] == passkey.credential_id


def test_the_add_page_gives_the_options_to_its_script_without_any_inline_script(browser, kim):
    html = browser.get(ADD).content.decode()
    scripts = html.split("<script")[1:]
    assert len(scripts) == 2
    assert scripts[0].startswith(' src="/static/cognito_challenge/passkey.js" defer>')
    assert scripts[1].startswith(' id="cognito-passkey-options" type="application/json">')
    assert 'data-passkey="create"' in html
    assert "<noscript>" in html


def test_a_new_passkey_signs_in(browser, kim, settings):
    passkey = SoftwarePasskey()
    assert add_passkey(browser, passkey)["Location"] == SECURITY
    browser.post("/accounts/logout/")
    settings.COGNITO_CHALLENGE_PREFERRED_CHALLENGE = "WEB_AUTHN"
    assert browser.post("/accounts/login/", {"username": "kim", "password": ""})[
        "Location"] == "/accounts/login/passkey/"
    page = browser.get("/accounts/login/passkey/")
    answer = passkey.get(options_of(page), ORIGIN)
    assert post_credential(browser, "/accounts/login/passkey/", answer)["Location"] == HOME


def test_a_passkey_is_removed(browser, kim, passkey_changes):
    kept, removed = kim.add_passkey("kim", origin=ORIGIN), kim.add_passkey("kim", origin=ORIGIN)
    assert set(listed(browser.get(SECURITY))) == {kept.credential_id, removed.credential_id}

    response = browser.post(REMOVE, {"credential_id": removed.credential_id})

    assert response["Location"] == SECURITY
    assert stored(kim) == [kept.credential_id]
    security = browser.get(SECURITY)
    assert messages_of(security) == ["The passkey “Passkey 2” was removed."]
    assert list(listed(security)) == [kept.credential_id]
    assert passkey_changes == [("passkey_removed", removed.credential_id, "kim")]


def test_another_users_passkey_cannot_be_removed(browser, kim, passkey_changes):
    lees = kim.add_passkey("lee", origin=ORIGIN)
    kim.reset_calls()

    response = browser.post(REMOVE, {"credential_id": lees.credential_id})

    assert response["Location"] == SECURITY
    assert "DeleteWebAuthnCredential" not in operations(kim)
    assert stored(kim, "lee") == [lees.credential_id]
    assert messages_of(browser.get(SECURITY)) == ["That passkey is not on your account."]
    assert passkey_changes == []


# -- a recent sign-in, and the CSRF token, for each change --------------------------------------


def test_adding_needs_a_recent_sign_in_and_changes_nothing_without_one(browser, kim, app_clock,
                                                                       passkey_changes):
    passkey = SoftwarePasskey()
    made = passkey.create(options_of(browser.get(ADD)), ORIGIN)
    app_clock.advance(PAST_THE_WINDOW)
    kim.reset_calls()

    assert post_credential(browser, ADD, made)["Location"] == SIGN_IN_AGAIN_FOR_ADD
    assert browser.get(ADD)["Location"] == SIGN_IN_AGAIN_FOR_ADD  # nor begun again
    assert kim.calls == []
    assert stored(kim) == []
    assert passkey_changes == []
    assert set(messages_of(browser.get(SIGN_IN_AGAIN_FOR_ADD))) == {REAUTH_MESSAGE}

    # Signed in again, the person comes back to the page and adds the passkey.
    assert sign_in_with_password(browser, "kim", next_url=ADD) == ADD
    assert add_passkey(browser, SoftwarePasskey())["Location"] == SECURITY
    assert len(stored(kim)) == 1


def test_removing_needs_a_recent_sign_in_and_changes_nothing_without_one(browser, kim,
                                                                         app_clock,
                                                                         passkey_changes):
    passkey = kim.add_passkey("kim", origin=ORIGIN)
    app_clock.advance(PAST_THE_WINDOW)
    kim.reset_calls()

    response = browser.post(REMOVE, {"credential_id": passkey.credential_id})

    assert response["Location"] == SIGN_IN_AGAIN
    assert kim.calls == []
    assert stored(kim) == [passkey.credential_id]
    assert passkey_changes == []
    assert sign_in_with_password(browser, "kim", next_url=SECURITY) == SECURITY
    assert browser.post(REMOVE, {"credential_id": passkey.credential_id})["Location"] == SECURITY
    assert stored(kim) == []


def test_adding_needs_the_csrf_token(browser, kim, passkey_changes):
    made = SoftwarePasskey().create(options_of(browser.get(ADD)), ORIGIN)
    kim.reset_calls()

    response = browser.post(ADD, {"credential": json.dumps(made)}, csrf_token=None)

    assert response.status_code == 403
    assert kim.calls == []
    assert stored(kim) == []
    assert passkey_changes == []


def test_removing_needs_the_csrf_token(browser, kim, passkey_changes):
    passkey = kim.add_passkey("kim", origin=ORIGIN)
    kim.reset_calls()

    response = browser.post(REMOVE, {"credential_id": passkey.credential_id}, csrf_token=None)

    assert response.status_code == 403
    assert kim.calls == []
    assert stored(kim) == [passkey.credential_id]


def test_removing_is_a_post(browser, kim):
    assert browser.get(REMOVE).status_code == 405


def test_the_pages_need_a_signed_in_person(browser, pool):
    assert browser.get(ADD)["Location"] == SIGN_IN_AGAIN_FOR_ADD
    assert browser.post(REMOVE, {"credential_id": "x"})["Location"] == (
        "/accounts/login/?next=/accounts/security/passkeys/remove/")
    assert pool.calls == []


# -- what Cognito refuses ------------------------------------------------------------------------


@pytest.mark.parametrize(("origin", "rp_id", "message"), [
    ("https://evil.example", None, "That passkey was not made for this site. Please try again."),
    (ORIGIN, "evil.example", "That passkey was not made for this site. Please try again."),
])
def test_a_passkey_made_for_another_site_is_refused(browser, kim, passkey_changes, origin,
                                                    rp_id, message):
    made = SoftwarePasskey().create(options_of(browser.get(ADD)), origin, rp_id=rp_id)

    response = post_credential(browser, ADD, made)

    assert response["Location"] == ADD
    assert stored(kim) == []
    assert messages_of(browser.get(ADD)) == [message]
    assert passkey_changes == []


@pytest.mark.parametrize("credential", ["{", "[]", json.dumps({"id": "AA", "type": "public-key"})])
def test_a_malformed_new_passkey_is_refused_without_asking_cognito(browser, kim, credential):
    browser.get(ADD)
    kim.reset_calls()

    response = post_credential(browser, ADD, credential)

    assert response["Location"] == ADD
    assert kim.calls == []
    assert messages_of(browser.get(ADD)) == ["Your new passkey could not be read. Try again."]


def test_a_listing_that_fails_says_so_in_the_section(browser, kim):
    kim.fail_next("ListWebAuthnCredentials", "InternalErrorException")
    page = browser.get(SECURITY)
    assert page.status_code == 200
    assert has_passkey_section(page)
    assert "Sign-in is not available right now." in page.content.decode()


# -- sites and pools without passkeys ---------------------------------------------------------


@pytest.mark.parametrize("relying_party", ["off", "no relying party"])
def test_a_pool_without_passkeys_says_so_once_and_then_hides_the_section(browser, kim,
                                                                         relying_party):
    if relying_party == "off":
        kim.configure_pool(allowed_first_auth_factors=("PASSWORD",))
    else:
        kim.configure_webauthn(None)
    assert has_passkey_section(browser.get(SECURITY))  # Cognito lists an empty list

    response = browser.get(ADD)

    assert response["Location"] == SECURITY
    page = browser.get(SECURITY)
    assert messages_of(page) == [UNAVAILABLE]
    assert not has_passkey_section(page)
    kim.reset_calls()
    assert browser.get(ADD)["Location"] == SECURITY
    assert kim.calls == []


def test_without_choice_based_sign_in_there_is_no_passkey_section(browser, kim, settings):
    settings.COGNITO_CHALLENGE_AUTH_FLOW = "USER_SRP_AUTH"
    kim.reset_calls()
    page = browser.get(SECURITY)
    assert not has_passkey_section(page)
    assert "ListWebAuthnCredentials" not in operations(kim)
    assert browser.get(ADD)["Location"] == SECURITY
    assert "StartWebAuthnRegistration" not in operations(kim)


def kims_account_disabled(cognito) -> None:
    """Disabled by an administrator while kim's tokens stay unrevoked: "User is disabled."."""
    cognito.user("kim").enabled = False


def test_listing_the_passkeys_of_an_account_cognito_disabled_signs_out(browser, kim):
    kims_account_disabled(kim)
    kim.fail_next("ListDevices", "InternalErrorException")  # only the passkeys can tell
    kim.fail_next("GetUser", "InternalErrorException")
    response = browser.get(SECURITY)
    assert response["Location"] == SIGN_IN_AGAIN
    assert browser.get("/home/").content == b"home: anonymous"


@pytest.mark.parametrize("change", ["add", "remove"])
def test_a_passkey_change_for_an_account_cognito_disabled_signs_out(browser, kim, change):
    passkey = SoftwarePasskey()
    add_passkey(browser, passkey)
    kims_account_disabled(kim)
    if change == "add":
        response = browser.get(ADD)
        next_url = SIGN_IN_AGAIN_FOR_ADD.replace("passkeys/add/", "")
    else:
        response = browser.post(REMOVE, {"credential_id": passkey.credential_id})
        next_url = SIGN_IN_AGAIN
    assert response["Location"] == next_url
    assert browser.get("/home/").content == b"home: anonymous"
    assert stored(kim) == [passkey.credential_id]
