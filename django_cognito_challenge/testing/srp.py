"""The server side of Cognito's SRP-6a variant (user passwords and device secrets).

The group, hashing and key derivation follow pycognito's ``aws_srp`` module, which mirrors
AWS's own JavaScript helper; only the server's half is written here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from pycognito.aws_srp import (
    calculate_u,
    compute_hkdf,
    hash_sha256,
    hex_hash,
    hex_to_long,
    long_to_hex,
    pad_hex,
)

from ..cognito.modular import G, K, N, powmod

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# What parses as a TIMESTAMP: Java's "EEE MMM d HH:mm:ss z yyyy" (the format AWS's error
# message names), in UTC. A weekday or zero-padded day that differs from the canonical
# rendering parses, but the signature is checked over the canonical rendering, so it fails.
TIMESTAMP_PATTERN = re.compile(
    rf"^({'|'.join(WEEKDAYS)}) ({'|'.join(MONTHS)}) (\d{{1,2}}) "
    r"(\d\d):(\d\d):(\d\d) UTC (\d{4})$"
)


def new_salt_hex() -> str:
    return pad_hex(secrets.randbits(128) | 1 << 120)


def password_verifier(realm: str, username: str, password: str, salt_hex: str) -> int:
    """Return ``g^x mod N`` for ``x = H(salt || H(realm || username || ":" || password))``."""
    inner = hash_sha256(f"{realm}{username}:{password}".encode())
    x = hex_to_long(hex_hash(pad_hex(salt_hex) + inner))
    return powmod(G, x, N)


@dataclass(frozen=True)
class ServerChallenge:
    """The server's ephemeral SRP values for one PASSWORD_VERIFIER round."""

    small_b: int
    big_b: int

    @classmethod
    def start(cls, verifier: int) -> ServerChallenge:
        small_b = secrets.randbits(256) % N
        big_b = (K * verifier + powmod(G, small_b, N)) % N
        return cls(small_b=small_b, big_b=big_b)

    @property
    def big_b_hex(self) -> str:
        return long_to_hex(self.big_b)

    def session_key(self, big_a: int, verifier: int) -> bytes:
        """Derive the 16-byte key both sides sign with."""
        u = calculate_u(big_a, self.big_b)
        if u == 0:
            raise ValueError("u is zero")
        s = powmod(big_a * powmod(verifier, u, N), self.small_b, N)
        return compute_hkdf(bytes.fromhex(pad_hex(s)), bytes.fromhex(pad_hex(long_to_hex(u))))


def parse_srp_a(srp_a_hex: str) -> int | None:
    """Return A, or None when it is malformed or ``A mod N == 0``."""
    try:
        big_a = int(srp_a_hex, 16)
    except (TypeError, ValueError):
        return None
    return None if big_a % N == 0 else big_a


def expected_signature(
    key: bytes, realm: str, user_id: str, secret_block: bytes, timestamp: str
) -> str:
    message = realm.encode() + user_id.encode() + secret_block + timestamp.encode()
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def signature_matches(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), (given or "").encode())


def parse_timestamp(value: str) -> float | None:
    """Return the epoch seconds of an SRP TIMESTAMP, or None when it does not parse."""
    found = TIMESTAMP_PATTERN.match(value or "")
    if found is None:
        return None
    _, month, day, hour, minute, second, year = found.groups()
    try:
        moment = datetime(int(year), MONTHS.index(month) + 1, int(day), int(hour), int(minute),
                          int(second), tzinfo=timezone.utc)
    except ValueError:  # 31 Feb, 25:00 ...
        return None
    return moment.timestamp()


def format_timestamp(moment: float) -> str:
    """Cognito's rendering: "Tue Aug 5 09:03:07 UTC 2025", English, day not zero-padded."""
    at = datetime.fromtimestamp(moment, timezone.utc)
    return (f"{WEEKDAYS[at.weekday()]} {MONTHS[at.month - 1]} {at.day} "
            f"{at:%H:%M:%S} UTC {at.year}")


def decode_device_verifier(salt_b64: str, verifier_b64: str) -> tuple[str, int]:
    """Turn ConfirmDevice's ``DeviceSecretVerifierConfig`` into (salt hex, verifier)."""
    salt_hex = base64.b64decode(salt_b64, validate=True).hex()
    verifier = int.from_bytes(base64.b64decode(verifier_b64, validate=True), "big")
    if not salt_hex or verifier <= 1 or verifier >= N:
        raise ValueError("unusable device verifier")
    return salt_hex, verifier
