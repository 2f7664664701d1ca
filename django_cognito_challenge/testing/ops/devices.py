"""Device tracking: ConfirmDevice, UpdateDeviceStatus, ListDevices, ForgetDevice."""

from __future__ import annotations

from typing import Any

from .. import srp
from ..errors import ServiceError, invalid_parameter, resource_not_found
from ..flows.access import signed_in_user
from ..models import Device, User
from ..registry import operation

REMEMBERED_STATUSES = ("remembered", "not_remembered")


def _device(user: User, key: str | None, *, confirmed: bool = True) -> Device:
    device = user.devices.get(key or "")
    if device is None or (confirmed and not device.confirmed):
        raise resource_not_found("Device does not exist.")
    return device


@operation("ConfirmDevice")
def confirm_device(cognito, request: dict[str, Any]) -> dict[str, Any]:
    pool, user, _claims = signed_in_user(cognito, request.get("AccessToken"))
    device = _device(user, request.get("DeviceKey"), confirmed=False)
    if device.confirmed:
        raise ServiceError("DeviceKeyExistsException", "Device has already been confirmed.")
    config = request.get("DeviceSecretVerifierConfig") or {}
    try:
        salt_hex, verifier = srp.decode_device_verifier(config.get("Salt", ""),
                                                        config.get("PasswordVerifier", ""))
    except ValueError as error:
        raise invalid_parameter("Invalid DeviceSecretVerifierConfig.") from error
    prompt = pool.device_configuration is not None and (
        pool.device_configuration.device_only_remembered_on_user_prompt)
    device.salt_hex, device.verifier, device.confirmed = salt_hex, verifier, True
    device.name = request.get("DeviceName")
    device.remembered = None if prompt else "remembered"
    device.modified_at = device.last_authenticated_at = cognito.now()
    return {"UserConfirmationNecessary": prompt}


@operation("UpdateDeviceStatus")
def update_device_status(cognito, request: dict[str, Any]) -> dict[str, Any]:
    _, user, _ = signed_in_user(cognito, request.get("AccessToken"))
    device = _device(user, request.get("DeviceKey"))
    status = request.get("DeviceRememberedStatus")
    if status not in REMEMBERED_STATUSES:
        raise invalid_parameter("DeviceRememberedStatus must be remembered or not_remembered.")
    device.remembered, device.modified_at = status, cognito.now()
    return {}


@operation("ListDevices")
def list_devices(cognito, request: dict[str, Any]) -> dict[str, Any]:
    _, user, _ = signed_in_user(cognito, request.get("AccessToken"))
    devices = [d for d in user.devices.values() if d.confirmed]
    limit = int(request.get("Limit") or 60)
    start = int(request.get("PaginationToken") or 0)
    page = devices[start : start + limit]
    reply: dict[str, Any] = {"Devices": [_describe(d) for d in page]}
    if start + limit < len(devices):
        reply["PaginationToken"] = str(start + limit)
    return reply


def _describe(device: Device) -> dict[str, Any]:
    attributes = [{"Name": "device_status", "Value": "valid"}]
    if device.name:
        attributes.append({"Name": "device_name", "Value": device.name})
    if device.remembered:
        attributes.append({"Name": "dev:device_remembered_status", "Value": device.remembered})
    described = {
        "DeviceKey": device.key,
        "DeviceAttributes": attributes,
        "DeviceCreateDate": device.created_at,
        "DeviceLastModifiedDate": device.modified_at,
    }
    if device.last_authenticated_at is not None:
        described["DeviceLastAuthenticatedDate"] = device.last_authenticated_at
    return described


@operation("ForgetDevice")
def forget_device(cognito, request: dict[str, Any]) -> dict[str, Any]:
    _, user, _ = signed_in_user(cognito, request.get("AccessToken"))
    device = _device(user, request.get("DeviceKey"))
    del user.devices[device.key]
    return {}
