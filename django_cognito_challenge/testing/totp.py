"""RFC 6238 TOTP as Cognito uses it: SHA-1, 6 digits, 30-second steps."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct

STEP_SECONDS = 30


def new_secret() -> str:
    """Return a 32-character base32 secret (160 bits), as AssociateSoftwareToken does."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    padded = secret.upper() + "=" * (-len(secret) % 8)
    return base64.b32decode(padded)


def code_at_step(secret: str, step: int) -> str:
    digest = hmac.new(_key(secret), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def current_step(now: float) -> int:
    return int(now // STEP_SECONDS)


def code_for(secret: str, now: float) -> str:
    return code_at_step(secret, current_step(now))


def matching_step(secret: str, code: str, now: float, window: int = 1) -> int | None:
    """Return the step whose code equals ``code`` within ``window`` steps, else None."""
    if not (isinstance(code, str) and len(code) == 6 and code.isdigit()):
        return None
    step = current_step(now)
    for candidate in range(step - window, step + window + 1):
        if hmac.compare_digest(code_at_step(secret, candidate), code):
            return candidate
    return None
