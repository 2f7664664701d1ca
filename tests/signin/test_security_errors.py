"""Cognito failures become safe, generic messages; only calls that spend no Session are retried.

ASVS 5.0 ids are named in each test's docstring (see the security checklist).
"""

from __future__ import annotations

import pytest
from botocore.exceptions import EndpointConnectionError

from django_cognito_challenge.cognito import errors
from django_cognito_challenge.cognito.client import CognitoClient

from ..faults.pages import try_again_link
from .conftest import PASSWORD, TOTP_SECRET, sign_in

SESSION = "AYABe" + "x" * 60  # well-formed for botocore's validation, unknown to Cognito


def operations(cognito, name: str) -> list[str]:
    return [call.operation for call in cognito.calls if call.operation == name]


def test_throttled_first_step_shows_the_throttled_message_not_cognitos(
        browser, cognito, settings):
    """ASVS 16.5.1: Cognito's throttling becomes our message, never Cognito's own text."""
    settings.COGNITO_CHALLENGE_FIRST_STEP_MAX_ATTEMPTS = 1
    cognito.add_user("tess")
    cognito.fail_next("InitiateAuth", "TooManyRequestsException", "Rate exceeded for tess")
    response = sign_in(browser, "tess")
    assert try_again_link(response, errors.TooManyRequests) == "/accounts/login/"
    assert b"Rate exceeded" not in response.content
    assert browser.get("/home/").content == b"home: anonymous"


def test_one_throttled_first_step_is_retried_and_the_sign_in_goes_on(browser, cognito):
    """InitiateAuth spends no Session, so botocore retries a throttled one (3 attempts)."""
    cognito.add_user("tess")
    cognito.throttle_next("InitiateAuth")
    assert sign_in(browser, "tess")["Location"] == "/home/"
    assert cognito.call_names() == ["InitiateAuth:USER_SRP_AUTH", "InitiateAuth:USER_SRP_AUTH",
                                    "RespondToAuthChallenge:PASSWORD_VERIFIER"]


def test_cognito_internal_error_shows_unavailable(browser, cognito):
    """ASVS 16.5.1: an internal error says "not available", with no exception text."""
    cognito.add_user("tess")
    cognito.fail_next("InitiateAuth", "InternalErrorException", "stack trace at line 42")
    response = sign_in(browser, "tess")
    assert try_again_link(response, errors.ServiceUnavailable) == "/accounts/login/"
    assert b"stack trace" not in response.content
    assert b"InternalError" not in response.content


def test_first_step_hanging_past_the_read_timeout_is_retried_then_unavailable(
        browser, cognito, settings):
    """A hung InitiateAuth times out, is tried FIRST_STEP_MAX_ATTEMPTS (3) times, then the
    "try again" page says unavailable (503): no crash, no sign-in."""
    settings.COGNITO_CHALLENGE_READ_TIMEOUT = 0.5  # a new cached boto3 client for this value
    cognito.add_user("tess")
    cognito.hang_next("InitiateAuth", 2, times=3)
    response = sign_in(browser, "tess")
    assert try_again_link(response, errors.ServiceUnavailable) == "/accounts/login/"
    assert len(operations(cognito, "InitiateAuth")) == 3
    assert operations(cognito, "RespondToAuthChallenge") == []
    assert browser.get("/home/").content == b"home: anonymous"


def test_hung_answer_is_never_retried_and_restarts_the_sign_in(browser, cognito, settings):
    """RespondToAuthChallenge spends a single-use Session: one attempt only, then the "try
    again" page leads to the start (ASVS 2.3.1: the pending state is gone)."""
    settings.COGNITO_CHALLENGE_READ_TIMEOUT = 0.5
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    assert sign_in(browser, "tess")["Location"] == "/accounts/login/code/"
    cognito.hang_next("RespondToAuthChallenge", 2, times=3)
    response = browser.post("/accounts/login/code/", {"code": cognito.totp_code("tess")})
    assert try_again_link(response, errors.ServiceUnavailable) == "/accounts/login/"
    assert cognito.call_names()[-1] == "RespondToAuthChallenge:SOFTWARE_TOKEN_MFA"
    assert cognito.call_names().count("RespondToAuthChallenge:SOFTWARE_TOKEN_MFA") == 1
    assert browser.get("/accounts/login/code/")["Location"] == "/accounts/login/"
    assert browser.get("/home/").content == b"home: anonymous"


def test_hung_password_verifier_is_not_retried(browser, cognito, settings):
    """The SRP answer is a RespondToAuthChallenge too: exactly one reaches Cognito."""
    settings.COGNITO_CHALLENGE_READ_TIMEOUT = 0.5
    cognito.add_user("tess")
    cognito.hang_next("RespondToAuthChallenge", 2, times=3)
    response = sign_in(browser, "tess", PASSWORD)
    assert try_again_link(response, errors.ServiceUnavailable) == "/accounts/login/"
    assert cognito.call_names() == ["InitiateAuth:USER_SRP_AUTH",
                                    "RespondToAuthChallenge:PASSWORD_VERIFIER"]


MAPPING = [
    ("NotAuthorizedException", "Incorrect username or password.", errors.SignInFailed),
    ("NotAuthorizedException", "User is disabled.", errors.SignInFailed),
    ("NotAuthorizedException", "Invalid session for the user, session is expired.",
     errors.SessionExpired),
    ("NotAuthorizedException", "Unable to verify secret hash for client abc",
     errors.Misconfigured),
    ("UserNotFoundException", "User does not exist.", errors.SignInFailed),
    ("CodeMismatchException", "Invalid code received for user", errors.CodeMismatch),
    ("ExpiredCodeException", "Invalid code provided, please request a code again.",
     errors.CodeExpired),
    ("PasswordResetRequiredException", "Password reset required", errors.PasswordResetRequired),
    ("UserNotConfirmedException", "User is not confirmed.", errors.UserNotConfirmed),
    ("UsernameExistsException", "User already exists", errors.UsernameTaken),
    ("NotAuthorizedException", "SignUp is not permitted for this user pool",
     errors.Misconfigured),
    ("InvalidPasswordException", "Password does not conform to policy", errors.InvalidPassword),
    ("PasswordHistoryPolicyViolationException", "used before", errors.PasswordReused),
    ("InvalidParameterException", "1 validation error detected", errors.InvalidInput),
    ("TooManyRequestsException", "Rate exceeded", errors.TooManyRequests),
    ("LimitExceededException", "Attempt limit exceeded", errors.TooManyRequests),
    ("TooManyFailedAttemptsException", "Too many failed attempts", errors.TooManyRequests),
    ("InternalErrorException", "Internal error", errors.ServiceUnavailable),
    ("ResourceNotFoundException", "User pool client abc does not exist.", errors.Misconfigured),
    ("ResourceNotFoundException", "Device does not exist.", errors.DeviceNotFound),
    ("ResourceNotFoundException", "Credential not found.", errors.PasskeyNotFound),
    ("UnexpectedLambdaException", "lambda failed", errors.Misconfigured),
    ("SomeFutureException", "something new", errors.ServiceUnavailable),
]


@pytest.mark.parametrize(("code", "message", "expected"), MAPPING,
                         ids=[f"{c}:{m[:20]}" for c, m, _ in MAPPING])
def test_cognito_error_codes_map_to_our_types(cognito, code, message, expected):
    """ASVS 16.5.1: each Cognito error has one of our types, with a message safe to show."""
    cognito.fail_next("RespondToAuthChallenge", code, message)
    with pytest.raises(errors.CognitoError) as raised:
        CognitoClient().respond("SMS_MFA", SESSION, {"USERNAME": "tess",
                                                         "SMS_MFA_CODE": "123456"})
    assert type(raised.value) is expected
    assert raised.value.cognito_code == code
    assert message not in str(raised.value.message)
    assert len(operations(cognito, "RespondToAuthChallenge")) == 1


def test_unreachable_cognito_is_unavailable(cognito, settings):
    """A refused connection is a transport failure: ServiceUnavailable, not a crash."""
    settings.COGNITO_CHALLENGE_ENDPOINT_URL = "http://127.0.0.1:9"
    with pytest.raises(errors.ServiceUnavailable) as raised:
        CognitoClient().respond("SMS_MFA", SESSION, {"USERNAME": "tess"})
    assert isinstance(raised.value.__cause__, EndpointConnectionError)
