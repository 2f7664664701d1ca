"""TOTP association and MFA preferences, by access token or by challenge Session."""

from __future__ import annotations

from typing import Any

from .. import totp
from ..errors import ServiceError, invalid_parameter
from ..flows.access import signed_in_user
from ..models import User
from ..registry import operation


def _enrolment(cognito, request: dict[str, Any]):
    """Return (user, session or None) from exactly one of AccessToken and Session."""
    if bool(request.get("AccessToken")) == bool(request.get("Session")):
        raise invalid_parameter("Exactly one of AccessToken and Session is required.")
    if request.get("AccessToken"):
        _, user, _ = signed_in_user(cognito, request["AccessToken"])
        return user, None
    session = cognito.sessions.open_unbound(request["Session"], now=cognito.now())
    if session.challenge != "MFA_SETUP" or "SOFTWARE_TOKEN_MFA" not in session.state.get(
        "can_setup", []
    ):
        raise ServiceError("NotAuthorizedException", "Invalid session for the user.")
    pool = cognito.pool(session.pool_id)
    return pool.users[pool.user_key(session.username)], session


def _follow_on(cognito, session, state: dict[str, Any]) -> str:
    cognito.sessions.spend(session)
    follow = cognito.sessions.issue(
        pool_id=session.pool_id, client_id=session.client_id, username=session.username,
        challenge="MFA_SETUP", expires_at=session.expires_at, state=state,
    )
    return follow.token


@operation("AssociateSoftwareToken")
def associate_software_token(cognito, request: dict[str, Any]) -> dict[str, Any]:
    user, session = _enrolment(cognito, request)
    secret = totp.new_secret()
    user.pending_totp_secret = secret
    if session is None:
        return {"SecretCode": secret}
    return {"SecretCode": secret, "Session": _follow_on(cognito, session, dict(session.state))}


@operation("VerifySoftwareToken")
def verify_software_token(cognito, request: dict[str, Any]) -> dict[str, Any]:
    user, session = _enrolment(cognito, request)
    step = totp.matching_step(user.pending_totp_secret or "", request.get("UserCode") or "",
                              cognito.now())
    if step is None:
        if session is not None:
            cognito.sessions.count_wrong_answer(session)
        raise ServiceError("EnableSoftwareTokenMFAException",
                           "Code mismatch and fail enable Software Token MFA")
    user.totp_secret, user.pending_totp_secret = user.pending_totp_secret, None
    user.used_totp_steps = {step}
    if request.get("FriendlyDeviceName"):
        user.totp_device_name = request["FriendlyDeviceName"]
    if session is None:
        return {"Status": "SUCCESS"}
    user.totp_enabled = True
    state = {**session.state, "totp_verified": True}
    return {"Status": "SUCCESS", "Session": _follow_on(cognito, session, state)}


@operation("SetUserMFAPreference")
def set_user_mfa_preference(cognito, request: dict[str, Any]) -> dict[str, Any]:
    _, user, _ = signed_in_user(cognito, request.get("AccessToken"))
    apply_preferences(user, request)
    return {}


@operation("AdminSetUserMFAPreference")
def admin_set_user_mfa_preference(cognito, request: dict[str, Any]) -> dict[str, Any]:
    user = cognito.user(request.get("UserPoolId"), request.get("Username") or "")
    apply_preferences(user, request)
    return {}


SETTINGS = {
    "SMSMfaSettings": ("SMS_MFA", "sms_mfa_enabled"),
    "SoftwareTokenMfaSettings": ("SOFTWARE_TOKEN_MFA", "totp_enabled"),
    "EmailMfaSettings": ("EMAIL_OTP", "email_mfa_enabled"),
}


def apply_preferences(user: User, request: dict[str, Any]) -> None:
    for key, (factor, flag) in SETTINGS.items():
        settings = request.get(key)
        if settings is None:
            continue
        enabled = bool(settings.get("Enabled"))
        if enabled:
            _check_can_enable(user, factor)
        setattr(user, flag, enabled)
        if settings.get("PreferredMfa") and enabled:
            user.preferred_mfa = factor
        elif user.preferred_mfa == factor and not (enabled and settings.get("PreferredMfa", True)):
            user.preferred_mfa = None


def _check_can_enable(user: User, factor: str) -> None:
    needs = {"SMS_MFA": "phone_number", "EMAIL_OTP": "email"}
    if factor == "SOFTWARE_TOKEN_MFA" and not user.totp_secret:
        raise invalid_parameter("User has not verified software token mfa")
    if factor in needs and not user.attributes.get(needs[factor]):
        raise invalid_parameter(f"User does not have a {needs[factor]} to receive codes")
