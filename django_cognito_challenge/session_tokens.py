"""The signed-in person's Cognito tokens, kept server-side in the Django session, encrypted.

The tokens are one encrypted string (``secretbox.SESSION_TOKENS``); their expiry and the sign-in
time stay plain numbers, so a request with fresh tokens decrypts and decodes nothing.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from . import secretbox

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
    """Keep the tokens, encrypted, and their expiry in plain."""
    # SECURITY: a leaked session table or cache must not be a dump of usable refresh tokens.
    plaintext = json.dumps(asdict(tokens))
    request.session[SESSION_KEY] = secretbox.encrypt(plaintext, secretbox.SESSION_TOKENS)
    request.session[EXPIRES_KEY] = tokens.expires_at


def expires_at(request) -> float | None:
    """When the tokens expire, read without parsing (or decoding) the tokens themselves."""
    value = request.session.get(EXPIRES_KEY)
    return float(value) if isinstance(value, (int, float)) else None


def load(request) -> StoredTokens | None:
    """The tokens, or None when there are none or no configured key opens them."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, str):
        return None
    plaintext = secretbox.decrypt(data, secretbox.SESSION_TOKENS)
    if plaintext is None:  # its key was removed, or it was tampered with: no tokens
        return None
    try:
        return StoredTokens(**json.loads(plaintext))
    except (TypeError, ValueError):
        return None


def clear(request) -> None:
    """Drop the tokens and their expiry (the sign-in time stays until the session ends)."""
    for key in (SESSION_KEY, EXPIRES_KEY):
        request.session.pop(key, None)
