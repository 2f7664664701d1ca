"""Cognito's error codes (and transport failures) turned into our exception types."""

from __future__ import annotations

import logging

from botocore.exceptions import BotoCoreError, ClientError

from . import errors

logger = logging.getLogger(__name__)

BY_CODE: dict[str, type[errors.CognitoError]] = {
    "UserNotFoundException": errors.SignInFailed,
    "UserLambdaValidationException": errors.SignInFailed,
    "UserNotConfirmedException": errors.UserNotConfirmed,
    "PasswordResetRequiredException": errors.PasswordResetRequired,
    "CodeMismatchException": errors.CodeMismatch,
    "EnableSoftwareTokenMFAException": errors.CodeMismatch,
    "ExpiredCodeException": errors.CodeExpired,
    "InvalidPasswordException": errors.InvalidPassword,
    "PasswordHistoryPolicyViolationException": errors.PasswordReused,
    "AliasExistsException": errors.AliasExists,
    "InvalidParameterException": errors.InvalidInput,
    "MFAMethodNotFoundException": errors.MfaMethodUnavailable,
    "SoftwareTokenMFANotFoundException": errors.MfaMethodUnavailable,
    "TooManyRequestsException": errors.TooManyRequests,
    "TooManyFailedAttemptsException": errors.TooManyRequests,
    "LimitExceededException": errors.TooManyRequests,
    "InternalErrorException": errors.ServiceUnavailable,
    "ForbiddenException": errors.ServiceUnavailable,
    "RefreshTokenReuseException": errors.RefreshFailed,
}

# Session and configuration problems share NotAuthorizedException with wrong passwords; the
# message is the only difference. It steers what the page says, never a security decision.
NOT_AUTHORIZED_BY_MESSAGE = (
    ("invalid session", errors.SessionExpired),
    ("session is expired", errors.SessionExpired),
    ("secret hash", errors.Misconfigured),
    ("secret_hash", errors.Misconfigured),
    ("refresh token", errors.RefreshFailed),
    ("access token", errors.RefreshFailed),
)

QUIET = (errors.SignInFailed, errors.CodeMismatch, errors.SessionExpired, errors.InvalidInput,
         errors.InvalidPassword, errors.CodeExpired)


def translate(error: Exception, operation: str) -> errors.CognitoError:
    """Return our exception for a botocore error raised by ``operation``."""
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        message = error.response.get("Error", {}).get("Message", "") or ""
        kind = _kind(code, message)
        translated = kind(f"{operation}: {code}", cognito_code=code)
    elif isinstance(error, BotoCoreError):
        translated = errors.ServiceUnavailable(f"{operation}: {type(error).__name__}")
    else:
        raise error
    if not isinstance(translated, QUIET):
        logger.warning("Cognito %s failed: %s", operation, translated.detail)
    return translated


def _kind(code: str, message: str) -> type[errors.CognitoError]:
    if code == "NotAuthorizedException":
        lowered = message.lower()
        for fragment, kind in NOT_AUTHORIZED_BY_MESSAGE:
            if fragment in lowered:
                return kind
        return errors.SignInFailed
    if code == "ResourceNotFoundException":
        return errors.DeviceNotFound if "device" in message.lower() else errors.Misconfigured
    return BY_CODE.get(code, errors.Misconfigured if code.startswith("Invalid")
                       or code in _CONFIGURATION else errors.ServiceUnavailable)


_CONFIGURATION = {
    "UnsupportedOperationException", "OperationNotEnabledException",
    "FeatureUnavailableInTierException", "UnexpectedLambdaException",
    "UnauthorizedException", "UnsupportedTokenTypeException",
}
