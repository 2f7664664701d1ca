"""Cognito's error codes (and transport failures) turned into our exception types.

Each failure is logged here, once, as a warning unless it is an ordinary answer (``QUIET``); the
sign-in flow adds only its INFO audit line. An outage also says whether the ``Session`` sent may
still be good (``restart``), for the flow's keep-or-drop table.
"""

from __future__ import annotations

import logging

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
)

from . import errors

logger = logging.getLogger(__name__)

Kind = type[errors.CognitoError]

BY_CODE: dict[str, Kind] = {
    "UserNotFoundException": errors.SignInFailed,
    "UserLambdaValidationException": errors.SignInFailed,
    "UserNotConfirmedException": errors.UserNotConfirmed,
    "PasswordResetRequiredException": errors.PasswordResetRequired,
    "CodeMismatchException": errors.CodeMismatch,
    "EnableSoftwareTokenMFAException": errors.CodeMismatch,
    "PasswordHistoryPolicyViolationException": errors.PasswordReused,
    "AliasExistsException": errors.AliasExists,
    "UsernameExistsException": errors.UsernameTaken,
    "InvalidParameterException": errors.InvalidInput,
    "MFAMethodNotFoundException": errors.MfaMethodUnavailable,
    "SoftwareTokenMFANotFoundException": errors.MfaMethodUnavailable,
    "TooManyRequestsException": errors.TooManyRequests,
    "TooManyFailedAttemptsException": errors.TooManyRequests,
    "LimitExceededException": errors.TooManyRequests,
    "InternalErrorException": errors.ServiceUnavailable,
    "ForbiddenException": errors.ServiceUnavailable,
    "RefreshTokenReuseException": errors.RefreshFailed,
    # Passkeys, registered from the account security page. (A refused assertion at sign-in is
    # NotAuthorizedException, a wrong sign-in like any other.)
    "WebAuthnNotEnabledException": errors.PasskeysUnavailable,
    "WebAuthnConfigurationMissingException": errors.PasskeysUnavailable,
    "WebAuthnChallengeNotFoundException": errors.PasskeyExpired,
    "WebAuthnClientMismatchException": errors.PasskeyExpired,
    "WebAuthnRelyingPartyMismatchException": errors.PasskeyNotAccepted,
    "WebAuthnOriginNotAllowedException": errors.PasskeyNotAccepted,
    "WebAuthnCredentialNotSupportedException": errors.PasskeyNotSupported,
}

# Some codes mean different things; the message is the only difference. It steers what the page
# says, never a security decision, and messages are no contract: an unknown one falls back to
# the code's usual meaning.
#: code -> ((a fragment of the message, our type), ...), and the type when none matches.
BY_MESSAGE: dict[str, tuple[tuple[tuple[str, Kind], ...], Kind]] = {
    # NotAuthorizedException: session and configuration problems share it with wrong passwords.
    "NotAuthorizedException": ((
        ("invalid session", errors.SessionExpired),
        ("session is expired", errors.SessionExpired),
        ("secret hash", errors.Misconfigured),
        # SignUp where only administrators create users (pmill/aws-cognito#37).
        ("signup is not permitted", errors.Misconfigured),
        ("secret_hash", errors.Misconfigured),
        ("refresh token", errors.RefreshFailed),
        ("access token", errors.RefreshFailed),
    ), errors.SignInFailed),
    # "Your software token has already been used once." (amplify-swift's integration tests).
    "ExpiredCodeException": ((("already been used", errors.CodeReused),), errors.CodeExpired),
    "ResourceNotFoundException": ((("device", errors.DeviceNotFound),
                                   ("credential", errors.PasskeyNotFound)), errors.Misconfigured),
    # "Password did not conform with policy: Password not long enough" (the first rule broken).
    "InvalidPasswordException": ((
        ("not long enough", errors.PasswordTooShort),
        ("uppercase", errors.PasswordNeedsUppercase),
        ("lowercase", errors.PasswordNeedsLowercase),
        ("numeric", errors.PasswordNeedsNumber),
        ("symbol", errors.PasswordNeedsSymbol),
    ), errors.InvalidPassword),
}

#: Failures after which a retry of the same call is safe: the request never reached Cognito
#: (no connection was made), or Cognito's rate limit refused it unprocessed. A read timeout or an
#: internal error may have spent the Session: those restart.
NEVER_SENT = (EndpointConnectionError, ConnectTimeoutError)
NOT_PROCESSED = frozenset({"TooManyRequestsException"})

QUIET = (errors.SignInFailed, errors.CodeMismatch, errors.SessionExpired, errors.InvalidInput,
         errors.InvalidPassword, errors.CodeExpired, errors.CodeReused, errors.UsernameTaken,
         errors.UserNotConfirmed)


def translate(error: Exception, operation: str) -> errors.CognitoError:
    """Return our exception for a botocore error raised by ``operation``."""
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        message = error.response.get("Error", {}).get("Message", "") or ""
        kind = _kind(code, message)
        translated = kind(f"{operation}: {code}", cognito_code=code,
                          restart=False if code in NOT_PROCESSED else None)
    elif isinstance(error, BotoCoreError):
        translated = errors.ServiceUnavailable(f"{operation}: {type(error).__name__}",
                                               restart=not isinstance(error, NEVER_SENT))
    else:
        raise error
    if not isinstance(translated, QUIET):
        logger.warning("Cognito %s failed: %s", operation, translated.detail)
    return translated


def _kind(code: str, message: str) -> Kind:
    if code in BY_MESSAGE:
        fragments, usual = BY_MESSAGE[code]
        lowered = message.lower()
        return next((kind for fragment, kind in fragments if fragment in lowered), usual)
    return BY_CODE.get(code, errors.Misconfigured if code.startswith("Invalid")
                       or code in _CONFIGURATION else errors.ServiceUnavailable)


_CONFIGURATION = {
    "UnsupportedOperationException", "OperationNotEnabledException",
    "FeatureUnavailableInTierException", "UnexpectedLambdaException",
    "UnauthorizedException", "UnsupportedTokenTypeException",
}
