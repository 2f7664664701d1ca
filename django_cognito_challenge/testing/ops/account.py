"""A signed-in user's own account: GetUser, ChangePassword, forgotten passwords."""

from __future__ import annotations

from typing import Any

from .. import passwords
from ..errors import ServiceError, code_mismatch, not_authorized
from ..flows.access import signed_in_user
from ..flows.common import Ctx, check_secret_hash, mask_email, mask_phone
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
    pool, user, _ = signed_in_user(cognito, request.get("AccessToken"))
    if not passwords.password_matches(pool, user, request.get("PreviousPassword") or ""):
        raise not_authorized("Incorrect username or password.")
    passwords.enforce_policy(pool.password_policy, request.get("ProposedPassword") or "")
    passwords.set_password(pool, user, request["ProposedPassword"])
    return {}


@operation("ForgotPassword")
def forgot_password(cognito, request: dict[str, Any]) -> dict[str, Any]:
    ctx = Ctx.for_client(cognito, request.get("ClientId"))
    username = request.get("Username") or ""
    check_secret_hash(ctx.client, username, request.get("SecretHash"))
    user = ctx.pool.find_user(username)
    if user is None:
        if ctx.client.prevent_user_existence_errors != "ENABLED":
            raise ServiceError("UserNotFoundException", "Username/client id combination not found.")
        return {"CodeDeliveryDetails": _delivery("EMAIL", "x***@e***")}
    medium = "EMAIL" if user.attributes.get("email") else "SMS"
    user.reset_code = cognito.send_code(ctx.pool, user, medium, "FORGOT_PASSWORD")
    destination = (mask_email(user.attributes["email"]) if medium == "EMAIL"
                   else mask_phone(user.attributes.get("phone_number", "")))
    return {"CodeDeliveryDetails": _delivery(medium, destination)}


def _delivery(medium: str, destination: str) -> dict[str, str]:
    attribute = "email" if medium == "EMAIL" else "phone_number"
    return {"Destination": destination, "DeliveryMedium": medium, "AttributeName": attribute}


@operation("ConfirmForgotPassword")
def confirm_forgot_password(cognito, request: dict[str, Any]) -> dict[str, Any]:
    """Set the new password; it never signs anybody in."""
    ctx = Ctx.for_client(cognito, request.get("ClientId"))
    username = request.get("Username") or ""
    check_secret_hash(ctx.client, username, request.get("SecretHash"))
    user = ctx.pool.find_user(username)
    if user is None or not user.reset_code or request.get("ConfirmationCode") != user.reset_code:
        raise code_mismatch("Invalid verification code provided, please try again.")
    passwords.enforce_policy(ctx.pool.password_policy, request.get("Password") or "")
    passwords.set_password(ctx.pool, user, request["Password"])
    user.reset_code = None
    if user.status in ("RESET_REQUIRED", "FORCE_CHANGE_PASSWORD"):
        user.status = "CONFIRMED"
    return {}
