"""Cognito's challenge ``Session``: opaque, single-use, bound to user, client and challenge."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from .errors import expired_session, not_authorized, used_session

MAX_WRONG_ANSWERS = 3


@dataclass
class AuthSession:
    token: str
    pool_id: str
    client_id: str
    username: str | None
    challenge: str
    expires_at: float
    state: dict[str, Any] = field(default_factory=dict)
    used: bool = False
    wrong_answers: int = 0


class SessionStore:
    """Issue and redeem challenge sessions."""

    def __init__(self) -> None:
        self._sessions: dict[str, AuthSession] = {}

    def issue(
        self,
        *,
        pool_id: str,
        client_id: str,
        username: str | None,
        challenge: str,
        expires_at: float,
        state: dict[str, Any],
    ) -> AuthSession:
        token = "AYABe" + secrets.token_urlsafe(180)
        session = AuthSession(token, pool_id, client_id, username, challenge, expires_at, state)
        self._sessions[token] = session
        return session

    def open(self, token: str | None, *, client_id: str, now: float) -> AuthSession:
        """Return the live session for ``token``; raise as Cognito does when it is not."""
        session = self._sessions.get(token or "")
        if session is None or session.client_id != client_id:
            raise not_authorized("Invalid session for the user.")
        if session.used:
            raise used_session()
        if now >= session.expires_at:
            raise expired_session()
        return session

    def open_unbound(self, token: str | None, *, now: float) -> AuthSession:
        """Open a session named without a client (AssociateSoftwareToken and friends)."""
        session = self._sessions.get(token or "")
        if session is None:
            raise not_authorized("Invalid session for the user.")
        return self.open(token, client_id=session.client_id, now=now)

    def find_round(self, client_id: str, challenge: str, **state: Any) -> str | None:
        """Return the token of the newest ``challenge`` session whose state matches.

        Cognito lets SRP answers omit ``Session``: the round's state travels in
        SECRET_BLOCK, and device SRP is keyed by user and device. A spent round is found too,
        so that replaying its answer is refused as a used session.
        """
        for session in reversed(self._sessions.values()):
            if (session.client_id == client_id and session.challenge == challenge
                    and all(session.state.get(k) == v for k, v in state.items())):
                return session.token
        return None

    def spend(self, session: AuthSession) -> None:
        session.used = True

    def count_wrong_answer(self, session: AuthSession) -> None:
        """Keep the session for another try, up to ``MAX_WRONG_ANSWERS``."""
        session.wrong_answers += 1
        if session.wrong_answers >= MAX_WRONG_ANSWERS:
            session.used = True

    def forget_expired(self, now: float) -> None:
        for token in [t for t, s in self._sessions.items() if s.expires_at <= now]:
            del self._sessions[token]
