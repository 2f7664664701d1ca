"""Cognito out of reach, slow, throttling or failing: the "try again" page, at each step.

At the first step nothing is pending, so "Try again" leads to the sign-in page. At a later step
the pending sign-in stays when its ``Session`` is surely unspent (nothing was sent, or Cognito's
rate limit refused the call unprocessed) and goes when it may be spent (a read timeout, an
internal error): see the table in ``django_cognito_challenge/failures.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from django_cognito_challenge.cognito import errors

from .conftest import (
    CODE_PAGE,
    LOGIN_PAGE,
    PASSWORD,
    closed_port_url,
    is_signed_in,
    pending_of,
    send_code,
    sign_in,
)
from .pages import try_again_link


@dataclass(frozen=True)
class Fault:
    name: str
    inject: Callable  #: (cognito, settings, operation) -> None, for the next call(s)
    error: type[errors.CognitoError]
    kept: bool  #: the pending sign-in survives it at a later step
    heal: Callable = lambda cognito, settings: None


def unreachable(cognito, settings, operation):
    settings.COGNITO_CHALLENGE_ENDPOINT_URL = closed_port_url()


def reachable_again(cognito, settings):
    settings.COGNITO_CHALLENGE_ENDPOINT_URL = cognito.endpoint_url


def attempts(operation: str) -> int:
    """InitiateAuth spends no Session: botocore tries it three times on a timeout or throttling."""
    return 3 if operation == "InitiateAuth" else 1


def slow(cognito, settings, operation):
    settings.COGNITO_CHALLENGE_READ_TIMEOUT = 0.5
    cognito.hang_next(operation, 2, times=attempts(operation))


def fast_again(cognito, settings):
    settings.COGNITO_CHALLENGE_READ_TIMEOUT = 10.0


def throttling(cognito, settings, operation):
    cognito.throttle_next(operation, times=attempts(operation))


def failing(cognito, settings, operation):
    # A 400 here, so never retried (AWS answers 500, which botocore retries at the first step).
    cognito.fail_next(operation, "InternalErrorException", "stack trace at line 42")


FAULTS = [
    Fault("unreachable", unreachable, errors.ServiceUnavailable, kept=True,
          heal=reachable_again),
    Fault("slow", slow, errors.ServiceUnavailable, kept=False, heal=fast_again),
    Fault("throttling", throttling, errors.TooManyRequests, kept=True),
    Fault("internal_error", failing, errors.ServiceUnavailable, kept=False),
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_a_fault_at_the_first_step_says_try_again_and_a_retry_signs_in(
        browser, cognito, settings, warnings, fault):
    cognito.add_user("ana")
    fault.inject(cognito, settings, "InitiateAuth")
    warnings.clear()

    response = sign_in(browser, "ana")

    assert try_again_link(response, fault.error) == LOGIN_PAGE
    assert "Retry-After" not in response
    assert b"stack trace" not in response.content
    assert warnings.one().name == "django_cognito_challenge.cognito.error_map"
    assert not is_signed_in(browser)
    assert pending_of(browser) is None
    fault.heal(cognito, settings)
    assert sign_in(browser, "ana")["Location"] == "/home/"


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_a_fault_at_the_code_page_keeps_the_sign_in_only_when_its_session_is_unspent(
        at_code_page, cognito, settings, warnings, app_clock, fault):
    browser = at_code_page
    fault.inject(cognito, settings, "RespondToAuthChallenge")
    warnings.clear()

    response = send_code(browser, cognito)

    assert try_again_link(response, fault.error) == (CODE_PAGE if fault.kept else LOGIN_PAGE)
    assert "Retry-After" not in response
    assert warnings.one().name == "django_cognito_challenge.cognito.error_map"
    assert not is_signed_in(browser)
    assert (pending_of(browser) is not None) is fault.kept
    fault.heal(cognito, settings)
    if fault.kept:  # the same step, the same code: its Session was never spent
        assert send_code(browser, cognito)["Location"] == "/home/"
    else:
        assert browser.get(CODE_PAGE)["Location"] == LOGIN_PAGE
        # A hung answer may yet reach Cognito and use the code: sign in again a code later. The
        # local Cognito then issues tokens 30 s ahead of the real time PyJWT checks iat by.
        app_clock.advance(30)
        cognito.advance(30)
        settings.COGNITO_CHALLENGE_TOKEN_LEEWAY = 60
        assert sign_in(browser, "tess", PASSWORD)["Location"] == CODE_PAGE
        assert send_code(browser, cognito)["Location"] == "/home/"
    assert is_signed_in(browser)


def test_a_throttled_answer_is_sent_once_and_not_processed(at_code_page, cognito, settings):
    """The kept Session is still good because Cognito did not process the throttled answer:
    one throttled call, then one answer that signs in, no replay in between."""
    cognito.throttle_next("RespondToAuthChallenge")
    send_code(at_code_page, cognito)
    assert send_code(at_code_page, cognito)["Location"] == "/home/"
    assert cognito.call_names().count("RespondToAuthChallenge:SOFTWARE_TOKEN_MFA") == 2


def test_a_failed_first_step_drops_an_older_pending_sign_in(at_code_page, cognito):
    """A new sign-in that Cognito throttles leaves no earlier step behind to go back to."""
    browser = at_code_page
    cognito.throttle_next("InitiateAuth", times=3)
    response = sign_in(browser, "tess")
    assert try_again_link(response, errors.TooManyRequests) == LOGIN_PAGE
    assert pending_of(browser) is None
    assert browser.get(CODE_PAGE)["Location"] == LOGIN_PAGE


def test_the_admins_sign_in_says_try_again_in_the_admins_look_and_leads_back_there(
        db, cognito, settings):
    from ..browsers import Browser

    browser = Browser()
    cognito.add_user("ana")
    cognito.fail_next("InitiateAuth", "InternalErrorException", times=3)
    response = browser.post("/admin/login/?next=/admin/", {"username": "ana",
                                                          "password": PASSWORD})
    assert try_again_link(response, errors.ServiceUnavailable) == "/admin/login/?next=/admin/"
    assert "cognito_challenge/admin/base.html" in [t.name for t in response.templates]
