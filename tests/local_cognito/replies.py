"""What a client takes from one reply into its next request."""

from __future__ import annotations

from typing import Any


def carried_session(reply: dict[str, Any]) -> dict[str, str]:
    """``{"Session": ...}`` when the reply carried one: AWS sends none with PASSWORD_VERIFIER."""
    return {"Session": reply["Session"]} if "Session" in reply else {}
