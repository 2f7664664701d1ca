"""The home page: who is signed in, from the Cognito tokens kept in the session."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from django_cognito_challenge import session_tokens
from django_cognito_challenge.cognito.errors import CognitoError
from django_cognito_challenge.cognito.tokens import verify_id_token

from .demo_seed import demo_users

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Account:
    """What the home page shows about the signed-in person."""

    username: str
    name: str
    email: str
    groups: tuple[str, ...]
    expires_at: datetime | None
    verified: bool


@never_cache
def home(request):
    context = {"local_cognito": settings.EXAMPLE_LOCAL_COGNITO,
               "sign_up": getattr(settings, "COGNITO_CHALLENGE_SIGN_UP", False)}
    if request.user.is_authenticated:
        context["account"] = account(request)
    elif settings.EXAMPLE_LOCAL_COGNITO:
        endpoint = settings.COGNITO_CHALLENGE_ENDPOINT_URL
        context.update(demo_users=demo_users(), outbox_url=f"{endpoint}/_local/outbox",
                       custom_auth=settings.EXAMPLE_CUSTOM_AUTH)
    return render(request, "example/home.html", context)


def account(request) -> Account:
    """The verified ID token's claims; when it cannot be verified, what the session still knows."""
    user, tokens = request.user, session_tokens.load(request)
    fallback = Account(
        username=(tokens.username if tokens else "") or user.get_username(),
        name=user.get_full_name(), email=user.email, groups=(),
        expires_at=_datetime(tokens.expires_at) if tokens else None, verified=False)
    if tokens is None:
        return fallback
    try:
        claims = verify_id_token(tokens.id_token)
    except CognitoError as error:
        logger.info("ID token of %s not verified: %s", fallback.username, error.code)
        return fallback
    return Account(username=claims.username or fallback.username, name=claims.name,
                   email=claims.email, groups=claims.groups,
                   expires_at=_datetime(claims.expires_at), verified=True)


def _datetime(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=timezone.utc)
