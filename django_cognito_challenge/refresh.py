"""Refreshing the signed-in person's tokens, once per session even under parallel requests."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, load_backend
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.views.decorators.debug import sensitive_variables

from . import clock, session_end, session_tokens
from .cognito import errors
from .cognito.client import CognitoClient
from .cognito.tokens import verify_id_token
from .conf import app_settings
from .logsafe import printable

logger = logging.getLogger(__name__)

WAIT_STEP = 0.05


def needs_refresh(request) -> bool:
    """True when the tokens expire within the margin (no token is parsed to decide)."""
    expires = session_tokens.expires_at(request)
    return expires is not None and expires - app_settings.REFRESH_MARGIN <= clock.now()


def refresh(request) -> None:
    """Refresh under a per-session lock; a request that waited picks up the new tokens."""
    lock = f"cognito_challenge:refresh:{request.session.session_key}"
    timeout = app_settings.CONNECT_TIMEOUT + app_settings.READ_TIMEOUT + 5
    if cache.add(lock, "1", timeout=timeout):
        try:
            _refresh_now(request)
            # Save before the lock goes: waiting requests read the new tokens from the store.
            request.session.save()
        finally:
            cache.delete(lock)
        return
    deadline = time.monotonic() + timeout
    while cache.get(lock) is not None and time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
    _adopt_stored_tokens(request)
    if needs_refresh(request):
        raise errors.RefreshFailed("a parallel refresh did not complete")


@sensitive_variables()
def _refresh_now(request) -> None:
    tokens = session_tokens.load(request)
    if tokens is None or not tokens.refresh_token:
        raise errors.RefreshFailed("no refresh token")
    with session_end.honoured():  # disabled, deleted or revoked: RefreshFailed, like the rest
        reply = CognitoClient().refresh(tokens.refresh_token, username=tokens.username,
                                        device_key=tokens.device_key)
    claims = verify_id_token(reply.tokens.id_token)
    if claims.sub != _signed_in_sub(request):
        raise errors.RefreshFailed("refreshed tokens name another person")
    _update_user(request, claims)
    session_tokens.store(request, session_tokens.StoredTokens(
        id_token=reply.tokens.id_token, access_token=reply.tokens.access_token,
        refresh_token=reply.tokens.refresh_token or tokens.refresh_token,
        expires_at=clock.now() + reply.tokens.expires_in, username=tokens.username,
        device_key=tokens.device_key))
    logger.info("Refreshed the Cognito tokens of %s", printable(tokens.username))


def _signed_in_sub(request) -> str | None:
    identity = request.user.cognito_identities.filter(issuer=app_settings.ISSUER).first()
    return identity.sub if identity else None


def _update_user(request, claims) -> None:
    """Apply changed groups and details now, so a removed group stops working (ASVS 8.3.2).

    The backend that signed this session in does it, as ``get_user`` does in contrib.auth.
    """
    path = request.session.get(BACKEND_SESSION_KEY)
    backend = load_backend(path) if path in settings.AUTHENTICATION_BACKENDS else None
    if hasattr(backend, "update_user"):
        backend.update_user(request.user, claims)


def _adopt_stored_tokens(request) -> None:
    """Take the tokens another request just stored, so this one does not write old ones back."""
    store: SessionBase = request.session.__class__(session_key=request.session.session_key)
    for key in (session_tokens.SESSION_KEY, session_tokens.EXPIRES_KEY):
        if key in store:
            request.session[key] = store[key]
