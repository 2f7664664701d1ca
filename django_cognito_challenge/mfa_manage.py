"""The signed-in person's MFA, changed from the account security page.

What Cognito says the person has (GetUser), and each change: add or replace the authenticator app
(TOTP), turn text-message or email codes on, choose the preferred factor, turn one off. Each call
uses the person's access token, refreshed first when it is about to expire; each change is logged
(never a secret or a code) and sent as ``cognito_mfa_changed`` with one of :data:`CHANGES`.

A call Cognito answers as for a disabled or deleted account, or revoked tokens, raises
``RefreshFailed`` (``session_end.honoured``): the view then signs the person out.

The TOTP secret being set up lives only in the session, encrypted for its own purpose
(``secretbox.MFA_ENROLMENT``), from the request that asks Cognito for it to the one whose code
proves it, and is removed then, or when the person gives up.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field

from django.views.decorators.debug import sensitive_variables

from . import challenges, refresh, secretbox, session_end, session_tokens
from .cognito import errors
from .cognito.client import CognitoClient
from .cognito.user_mfa import MFA_FACTORS, UserMfa
from .conf import app_settings
from .logsafe import printable
from .signals import cognito_mfa_changed

logger = logging.getLogger(__name__)

ENROLMENT_KEY = "cognito_challenge.mfa_enrolment"
TOTP = "SOFTWARE_TOKEN_MFA"
#: The factors codes are sent by, and the attribute each needs.
SENT_TO = {"SMS_MFA": "phone_number", "EMAIL_OTP": "email"}
#: The name VerifySoftwareToken gives the authenticator (as at sign-in's MFA set-up).
DEVICE_NAME = "Authenticator"

#: Every ``change`` code ``cognito_mfa_changed`` is sent with.
CHANGES = {
    "totp_added": "an authenticator app was set up (factor SOFTWARE_TOKEN_MFA)",
    "totp_replaced": "the authenticator app was replaced by a new one (SOFTWARE_TOKEN_MFA)",
    "sms_enabled": "codes by text message were turned on (SMS_MFA)",
    "email_enabled": "codes by email were turned on (EMAIL_OTP)",
    "preferred_changed": "another factor became the preferred one (the factor chosen)",
    "factor_disabled": "a factor was turned off and at least one other is still on",
    "mfa_disabled": "the last factor was turned off: sign-in asks for no code now",
}
ENABLED_CHANGES = {"SMS_MFA": "sms_enabled", "EMAIL_OTP": "email_enabled"}


@dataclass(frozen=True)
class Factor:
    """One factor as the security page shows it."""

    name: str  #: Cognito's name: SOFTWARE_TOKEN_MFA, SMS_MFA or EMAIL_OTP
    label: str
    enabled: bool
    preferred: bool
    destination: str  #: where codes go, masked; empty for the authenticator app
    can_enable: bool  #: the person has what it needs (a phone number, an email address)
    can_prefer: bool  #: on, not preferred, and another factor is on too


@dataclass(frozen=True)
class MfaStatus:
    """The person's MFA, for the page and for checking what a posted change may name."""

    user: UserMfa

    @property
    def is_on(self) -> bool:
        return bool(self.user.enabled)

    @property
    def factors(self) -> list[Factor]:
        return [self._factor(name) for name in MFA_FACTORS]

    def enableable(self) -> list[str]:
        """Code factors the person could turn on (TOTP is added on its own page)."""
        return [f.name for f in self.factors if f.can_enable and not f.enabled and f.name != TOTP]

    def preferable(self) -> list[str]:
        return [f.name for f in self.factors if f.can_prefer]

    def disableable(self) -> list[str]:
        return list(self.user.enabled)

    def _factor(self, name: str) -> Factor:
        address = getattr(self.user, SENT_TO[name]) if name in SENT_TO else ""
        enabled, preferred = name in self.user.enabled, name == self.user.preferred
        return Factor(name=name, label=challenges.label(name), enabled=enabled,
                      preferred=preferred, destination=_masked(address),
                      can_enable=name == TOTP or bool(address),
                      can_prefer=enabled and not preferred and len(self.user.enabled) > 1)


@dataclass
class Enrolment:
    """A TOTP set-up begun on the security page, waiting for the new app's first code."""

    secret: str = field(repr=False)
    account: str = ""  #: the name the authenticator app shows for the account
    replacing: bool = False
    wrong_codes: int = 0


# -- reading and changing ----------------------------------------------------------------------


def fresh_tokens(request) -> session_tokens.StoredTokens:
    """The session's tokens, refreshed first when they expire within the margin.

    A refresh that fails ends the session, as the refresh middleware's does: ``RefreshFailed``.
    """
    if refresh.needs_refresh(request):
        try:
            refresh.refresh(request)
        except errors.CognitoError as error:
            raise errors.RefreshFailed(f"refresh before an MFA change: {error.code}") from error
    tokens = session_tokens.load(request)
    if tokens is None:
        raise errors.RefreshFailed("no tokens in the session")
    return tokens


@session_end.honoured()
def status(request) -> MfaStatus:
    return MfaStatus(CognitoClient().get_user_mfa(fresh_tokens(request).access_token))


@session_end.honoured()
def enable(request, factor: str) -> str:
    """Turn on codes by text message or email; return the change made."""
    _set(request, factor, enabled=True)
    return _changed(request, ENABLED_CHANGES[factor], factor)


@session_end.honoured()
def prefer(request, factor: str) -> str:
    """Make an enabled factor the one sign-in asks for."""
    _set(request, factor, enabled=True, preferred=True)
    return _changed(request, "preferred_changed", factor)


@session_end.honoured()
def disable(request, factor: str) -> str:
    """Turn a factor off; ``MfaRequired`` when Cognito keeps it (the pool requires MFA)."""
    tokens = fresh_tokens(request)
    client = CognitoClient()
    client.set_mfa_preference(tokens.access_token, factor, enabled=False)
    # A pool that requires MFA answers 200 and keeps the factor: only GetUser tells.
    remaining = client.get_user_mfa(tokens.access_token).enabled
    if factor in remaining:
        logger.info("Cognito kept %s of %s on: the pool requires MFA", factor,
                    printable(tokens.username))
        raise errors.MfaRequired(f"{factor} kept on")
    return _changed(request, "factor_disabled" if remaining else "mfa_disabled", factor)


def _set(request, factor: str, **preference) -> None:
    tokens = fresh_tokens(request)
    CognitoClient().set_mfa_preference(tokens.access_token, factor, **preference)


def _changed(request, change: str, factor: str) -> str:
    logger.info("MFA of %s changed: %s (%s)", printable(request.user), change, factor)
    cognito_mfa_changed.send(sender=__name__, request=request, user=request.user,
                             change=change, factor=factor)
    return change


# -- adding or replacing the authenticator app -------------------------------------------------


@session_end.honoured()
@sensitive_variables()
def begin_totp(request, current: MfaStatus) -> None:
    """Ask Cognito for a new TOTP secret and keep it, encrypted, until its first code."""
    secret = CognitoClient().associate_user_software_token(fresh_tokens(request).access_token)
    _save(request, Enrolment(secret=secret, account=current.user.email or current.user.username,
                             replacing=TOTP in current.user.enabled))


def enrolment(request) -> Enrolment | None:
    """The TOTP set-up this session began, or None."""
    data = request.session.get(ENROLMENT_KEY)
    plaintext = secretbox.decrypt(data, secretbox.MFA_ENROLMENT) if isinstance(data, str) else None
    try:
        return Enrolment(**json.loads(plaintext)) if plaintext else None
    except (TypeError, ValueError):
        return None


@session_end.honoured()
@sensitive_variables()
def finish_totp(request, begun: Enrolment, code: str) -> str:
    """Check the new app's code, turn TOTP on, forget the secret.

    A wrong code keeps the set-up for another try, up to ``MAX_WRONG_ANSWERS``; then it is
    dropped (``TooManyWrongCodes``) and the person starts again.
    """
    tokens = fresh_tokens(request)
    client = CognitoClient()
    try:
        client.verify_user_software_token(tokens.access_token, code, DEVICE_NAME)
    except errors.CodeMismatch:
        begun.wrong_codes += 1
        if begun.wrong_codes >= app_settings.MAX_WRONG_ANSWERS:
            drop_enrolment(request)
            raise errors.TooManyWrongCodes("wrong code limit reached") from None
        _save(request, begun)
        raise
    drop_enrolment(request)
    client.set_mfa_preference(tokens.access_token, TOTP, enabled=True)
    return _changed(request, "totp_replaced" if begun.replacing else "totp_added", TOTP)


def drop_enrolment(request) -> None:
    request.session.pop(ENROLMENT_KEY, None)


def _save(request, begun: Enrolment) -> None:
    # SECURITY: the secret is the new second factor itself; a leaked session table must not
    # hand it out, and it never goes in a log line.
    plaintext = json.dumps(asdict(begun))
    request.session[ENROLMENT_KEY] = secretbox.encrypt(plaintext, secretbox.MFA_ENROLMENT)


def _masked(address: str) -> str:
    """A phone number's last four digits, or an email's first letter and domain."""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}***@{domain}"
    return f"***{address[-4:]}" if address else ""
