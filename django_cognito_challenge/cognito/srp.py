"""The client side of Cognito's SRP, with pycognito's maths: password and device proofs.

Its modular powers are :func:`.modular.powmod`'s: GMP's when gmpy2 is installed.

Secrets here (``a``, the password, the device password) live only in the caller's frame for the
length of one request; nothing in this module stores anything.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone

from django.views.decorators.debug import sensitive_variables
from pycognito.aws_srp import (
    calculate_u,
    compute_hkdf,
    hash_sha256,
    hex_hash,
    hex_to_long,
    long_to_hex,
    pad_hex,
)

from .errors import ServiceUnavailable
from .modular import G, K, N, powmod


@dataclass(frozen=True)
class Ephemeral:
    """The client's one-time SRP values; ``small_a`` never leaves the request."""

    small_a: int = field(repr=False)
    big_a: int

    @classmethod
    def new(cls) -> Ephemeral:
        small_a = int.from_bytes(os.urandom(128), "big") % N
        return cls(small_a=small_a, big_a=powmod(G, small_a, N))

    @property
    def srp_a(self) -> str:
        return long_to_hex(self.big_a)


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def timestamp(now: datetime | None = None) -> str:
    """Cognito's TIMESTAMP: ``Tue Aug 5 09:03:07 UTC 2025`` (day of month not zero-padded).

    The names are English whatever the process locale (``%a`` and ``%b`` would follow it).
    """
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return (f"{WEEKDAYS[moment.weekday()]} {MONTHS[moment.month - 1]} {moment.day} "
            f"{moment:%H:%M:%S} UTC {moment.year}")


@sensitive_variables()
def password_claim(
    ephemeral: Ephemeral, *, realm: str, user_id: str, password: str,
    salt_hex: str, srp_b_hex: str, secret_block: str, now: datetime | None = None,
) -> dict[str, str]:
    """Answer PASSWORD_VERIFIER (realm: the pool id's part after ``_``) or
    DEVICE_PASSWORD_VERIFIER (realm: the device group key, user id: the device key)."""
    big_b = hex_to_long(srp_b_hex)
    if big_b % N == 0:
        raise ServiceUnavailable("Cognito sent SRP_B with B mod N == 0")
    u = calculate_u(ephemeral.big_a, big_b)
    if u == 0:
        raise ServiceUnavailable("SRP u is zero")
    x = hex_to_long(hex_hash(pad_hex(salt_hex) + hash_sha256(
        f"{realm}{user_id}:{password}".encode())))
    s = powmod(big_b - K * powmod(G, x, N), ephemeral.small_a + u * x, N)
    key = compute_hkdf(bytes.fromhex(pad_hex(s)), bytes.fromhex(pad_hex(long_to_hex(u))))
    stamp = timestamp(now)
    message = realm.encode() + user_id.encode() + base64.b64decode(secret_block) + stamp.encode()
    signature = base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()
    return {
        "PASSWORD_CLAIM_SIGNATURE": signature,
        "PASSWORD_CLAIM_SECRET_BLOCK": secret_block,
        "TIMESTAMP": stamp,
    }


@dataclass(frozen=True)
class DeviceVerifier:
    """What ConfirmDevice needs, and the device password to keep (encrypted) for later."""

    device_password: str = field(repr=False)
    salt: str  # base64
    password_verifier: str  # base64


@sensitive_variables()
def new_device_verifier(device_group_key: str, device_key: str) -> DeviceVerifier:
    """40 random bytes of device password, 16 bytes of salt, and the SRP verifier."""
    password = base64.b64encode(os.urandom(40)).decode()
    salt_hex = pad_hex(os.urandom(16).hex())
    x = hex_to_long(hex_hash(salt_hex + hash_sha256(
        f"{device_group_key}{device_key}:{password}".encode())))
    verifier_hex = pad_hex(powmod(G, x, N))
    return DeviceVerifier(
        device_password=password,
        salt=base64.b64encode(bytes.fromhex(salt_hex)).decode(),
        password_verifier=base64.b64encode(bytes.fromhex(verifier_hex)).decode(),
    )


@sensitive_variables()
def secret_hash(client_id: str, client_secret: str, username: str) -> str:
    """``Base64(HMAC_SHA256(client_secret, username + client_id))``."""
    digest = hmac.new(client_secret.encode(), (username + client_id).encode(), hashlib.sha256)
    return base64.b64encode(digest.digest()).decode()
