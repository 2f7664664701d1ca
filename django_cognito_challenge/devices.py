"""Remembered devices, held on the server.

Cognito's device key, group key and device password are stored in ``RememberedDevice`` (the
password encrypted); the browser carries only a signed, opaque browser id in an HttpOnly cookie.
At sign-in the device answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER in the same request.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from . import secretbox
from .cognito import errors, srp
from .cognito.client import CognitoClient
from .cognito.replies import DeviceInfo, NewDevice, Reply
from .conf import app_settings
from .logsafe import printable
from .models import RememberedDevice

logger = logging.getLogger(__name__)

COOKIE_SALT = "django_cognito_challenge.device-cookie"


def browser_id(request) -> str | None:
    """The browser id from the device cookie; a tampered cookie counts as none."""
    raw = request.COOKIES.get(app_settings.DEVICE_COOKIE_NAME)
    if not raw:
        return None
    try:
        return signing.Signer(salt=COOKIE_SALT).unsign(raw)
    except signing.BadSignature:
        return None


def for_sign_in(request, login_name: str) -> RememberedDevice | None:
    """This browser's remembered device for the account being signed in to, if any."""
    browser = browser_id(request)
    if browser is None:
        return None
    return (RememberedDevice.objects
            .filter(browser_id=browser, issuer=app_settings.ISSUER)
            .filter(Q(login_name=login_name.strip().lower()) | Q(cognito_username=login_name))
            .order_by("-last_used_at", "-pk").first())


@sensitive_variables()
def prove(client: CognitoClient, reply: Reply, device: RememberedDevice, ip: str | None) -> Reply:
    """Answer DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER; a refused device is forgotten."""
    password = secretbox.decrypt(device.encrypted_password, secretbox.DEVICE_PASSWORD)
    if password is None:
        _forget_row(device, "its secret cannot be decrypted")
        raise errors.DeviceNotFound("device secret unreadable")
    username = reply.parameters.get("USERNAME") or device.cognito_username
    ephemeral = srp.Ephemeral.new()
    base = {"USERNAME": username, "DEVICE_KEY": device.device_key}
    try:
        step = client.respond("DEVICE_SRP_AUTH", reply.session,
                              {**base, "SRP_A": ephemeral.srp_a}, ip_address=ip)
        claim = srp.password_claim(
            ephemeral, realm=device.device_group_key, user_id=device.device_key,
            password=password, salt_hex=step.parameters["SALT"],
            srp_b_hex=step.parameters["SRP_B"], secret_block=step.parameters["SECRET_BLOCK"])
        return client.respond("DEVICE_PASSWORD_VERIFIER", step.session, {**base, **claim},
                              ip_address=ip)
    except (errors.SignInFailed, errors.DeviceNotFound, KeyError) as error:
        _forget_row(device, "Cognito refused its proof")
        raise errors.DeviceNotFound("device proof refused") from error


def in_use(request, device_key: str | None) -> RememberedDevice | None:
    browser = browser_id(request)
    if not (browser and device_key):
        return None
    return RememberedDevice.objects.filter(browser_id=browser, device_key=device_key,
                                           issuer=app_settings.ISSUER).first()


@sensitive_variables()
def confirm(request, user, *, access_token: str, new_device: NewDevice, login_name: str,
            cognito_username: str, remember: bool) -> str | None:
    """ConfirmDevice a new device; keep it when it is remembered (by choice or by the pool).

    Returns the browser id the device cookie must carry, or None when nothing was kept.
    """
    client = CognitoClient()
    verifier = srp.new_device_verifier(new_device.device_group_key, new_device.device_key)
    asks_person = client.confirm_device(access_token, new_device.device_key, verifier,
                                        device_name(request))
    if asks_person and not remember:
        return None
    if asks_person:
        client.set_device_remembered(access_token, new_device.device_key, True)
    browser = browser_id(request) or secrets.token_urlsafe(32)
    RememberedDevice.objects.create(
        user=user, browser_id=browser, issuer=app_settings.ISSUER,
        cognito_username=cognito_username, login_name=login_name.strip().lower(),
        device_key=new_device.device_key, device_group_key=new_device.device_group_key,
        encrypted_password=secretbox.encrypt(verifier.device_password,
                                             secretbox.DEVICE_PASSWORD),
        name=device_name(request), last_used_at=timezone.now())
    return browser


def mark_used(device: RememberedDevice) -> None:
    RememberedDevice.objects.filter(pk=device.pk).update(last_used_at=timezone.now())


def is_remembered(device_key: str | None) -> bool:
    """Whether this site keeps ``device_key`` to skip MFA (device keys are unique per pool)."""
    return bool(device_key) and RememberedDevice.objects.filter(
        device_key=device_key, issuer=app_settings.ISSUER).exists()


# -- the person's devices, from the account security page ---------------------------------------


def listed(tokens) -> list[DeviceInfo]:
    """The person's devices as Cognito lists them."""
    return CognitoClient().list_devices(tokens.access_token)


def forget(request, tokens, device_key: str) -> str | None:
    """Forget one of the person's devices, at Cognito and here; return the cookie change.

    This session's own device is not deleted but stops being remembered: its refresh token is
    bound to it. Sign-out forgets it at Cognito.
    """
    _forget_one(request, tokens, device_key)
    return _cookie_change(request)


def forget_others(request, tokens) -> tuple[int, str | None]:
    """Forget every device but this session's; return how many, and the cookie change."""
    others = [d.device_key for d in listed(tokens) if d.device_key != tokens.device_key]
    for device_key in others:
        _forget_one(request, tokens, device_key)
    return len(others), _cookie_change(request)


def _forget_one(request, tokens, device_key: str) -> None:
    client = CognitoClient()
    if device_key == tokens.device_key:
        client.set_device_remembered(tokens.access_token, device_key, False)
    else:
        client.forget_device(tokens.access_token, device_key)
    RememberedDevice.objects.filter(user=request.user, device_key=device_key,
                                    issuer=app_settings.ISSUER).delete()


def _cookie_change(request) -> str | None:
    """Delete the device cookie ("") once this browser has no remembered device left."""
    browser = browser_id(request)
    if browser and not RememberedDevice.objects.filter(browser_id=browser).exists():
        return ""
    return None


def _forget_row(device: RememberedDevice, why: str) -> None:
    logger.info("Forgetting remembered device %s of %s: %s", device.device_key,
                printable(device.cognito_username), why)
    device.delete()


def apply_cookie(request, response, value: str | None):
    """Set the device cookie to ``value`` (a browser id), delete it (""), or leave it (None)."""
    name = app_settings.DEVICE_COOKIE_NAME
    if value:
        response.set_cookie(
            name, signing.Signer(salt=COOKIE_SALT).sign(value),
            max_age=app_settings.DEVICE_COOKIE_AGE, path="/", httponly=True, samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE or request.is_secure())
    elif value == "":
        response.delete_cookie(name, path="/", samesite="Lax")
    return response


def device_name(request) -> str:
    """A short, recognisable name from the User-Agent ("Firefox on Linux")."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    browser = next((b for b in ("Edg", "Firefox", "Chrome", "Safari") if b in agent), "Browser")
    system = next((s for s in ("Windows", "Android", "iPhone", "iPad", "Mac OS", "Linux")
                   if s in agent), "unknown system")
    return f"{'Edge' if browser == 'Edg' else browser} on {system}"
