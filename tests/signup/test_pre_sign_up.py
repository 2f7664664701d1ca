"""The sign-up pages against a pool with a pre sign-up trigger (one that confirms accounts at
once, one that refuses them) and against a pool where only administrators create users."""

from __future__ import annotations

from urllib.parse import urlencode

from .conftest import (
    CONFIRM,
    HOME,
    LOGIN,
    NEW_PASSWORD,
    SIGN_UP,
    error_codes,
    is_signed_in,
    messages_of,
    page_text,
    pending_sign_up_of,
    sign_in,
    sign_up,
)

REFUSED = "This sign-up was not accepted. Please contact support."


def confirms_everyone(event):
    event["response"]["autoConfirmUser"] = True
    return event


def refuses_everyone(event):
    raise ValueError("Not on the guest list.")


def has_no_trace_of(cognito, browser, username: str, signals) -> bool:
    """No account at Cognito, nothing pending here, no code sent, no ``cognito_signed_up``."""
    return (cognito.pool.find_user(username) is None and pending_sign_up_of(browser) is None
            and browser.get(CONFIRM)["Location"] == SIGN_UP and cognito.outbox() == []
            and signals["signed_up"] == [])


# -- a trigger that confirms the account ---------------------------------------------------------


def test_an_account_the_trigger_confirms_goes_straight_to_the_sign_in_page(browser, signing_up,
                                                                          signals):
    signing_up.set_triggers(PreSignUp=confirms_everyone)

    response = sign_up(browser, "neo", next_url="/home/?new=1")

    assert response["Location"] == f"{LOGIN}?{urlencode({'next': '/home/?new=1'})}"
    assert signing_up.call_names() == ["SignUp"]
    assert signing_up.user("neo").status == "CONFIRMED"
    assert signing_up.outbox() == []  # no code sent
    assert [s["username"] for s in signals["signed_up"]] == ["neo"]
    assert [s["username"] for s in signals["confirmed"]] == ["neo"]
    page = browser.get(response["Location"])
    assert messages_of(page) == ["Your account is ready. Sign in to continue."]
    assert 'name="username" value="neo"' in page.content.decode()
    assert pending_sign_up_of(browser) is None
    assert browser.get(CONFIRM)["Location"] == SIGN_UP  # no confirmation page to go to
    assert not is_signed_in(browser)


def test_and_the_person_signs_in_with_the_password_they_chose(browser, signing_up):
    signing_up.set_triggers(PreSignUp=confirms_everyone)
    sign_up(browser, "neo")

    assert sign_in(browser, "neo", NEW_PASSWORD)["Location"] == HOME

    assert browser.get(HOME).content == b"home: neo"


# -- a trigger that refuses it ---------------------------------------------------------------------


def test_a_sign_up_the_trigger_refuses_says_to_contact_support(browser, signing_up, signals):
    signing_up.set_triggers(PreSignUp=refuses_everyone)

    response = sign_up(browser, "neo")

    assert response.status_code == 200
    assert error_codes(response) == {"__all__": ["invalid_login"]}
    text = page_text(response)
    assert REFUSED in text
    assert "guest list" not in text  # the trigger's words are not shown
    assert [call.error for call in signing_up.calls] == ["UserLambdaValidationException"]
    assert has_no_trace_of(signing_up, browser, "neo", signals)


# -- a pool where only administrators create users ------------------------------------------------


def test_a_pool_refusing_self_sign_up_is_the_site_s_problem_said_cleanly_and_logged(
        browser, signing_up, signals, caplog):
    """A site offering sign-up on a pool that allows none: "not available", and a warning for
    whoever runs the site (``cognito_check`` says it first: the ``sign-up`` topic)."""
    signing_up.configure_pool(allow_admin_create_user_only=True)

    response = sign_up(browser, "neo")

    assert response.status_code == 200
    assert error_codes(response) == {"__all__": ["misconfigured"]}
    text = page_text(response)
    assert "Signing up is not available right now. Please try again later." in text
    assert "not permitted" not in text  # Cognito's words are not shown
    assert any(r.levelname == "WARNING" and "sign_up" in r.getMessage() for r in caplog.records)
    assert [call.error for call in signing_up.calls] == ["NotAuthorizedException"]
    assert has_no_trace_of(signing_up, browser, "neo", signals)
