"""Encryption at rest: Fernet keys derived per purpose from settings, rotatable.

``COGNITO_CHALLENGE_ENCRYPTION_KEYS`` lists secrets, newest first; the first encrypts, all
decrypt, so a new key can be put in front and what the old one encrypted keeps working until the
old key is removed. Each purpose derives its own key from every secret, so a ciphertext made for
one purpose (a device password) cannot be opened as another (a session's tokens).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from .conf import app_settings

# Each purpose is the PBKDF2 salt of its keys.
# SECURITY: the device-password salt is the one used before purposes existed; changing it would
# make every stored device password unreadable (and every remembered device forgotten).
DEVICE_PASSWORD = b"django-cognito-challenge device password v1"
SESSION_TOKENS = b"django-cognito-challenge session tokens v1"
PENDING_SIGN_IN = b"django-cognito-challenge pending sign-in v1"
MFA_ENROLMENT = b"django-cognito-challenge mfa enrolment v1"
PENDING_SIGN_UP = b"django-cognito-challenge pending sign-up v1"
PURPOSES = (DEVICE_PASSWORD, SESSION_TOKENS, PENDING_SIGN_IN, MFA_ENROLMENT, PENDING_SIGN_UP)


def _fernet(secret: str, purpose: bytes) -> Fernet:
    key = hashlib.pbkdf2_hmac("sha256", secret.encode(), purpose, 100_000, dklen=32)
    return Fernet(base64.urlsafe_b64encode(key))


_cache: dict[tuple[bytes, tuple[str, ...]], MultiFernet] = {}


def _box(purpose: bytes) -> MultiFernet:
    """The purpose's keys for the configured secrets, derived once per process."""
    if purpose not in PURPOSES:
        raise ValueError("unknown encryption purpose")
    secrets = tuple(app_settings.ENCRYPTION_KEYS)
    if (purpose, secrets) not in _cache:
        _cache[purpose, secrets] = MultiFernet([_fernet(s, purpose) for s in secrets])
    return _cache[purpose, secrets]


def encrypt(plaintext: str, purpose: bytes) -> str:
    """Encrypt with the newest key of ``purpose``."""
    return _box(purpose).encrypt(plaintext.encode()).decode()


def decrypt(token: str, purpose: bytes) -> str | None:
    """The plaintext, or None when no configured key of ``purpose`` opens it."""
    try:
        return _box(purpose).decrypt(token.encode()).decode()
    except (InvalidToken, UnicodeError):
        return None


def rotate(token: str, purpose: bytes) -> str:
    """Re-encrypt with the newest key."""
    return _box(purpose).rotate(token.encode()).decode()
