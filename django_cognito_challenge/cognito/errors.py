"""What went wrong talking to Cognito, named for what happened and what the page should say.

Each type carries a ``code`` (stable, for tests and forms) and a translatable message that is safe
to show: never Cognito's own text, which can reveal account state.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class CognitoError(Exception):
    """Base class; ``message`` is safe to show to the person signing in."""

    code = "cognito_error"
    message = _("Sign-in is not available right now. Please try again later.")
    restart = False  # the pending sign-in cannot continue
    #: An outage or a rate limit rather than an answer: the sign-in shows its "try again" page
    #: with this status (503 or 429) instead of a form error.
    status: int | None = None
    retry_after: int | None = None  #: seconds for ``Retry-After``, when known

    def __init__(self, detail: str = "", *, cognito_code: str = "", restart: bool | None = None,
                 retry_after: int | None = None) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self.cognito_code = cognito_code
        if restart is not None:  # this failure's own verdict (see flow's keep-or-drop table)
            self.restart = restart
        if retry_after is not None:
            self.retry_after = retry_after


class SignInFailed(CognitoError):
    """Wrong credentials, unknown user, disabled or locked account: one answer for all."""

    code = "invalid_login"
    message = _("Incorrect username or password, or sign-in is temporarily blocked.")
    restart = True


class SessionExpired(CognitoError):
    code = "expired"
    message = _("Your sign-in timed out. Please start again.")
    restart = True


class CodeMismatch(CognitoError):
    code = "wrong_code"
    message = _("That code is not right. Check it and try again.")


class CodeReused(CognitoError):
    """A right TOTP code that was already used: wait for the next one (not a wrong try)."""

    code = "code_reused"
    message = _("That code was already used. Wait for your app to show the next code, "
                "then enter it.")


class CodeExpired(CognitoError):
    code = "code_expired"
    message = _("That code has expired. Please start again to get a new one.")
    restart = True


class InvalidPassword(CognitoError):
    code = "invalid_password"
    message = _("That password does not meet the password policy.")


class PasswordReused(InvalidPassword):
    code = "password_reused"
    message = _("That password was used recently. Choose another one.")


# Cognito names the first rule of the pool's policy a password broke. Each keeps the code
# ``invalid_password`` (a form's entry for it covers them all) and says which rule it was.
class PasswordTooShort(InvalidPassword):
    message = _("That password does not meet the password policy: it is too short.")


class PasswordNeedsUppercase(InvalidPassword):
    message = _("That password does not meet the password policy: add an upper-case letter.")


class PasswordNeedsLowercase(InvalidPassword):
    message = _("That password does not meet the password policy: add a lower-case letter.")


class PasswordNeedsNumber(InvalidPassword):
    message = _("That password does not meet the password policy: add a number.")


class PasswordNeedsSymbol(InvalidPassword):
    message = _("That password does not meet the password policy: add a symbol, "
                "such as ! or #.")


class ResendTooSoon(CognitoError):
    """A code was sent to this account from this address moments ago: refused here."""

    code = "resend_too_soon"
    message = _("A code was sent a moment ago. Please wait a minute before asking for "
                "another one.")


class UsernameTaken(CognitoError):
    """SignUp with a name somebody has (said only where the pool tells who exists anyway)."""

    code = "username_taken"
    message = _("That username is taken. Choose another one.")


class AliasExists(CognitoError):
    code = "alias_exists"
    message = _("That email address or phone number cannot be used for this account.")


class InvalidInput(CognitoError):
    code = "invalid"
    message = _("Some of the information given was not accepted. Check it and try again.")


class MfaMethodUnavailable(CognitoError):
    code = "mfa_unavailable"
    message = _("That verification method is not available for your account.")


class FactorNotOffered(CognitoError):
    """A first factor Cognito did not offer for this sign-in (a forged choice)."""

    code = "factor_not_offered"
    message = _("That way of signing in is not available here. Choose another.")


class PasswordResetRequired(CognitoError):
    code = "password_reset_required"
    message = _("You need to reset your password before you can sign in.")
    restart = True


class UserNotConfirmed(CognitoError):
    code = "user_not_confirmed"
    message = _("Your account is not confirmed yet.")
    restart = True


class DeviceNotFound(CognitoError):
    code = "device_not_found"
    message = _("This device is no longer remembered. Please sign in again.")
    restart = True


class TooManyRequests(CognitoError):
    code = "throttled"
    message = _("Too many attempts right now. Please wait a moment and try again.")
    restart = True
    status = 429


class ServiceUnavailable(CognitoError):
    """Timeouts, connection failures, Cognito internal errors, a blocked request."""

    code = "unavailable"
    restart = True
    status = 503


class StoreUnavailable(ServiceUnavailable):
    """This site's own cache or database could not answer during a sign-in step."""


class Misconfigured(CognitoError):
    """A problem of the site's configuration (flow not enabled, wrong secret, missing pool)."""

    code = "misconfigured"
    restart = True


class UnknownChallenge(CognitoError):
    code = "unknown_challenge"
    message = _("This sign-in step is not supported by this site. Please contact support.")
    restart = True


class RefreshFailed(CognitoError):
    code = "refresh_failed"
    message = _("Your session has ended. Please sign in again.")
    restart = True


class TokenInvalid(CognitoError):
    """A token failed verification (signature, issuer, audience, type or expiry)."""

    code = "token_invalid"
    restart = True


class TooManyWrongCodes(CognitoError):
    code = "too_many_wrong_codes"
    message = _("Too many wrong codes. Please start again.")
    restart = True


class NoPendingSignIn(CognitoError):
    """A step page was reached without a matching pending sign-in."""

    code = "no_pending_sign_in"
    message = _("Please sign in.")
    restart = True


class SignInThrottled(CognitoError):
    """Too many failed sign-ins from here: refused by this site before asking Cognito."""

    code = "throttled_locally"
    message = _("Too many failed attempts. Please wait a few minutes and try again.")
    restart = True
    status = 429


class MfaRequired(CognitoError):
    """Cognito kept a factor the person turned off: the pool requires MFA."""

    code = "mfa_required"
    message = _("This site requires two-step verification, so it cannot be turned off.")


# -- passkeys (WebAuthn), registered and removed from the account security page -------------


class PasskeysUnavailable(CognitoError):
    """The pool does not offer passkeys (WebAuthn off, or no relying party configured)."""

    code = "passkeys_unavailable"
    message = _("Passkeys are not available on this site.")


class PasskeyExpired(CognitoError):
    """The registration the passkey answers has expired, or was begun by another app client."""

    code = "passkey_expired"
    message = _("That request for a new passkey has expired. Please try again.")


class PasskeyNotAccepted(CognitoError):
    """The new passkey was made for another site (its origin or relying party)."""

    code = "passkey_not_accepted"
    message = _("That passkey was not made for this site. Please try again.")


class PasskeyNotSupported(CognitoError):
    """The passkey's device or provider is one Cognito does not take."""

    code = "passkey_not_supported"
    message = _("Passkeys from that device or provider cannot be used here. Try another one.")


class PasskeyNotFound(CognitoError):
    """A passkey to remove is not (or no longer) one of the person's."""

    code = "passkey_not_found"
    message = _("That passkey is not on your account.")
