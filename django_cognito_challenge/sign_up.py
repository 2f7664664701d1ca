"""Self-service sign-up: SignUp, then ConfirmSignUp with the code Cognito sent, then (where
allowed) the sign-in with the ``Session`` ConfirmSignUp returns (``flow.start_after_sign_up``).

The pending sign-up kept in the session between the pages holds the name sent to Cognito, where
the code went (masked) and SignUp's ``Session``, encrypted: never the password nor a code.

Taken names (ASVS 6.3.8): Cognito's SignUp answers ``UsernameExistsException`` whatever the app
client's PreventUserExistenceErrors says. Where the site declares that setting ``ENABLED``
(``PREVENT_USER_EXISTENCE_ERRORS``), a taken name is not told apart from a new one: the same
confirmation page follows, showing the address typed, masked as Cognito masks it; no code
arrives, a code typed there is a wrong code and "send a new code" says it was sent. A sign-in
refused with ``UserNotConfirmedException`` (after the password was proven) leads here too,
with a fresh code.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field

from django.views.decorators.debug import sensitive_variables

from . import clock, secretbox, throttle
from .addresses import client_ip
from .cognito import errors
from .cognito.client import CognitoClient
from .conf import app_settings
from .logsafe import printable
from .session_slot import SessionSlot
from .signals import cognito_sign_up_confirmed, cognito_signed_up

logger = logging.getLogger(__name__)

SESSION_KEY = "cognito_challenge.sign_up"
#: "The code is valid for 24 hours" (Developer Guide, signing up and confirming user accounts);
#: the pending sign-up lives as long.
VALIDITY = 24 * 3600
#: The throttle's name for "a confirmation code was sent to this account from this address".
RESEND = "sign_up_code"
#: Where the sign-in page finds the name to fill in once a sign-up is confirmed.
SIGN_IN_AS_KEY = "cognito_challenge.sign_in_as"


@dataclass
class PendingSignUp:
    username: str  #: the name SignUp was given, or the one a refused sign-in typed
    started_at: float
    destination: str = ""  #: the masked address of the code, "" when unknown
    session: str = field(default="", repr=False)  #: SignUp's, for ConfirmSignUp
    next_url: str = ""
    # SECURITY: the name was taken and the page pretends otherwise; held only server-side.
    taken: bool = False

    def has_expired(self, now: float) -> bool:
        return now - self.started_at >= VALIDITY


# SECURITY: encrypted, since SignUp's Session confirms this sign-up and then signs the person in.
_slot: SessionSlot[PendingSignUp] = SessionSlot(SESSION_KEY, PendingSignUp,
                                                purpose=secretbox.PENDING_SIGN_UP)
#: The pending sign-up of this browser, unless there is none, it expired or no key opens it.
current = _slot.load
save = _slot.save
clear = _slot.clear


@sensitive_variables()
def start(request, username: str, password: str, attributes: dict[str, str],
          next_url: str = "") -> PendingSignUp:
    """SignUp, throttled like a sign-in; the pending sign-up the confirmation page continues."""
    ip, names = client_ip(request), _names(username, attributes)
    if throttle.is_blocked(names, ip):
        raise errors.SignInThrottled("too many attempts", retry_after=throttle.retry_after())
    # Each sign-up may send a code and make an account: it spends the budget a failure does.
    throttle.record_failure(names, ip)
    pending = PendingSignUp(username=username, started_at=clock.now(), next_url=next_url)
    try:
        signed_up = CognitoClient().sign_up(username, password, attributes, ip_address=ip)
    except errors.UsernameTaken:
        if not app_settings.PREVENT_USER_EXISTENCE_ERRORS:
            raise
        logger.info("Sign-up with a taken name: %s", printable(username))
        pending.taken, pending.destination = True, masked_destination(attributes)
    else:
        logger.info("Signed up: %s", printable(username))
        pending.destination, pending.session = signed_up.destination, signed_up.session
        _check_code_attribute(signed_up)
        cognito_signed_up.send(sender=__name__, request=request, username=username)
        if signed_up.confirmed:  # a pre sign-up trigger confirmed the account
            leave_for_sign_in(request, username)
            cognito_sign_up_confirmed.send(sender=__name__, request=request, username=username)
            raise AlreadyConfirmed(username)
    # SignUp sent the first code (or, for a taken name, seems to have): a new one waits.
    throttle.once_per(app_settings.SIGN_UP_RESEND_INTERVAL, RESEND, username, ip)
    save(request, pending)
    return pending


class AlreadyConfirmed(Exception):
    """The pool confirmed the account at SignUp: there is nothing to confirm."""


def resume(request, username: str, next_url: str = "") -> PendingSignUp:
    """A sign-in was refused until the account is confirmed: send a fresh code, and go on.

    The password was proven first, so where the code went may be shown. A code sent moments
    ago still serves: the page opens without another one.
    """
    pending = PendingSignUp(username=username, started_at=clock.now(), next_url=next_url)
    with contextlib.suppress(errors.ResendTooSoon):
        pending.destination = send_code(request, pending)
    save(request, pending)
    return pending


def resend(request, pending: PendingSignUp) -> None:
    """Send another code (only the newest one works)."""
    pending.destination = send_code(request, pending) or pending.destination
    pending.started_at = clock.now()
    save(request, pending)


def send_code(request, pending: PendingSignUp) -> str:
    """ResendConfirmationCode, once per interval per account and address; the destination."""
    ip = client_ip(request)
    throttle.claim_code_turn(RESEND, app_settings.SIGN_UP_RESEND_INTERVAL, pending.username, ip)
    if pending.taken:
        return pending.destination  # SECURITY: said sent, as for a new name; nothing is sent
    logger.info("Sign-up code requested for %s", printable(pending.username))
    return CognitoClient().resend_confirmation_code(pending.username, ip_address=ip)


@sensitive_variables()
def confirm(request, pending: PendingSignUp, code: str) -> str:
    """ConfirmSignUp; the Session that signs the person in once ("" when Cognito gave none)."""
    ip, names = client_ip(request), [pending.username]
    if throttle.is_blocked(names, ip):
        raise errors.SignInThrottled("too many attempts", retry_after=throttle.retry_after())
    try:
        if pending.taken:  # SECURITY: no code confirms somebody else's account
            raise errors.CodeMismatch("sign-up of a taken name")
        session = _confirm_sign_up(request, pending, code, ip)
    except errors.SignInFailed as error:
        # "User cannot be confirmed. Current status is CONFIRMED", LEGACY's "no such user", a
        # disabled account: a wrong code, so the page tells nobody the account's state.
        throttle.record_failure(names, ip)
        raise errors.CodeMismatch(error.detail, cognito_code=error.cognito_code) from error
    except (errors.CodeMismatch, errors.CodeExpired):
        throttle.record_failure(names, ip)
        raise
    throttle.record_success(names, ip)
    clear(request)
    logger.info("Sign-up confirmed: %s", printable(pending.username))
    cognito_sign_up_confirmed.send(sender=__name__, request=request, username=pending.username)
    return session


@sensitive_variables()
def _confirm_sign_up(request, pending: PendingSignUp, code: str, ip: str | None) -> str:
    """ConfirmSignUp with SignUp's Session; without it once Cognito says it has expired (a
    code sent again outlives it): the code alone still confirms the account."""
    client = CognitoClient()
    try:
        return client.confirm_sign_up(pending.username, code, session=pending.session,
                                      ip_address=ip)
    except errors.SessionExpired:
        if not pending.session:
            raise
    pending.session = ""  # spent or expired: not sent again
    save(request, pending)
    return client.confirm_sign_up(pending.username, code, ip_address=ip)


def leave_for_sign_in(request, username: str) -> None:
    """Nothing is left to confirm and nobody is signed in: the sign-in page opens next with
    ``username`` filled in."""
    clear(request)
    request.session[SIGN_IN_AS_KEY] = username


def sign_in_name(request) -> str:
    """The name a just-confirmed sign-up left for the sign-in page (read once)."""
    return request.session.pop(SIGN_IN_AS_KEY, "")


def masked_destination(attributes: dict[str, str]) -> str:
    """Where Cognito would send these attributes' code (``SIGN_UP_CODE_ATTRIBUTE``), masked as
    Cognito masks it: ``t***@e***``, ``+*******0100``; "" when it was not given."""
    attribute = app_settings.SIGN_UP_CODE_ATTRIBUTE
    value = attributes.get(attribute, "")
    if not value:
        return ""
    if attribute == "phone_number":
        return f"+*******{value[-4:]}"
    local, _at, domain = value.partition("@")
    return f"{local[:1]}***@{domain[:1]}***"


def _check_code_attribute(signed_up) -> None:
    """Say so when Cognito sent the code elsewhere than a taken name's page would show."""
    declared = app_settings.SIGN_UP_CODE_ATTRIBUTE
    if app_settings.PREVENT_USER_EXISTENCE_ERRORS and signed_up.attribute != declared:
        logger.warning(
            "Cognito sent the sign-up code to %s, and COGNITO_CHALLENGE_SIGN_UP_CODE_ATTRIBUTE "
            "is %r: the confirmation page of a taken name shows another address than a new "
            "name's, which tells who has an account. Set it to where Cognito sends the code.",
            signed_up.attribute or "nowhere", declared)


def _names(username: str, attributes: dict[str, str]) -> list[str]:
    return [username, attributes.get("email", ""), attributes.get("phone_number", "")]
