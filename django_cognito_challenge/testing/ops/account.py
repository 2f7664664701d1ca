"""A signed-in user's own account: GetUser, ChangePassword (forgotten ones: ``recovery``)."""

from __future__ import annotations

from typing import Any

from .. import passwords
from ..errors import not_authorized
from ..flows.access import signed_in_user
from ..flows.recovery import attempt_key, count_attempt
from ..models import User
from ..registry import operation


def user_description(user: User) -> dict[str, Any]:
    """The fields GetUser and AdminGetUser share."""
    description: dict[str, Any] = {
        "Username": user.username,
        "UserAttributes": [{"Name": k, "Value": v} for k, v in user.attributes.items()],
        "UserMFASettingList": user.enabled_mfa(),
    }
    if "SMS_MFA" in user.enabled_mfa():
        description["MFAOptions"] = [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]
    if user.preferred_mfa:
        description["PreferredMfaSetting"] = user.preferred_mfa
    return description


@operation("GetUser")
def get_user(cognito, request: dict[str, Any]) -> dict[str, Any]:
    _, user, _ = signed_in_user(cognito, request.get("AccessToken"))
    return user_description(user)


@operation("ChangePassword")
def change_password(cognito, request: dict[str, Any]) -> dict[str, Any]:
    """Every call counts towards the hour's attempts, a right one too (reapit/foundations#2294)."""
    pool, user, _ = signed_in_user(cognito, request.get("AccessToken"))
    count_attempt(pool, attempt_key("ChangePassword", user, ""), cognito.now())
    if not passwords.password_matches(pool, user, request.get("PreviousPassword") or ""):
        raise not_authorized("Incorrect username or password.")
    passwords.enforce_policy(pool.password_policy, request.get("ProposedPassword") or "")
    passwords.set_password(pool, user, request["ProposedPassword"])
    return {}
