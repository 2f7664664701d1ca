"""Nothing secret kept or shown: the password, the codes and SignUp's Session (ASVS 6.2,
14.2)."""

from __future__ import annotations

import logging

from django_cognito_challenge import sign_up as sign_up_store

from .conftest import (
    NEW_PASSWORD,
    confirm,
    other_code,
    our_log,
    pending_sign_up_of,
    server_session,
    sign_in,
    sign_up,
    with_email,
)


def test_the_pending_sign_up_holds_no_password_and_is_encrypted(browser, signing_up):
    """What the confirmation page needs, encrypted: SignUp's Session confirms the sign-up and
    then signs the person in, so the stored session must not give it away."""
    sign_up(browser, "neodymium")
    (call,) = signing_up.calls
    signed_up_session = call.response["Session"]
    stored = server_session(browser)

    raw = stored[sign_up_store.SESSION_KEY]
    for clear in (signed_up_session, "neodymium", "n***@e***", NEW_PASSWORD):
        assert clear not in raw
    assert NEW_PASSWORD not in repr(stored)
    assert signing_up.last_code("neodymium") not in repr(stored)
    pending = pending_sign_up_of(browser)
    assert (pending.username, pending.destination, pending.session, pending.taken) == (
        "neodymium", "n***@e***", signed_up_session, False)
    assert signed_up_session not in repr(pending)


def test_a_taken_name_is_marked_only_inside_the_encrypted_pending_sign_up(browser,
                                                                          signing_up):
    """ASVS 6.3.8: the browser holds nothing that tells a taken name from a new one."""
    with_email(signing_up, "trinity")
    sign_up(browser, "trinity")
    raw = server_session(browser)[sign_up_store.SESSION_KEY]
    assert "taken" not in raw
    assert "trinity" not in raw
    assert pending_sign_up_of(browser).taken is True
    assert "sessionid" in browser.cookies  # the cookie is only the session's key
    assert "trinity" not in browser.cookies["sessionid"].value


def test_no_password_or_code_is_kept_once_signed_in(browser, signing_up):
    sign_up(browser, "neo")
    code = signing_up.last_code("neo")
    confirm(browser, other_code(code))
    confirm(browser, code)
    stored = repr(server_session(browser))
    for secret in (NEW_PASSWORD, code, other_code(code)):
        assert secret not in stored
    assert sign_up_store.SESSION_KEY not in stored  # the pending sign-up is gone


def test_no_password_or_code_is_logged(browser, signing_up, caplog):
    """Our loggers at DEBUG: the names are logged (the audit trail), never the secrets."""
    caplog.set_level(logging.DEBUG)
    sign_up(browser, "neo")
    sign_up(browser, "trin", password="Sh0rt!", again="Sh0rt!")  # refused on the page
    code = signing_up.last_code("neo")
    confirm(browser, other_code(code))
    confirm(browser, code)
    logged = our_log(caplog)
    for secret in (NEW_PASSWORD, "Sh0rt!", code, other_code(code)):
        assert secret not in logged
    assert "Signed up: neo" in logged
    assert "Sign-up confirmed: neo" in logged


def test_a_sign_in_that_must_confirm_keeps_no_password(browser, signing_up, caplog):
    caplog.set_level(logging.DEBUG)
    signing_up.add_user("una", attributes={"email": "una@example.com"}, status="UNCONFIRMED")
    sign_in(browser, "una")
    stored = repr(server_session(browser))
    assert "Demo-Pass-1!" not in stored
    assert signing_up.last_code("una") not in stored
    assert "Demo-Pass-1!" not in our_log(caplog)
    assert "Sign-up code requested for una" in our_log(caplog)
