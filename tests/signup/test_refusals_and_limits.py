"""Cognito's refusals of a sign-up shown cleanly, with nothing left half done; and this site's
own limits on sign-ups and confirmation codes (ASVS 6.3.1, 6.6.3)."""

from __future__ import annotations

import pytest

from django_cognito_challenge.conf import app_settings

from .conftest import (
    CONFIRM,
    HOME,
    SIGN_UP,
    browser_at,
    confirm,
    error_codes,
    other_code,
    page_text,
    sign_up,
)


def has_no_trace_of(cognito, browser, username: str, signals) -> bool:
    """No account at Cognito, nothing pending here, no ``cognito_signed_up``."""
    pending = browser.get(CONFIRM)["Location"] == SIGN_UP
    return (cognito.pool.find_user(username) is None and pending
            and signals["signed_up"] == [])


# -- Cognito says no ------------------------------------------------------------------------------


def test_an_attribute_the_pool_refuses_is_said_on_the_form(browser, signing_up, settings,
                                                          signals):
    """A pool requiring an attribute the page does not ask for refuses the sign-up."""
    settings.COGNITO_CHALLENGE_SIGN_UP_ATTRIBUTES = ("email",)
    signing_up.configure_pool(required_attributes=("name",))

    response = sign_up(browser, "neo")

    assert response.status_code == 200
    assert error_codes(response) == {"__all__": ["invalid"]}
    assert ("Some of the information given was not accepted. Check it and try again."
            in page_text(response))
    assert [call.error for call in signing_up.calls] == ["InvalidParameterException"]
    assert has_no_trace_of(signing_up, browser, "neo", signals)


def test_a_pre_sign_up_trigger_s_refusal_says_to_contact_support(browser, signing_up, signals):
    signing_up.fail_next("SignUp", "UserLambdaValidationException",
                         "PreSignUp failed with error Not on the guest list.")

    response = sign_up(browser, "neo")

    assert error_codes(response) == {"__all__": ["invalid_login"]}
    text = page_text(response)
    assert "This sign-up was not accepted. Please contact support." in text
    assert "guest list" not in text  # Cognito's (the trigger's) words are not shown
    assert has_no_trace_of(signing_up, browser, "neo", signals)


@pytest.mark.parametrize("cognito_error", ["CodeDeliveryFailureException",
                                           "InternalErrorException"])
def test_an_outage_answers_the_try_again_page(browser, signing_up, signals, cognito_error):
    signing_up.fail_next("SignUp", cognito_error)

    response = sign_up(browser, "neo")

    assert response.status_code == 503
    assert "Signing up is not available right now. Please try again later." in page_text(
        response)  # the sign-up page's words, not the sign-in's
    assert f'href="{SIGN_UP}"' in response.content.decode()
    assert has_no_trace_of(signing_up, browser, "neo", signals)
    assert sign_up(browser, "neo")["Location"] == CONFIRM  # and trying again works


def test_cognito_s_rate_limit_answers_429(browser, signing_up, signals):
    signing_up.throttle_next("SignUp")
    response = sign_up(browser, "neo")
    assert response.status_code == 429
    assert "Too many attempts right now. Please wait a moment and try again." in page_text(
        response)
    assert has_no_trace_of(signing_up, browser, "neo", signals)


def test_a_failed_sign_up_keeps_the_sign_up_before_it(browser, signing_up):
    sign_up(browser, "neo")
    signing_up.fail_next("SignUp", "InternalErrorException")
    assert sign_up(browser, "nemo").status_code == 503
    assert "We sent a code to n***@e***." in page_text(browser.get(CONFIRM))
    assert confirm(browser, signing_up.last_code("neo"))["Location"] == HOME
    assert browser.get(HOME).content == b"home: neo"


def test_an_outage_while_confirming_keeps_the_pending_sign_up(browser, signing_up):
    sign_up(browser, "neo")
    signing_up.fail_next("ConfirmSignUp", "InternalErrorException")
    response = confirm(browser, signing_up.last_code("neo"))
    assert response.status_code == 503
    assert f'href="{CONFIRM}"' in response.content.decode()
    assert confirm(browser, signing_up.last_code("neo"))["Location"] == HOME


# -- this site's limits (ASVS 6.3.1) ----------------------------------------------------------


def test_sign_ups_from_one_address_beyond_its_limit_are_refused_without_asking_cognito(
        browser, signing_up, settings):
    """ASVS 6.3.1: every sign-up may make an account and send a message, so each spends the
    address's budget; past it the page answers 429 and SignUp is not called."""
    settings.COGNITO_CHALLENGE_THROTTLE_IP_LIMIT = 3
    for name in ("neo", "trinity", "morpheus"):
        assert sign_up(browser, name)["Location"] == CONFIRM
    signing_up.reset_calls()

    refused = sign_up(browser, "tank")

    assert refused.status_code == 429
    assert "Too many failed attempts. Please wait a few minutes and try again." in page_text(
        refused)
    assert int(refused["Retry-After"]) > 0
    assert signing_up.call_names() == []
    assert signing_up.pool.find_user("tank") is None
    assert sign_up(browser_at("10.0.0.2"), "tank")["Location"] == CONFIRM  # elsewhere


def test_the_limit_lifts_once_the_window_has_passed(browser, signing_up, settings, app_clock):
    settings.COGNITO_CHALLENGE_THROTTLE_IP_LIMIT = 1
    sign_up(browser, "neo")
    assert sign_up(browser, "tank").status_code == 429
    app_clock.advance(2 * app_settings.THROTTLE_WINDOW)
    assert sign_up(browser, "tank")["Location"] == CONFIRM


def test_one_email_address_signing_up_under_many_names_spends_one_budget(browser, signing_up,
                                                                        settings):
    """ASVS 6.3.1: the account's budget counts the email too, so new names gain nothing."""
    settings.COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT = 2
    for name in ("neo", "neo2"):
        sign_up(browser, name, email="neo@example.com")
    signing_up.reset_calls()
    assert sign_up(browser, "neo3", email="neo@example.com").status_code == 429
    assert signing_up.call_names() == []


def test_wrong_confirmation_codes_count_towards_the_account_s_limit(browser, signing_up,
                                                                    settings):
    """ASVS 6.3.1, 6.6.3: the sign-up (1) and two wrong codes (2, 3) reach a limit of 3; the
    right code is then refused without asking Cognito."""
    settings.COGNITO_CHALLENGE_THROTTLE_ACCOUNT_LIMIT = 3
    sign_up(browser, "neo")
    code = signing_up.last_code("neo")
    for wrong in (other_code(code), other_code(other_code(code))):
        assert error_codes(confirm(browser, wrong)) == {"code": ["wrong_code"]}
    signing_up.reset_calls()

    refused = confirm(browser, code)

    assert refused.status_code == 429
    assert signing_up.call_names() == []
    assert signing_up.user("neo").status == "UNCONFIRMED"


def test_cognito_s_own_limit_on_wrong_codes_says_to_wait(browser, signing_up):
    sign_up(browser, "neo")
    signing_up.fail_next("ConfirmSignUp", "TooManyFailedAttemptsException")
    response = confirm(browser, signing_up.last_code("neo"))
    assert response.status_code == 429
    assert "Please wait a moment and try again." in page_text(response)
