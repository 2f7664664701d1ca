"""Errors answered with the exact ``__type`` names Cognito uses."""

from __future__ import annotations


class ServiceError(Exception):
    """An error reply: ``{"__type": code, "message": message}`` with an HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status

    def body(self) -> dict[str, str]:
        return {"__type": self.code, "message": self.message}


def not_authorized(message: str = "Incorrect username or password.") -> ServiceError:
    return ServiceError("NotAuthorizedException", message)


def invalid_parameter(message: str) -> ServiceError:
    return ServiceError("InvalidParameterException", message)


def resource_not_found(message: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", message)


def code_mismatch(message: str | None = None) -> ServiceError:
    return ServiceError("CodeMismatchException", message or "Invalid code received for user")


def totp_code_reused() -> ServiceError:
    """A right TOTP code already spent (amplify-swift's integration tests on a real pool)."""
    return ServiceError("ExpiredCodeException", "Your software token has already been used once.")


def expired_session() -> ServiceError:
    return not_authorized("Invalid session for the user, session is expired.")


def used_session() -> ServiceError:
    return not_authorized("Invalid session for the user, session can only be used once.")


def unknown_operation(name: str) -> ServiceError:
    return ServiceError("UnknownOperationException", f"Unknown operation {name}")


def throttled() -> ServiceError:
    return ServiceError("TooManyRequestsException", "Rate exceeded")
