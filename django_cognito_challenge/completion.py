"""The end of a sign-in: tokens came back, so verify them, log in, and keep them server-side."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_variables

from . import clock, devices, outages, session_tokens, signout, throttle
from . import pending as pending_store
from .addresses import client_ip
from .cognito import errors
from .cognito.replies import Reply
from .conf import app_settings
from .logsafe import printable
from .pending import PendingSignIn
from .signals import cognito_signed_in

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """Where a step leads, and what the response must do to the remembered-device cookie."""

    url: str
    device_cookie: str | None = None  #: a browser id to set, "" to delete, None to leave alone


@sensitive_variables()
def complete(request, reply: Reply, pending: PendingSignIn) -> Outcome:
    """Verify the ID token, log in with a new session key, keep the tokens, redirect.

    Tokens that cannot be used here (a refused person, signing keys or a store out of reach)
    are revoked; a store failing after ``login()`` leaves nobody signed in.
    """
    user = _authenticate(request, reply, pending)
    try:
        outcome = _log_in(request, user, reply, pending)
    except outages.STORE_ERRORS:
        _undo_login(request, reply, pending)
        raise
    logger.info("Cognito sign-in of %s completed after %s", printable(pending.username),
                ", ".join(pending.factors) or "the first factor")
    cognito_signed_in.send(sender=__name__, request=request, user=user,
                           claims=getattr(user, "cognito_claims", None),
                           factors=signed_in_with(pending),
                           remembered_device="DEVICE_SRP_AUTH" in pending.factors)
    return outcome


@sensitive_variables()
def _authenticate(request, reply: Reply, pending: PendingSignIn):
    """The local user for the ID token, or an error once the tokens are revoked."""
    try:
        user = authenticate(request, cognito_tokens=reply.tokens)
    except (errors.ServiceUnavailable, *outages.STORE_ERRORS):
        # The keys or the users table out of reach: the Session is spent, the tokens unused.
        signout.revoke(reply.tokens.refresh_token, pending.username)
        raise
    if user is None:
        # SECURITY: tokens issued to someone this site refuses must not stay valid at Cognito.
        signout.revoke(reply.tokens.refresh_token, pending.username)
        raise errors.SignInFailed("no active local user for these tokens")
    return user


@sensitive_variables()
def _undo_login(request, reply: Reply, pending: PendingSignIn) -> None:
    """A store failed after ``login()``: nobody stays signed in, the new tokens are revoked."""
    # SECURITY: no partial login. clear(), not flush(): flush() needs the store that failed.
    request.session.clear()
    request.user = AnonymousUser()
    signout.revoke(reply.tokens.refresh_token, pending.username)


@sensitive_variables()
def _log_in(request, user, reply: Reply, pending: PendingSignIn) -> Outcome:
    # SECURITY: a sign-in over a signed-in session must not drop the earlier refresh token
    # unrevoked (Django's login() flushes the session when the user changes). Only that token:
    # GlobalSignOut here would also end the tokens just issued.
    signout.end_cognito_session(request, everywhere=False)
    key_before = request.session.session_key
    login(request, user)  # user.backend: the backend (or subclass) that authenticated
    if request.session.session_key == key_before:
        # SECURITY: a new key also when the same user signs in again (login() then keeps the
        # key); otherwise login() has just cycled it, and a second cycle would only cost writes.
        request.session.cycle_key()
    pending_store.clear(request)
    device_key, cookie = _keep_device(request, user, reply, pending)
    now = clock.now()
    # A browser-session cookie when the site asks for one; the refresh middleware still ends the
    # session at REFRESH_TOKEN_VALIDITY.
    request.session.set_expiry(0 if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else min(
        settings.SESSION_COOKIE_AGE, app_settings.REFRESH_TOKEN_VALIDITY))
    request.session[session_tokens.SIGNED_IN_KEY] = now
    session_tokens.store(request, session_tokens.StoredTokens(
        id_token=reply.tokens.id_token, access_token=reply.tokens.access_token,
        refresh_token=reply.tokens.refresh_token, expires_at=now + reply.tokens.expires_in,
        username=pending.username, device_key=device_key))
    throttle.record_success(pending.names(), client_ip(request))
    return Outcome(safe_next(request, pending.next_url), device_cookie=cookie)


#: The password factor each flow starts with, by Cognito's name for it.
FIRST_FACTORS = {"USER_SRP_AUTH": "PASSWORD_VERIFIER", "USER_PASSWORD_AUTH": "PASSWORD"}


def signed_in_with(pending: PendingSignIn) -> tuple[str, ...]:
    """The factors of this sign-in, in order: the first factor, then each challenge answered.

    ``pending.factors`` lists only the challenges answered after the first factor.
    """
    first = pending.first_factor or FIRST_FACTORS.get(pending.flow)
    return (*((first,) if first else ()), *pending.factors)


@sensitive_variables()
def _keep_device(request, user, reply: Reply,
                 pending: PendingSignIn) -> tuple[str | None, str | None]:
    """Confirm a new device (remembering it when asked): the device key in use, and the cookie.

    A device Cognito did not confirm is not used: a refresh with its key would be refused.
    """
    if reply.new_device is None:
        return pending.device_key, None
    try:
        cookie = devices.confirm(request, user, access_token=reply.tokens.access_token,
                                 new_device=reply.new_device, login_name=pending.login_name,
                                 cognito_username=pending.username,
                                 remember=pending.remember_device)
    except errors.CognitoError as error:
        logger.warning("Could not confirm the new device of %s: %s",
                       printable(pending.username), error.code)
        return None, None
    return reply.new_device.device_key, cookie


def safe_next(request, next_url: str) -> str:
    """``next`` when it stays on this site (and on HTTPS when the request is), else the default."""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return resolve_url(settings.LOGIN_REDIRECT_URL)
