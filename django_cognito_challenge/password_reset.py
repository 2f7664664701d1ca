"""Forgotten passwords: a code sent to the account (ForgotPassword), then a new password with it
(ConfirmForgotPassword). A reset never signs anyone in: the person signs in afterwards, MFA
included (ASVS 6.4.3).

The pending reset kept in the session between the two pages holds the name typed, when the reset
began and, only when a sign-in said the password must be reset, where Cognito sent the code:
never the code nor a password. Whether an account exists changes nothing the person sees
(ASVS 6.3.8): Cognito's "no such user" (``PreventUserExistenceErrors=LEGACY``) and its refusals of
a disabled account are answered like a code sent, and a code for them like a wrong code.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.views.decorators.debug import sensitive_variables

from . import clock, other_sessions, throttle
from .addresses import client_ip
from .cognito import errors
from .cognito.client import CognitoClient
from .conf import app_settings
from .logsafe import printable
from .session_slot import SessionSlot
from .signals import cognito_password_changed

logger = logging.getLogger(__name__)

SESSION_KEY = "cognito_challenge.password_reset"
#: A reset code is valid for an hour (Amazon Cognito Developer Guide, recovering user accounts);
#: the pending reset lives as long.
VALIDITY = 3600
#: The throttle's name for "a code was sent to this account from this address".
RESEND = "password_reset_code"


@dataclass
class PendingReset:
    username: str  #: as typed: a username or an alias such as an email
    started_at: float
    required: bool = False  #: a sign-in was refused until the password is reset
    destination: str = ""  #: the masked address of the code; kept only when ``required``

    def has_expired(self, now: float) -> bool:
        return now - self.started_at >= VALIDITY


_slot: SessionSlot[PendingReset] = SessionSlot(SESSION_KEY, PendingReset)
#: The pending reset of this browser, unless there is none or it expired.
current = _slot.load
save = _slot.save
clear = _slot.clear


def start(request, username: str, *, required: bool = False) -> PendingReset:
    """Send a code for ``username`` and keep the pending reset (the same for any name).

    ``required``: a sign-in got ``PasswordResetRequired``; a code sent moments ago still serves.
    """
    pending = PendingReset(username=username, started_at=clock.now(), required=required)
    try:
        pending.destination = send_code(request, pending)
    except errors.ResendTooSoon:
        if not required:
            raise
    save(request, pending)
    return pending


def resend(request, pending: PendingReset) -> None:
    """Send another code (only the newest one works)."""
    destination = send_code(request, pending)
    pending.destination = destination or pending.destination
    pending.started_at = clock.now()
    save(request, pending)


def send_code(request, pending: PendingReset) -> str:
    """ForgotPassword, once per interval per account and address; the destination to show."""
    ip = client_ip(request)
    # Each code sent spends the account's and the address's budget, as a failed sign-in does.
    throttle.claim_code_turn(RESEND, app_settings.PASSWORD_RESET_RESEND_INTERVAL,
                             pending.username, ip)
    logger.info("Password reset code requested for %s", printable(pending.username))
    try:
        destination = CognitoClient().forgot_password(pending.username, ip_address=ip)
    except errors.SignInFailed:
        # SECURITY: no such user (LEGACY), a disabled account, one that cannot reset: answered
        # as ENABLED answers them, like a code sent, so the next page tells nobody who exists.
        return ""
    # SECURITY: only a sign-in that proved the password may see where the code went; LEGACY
    # gives no address for a name of nobody, so showing one would tell who exists.
    return destination if pending.required else ""


@sensitive_variables()
def confirm(request, pending: PendingReset, code: str, password: str) -> None:
    """ConfirmForgotPassword; then this account's sessions here end and nobody is signed in."""
    ip, names = client_ip(request), [pending.username]
    if throttle.is_blocked(names, ip):
        raise errors.SignInThrottled("too many attempts")
    try:
        CognitoClient().confirm_forgot_password(pending.username, code, password, ip_address=ip)
    except errors.SignInFailed as error:
        # LEGACY's "no such user" and a disabled account: a wrong code, as ENABLED answers them.
        throttle.record_failure(names, ip)
        raise errors.CodeMismatch(error.detail, cognito_code=error.cognito_code) from error
    except errors.CodeMismatch:
        throttle.record_failure(names, ip)
        raise
    clear(request)
    throttle.record_success(names, ip)
    other_sessions.end_all(pending.username)
    logger.info("Password of %s reset with an emailed or texted code",
                printable(pending.username))
    cognito_password_changed.send(sender=__name__, request=request, username=pending.username,
                                  user=None)
