"""One small record kept in the Django session between two pages (a pending reset, a pending
sign-up): JSON under one key, encrypted for a purpose when it holds a secret, gone once expired.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Generic, Protocol, TypeVar

from . import clock, secretbox


class Expiring(Protocol):
    def has_expired(self, now: float) -> bool: ...


T = TypeVar("T", bound=Expiring)


class SessionSlot(Generic[T]):
    """Where a dataclass ``kind`` lives in the session, under ``key``; with ``purpose``, it is
    encrypted (:mod:`.secretbox`)."""

    def __init__(self, key: str, kind: type[T], *, purpose: bytes | None = None) -> None:
        self.key, self.kind, self.purpose = key, kind, purpose

    def load(self, request) -> T | None:
        """The record, unless there is none, it expired or no configured key opens it."""
        data = request.session.get(self.key)
        if self.purpose is not None and isinstance(data, str):
            data = secretbox.decrypt(data, self.purpose)
        try:
            record = self.kind(**json.loads(data or "null"))
        except (TypeError, ValueError):
            return None
        if record.has_expired(clock.now()):
            self.clear(request)
            return None
        return record

    def save(self, request, record: T) -> None:
        data = json.dumps(asdict(record))
        request.session[self.key] = (secretbox.encrypt(data, self.purpose)
                                     if self.purpose is not None else data)

    def clear(self, request) -> None:
        request.session.pop(self.key, None)
