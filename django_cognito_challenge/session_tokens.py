"""The signed-in person's Cognito tokens, kept server-side in the Django session."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

SESSION_KEY = "cognito_challenge.tokens"
EXPIRES_KEY = "cognito_challenge.expires_at"
SIGNED_IN_KEY = "cognito_challenge.signed_in_at"


@dataclass(frozen=True)
class StoredTokens:
    id_token: str = field(repr=False)
    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_at: float  # access and ID token expiry, kept here so fresh requests decode nothing
    username: str = ""
    device_key: str | None = None


def store(request, tokens: StoredTokens) -> None:
    request.session[SESSION_KEY] = json.dumps(asdict(tokens))
    request.session[EXPIRES_KEY] = tokens.expires_at


def expires_at(request) -> float | None:
    """When the tokens expire, read without parsing (or decoding) the tokens themselves."""
    value = request.session.get(EXPIRES_KEY)
    return float(value) if isinstance(value, (int, float)) else None


def load(request) -> StoredTokens | None:
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, str):
        return None
    try:
        return StoredTokens(**json.loads(data))
    except (TypeError, ValueError):
        return None
