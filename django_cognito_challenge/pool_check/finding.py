"""What the pool check reports: findings, their levels, and the facts each rule reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR, WARNING, OK, INFO = "error", "warning", "ok", "info"
#: Every level, worst first: an error breaks sign-in or a promise the pages make; a warning
#: weakens security or surprises people; ``ok`` is a check passed; ``info`` a fact to know.
LEVELS = (ERROR, WARNING, OK, INFO)

UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


@dataclass(frozen=True)
class Finding:
    """One result of the check: how bad, about what, what was found and how to fix it."""

    level: str
    topic: str
    message: str
    fix: str = ""


@dataclass(frozen=True)
class Described:
    """The replies of DescribeUserPool, DescribeUserPoolClient and GetUserPoolMfaConfig."""

    pool: dict[str, Any]
    client: dict[str, Any]
    mfa: dict[str, Any] | None = None


def compare_lifetimes(topic: str, app: int, cognito: int, *, longer: tuple[str, str],
                      matching: str, shorter_fix: str) -> list[Finding]:
    """A lifetime of the app's against the app client's: longer warns, equal is ok, shorter informs.

    ``longer`` is the warning's message and fix; ``matching`` the message otherwise, with
    ``shorter_fix`` when the app's is shorter.
    """
    if app > cognito:
        return [Finding(WARNING, topic, *longer)]
    level = OK if app == cognito else INFO
    return [Finding(level, topic, matching, "" if level == OK else shorter_fix)]


def duration(seconds: int) -> str:
    """``604800`` as ``7 days (604800 s)``: the unit Cognito's console would show, and seconds."""
    for unit, size in (("days", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size} {unit} ({seconds} s)"
    return f"{seconds} s"


def validity(client: dict[str, Any], name: str, default_unit: str, default: int) -> int:
    """A token validity of the app client in seconds, read with its ``TokenValidityUnits``.

    ``name`` is ``AccessToken``, ``IdToken`` or ``RefreshToken``; an unset or zero value is
    Cognito's default (botocore's model: a zero refresh token validity becomes 30 days).
    """
    value = client.get(f"{name}Validity")
    if not value:
        return default
    unit = (client.get("TokenValidityUnits") or {}).get(name, default_unit)
    return value * UNIT_SECONDS[unit]
