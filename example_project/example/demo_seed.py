"""The demo users' seed shipped with the local Cognito, read without importing the test service."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SEED_FILE = "testing/demo_seed.json"


@cache
def demo_seed() -> dict[str, Any]:
    """The demo seed: the pool and client ids the embedded local Cognito is started with."""
    path = resources.files("django_cognito_challenge").joinpath(SEED_FILE)
    return json.loads(path.read_text(encoding="utf-8"))


def demo_users() -> list[dict[str, Any]]:
    """Username, password and what the sign-in shows, for each demo user."""
    return [
        {"username": user["username"], "password": user.get("password") or "",
         "description": user.get("description", "")}
        for user in demo_seed().get("users") or []
    ]
