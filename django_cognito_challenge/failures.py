"""How a failed sign-in step ends: counted, reported once, and the pending sign-in kept or dropped.

Every public step of :mod:`.flow` runs inside :func:`boundary`. A failure there is one of our
``CognitoError`` types when it leaves: a cache or database error becomes ``StoreUnavailable``.
Each failure is logged once as a warning where it is detected (``error_map.translate`` for
Cognito, ``cognito.jwks`` for the JWKS, :mod:`.outages` for the stores); :func:`report` adds
only an INFO audit line and the signals.

Whether the pending sign-in survives an outage or a rate limit: kept when a retry is safe (the
request never reached Cognito, or Cognito refused it unprocessed, so its ``Session`` is still
good), dropped when the ``Session`` may be spent. At the first step (``start``) there is nothing
to keep: a failed first step leaves no pending sign-in, not even an older one.

==========================================  ======  =====  =====================================
Failure                                     Status  Kept?  Why
==========================================  ======  =====  =====================================
Cognito unreachable (no connection made)     503    kept   nothing was sent
Cognito slow past ``READ_TIMEOUT``           503    drop   Cognito may have processed it
``InternalErrorException``, other errors     503    drop   it may have spent the Session
``TooManyRequestsException``                 429    kept   a throttled call is not processed
``LimitExceededException`` and alike         429    drop   an attempt limit, not a rate limit
This site's throttle (``SignInThrottled``)   429    kept   refused before the call
Throttle unreadable (cache/database down)    503    kept   refused before the call: closed
Cache/database fails after the call          503    drop   the Session was spent
JWKS unreachable (ID token unverifiable)     503    drop   Session spent; tokens revoked
Counting a wrong code fails (cache down)     503    kept   the code was only wrong; the
                                                           pending's own count still holds
==========================================  ======  =====  =====================================

Nobody is logged in until the ID token is verified and ``login()`` has run; a store failure after
``login()`` undoes it (``completion.complete``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.contrib.auth import user_login_failed

from . import outages, throttle
from . import pending as pending_store
from .addresses import client_ip
from .cognito import errors
from .conf import app_settings
from .logsafe import printable
from .pending import PendingSignIn
from .signals import cognito_sign_in_failed

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Failures that count towards the app's own brute-force limits.
COUNTED_FAILURES = (errors.SignInFailed, errors.CodeMismatch, errors.TooManyWrongCodes)


def call(request, pending: PendingSignIn, cognito: Callable[[], T]) -> T:
    """Make one Cognito call for ``pending``, unless this account or address is throttled."""
    refuse_if_throttled(request, pending)
    return cognito()


def refuse_if_throttled(request, pending: PendingSignIn) -> None:
    """Raise ``SignInThrottled`` past a limit, ``StoreUnavailable`` when it cannot be read."""
    try:
        blocked = throttle.is_blocked(pending.names(), client_ip(request))
    except outages.STORE_ERRORS as error:
        # SECURITY: fail closed; nothing has been sent, so the pending sign-in stays.
        raise outages.unavailable(error, "the throttle", restart=False) from error
    if blocked:
        raise errors.SignInThrottled("too many failures", restart=False,
                                     retry_after=throttle.retry_after())


@contextmanager
def boundary(request, pending: PendingSignIn) -> Iterator[None]:
    """Count wrong codes, drop what cannot go on, and report each failure once."""
    try:
        with _reported(request, pending):
            yield
    except outages.STORE_ERRORS as error:
        # After the call (saving the next step, completing): the Session may be spent.
        pending_store.clear(request)
        raise outages.unavailable(error, "a sign-in step", restart=True) from error


@contextmanager
def _reported(request, pending: PendingSignIn) -> Iterator[None]:
    try:
        yield
    except errors.CodeMismatch as error:
        failure = _count_wrong_answer(request, pending, error)
        report(request, pending, failure)
        if failure is error:
            raise
        raise failure from error
    except errors.CognitoError as error:
        if error.restart or not pending.challenge:  # a failed first step leaves nothing
            pending_store.clear(request)
        report(request, pending, error)
        raise


def _count_wrong_answer(request, pending: PendingSignIn,
                        error: errors.CodeMismatch) -> errors.CognitoError:
    pending.wrong_answers += 1
    if pending.wrong_answers >= app_settings.MAX_WRONG_ANSWERS:
        pending_store.clear(request)
        return errors.TooManyWrongCodes("wrong code limit reached")
    pending_store.save(request, pending)
    return error


def report(request, pending: PendingSignIn, error: errors.CognitoError) -> None:
    """Log the failure (INFO) and send ``user_login_failed`` (username only); count it."""
    username = pending.login_name or pending.username
    logger.info("Cognito sign-in of %s failed: %s", printable(username), error.code)
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    cognito_sign_in_failed.send(sender=__name__, request=request, username=username,
                                reason=error.code)
    if not isinstance(error, COUNTED_FAILURES):
        return
    try:
        throttle.record_failure(pending.names(), client_ip(request))
    except outages.STORE_ERRORS as store_error:
        # Not counted, so not told either: "try again". The failure's verdict on the pending
        # sign-in stands (a wrong code keeps it; the pending's own count still holds).
        raise outages.unavailable(store_error, "counting a failure",
                                  restart=error.restart) from store_error
