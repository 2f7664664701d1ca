"""Signing a person out here as soon as Cognito stops honouring their tokens (ASVS 7.4.1, 7.4.2).

Once an account is disabled or deleted in Cognito, or its tokens revoked, Cognito answers a call
made with the person's tokens ``NotAuthorizedException`` ("User is disabled.", "Access Token has
been revoked", "User does not exist.") or ``UserNotFoundException``. Every such call (the
refresh, the security page's reads, each MFA, device and passkey change) runs under
:func:`honoured`, which turns that answer into ``RefreshFailed``; the caller then ends the
session with :func:`end` or :func:`sign_in_again`, which revokes what is left.

Not for ``ChangePassword``, where ``NotAuthorizedException`` also means a wrong current password.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

from .cognito import errors
from .logsafe import printable

logger = logging.getLogger(__name__)

#: Cognito's answers, to a call made with the person's own tokens, that mean they are dead.
ENDING_CODES = frozenset({"NotAuthorizedException", "UserNotFoundException"})
#: What the next page says.
ENDED = errors.RefreshFailed.message


def ends_session(error: errors.CognitoError) -> bool:
    """Whether ``error``, raised by a call made with the person's tokens, means they are dead."""
    return isinstance(error, errors.RefreshFailed) or error.cognito_code in ENDING_CODES


@contextmanager
def honoured() -> Iterator[None]:
    """Raise ``RefreshFailed`` for any answer meaning Cognito no longer honours the tokens.

    Usable as a decorator too. Other errors pass through unchanged.
    """
    try:
        yield
    except errors.CognitoError as error:
        if isinstance(error, errors.RefreshFailed) or not ends_session(error):
            raise
        raise errors.RefreshFailed(f"tokens no longer honoured: {error.detail}",
                                   cognito_code=error.cognito_code) from error


def end(request, why: str, message=ENDED) -> None:
    """Sign out here (``signout.on_user_logged_out`` revokes what is left) and say so."""
    logger.info("Ending the session of %s: %s", printable(request.user), why)
    logout(request)
    messages.info(request, message, fail_silently=True)


def sign_in_again(request, next_url: str):
    """End the session Cognito has ended; send the person to sign in, then back to ``next_url``."""
    end(request, "Cognito no longer honours its tokens")
    return redirect_to_login(next_url)
