"""Encryption at rest for device passwords: Fernet keys derived from settings, rotatable.

``COGNITO_CHALLENGE_DEVICE_SECRET_KEYS`` lists secrets, newest first; the first encrypts, all
decrypt, so a new key can be put in front and old rows keep working until re-encrypted.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from .conf import app_settings

SALT = b"django-cognito-challenge device password v1"


def _fernet(secret: str) -> Fernet:
    key = hashlib.pbkdf2_hmac("sha256", secret.encode(), SALT, 100_000, dklen=32)
    return Fernet(base64.urlsafe_b64encode(key))


_cache: dict[tuple[str, ...], MultiFernet] = {}


def _box() -> MultiFernet:
    secrets = tuple(app_settings.DEVICE_SECRET_KEYS)
    if secrets not in _cache:
        _cache[secrets] = MultiFernet([_fernet(s) for s in secrets])
    return _cache[secrets]


def encrypt(plaintext: str) -> str:
    return _box().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str | None:
    """The plaintext, or None when no configured key opens it."""
    try:
        return _box().decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def rotate(token: str) -> str:
    """Re-encrypt with the newest key."""
    return _box().rotate(token.encode()).decode()
