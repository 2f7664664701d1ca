"""TOTP association and MFA preferences, by access token or by challenge Session."""

from __future__ import annotations

from typing import Any

from .. import totp
from ..errors import ServiceError, invalid_parameter
from ..flows.access import signed_in_user
from ..models import Pool, User
from ..registry import operation


def _enrolment(cognito, request: dict[str, Any]):
    """Return (user, session or None) from exactly one of AccessToken and Session."""
    if bool(request.get("AccessToken")) == bool(request.get("Session")):
        raise invalid_parameter("Exactly one of AccessToken and Session is required.")
    if request.get("AccessToken"):
        pool, user, _ = signed_in_user(cognito, request["AccessToken"])
        if not pool_enables(pool, "SOFTWARE_TOKEN_MFA"):
            # The developer guide (TOTP software token MFA) quotes this refusal.
            raise ServiceError("SoftwareTokenMFANotFoundException",
                               "Software Token MFA has not been enabled by the userPool.")
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
    pool, user, _ = signed_in_user(cognito, request.get("AccessToken"))
    apply_preferences(pool, user, request)
    return {}


@operation("AdminSetUserMFAPreference")
def admin_set_user_mfa_preference(cognito, request: dict[str, Any]) -> dict[str, Any]:
    user = cognito.user(request.get("UserPoolId"), request.get("Username") or "")
    apply_preferences(cognito.pool(request.get("UserPoolId")), user, request)
    return {}


SETTINGS = {
    "SMSMfaSettings": ("SMS_MFA", "sms_mfa_enabled"),
    "SoftwareTokenMfaSettings": ("SOFTWARE_TOKEN_MFA", "totp_enabled"),
    "EmailMfaSettings": ("EMAIL_OTP", "email_mfa_enabled"),
}


def pool_enables(pool: Pool, factor: str) -> bool:
    """Whether the pool's MFA configuration enables ``factor`` (an OFF pool enables none)."""
    return pool.mfa_configuration != "OFF" and factor in pool.enabled_mfa_factors


def apply_preferences(pool: Pool, user: User, request: dict[str, Any]) -> None:
    _apply_factor_settings(pool, user, request)
    if request.get("WebAuthnMfaSettings") is not None:
        _apply_webauthn(user, bool(request["WebAuthnMfaSettings"].get("Enabled")))


def _apply_webauthn(user: User, enabled: bool) -> None:
    """Passkey MFA has no preference (BC ``WebAuthnMfaSettingsType``) and needs another factor.

    "The user must also have at least one other MFA method such as SMS, TOTP, or email
    activated to prevent account lockout": turning it on without one is refused.
    """
    if enabled and not user.enabled_mfa():
        raise invalid_parameter("User does not have another MFA method turned on to turn on "
                                "WEB_AUTHN MFA")
    user.webauthn_mfa_enabled = enabled


def _apply_factor_settings(pool: Pool, user: User, request: dict[str, Any]) -> None:
    for key, (factor, flag) in SETTINGS.items():
        settings = request.get(key)
        if settings is None:
            continue
        enabled = bool(settings.get("Enabled"))
        if enabled:
            _check_can_enable(pool, user, factor)
        elif pool.mfa_configuration == "ON" and getattr(user, flag):
            # BC (SMSMfaSettingsType, SoftwareTokenMfaSettingsType): "You can't turn off ... MFA
            # for any of your users when MFA is required"; a real pool answers 200 and keeps it
            # (Stack Overflow 50497388). The preference part still applies.
            enabled = True
        setattr(user, flag, enabled)
        preferred = settings.get("PreferredMfa")
        if preferred and enabled:
            user.preferred_mfa = factor
        elif user.preferred_mfa == factor and (not enabled or preferred is False):
            user.preferred_mfa = None


#: Refusals of a factor the user cannot receive codes by; SMS and TOTP as real pools word them
#: (aws-amplify/amplify-js#5766, aws/aws-sdk-js-v3#4645), email worded alike.
CANNOT_ENABLE = {
    "SMS_MFA": "User does not have a phone_number set to turn on SMS MFA",
    "SOFTWARE_TOKEN_MFA": "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA",
    "EMAIL_OTP": "User does not have an email set to turn on EMAIL_OTP MFA",
}


def _check_can_enable(pool: Pool, user: User, factor: str) -> None:
    needs = {"SMS_MFA": "phone_number", "EMAIL_OTP": "email"}
    if factor == "SOFTWARE_TOKEN_MFA" and not user.totp_secret:
        raise invalid_parameter(CANNOT_ENABLE[factor])
    if factor in needs and not user.attributes.get(needs[factor]):
        raise invalid_parameter(CANNOT_ENABLE[factor])
    if pool.mfa_configuration != "OFF" and factor not in pool.enabled_mfa_factors:
        raise invalid_parameter(f"{factor} is not enabled in the user pool's MFA configuration.")
