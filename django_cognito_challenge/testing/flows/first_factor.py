"""Checking a plain password (USER_PASSWORD_AUTH and USER_AUTH's PASSWORD)."""

from __future__ import annotations

from typing import Any

from .. import passwords
from ..errors import not_authorized
from ..models import User
from .common import Ctx, check_can_sign_in, check_not_locked, record_failure, record_success
from .steps import after_first_factor


def check_password_then_continue(
    ctx: Ctx, user: User, password: str, state: dict[str, Any]
) -> dict[str, Any]:
    check_not_locked(user, ctx.now)
    if not passwords.password_matches(ctx.pool, user, password):
        record_failure(ctx, user)
        raise not_authorized("Incorrect username or password.")
    check_can_sign_in(ctx, user)
    record_success(user)
    return after_first_factor(ctx, user, state)
