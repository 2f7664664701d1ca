"""The pending sign-in: one small JSON object, encrypted, under one session key, between steps.

It holds what the next page needs and the Cognito ``Session`` to answer with. It never holds a
password, an SRP secret, a code or a token.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from . import secretbox

SESSION_KEY = "cognito_challenge.pending"


@dataclass
class PendingSignIn:
    username: str
    flow: str
    challenge: str
    session: str = field(repr=False)
    next_url: str = ""
    parameters: dict[str, str] = field(default_factory=dict)
    started_at: float = field(default_factory=time.time)
    wrong_answers: int = 0
    device_key: str | None = None
    factors: list[str] = field(default_factory=list)
    setup_choice: str | None = None
    remember_device: bool = False
    login_name: str = ""  # what the person typed, to find this browser's device next time
    admin_site: str = ""  # the admin site whose log-in began this sign-in: its look, its restart
    first_factor: str = ""  # Cognito's name for the first factor, once the person has given it
    chosen_factor: str | None = None  # a password chosen on the SELECT_CHALLENGE page
    # SECURITY: an enrolment secret shown on the TOTP set-up page, kept so a reload shows the
    # same QR code; dropped when set-up completes. Not a password, code or token.
    totp_secret: str | None = field(default=None, repr=False)

    def names(self) -> tuple[str, ...]:
        """Every name this sign-in has used for the account: typed, and canonical once known."""
        return tuple(dict.fromkeys(n for n in (self.login_name, self.username) if n))

    def has_expired(self, now: float, validity: float) -> bool:
        return now - self.started_at >= validity

    def dumps(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def loads(cls, data: str) -> PendingSignIn | None:
        try:
            values: dict[str, Any] = json.loads(data)
            return cls(**values)
        except (TypeError, ValueError):
            return None


def load(request) -> PendingSignIn | None:
    """The pending sign-in, or None when there is none or no configured key opens it."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, str):
        return None
    # Its expiry is has_expired() on the started_at inside: Fernet's own timestamp is not used.
    plaintext = secretbox.decrypt(data, secretbox.PENDING_SIGN_IN)
    return PendingSignIn.loads(plaintext) if plaintext is not None else None


def save(request, pending: PendingSignIn) -> None:
    """Keep the pending sign-in, encrypted."""
    # SECURITY: Cognito's Session answers the next challenge; a leaked session table or cache
    # must not let anyone else finish this sign-in.
    request.session[SESSION_KEY] = secretbox.encrypt(pending.dumps(), secretbox.PENDING_SIGN_IN)


def clear(request) -> None:
    request.session.pop(SESSION_KEY, None)
