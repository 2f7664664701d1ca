"""What Cognito asks next once a factor is accepted: new password, device, MFA or tokens."""

from __future__ import annotations

import json
from typing import Any

from ..errors import resource_not_found
from ..models import Device, User
from .common import Ctx, delivery_parameters
from .results import issue_tokens

CODE_MEDIUM = {"SMS_MFA": "SMS", "SMS_OTP": "SMS", "EMAIL_OTP": "EMAIL"}
SETUP_FACTORS = ("SOFTWARE_TOKEN_MFA", "EMAIL_OTP")


def after_first_factor(ctx: Ctx, user: User, state: dict[str, Any]) -> dict[str, Any]:
    """The password is right: a temporary one must be replaced before anything else."""
    if user.status == "FORCE_CHANGE_PASSWORD":
        return new_password_challenge(ctx, user, state)
    return after_password_settled(ctx, user, state)


def after_password_settled(ctx: Ctx, user: User, state: dict[str, Any]) -> dict[str, Any]:
    if replaces_mfa(ctx, device_in_use(user, state)):
        return device_srp_challenge(ctx, user, state)
    return mfa_step(ctx, user, state) or after_mfa(ctx, user, state)


def replaces_mfa(ctx: Ctx, device: Device | None) -> bool:
    """Only with ChallengeRequiredOnNewDevice does a remembered device stand in for MFA.

    botocore's DeviceConfigurationType: "When true, a remembered device can sign in with
    device authentication instead of SMS and TOTP factors for MFA."
    """
    config = ctx.pool.device_configuration
    return (device is not None and device.remembered == "remembered"
            and config is not None and config.challenge_required_on_new_device)


def after_mfa(ctx: Ctx, user: User, state: dict[str, Any]) -> dict[str, Any]:
    if device_in_use(user, state) is not None:
        return device_srp_challenge(ctx, user, state)
    return issue_tokens(ctx, user, state)


def device_in_use(user: User, state: dict[str, Any]) -> Device | None:
    """Return the confirmed device named by DEVICE_KEY; a stale key is an error."""
    key = state.get("device_key")
    if not key:
        return None
    device = user.devices.get(key)
    if device is None or not device.confirmed:
        raise resource_not_found("Device does not exist.")
    return device


def new_password_challenge(ctx: Ctx, user: User, state: dict[str, Any]) -> dict[str, Any]:
    missing = [a for a in ctx.pool.required_attributes if not user.attributes.get(a)]
    visible = {k: v for k, v in user.attributes.items() if k != "sub"}
    parameters = {
        "USER_ID_FOR_SRP": user.username,
        "requiredAttributes": json.dumps([f"userAttributes.{a}" for a in missing]),
        "userAttributes": json.dumps(visible),
    }
    return ctx.challenge("NEW_PASSWORD_REQUIRED", user, parameters, {**state, "missing": missing})


def mfa_step(ctx: Ctx, user: User, state: dict[str, Any]) -> dict[str, Any] | None:
    """Return the MFA challenge the pool and user call for, or None when there is none."""
    if ctx.pool.mfa_configuration == "OFF":
        return None
    enabled = [f for f in user.enabled_mfa() if f in ctx.pool.enabled_mfa_factors]
    if not enabled:
        return mfa_setup_challenge(ctx, user, state) if ctx.pool.mfa_configuration == "ON" else None
    if len(enabled) == 1:
        return mfa_challenge(ctx, user, enabled[0], state)
    if user.preferred_mfa in enabled:
        return mfa_challenge(ctx, user, user.preferred_mfa, state)
    parameters = {"MFAS_CAN_CHOOSE": json.dumps(enabled), "USER_ID_FOR_SRP": user.username}
    return ctx.challenge("SELECT_MFA_TYPE", user, parameters, {**state, "can_choose": enabled})


def mfa_setup_challenge(ctx: Ctx, user: User, state: dict[str, Any]) -> dict[str, Any]:
    can_setup = [f for f in SETUP_FACTORS if f in ctx.pool.enabled_mfa_factors]
    parameters = {"MFAS_CAN_SETUP": json.dumps(can_setup), "USER_ID_FOR_SRP": user.username}
    return ctx.challenge("MFA_SETUP", user, parameters, {**state, "can_setup": can_setup})


def mfa_challenge(ctx: Ctx, user: User, name: str, state: dict[str, Any]) -> dict[str, Any]:
    # Straight out of InitiateAuth an MFA challenge names the canonical user (the API
    # reference's InitiateAuth example 3); after RespondToAuthChallenge it does not.
    canonical = {"USER_ID_FOR_SRP": user.username} if ctx.initiating else {}
    if name == "SOFTWARE_TOKEN_MFA":
        device_name = user.totp_device_name or "TOTP device"
        parameters = {"FRIENDLY_DEVICE_NAME": device_name, **canonical}
        return ctx.challenge(name, user, parameters, state)
    return code_challenge(ctx, user, name, state, purpose="MFA", extra=canonical)


def code_challenge(
    ctx: Ctx, user: User, name: str, state: dict[str, Any], *, purpose: str,
    extra: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Send a fresh code by SMS or email and ask for it back."""
    medium = CODE_MEDIUM[name]
    code = ctx.cognito.send_code(ctx.pool, user, medium, purpose)
    attribute = "phone_number" if medium == "SMS" else "email"
    parameters = delivery_parameters(medium, user.attributes.get(attribute, ""))
    return ctx.challenge(name, user, {**parameters, **(extra or {})}, {**state, "code": code})


def device_srp_challenge(ctx: Ctx, user: User, state: dict[str, Any]) -> dict[str, Any]:
    state = {**state, "username": user.username}
    return ctx.challenge("DEVICE_SRP_AUTH", user, {"USERNAME": user.username}, state)
