"""The operations the local Cognito answers, registered by their wire names."""

from __future__ import annotations

from . import account, auth, devices, mfa, refresh, setup, tokens  # noqa: F401  (they register)
from .operations_registry import OPERATIONS, operation

__all__ = ["OPERATIONS", "operation"]
